//! `/summary`: the daemon's queues at a glance, as a plain page that refreshes itself: jobs by
//! state, whether the queue is paused, and its live workers, with links into the board.
//!
//! The board's own pages cannot show every state (see [`super::board`]); this page shows all
//! six, read by [`JobQueue::summary`](penguin_core::queue::jobs::JobQueue::summary) like
//! `GET /api/v1/queue/queues` on the public listener.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use penguin_core::queue::jobs::{JobState, QueueSummary};

use crate::app::AppState;
use crate::problem::Problem;

/// How often the page reloads itself, in seconds.
const REFRESH_SECS: u32 = 5;

pub fn router() -> Router<AppState> {
    Router::new().route("/summary", get(summary))
}

async fn summary(State(state): State<AppState>) -> Result<Html<String>, Problem> {
    let mut summaries = Vec::new();
    for queue in state.queues.job_queues() {
        summaries.push(queue.summary().await?);
    }

    Ok(Html(page(&state.queues.qualified(""), &summaries)))
}

fn page(namespace: &str, summaries: &[QueueSummary]) -> String {
    let headings: String = JobState::ALL
        .iter()
        .map(|state| format!("<th scope=\"col\">{}</th>", state.as_str()))
        .collect();
    let rows: String = summaries.iter().map(row).collect();
    let namespace = escape(namespace.trim_end_matches('.'));
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="{REFRESH_SECS}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Queues · PenguinMails admin</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; background: #111318; color: #e6e6e6;
  margin: 2rem; }}
table {{ border-collapse: collapse; }}
th, td {{ padding: .4rem .9rem; border-bottom: 1px solid #2c313c; text-align: right; }}
th[scope=row], thead th:first-child {{ text-align: left; }}
a {{ color: #7dd3a8; }}
.paused {{ color: #ffb74d; }}
small {{ color: #9aa0aa; }}
</style>
</head>
<body>
<h1>Job queues</h1>
<p><small>Deployment namespace <code>{namespace}</code>. Reloads every {REFRESH_SECS} seconds.
Jobs and workers in detail: <a href="/">the board</a>.</small></p>
<table>
<thead><tr><th scope="col">queue</th>{headings}<th scope="col">state</th>
<th scope="col">workers</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<form method="post" action="/logout"><p><button type="submit">Sign out</button></p></form>
</body>
</html>
"#
    )
}

fn row(summary: &QueueSummary) -> String {
    let name = escape(&summary.name);
    let counts = &summary.counts;
    let cells: String = JobState::ALL
        .iter()
        .map(|state| {
            let count = match state {
                JobState::Pending => counts.pending,
                JobState::Scheduled => counts.scheduled,
                JobState::Running => counts.running,
                JobState::Done => counts.done,
                JobState::Failed => counts.failed,
                JobState::Killed => counts.killed,
            };
            let failed = *state == JobState::Failed && count > 0;
            let state = state.as_str();
            if failed {
                format!(
                    "<td data-state=\"{state}\"><a href=\"/queues/{name}/Failed\">{count}</a></td>"
                )
            } else {
                format!("<td data-state=\"{state}\">{count}</td>")
            }
        })
        .collect();
    let running = if summary.paused {
        "<td class=\"paused\" data-paused=\"true\">paused</td>"
    } else {
        "<td data-paused=\"false\">running</td>"
    };
    format!(
        "<tr data-queue=\"{name}\"><th scope=\"row\"><a href=\"/queues/{name}\">{name}</a></th>\
         {cells}{running}<td data-workers>{workers}</td></tr>\n",
        workers = summary.workers
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use penguin_core::queue::jobs::Counts;

    use super::*;

    #[test]
    fn rows_show_every_state_and_link_failed_jobs() {
        let summary = QueueSummary {
            name: "send".to_owned(),
            paused: true,
            counts: Counts {
                pending: 1,
                scheduled: 2,
                running: 0,
                done: 4,
                failed: 5,
                killed: 0,
            },
            workers: 3,
        };
        let html = row(&summary);
        assert!(
            html.contains("<td data-state=\"scheduled\">2</td>"),
            "{html}"
        );
        assert!(
            html.contains("href=\"/queues/send/Failed\">5</a>"),
            "{html}"
        );
        assert!(html.contains("data-paused=\"true\""), "{html}");
        assert!(html.contains("<td data-workers>3</td>"), "{html}");
    }
}

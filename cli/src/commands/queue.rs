//! `penguin queue ls|stats|jobs|show|retry|cancel|purge|pause|resume|workers|watch`
//!
//! Works on the daemon's Redis queues directly; changes are written to the audit log.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::time::Duration;

use clap::{Args, Subcommand};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use penguin_core::audit::{self, Actor, Entry};
use penguin_core::queue::jobs::{JobQueue, JobState, MAX_PAGE, QueueSummary};
use serde_json::{Value, json};

use crate::args::OutputFormat;
use crate::context::Context;
use crate::{CliResult, output};

#[derive(Debug, Subcommand)]
pub enum Queue {
    /// List the queues with their jobs counted by state.
    Ls,
    /// Counts by state for every queue, or one queue with its workers.
    Stats(QueueStats),
    /// List a queue's jobs in one state.
    Jobs(QueueJobs),
    /// Show one job: arguments (secrets redacted), attempts, last error and times.
    Show(JobRef),
    /// Run a failed or killed job again, or every failed job of the queue.
    Retry(QueueRetry),
    /// Cancel a job that has not started; it is kept as killed.
    Cancel(JobRef),
    /// Remove finished jobs (done, failed, killed) older than an age.
    Purge(QueuePurge),
    /// Stop every daemon's workers from taking new jobs from a queue; running ones finish.
    Pause(QueueName),
    /// Let workers take jobs from a paused queue again.
    Resume(QueueName),
    /// List the workers of every queue, across daemons.
    Workers,
    /// A live view of the queues, refreshed in place; a bar shows a queue draining. Off a
    /// terminal it prints a table per refresh, or with `-o json` one JSON line per refresh.
    Watch(QueueWatch),
}

impl Queue {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        if matches!(
            self,
            Self::Retry(_) | Self::Cancel(_) | Self::Purge(_) | Self::Pause(_) | Self::Resume(_)
        ) {
            // Changes are audited: make sure the audit log can be written before changing
            // anything.
            ctx.pool().await?;
        }
        match self {
            Self::Ls => {
                let summaries = summaries(ctx).await?;
                output::list(ctx, &summaries, SUMMARY_COLUMNS)
            }
            Self::Stats(cmd) => cmd.run(ctx).await,
            Self::Jobs(cmd) => cmd.run(ctx).await,
            Self::Show(cmd) => {
                let queue = ctx.queues().await?.job_queue(&cmd.name)?;
                output::one(ctx, &queue.job(&cmd.id).await?)
            }
            Self::Retry(cmd) => cmd.run(ctx).await,
            Self::Cancel(cmd) => {
                let queue = ctx.queues().await?.job_queue(&cmd.name)?;
                let job = queue.cancel(&cmd.id).await?;
                record(
                    ctx,
                    "job.cancel",
                    "job",
                    &job.id,
                    json!({"queue": queue.name()}),
                )
                .await?;
                output::one(ctx, &job)
            }
            Self::Purge(cmd) => cmd.run(ctx).await,
            Self::Pause(cmd) => {
                let queue = ctx.queues().await?.job_queue(&cmd.name)?;
                if !queue.pause().await? {
                    eprintln!("penguin: paused, but not every worker has stopped yet");
                }
                record(ctx, "queue.pause", "queue", queue.name(), json!({})).await?;
                output::one(ctx, &queue.summary().await?)
            }
            Self::Resume(cmd) => {
                let queue = ctx.queues().await?.job_queue(&cmd.name)?;
                queue.resume().await?;
                record(ctx, "queue.resume", "queue", queue.name(), json!({})).await?;
                output::one(ctx, &queue.summary().await?)
            }
            Self::Workers => {
                let mut workers = Vec::new();
                for queue in ctx.queues().await?.job_queues() {
                    workers.extend(queue.workers().await?);
                }
                output::list(
                    ctx,
                    &workers,
                    &[
                        "queue",
                        "name",
                        "host",
                        "pid",
                        "state",
                        "running",
                        "last_heartbeat",
                    ],
                )
            }
            Self::Watch(cmd) => cmd.run(ctx).await,
        }
    }
}

const SUMMARY_COLUMNS: &[&str] = &[
    "name",
    "paused",
    "pending",
    "scheduled",
    "running",
    "done",
    "failed",
    "killed",
    "workers",
];

async fn summaries(ctx: &mut Context) -> CliResult<Vec<QueueSummary>> {
    let mut summaries = Vec::new();
    for queue in ctx.queues().await?.job_queues() {
        summaries.push(queue.summary().await?);
    }
    Ok(summaries)
}

/// Writes an operator's change to the audit log, once it is made.
async fn record(
    ctx: &mut Context,
    action: &'static str,
    target_type: &'static str,
    target_id: &str,
    details: Value,
) -> CliResult {
    let pool = ctx.pool().await?;
    let entry = Entry {
        tenant_id: None,
        action,
        target_type,
        target_id: Some(target_id.to_owned()),
        details,
    };
    audit::record_outside(&pool, &Actor::cli(), entry).await?;
    Ok(())
}

#[derive(Debug, Args)]
pub struct QueueName {
    /// The queue, e.g. `send` or `maintenance`.
    name: String,
}

#[derive(Debug, Args)]
pub struct JobRef {
    /// The queue, e.g. `send`.
    name: String,
    /// The job's id.
    id: String,
}

#[derive(Debug, Args)]
pub struct QueueStats {
    /// Only this queue, with its workers.
    name: Option<String>,
}

impl QueueStats {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let Some(name) = &self.name else {
            let summaries = summaries(ctx).await?;
            let mut total = json!({"name": "(all)"});
            for column in &SUMMARY_COLUMNS[2..] {
                let sum: u64 = summaries
                    .iter()
                    .filter_map(|s| serde_json::to_value(s).ok()?.get(*column)?.as_u64())
                    .sum();
                total[*column] = sum.into();
            }
            if ctx.output() == OutputFormat::Json {
                return output::one(ctx, &json!({"queues": summaries, "total": total}));
            }
            let mut rows: Vec<Value> = summaries
                .iter()
                .filter_map(|s| serde_json::to_value(s).ok())
                .collect();
            rows.push(total);
            return output::list(ctx, &rows, SUMMARY_COLUMNS);
        };
        let queue = ctx.queues().await?.job_queue(name)?;
        let summary = queue.summary().await?;
        let workers = queue.workers().await?;
        if ctx.output() == OutputFormat::Json {
            return output::one(ctx, &json!({"queue": summary, "workers": workers}));
        }
        output::one(ctx, &summary)?;
        output::list(
            ctx,
            &workers,
            &["name", "host", "pid", "state", "running", "last_heartbeat"],
        )
    }
}

#[derive(Debug, Args)]
pub struct QueueJobs {
    /// The queue, e.g. `send`.
    name: String,
    /// Jobs in this state: pending, scheduled, running, done, failed or killed.
    #[arg(long, default_value = "pending")]
    status: String,
    /// At most this many jobs.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

impl QueueJobs {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let queue = ctx.queues().await?.job_queue(&self.name)?;
        let state: JobState = self.status.parse()?;
        let mut jobs = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let want = (self.limit as usize - jobs.len()).min(MAX_PAGE as usize) as u32;
            let page = queue.jobs(state, cursor.as_deref(), want).await?;
            jobs.extend(page.data);
            match page.next_cursor {
                Some(next) if jobs.len() < self.limit as usize => cursor = Some(next),
                _ => break,
            }
        }
        jobs.truncate(self.limit as usize);
        output::list(
            ctx,
            &jobs,
            &[
                "id",
                "state",
                "attempts",
                "last_error",
                "run_at",
                "finished_at",
            ],
        )
    }
}

#[derive(Debug, Args)]
pub struct QueueRetry {
    /// The queue, e.g. `send`.
    name: String,
    /// The job to run again.
    #[arg(required_unless_present = "all_failed", conflicts_with = "all_failed")]
    id: Option<String>,
    /// Run every failed job of the queue again (asks first unless --yes).
    #[arg(long)]
    all_failed: bool,
}

impl QueueRetry {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let queue = ctx.queues().await?.job_queue(&self.name)?;
        if let Some(id) = &self.id {
            let job = queue.retry(id).await?;
            record(
                ctx,
                "job.retry",
                "job",
                &job.id,
                json!({"queue": queue.name()}),
            )
            .await?;
            return output::one(ctx, &job);
        }
        let failed = queue.summary().await?.counts.failed;
        if failed == 0 {
            return output::one(ctx, &json!({"queue": queue.name(), "requeued": 0}));
        }
        ctx.confirm(&format!(
            "retry {failed} failed jobs of queue {}",
            queue.name()
        ))?;
        let requeued = queue.retry_failed().await?;
        let details = json!({"requeued": requeued});
        record(ctx, "queue.retry_failed", "queue", queue.name(), details).await?;
        output::one(ctx, &json!({"queue": queue.name(), "requeued": requeued}))
    }
}

#[derive(Debug, Args)]
pub struct QueuePurge {
    /// The queue, e.g. `send`.
    name: String,
    /// Remove finished jobs at least this old, e.g. `7d`, `12h`, `30m`.
    #[arg(long, value_name = "AGE", value_parser = parse_age)]
    older_than: Duration,
}

fn parse_age(text: &str) -> Result<Duration, String> {
    JobQueue::purge_age(text).map_err(|err| match err {
        penguin_core::Error::Invalid(errors) => errors
            .into_iter()
            .map(|e| e.message)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    })
}

impl QueuePurge {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let queue = ctx.queues().await?.job_queue(&self.name)?;
        let age = humanize(self.older_than);
        ctx.confirm(&format!(
            "remove finished jobs older than {age} from queue {}",
            queue.name()
        ))?;
        let removed = queue.purge(self.older_than).await?;
        let details = json!({"older_than": age, "removed": removed});
        record(ctx, "queue.purge", "queue", queue.name(), details).await?;
        output::one(ctx, &json!({"queue": queue.name(), "removed": removed}))
    }
}

/// An age as the operator would write it back.
fn humanize(age: Duration) -> String {
    let secs = age.as_secs();
    match secs {
        0 => format!("{}ms", age.as_millis()),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[derive(Debug, Args)]
pub struct QueueWatch {
    /// Seconds between refreshes.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=3600))]
    interval: u64,
    /// Stop after this many refreshes (default: until interrupted).
    #[arg(long)]
    count: Option<u64>,
}

impl QueueWatch {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let queues = ctx.queues().await?.job_queues();
        let live = std::io::stderr().is_terminal() && ctx.output() == OutputFormat::Table;
        let mut view = WatchView::new(&queues, live);
        let mut tick = tokio::time::interval(Duration::from_secs(self.interval));
        let mut refreshes = 0;
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = tokio::signal::ctrl_c() => break,
            }
            let mut summaries = Vec::with_capacity(queues.len());
            for queue in &queues {
                summaries.push(queue.summary().await?);
            }
            if live {
                view.draw(&summaries);
            } else if ctx.output() == OutputFormat::Json {
                // One line per refresh (JSON Lines), for scripts that follow the stream.
                output::line(&summaries)?;
            } else {
                output::list(ctx, &summaries, SUMMARY_COLUMNS)?;
            }
            refreshes += 1;
            if self.count.is_some_and(|count| refreshes >= count) {
                break;
            }
        }
        view.finish();
        Ok(())
    }
}

/// One line per queue, redrawn in place: counts, and a bar while a backlog drains.
struct WatchView {
    bars: HashMap<&'static str, ProgressBar>,
    /// The largest backlog seen per queue since it was last empty: the bar's length.
    peaks: HashMap<&'static str, u64>,
}

impl WatchView {
    fn new(queues: &[JobQueue], live: bool) -> Self {
        let multi = MultiProgress::with_draw_target(if live {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        });
        let style = ProgressStyle::with_template("{prefix:>12} {bar:30} {pos:>7}/{len:7} {msg}")
            .expect("a valid template");
        let bars = queues
            .iter()
            .map(|queue| {
                let bar = multi.add(ProgressBar::new(0).with_style(style.clone()));
                bar.set_prefix(queue.name());
                (queue.name(), bar)
            })
            .collect();
        Self {
            bars,
            peaks: HashMap::new(),
        }
    }

    fn draw(&mut self, summaries: &[QueueSummary]) {
        for summary in summaries {
            let Some((name, bar)) = self.bars.get_key_value(summary.name.as_str()) else {
                continue;
            };
            let counts = &summary.counts;
            let backlog = counts.pending + counts.scheduled + counts.running;
            let peak = self.peaks.entry(*name).or_insert(0);
            if backlog == 0 {
                *peak = 0;
            }
            *peak = (*peak).max(backlog);
            bar.set_length(*peak);
            bar.set_position(*peak - backlog);
            bar.set_message(format!(
                "{}pending {} scheduled {} running {} | done {} failed {} killed {} | workers {}",
                if summary.paused { "PAUSED " } else { "" },
                counts.pending,
                counts.scheduled,
                counts.running,
                counts.done,
                counts.failed,
                counts.killed,
                summary.workers,
            ));
        }
    }

    fn finish(&self) {
        for bar in self.bars.values() {
            bar.abandon();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_back_as_written() {
        for text in ["7d", "12h", "30m", "45s"] {
            assert_eq!(humanize(parse_age(text).unwrap()), text);
        }
        assert!(parse_age("soon").is_err());
    }
}

//! The job dashboard: apalis-board's web UI, with its API answered from our own job management.
//!
//! The UI is a WebAssembly app shipped inside the `apalis-board` crate. It is built to sit at
//! the root of its site and to call its API under `/api/v1`; both paths are compiled into it,
//! so it takes the admin listener's root, beside `/readyz` and `/metrics`. (The public
//! listener's `/api/v1` is another API; nothing of it is served here.)
//!
//! apalis-board's own API handlers read an apalis backend through apalis's listing and metrics
//! traits. Over apalis-redis those count finished jobs from the wrong kind of Redis key and
//! cannot tell a failed job from a cancelled one, so the board would show wrong numbers. Each
//! endpoint here answers the UI's shapes from [`JobQueue`] instead: the same reads as
//! `GET /api/v1/queue/queues` on the public listener, so the two always agree.
//!
//! The UI's states map onto ours one to one, except that its `Queued` is our `scheduled`
//! (waiting for a later time). Our counts appear as its statistics `PENDING_JOBS`,
//! `SCHEDULED_JOBS`, `RUNNING_JOBS`, `DONE_JOBS`, `FAILED_JOBS` and `KILLED_JOBS`.
//!
//! Limitation: the board is read-only. Its form for pushing a task is not served (405), and
//! retrying, cancelling, pausing and purging stay with `penguin` and `/api/v1/queue` on the
//! public listener, which audit who did it. It has no per-day activity to show either: the
//! queues keep none, so the activity charts stay empty.

use std::convert::Infallible;

use apalis_board::axum::RawTask;
use apalis_board::axum::ui::ServeUI;
use apalis_core::backend::queue::Queue;
use apalis_core::backend::{Filter, QueueInfo, RunningWorker, StatType, Statistic};
use apalis_core::task::builder::TaskBuilder;
use apalis_core::task::metadata::MetadataStore;
use apalis_core::task::status::Status;
use apalis_core::task::task_id::TaskId;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use futures::StreamExt as _;
use penguin_core::queue::jobs::{Counts, Job, JobQueue, JobState, MAX_PAGE, Worker, WorkerState};
use serde_json::Value;

use crate::app::AppState;
use crate::extract::{Json, Path, Query};
use crate::problem::Problem;

type Result<T> = std::result::Result<T, Problem>;

/// The deepest job the numbered pages reach; past it, use the cursors of the public API.
const MAX_WALK: usize = 10_000;

/// The UI's API, under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/queues", get(queues))
        .route("/api/v1/overview", get(overview))
        .route("/api/v1/workers", get(all_workers))
        .route("/api/v1/tasks", get(all_tasks))
        .route("/api/v1/queues/{queue}/stats", get(queue_stats))
        .route("/api/v1/queues/{queue}/workers", get(queue_workers))
        .route("/api/v1/queues/{queue}/tasks", get(queue_tasks))
        .route("/api/v1/queues/{queue}/tasks/{id}", get(task))
        .route("/api/v1/events", get(events))
}

/// Every queue with its counts and live workers.
async fn queues(State(state): State<AppState>) -> Result<Json<Vec<QueueInfo>>> {
    let mut infos = Vec::new();
    for queue in state.queues.job_queues() {
        let summary = queue.summary().await?;
        let workers = queue
            .workers()
            .await?
            .into_iter()
            .filter(|worker| worker.state != WorkerState::Dead)
            .map(|worker| worker.name)
            .collect();
        infos.push(QueueInfo {
            name: summary.name,
            stats: statistics(&summary.counts),
            workers,
            activity: Vec::new(),
        });
    }
    Ok(Json(infos))
}

/// The counts of all queues added up.
async fn overview(State(state): State<AppState>) -> Result<Json<Vec<Statistic>>> {
    let mut total = Counts::default();
    for queue in state.queues.job_queues() {
        let counts = queue.summary().await?.counts;
        total.pending += counts.pending;
        total.scheduled += counts.scheduled;
        total.running += counts.running;
        total.done += counts.done;
        total.failed += counts.failed;
        total.killed += counts.killed;
    }
    Ok(Json(statistics(&total)))
}

async fn queue_stats(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Vec<Statistic>>> {
    let queue = state.queues.job_queue(&name)?;

    Ok(Json(statistics(&queue.summary().await?.counts)))
}

async fn all_workers(State(state): State<AppState>) -> Result<Json<Vec<RunningWorker>>> {
    let mut workers = Vec::new();
    for queue in state.queues.job_queues() {
        workers.extend(queue.workers().await?.into_iter().map(running_worker));
    }
    Ok(Json(workers))
}

async fn queue_workers(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Vec<RunningWorker>>> {
    let queue = state.queues.job_queue(&name)?;

    let workers = queue.workers().await?;
    Ok(Json(workers.into_iter().map(running_worker).collect()))
}

/// One numbered page of jobs in one state (pending when none is named), across all queues.
async fn all_tasks(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
) -> Result<Json<Vec<RawTask<Value>>>> {
    let (skip, size) = window(&filter)?;
    let wanted = job_state(filter.status.as_ref());

    let mut jobs = Vec::new();
    for queue in state.queues.job_queues() {
        if jobs.len() >= skip + size {
            break;
        }
        let needed = skip + size - jobs.len();
        jobs.extend(first_jobs(&queue, wanted, needed).await?);
    }
    Ok(Json(jobs.into_iter().skip(skip).map(task_of).collect()))
}

/// One numbered page of a queue's jobs in one state.
async fn queue_tasks(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(filter): Query<Filter>,
) -> Result<Json<Vec<RawTask<Value>>>> {
    let queue = state.queues.job_queue(&name)?;
    let (skip, size) = window(&filter)?;
    let wanted = job_state(filter.status.as_ref());

    let jobs = first_jobs(&queue, wanted, skip + size).await?;
    Ok(Json(jobs.into_iter().skip(skip).map(task_of).collect()))
}

async fn task(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, String)>,
) -> Result<Json<RawTask<Value>>> {
    let queue = state.queues.job_queue(&name)?;

    Ok(Json(task_of(queue.job(&id).await?)))
}

/// The UI's live log stream, which it also takes as a sign that the daemon is up. It stays
/// open, sending only keep-alives, until the daemon shuts down.
///
/// Limitation: the daemon's log is not streamed to the browser (it is the operators' log, and
/// would need its own filtering of what a dashboard may show), so the board's Logs page stays
/// empty; read the daemon's log where it is collected.
async fn events(
    State(state): State<AppState>,
) -> Sse<impl futures::Stream<Item = std::result::Result<Event, Infallible>>> {
    let stream = futures::stream::pending().take_until(state.shutdown.clone().cancelled_owned());
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Serves the UI's files; page paths (no file extension) get its `index.html`.
pub async fn ui(method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        return Problem::not_found("the dashboard's API has no such endpoint").into_response();
    }
    let Some(file) = ServeUI::get_file(path) else {
        return Problem::not_found("no such page or file").into_response();
    };
    if method != Method::GET && method != Method::HEAD {
        return Problem::from_status(StatusCode::METHOD_NOT_ALLOWED)
            .detail("the dashboard is read-only")
            .into_response();
    }
    let name = file.path().to_str().unwrap_or_default();
    // The file borrows from the path it was looked up by, so its bytes are copied.
    let mut response = Body::from(file.contents().to_vec()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ServeUI::content_type(name)),
    );
    // Behind a key: no shared cache may keep these. Asset names carry a content hash.
    let cache = if name.ends_with(".html") {
        "no-cache, private"
    } else {
        "private, max-age=86400, immutable"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The jobs to skip and the page size of a numbered page.
fn window(filter: &Filter) -> Result<(usize, usize)> {
    let size = filter.page_size.unwrap_or(10).clamp(1, MAX_PAGE) as usize;
    let skip = (filter.page.max(1) as usize - 1).saturating_mul(size);
    if skip + size > MAX_WALK {
        return Err(Problem::bad_request(format!(
            "the dashboard pages through the first {MAX_WALK} jobs of a state; page further \
             with the cursors of /api/v1/queue/queues/{{name}}/jobs on the public listener"
        )));
    }
    Ok((skip, size))
}

/// The first `count` jobs of a queue in one state, walking our cursors.
async fn first_jobs(queue: &JobQueue, state: JobState, count: usize) -> Result<Vec<Job>> {
    let mut jobs = Vec::new();
    let mut cursor: Option<String> = None;
    while jobs.len() < count {
        let page = queue.jobs(state, cursor.as_deref(), MAX_PAGE).await?;
        jobs.extend(page.data);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    jobs.truncate(count);
    Ok(jobs)
}

fn job_state(status: Option<&Status>) -> JobState {
    match status {
        Some(Status::Queued) => JobState::Scheduled,
        Some(Status::Running) => JobState::Running,
        Some(Status::Done) => JobState::Done,
        Some(Status::Failed) => JobState::Failed,
        Some(Status::Killed) => JobState::Killed,
        _ => JobState::Pending,
    }
}

fn board_status(state: JobState) -> Status {
    match state {
        JobState::Pending => Status::Pending,
        JobState::Scheduled => Status::Queued,
        JobState::Running => Status::Running,
        JobState::Done => Status::Done,
        JobState::Failed => Status::Failed,
        JobState::Killed => Status::Killed,
    }
}

/// Our counts as the board's statistics, in the order of a job's life.
///
/// Limitation: the board knows no statistic for scheduled jobs (it labels any title it does not
/// know as a total), so scheduled jobs count only in `TOTAL_JOBS` here; its `Queued` tab lists
/// them, and `/summary` shows their count.
fn statistics(counts: &Counts) -> Vec<Statistic> {
    let total = counts.pending
        + counts.scheduled
        + counts.running
        + counts.done
        + counts.failed
        + counts.killed;
    [
        ("PENDING_JOBS", counts.pending),
        ("RUNNING_JOBS", counts.running),
        ("DONE_JOBS", counts.done),
        ("FAILED_JOBS", counts.failed),
        ("KILLED_JOBS", counts.killed),
        ("TOTAL_JOBS", total),
    ]
    .into_iter()
    .zip(1..)
    .map(|((title, value), priority)| Statistic {
        title: title.to_owned(),
        stat_type: StatType::Number,
        value: value.to_string(),
        priority: Some(priority),
    })
    .collect()
}

fn unix(time: DateTime<Utc>) -> u64 {
    u64::try_from(time.timestamp()).unwrap_or_default()
}

/// A job in the board's shape: its arguments (secrets redacted) and its execution context.
fn task_of(job: Job) -> RawTask<Value> {
    let created_at = ulid_time(&job.id);
    let mut metadata = MetadataStore::default();
    if let Some(error) = job.last_error {
        // A fresh store has no keys: inserting cannot collide.
        let _ = metadata.insert("last_error", error);
    }
    let mut builder = TaskBuilder::new(job.args)
        .task_id(TaskId::from_string(job.id))
        .attempt(job.attempts as usize)
        .status(board_status(job.state))
        .queue(Queue::from(job.queue))
        .done_at(job.finished_at.map(unix))
        .lock_at(job.started_at.map(unix))
        .lock_by(job.worker)
        .with_metadata(metadata);
    // The board shows when a job was to run. Only scheduled jobs keep that time; for the others,
    // when a worker took it, or else when it was pushed (job ids are ULIDs, which begin with
    // their creation time).
    let run_at = job.run_at.or(job.started_at).map(unix).or(created_at);
    if let Some(run_at) = run_at {
        builder = builder.run_at_timestamp(run_at);
    }
    RawTask(builder.build())
}

/// The creation time, in Unix seconds, of a ULID: its first ten characters are milliseconds in
/// Crockford's base 32.
fn ulid_time(id: &str) -> Option<u64> {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    if id.len() != 26 {
        return None;
    }
    let mut millis: u64 = 0;
    for byte in id.bytes().take(10) {
        let digit = DIGITS
            .iter()
            .position(|d| *d == byte.to_ascii_uppercase())?;
        millis = millis.checked_mul(32)?.checked_add(digit as u64)?;
    }
    Some(millis / 1000)
}

/// A worker in the board's shape. The queues record no start time; the board shows the last
/// heartbeat in its place. Its state (active, paused, dead) goes where the board lists layers.
fn running_worker(worker: Worker) -> RunningWorker {
    let heartbeat = worker.last_heartbeat.map(unix).unwrap_or_default();
    let state = match worker.state {
        WorkerState::Active => "active",
        WorkerState::Paused => "paused",
        WorkerState::Dead => "dead: missed its heartbeats",
    };
    RunningWorker {
        id: worker.name,
        queue: worker.queue,
        backend: "redis".to_owned(),
        started_at: heartbeat,
        last_heartbeat: heartbeat,
        layers: format!("{state}; running {} jobs", worker.running),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips_through_the_boards_status() {
        for state in JobState::ALL {
            assert_eq!(job_state(Some(&board_status(state))), state);
        }
        assert_eq!(job_state(None), JobState::Pending);
    }

    #[test]
    fn statistics_carry_every_count_and_the_total() {
        let counts = Counts {
            pending: 1,
            scheduled: 2,
            running: 3,
            done: 4,
            failed: 5,
            killed: 6,
        };
        let stats: Vec<(String, String)> = statistics(&counts)
            .into_iter()
            .map(|stat| (stat.title, stat.value))
            .collect();
        assert_eq!(stats[0], ("PENDING_JOBS".to_owned(), "1".to_owned()));
        assert_eq!(stats[1], ("RUNNING_JOBS".to_owned(), "3".to_owned()));
        assert_eq!(stats[4], ("KILLED_JOBS".to_owned(), "6".to_owned()));
        assert_eq!(stats[5], ("TOTAL_JOBS".to_owned(), "21".to_owned()));
    }

    #[test]
    fn ulids_give_their_creation_time() {
        // 2016-07-30T23:54:10.259Z, the example of the ULID specification.
        assert_eq!(ulid_time("01ARZ3NDEKTSV4RRFFQ69G5FAV"), Some(1_469_922_850));
        assert_eq!(ulid_time("not-a-ulid"), None);
        assert_eq!(ulid_time("01ARZ3NDEKTSV4RRFFQ69G5FA!"), Some(1_469_922_850));
        assert_eq!(ulid_time("!1ARZ3NDEKTSV4RRFFQ69G5FAV"), None);
    }

    #[test]
    fn numbered_pages_stop_at_the_walk_limit() {
        let filter = |page, page_size| Filter {
            status: None,
            page,
            page_size,
        };
        assert_eq!(window(&filter(1, None)).unwrap(), (0, 10));
        assert_eq!(window(&filter(3, Some(20))).unwrap(), (40, 20));
        assert_eq!(window(&filter(0, Some(5))).unwrap(), (0, 5));
        assert!(window(&filter(1_000, Some(200))).is_err());
    }
}

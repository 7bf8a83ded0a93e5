//! `/api/v1/queue/queues` and `/api/v1/queue/workers`: the daemon's job queues, for operators.
//!
//! Platform keys only (operator or admin). Every change is written to the audit log.

use axum::extract::State;
use penguin_core::audit::{self, Entry};
use penguin_core::auth::PlatformRole;
use penguin_core::queue::jobs::{Job, JobPage, JobQueue, JobState, QueueSummary, Worker};
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_queues))
        .routes(routes!(get_queue))
        .routes(routes!(list_jobs))
        .routes(routes!(get_job))
        .routes(routes!(retry_job))
        .routes(routes!(cancel_job))
        .routes(routes!(purge_queue))
        .routes(routes!(pause_queue))
        .routes(routes!(resume_queue))
        .routes(routes!(list_workers))
}

type Result<T> = std::result::Result<T, Problem>;

const TAG: &str = "queue: jobs";

/// A named queue, once the caller is known to be an operator.
fn queue(state: &AppState, auth: &Auth, name: &str) -> Result<JobQueue> {
    auth.principal.platform(PlatformRole::Operator)?;
    Ok(state.queues.job_queue(name)?)
}

/// Records an operator's change to a queue or a job.
async fn audit(
    state: &AppState,
    auth: &Auth,
    action: &'static str,
    target_type: &'static str,
    target_id: String,
    details: serde_json::Value,
) -> Result<()> {
    let entry = Entry {
        tenant_id: None,
        action,
        target_type,
        target_id: Some(target_id),
        details,
    };
    audit::record_outside(&state.pool, &auth.actor(), entry).await?;
    Ok(())
}

/// A queue with one of its jobs.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct JobPath {
    /// Queue name, e.g. `send`.
    name: String,
    /// Job id.
    id: String,
}

/// Every queue the daemon runs, with its jobs counted by state.
#[utoipa::path(get, path = "/queues", tag = TAG,
    responses((status = 200, description = "The queues", body = Vec<QueueSummary>)))]
async fn list_queues(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<QueueSummary>>> {
    auth.principal.platform(PlatformRole::Operator)?;

    let mut summaries = Vec::new();
    for queue in state.queues.job_queues() {
        summaries.push(queue.summary().await?);
    }
    Ok(Json(summaries))
}

/// One queue: its jobs counted by state, whether it is paused, and its workers.
#[utoipa::path(get, path = "/queues/{name}", tag = TAG,
    params(("name" = String, Path, description = "Queue name, e.g. `send`")),
    responses((status = 200, description = "The queue", body = QueueDetail)))]
async fn get_queue(
    State(state): State<AppState>,
    auth: Auth,
    Path(name): Path<String>,
) -> Result<Json<QueueDetail>> {
    let queue = queue(&state, &auth, &name)?;

    Ok(Json(QueueDetail {
        summary: queue.summary().await?,
        worker_list: queue.workers().await?,
    }))
}

/// A queue with its workers.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct QueueDetail {
    #[serde(flatten)]
    summary: QueueSummary,
    worker_list: Vec<Worker>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobsQuery {
    /// One of `pending`, `scheduled`, `running`, `done`, `failed`, `killed` (default
    /// `pending`).
    status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// A queue's jobs in one state. Pending jobs come in queue order; finished ones in no
/// particular order.
#[utoipa::path(get, path = "/queues/{name}/jobs", tag = TAG,
    params(("name" = String, Path, description = "Queue name"), JobsQuery),
    responses((status = 200, description = "One page of jobs", body = JobPage)))]
async fn list_jobs(
    State(state): State<AppState>,
    auth: Auth,
    Path(name): Path<String>,
    Query(query): Query<JobsQuery>,
) -> Result<Json<JobPage>> {
    let queue = queue(&state, &auth, &name)?;
    let status: JobState = query.status.as_deref().unwrap_or("pending").parse()?;

    let page = queue
        .jobs(status, query.cursor.as_deref(), query.limit.unwrap_or(50))
        .await?;
    Ok(Json(page))
}

/// One job: its arguments (secrets redacted), attempts, last error and times.
#[utoipa::path(get, path = "/queues/{name}/jobs/{id}", tag = TAG, params(JobPath),
    responses((status = 200, description = "The job", body = Job)))]
async fn get_job(
    State(state): State<AppState>,
    auth: Auth,
    Path(path): Path<JobPath>,
) -> Result<Json<Job>> {
    let queue = queue(&state, &auth, &path.name)?;

    Ok(Json(queue.job(&path.id).await?))
}

/// Run a failed or killed job again, with its attempts reset.
#[utoipa::path(post, path = "/queues/{name}/jobs/{id}/retry", tag = TAG, params(JobPath),
    responses((status = 200, description = "The job, pending again", body = Job),
        (status = 409, description = "The job is not failed or killed", body = Problem)))]
async fn retry_job(
    State(state): State<AppState>,
    auth: Auth,
    Path(path): Path<JobPath>,
) -> Result<Json<Job>> {
    let queue = queue(&state, &auth, &path.name)?;

    let job = queue.retry(&path.id).await?;
    let details = json!({"queue": queue.name()});
    audit(&state, &auth, "job.retry", "job", job.id.clone(), details).await?;
    Ok(Json(job))
}

/// Cancel a job that has not started; it is kept as `killed`.
#[utoipa::path(post, path = "/queues/{name}/jobs/{id}/cancel", tag = TAG, params(JobPath),
    responses((status = 200, description = "The cancelled job", body = Job),
        (status = 409, description = "The job is not pending or scheduled", body = Problem)))]
async fn cancel_job(
    State(state): State<AppState>,
    auth: Auth,
    Path(path): Path<JobPath>,
) -> Result<Json<Job>> {
    let queue = queue(&state, &auth, &path.name)?;

    let job = queue.cancel(&path.id).await?;
    let details = json!({"queue": queue.name()});
    audit(&state, &auth, "job.cancel", "job", job.id.clone(), details).await?;
    Ok(Json(job))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Purge {
    /// Finished jobs at least this old go, e.g. `7d`, `12h`, `30m`.
    older_than: String,
}

/// How many jobs a purge removed.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct Purged {
    queue: String,
    removed: u64,
}

/// Remove finished jobs (done, failed, killed) older than a given age.
#[utoipa::path(post, path = "/queues/{name}/purge", tag = TAG,
    params(("name" = String, Path, description = "Queue name")), request_body = Purge,
    responses((status = 200, description = "What was removed", body = Purged)))]
async fn purge_queue(
    State(state): State<AppState>,
    auth: Auth,
    Path(name): Path<String>,
    body: JsonBody,
) -> Result<Json<Purged>> {
    let queue = queue(&state, &auth, &name)?;
    let body: Purge = body.parse()?;
    let older_than = JobQueue::purge_age(&body.older_than)?;

    let removed = queue.purge(older_than).await?;
    let details = json!({"older_than": body.older_than, "removed": removed});
    audit(&state, &auth, "queue.purge", "queue", name, details).await?;
    Ok(Json(Purged {
        queue: queue.name().to_owned(),
        removed,
    }))
}

/// Pause a queue: no daemon's workers take new jobs from it; running ones finish. Answers
/// once every live worker has stopped taking jobs (or after 5 seconds; see `worker_list`).
#[utoipa::path(post, path = "/queues/{name}/pause", tag = TAG,
    params(("name" = String, Path, description = "Queue name")),
    responses((status = 200, description = "The paused queue", body = QueueSummary)))]
async fn pause_queue(
    State(state): State<AppState>,
    auth: Auth,
    Path(name): Path<String>,
) -> Result<Json<QueueSummary>> {
    let queue = queue(&state, &auth, &name)?;

    if !queue.pause().await? {
        tracing::warn!(
            queue = queue.name(),
            "paused, but not every worker stopped in time"
        );
    }
    audit(&state, &auth, "queue.pause", "queue", name, json!({})).await?;
    Ok(Json(queue.summary().await?))
}

/// Resume a paused queue.
#[utoipa::path(post, path = "/queues/{name}/resume", tag = TAG,
    params(("name" = String, Path, description = "Queue name")),
    responses((status = 200, description = "The running queue", body = QueueSummary)))]
async fn resume_queue(
    State(state): State<AppState>,
    auth: Auth,
    Path(name): Path<String>,
) -> Result<Json<QueueSummary>> {
    let queue = queue(&state, &auth, &name)?;

    queue.resume().await?;
    audit(&state, &auth, "queue.resume", "queue", name, json!({})).await?;
    Ok(Json(queue.summary().await?))
}

/// Every worker of every queue, across daemon replicas, newest heartbeat first.
#[utoipa::path(get, path = "/workers", tag = TAG,
    responses((status = 200, description = "The workers", body = Vec<Worker>)))]
async fn list_workers(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<Worker>>> {
    auth.principal.platform(PlatformRole::Operator)?;

    let mut workers = Vec::new();
    for queue in state.queues.job_queues() {
        workers.extend(queue.workers().await?);
    }
    Ok(Json(workers))
}

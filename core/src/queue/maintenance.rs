//! The maintenance queue: housekeeping jobs the daemon schedules for itself.

use std::time::Duration;

use apalis::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Attempts, Decoded, Queues};

/// The queue's name under the deployment namespace.
pub const QUEUE: &str = "maintenance";

/// Housekeeping work.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MaintenanceJob {
    /// Remove finished jobs (done, failed, killed) older than the retention period from every
    /// named queue.
    VacuumFinishedJobs,
}

/// What maintenance jobs need.
#[derive(Debug, Clone)]
pub struct Context {
    pub queues: Queues,
    pub retention: Duration,
}

/// Runs one maintenance job.
pub async fn run(
    job: Decoded<MaintenanceJob>,
    ctx: Data<Context>,
    attempts: Data<Attempts>,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
    run_once(job.into_job()?, &ctx)
        .await
        .map_err(|err| attempts.judge(&attempt, err))
}

async fn run_once(job: MaintenanceJob, ctx: &Context) -> Result<(), BoxDynError> {
    match job {
        MaintenanceJob::VacuumFinishedJobs => {
            for queue in ctx.queues.job_queues() {
                let removed = queue.purge(ctx.retention).await?;
                metrics::counter!("penguin_jobs_vacuumed_total", "queue" => queue.name())
                    .increment(removed);
                tracing::info!(queue = queue.name(), removed, "vacuumed finished jobs");
            }
        }
    }
    Ok(())
}

/// Adds a maintenance job to the queue.
pub async fn enqueue(queues: &Queues, job: MaintenanceJob) -> Result<(), BoxDynError> {
    queues.push(QUEUE, vec![job]).await
}

//! The maintenance queue: housekeeping jobs the daemon schedules for itself.

use std::time::Duration;

use apalis::prelude::*;
use apalis_core::backend::Vacuum;
use serde::{Deserialize, Serialize};

use super::Queues;

/// The queue's name under the deployment namespace.
pub const QUEUE: &str = "maintenance";

/// Housekeeping work.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MaintenanceJob {
    /// Remove finished jobs older than the retention period from the daemon's queues.
    VacuumFinishedJobs,
}

/// What maintenance jobs need.
#[derive(Debug, Clone)]
pub struct Context {
    pub queues: Queues,
    pub retention: Duration,
}

/// Runs one maintenance job.
pub async fn run(job: MaintenanceJob, ctx: Data<Context>) -> Result<(), BoxDynError> {
    match job {
        MaintenanceJob::VacuumFinishedJobs => {
            let mut storage = ctx.queues.storage::<MaintenanceJob>(QUEUE);
            let removed = storage.vacuum_before(ctx.retention).await?;
            metrics::counter!("penguin_jobs_vacuumed_total", "queue" => QUEUE)
                .increment(removed as u64);
            tracing::info!(queue = QUEUE, removed, "vacuumed finished jobs");
        }
    }
    Ok(())
}

/// Adds a maintenance job to the queue.
pub async fn enqueue(queues: &Queues, job: MaintenanceJob) -> Result<(), BoxDynError> {
    queues.push(QUEUE, vec![job]).await
}

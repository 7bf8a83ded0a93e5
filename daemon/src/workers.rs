//! The background workers: an apalis monitor over the Redis queues, in the daemon's process,
//! and the scheduler that feeds the maintenance queue.

use std::time::Duration;

use apalis::prelude::*;
use penguin_core::queue::maintenance::{self, MaintenanceJob};
use penguin_core::queue::{Queues, worker_name};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often finished jobs are vacuumed.
const VACUUM_EVERY: Duration = Duration::from_secs(3600);

/// Starts the monitor and the scheduler. Both stop when `shutdown` is cancelled; jobs in flight
/// get `drain` to finish.
pub fn start(
    queues: Queues,
    retention: Duration,
    drain: Duration,
    shutdown: CancellationToken,
) -> JoinHandle<()> {
    let context = maintenance::Context {
        queues: queues.clone(),
        retention,
    };
    let maintenance_queues = queues.clone();
    let monitor = Monitor::new()
        .on_event(observe)
        .register(move |restarts| {
            WorkerBuilder::new(worker_name(maintenance::QUEUE, restarts))
                .backend(maintenance_queues.storage::<MaintenanceJob>(maintenance::QUEUE))
                .data(context.clone())
                .concurrency(2)
                .retry(RetryPolicy::retries(3))
                .catch_panic()
                .build(maintenance::run)
        })
        .should_restart(|ctx, err| {
            tracing::warn!(worker = ctx.name(), error = %err, "worker failed; restarting");
            true
        })
        .shutdown_timeout(drain);

    let scheduler = tokio::spawn(schedule(queues, shutdown.clone()));
    tokio::spawn(async move {
        let signal = async move {
            shutdown.cancelled().await;
            Ok(())
        };
        if let Err(err) = monitor.run_with_signal(signal).await {
            tracing::error!(error = %err, "job workers stopped with an error");
        }
        scheduler.abort();
        tracing::info!("job workers stopped");
    })
}

/// Enqueues recurring maintenance: once at start, then every [`VACUUM_EVERY`].
async fn schedule(queues: Queues, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(VACUUM_EVERY);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = shutdown.cancelled() => return,
        }
        if let Err(err) = maintenance::enqueue(&queues, MaintenanceJob::VacuumFinishedJobs).await {
            tracing::warn!(error = %err, "could not enqueue maintenance");
        }
    }
}

/// Counts finished jobs per queue and outcome for `/metrics`, and logs worker lifecycle.
fn observe(worker: &WorkerContext, event: &Event) {
    let queue = worker
        .name()
        .split('-')
        .next()
        .unwrap_or("unknown")
        .to_owned();
    match event {
        Event::Success(_) => {
            metrics::counter!("penguin_jobs_total", "queue" => queue, "outcome" => "done")
                .increment(1);
        }
        Event::Error(err) => {
            metrics::counter!("penguin_jobs_total", "queue" => queue, "outcome" => "failed")
                .increment(1);
            tracing::warn!(worker = worker.name(), error = %err, "job failed");
        }
        Event::Start => tracing::info!(worker = worker.name(), "worker started"),
        Event::Stop => tracing::info!(worker = worker.name(), "worker stopped"),
        _ => {}
    }
}

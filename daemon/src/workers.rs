//! The background workers: an apalis monitor over the Redis queues, in the daemon's process,
//! the scheduler that feeds the maintenance queue, the campaign dispatcher loop, and the loop
//! that stores buffered events.

use std::time::Duration;

use apalis::prelude::*;
use penguin_core::config::Config;
use penguin_core::events::buffer::Buffer;
use penguin_core::queue::maintenance::{self, MaintenanceJob};
use penguin_core::queue::send::{self, SendJob};
use penguin_core::queue::{Queues, worker_name};
use penguin_core::tenant::campaigns::dispatch;
use penguin_core::tenant::campaigns::send::Sender;
use sqlx::PgPool;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often finished jobs are vacuumed.
const VACUUM_EVERY: Duration = Duration::from_secs(3600);

/// Starts the monitor, the scheduler and the dispatcher. All stop when `shutdown` is
/// cancelled; jobs in flight get the configured drain time to finish.
/// `pool` should plan statements once (`db::connect_generic_plans`): the dispatcher's and the
/// send worker's run many times a second.
pub fn start(
    pool: PgPool,
    queues: Queues,
    config: &Config,
    shutdown: CancellationToken,
) -> JoinHandle<()> {
    let context = maintenance::Context {
        queues: queues.clone(),
        retention: config.job_retention,
    };
    let sender = Sender::new(
        pool.clone(),
        &config.secret_key,
        config.public_url.clone(),
        config.send_retry_base,
    );
    let concurrency = config.send_concurrency;
    let maintenance_queues = queues.clone();
    let send_queues = queues.clone();
    let monitor = Monitor::new()
        .on_event(observe)
        .register(move |restarts| {
            WorkerBuilder::new(worker_name(maintenance::QUEUE, restarts))
                .backend(maintenance_queues.worker_backend::<MaintenanceJob>(maintenance::QUEUE))
                .data(context.clone())
                .concurrency(2)
                .retry(RetryPolicy::retries(3))
                .catch_panic()
                .build(maintenance::run)
        })
        .register(move |restarts| {
            WorkerBuilder::new(worker_name(send::QUEUE, restarts))
                .backend(send_queues.worker_backend::<SendJob>(send::QUEUE))
                .data(sender.clone())
                .concurrency(concurrency)
                .retry(RetryPolicy::retries(3))
                .catch_panic()
                .build(send::run)
        })
        .should_restart({
            let stopping = shutdown.clone();
            move |ctx, err| {
                if stopping.is_cancelled() {
                    // Shutting down: a worker that fails now stays stopped.
                    return false;
                }
                // A worker whose queue is unreachable fails again at once: log the first
                // failures, then only every 1024th, rather than flood the log.
                let restarts = ctx.restarts();
                if restarts < 8 || restarts % 1024 == 0 {
                    tracing::warn!(worker = ctx.name(), restarts, error = %err, "worker failed; restarting");
                }
                metrics::counter!("penguin_worker_restarts_total").increment(1);
                true
            }
        })
        .shutdown_timeout(config.shutdown_timeout);

    let scheduler = tokio::spawn(schedule(queues.clone(), shutdown.clone()));
    let settings = dispatch::Settings {
        claim_timeout: chrono::Duration::from_std(config.send_claim_timeout)
            .unwrap_or(chrono::Duration::minutes(5)),
        ..dispatch::Settings::default()
    };
    let dispatcher = tokio::spawn(dispatch_loop(
        pool,
        queues,
        settings,
        config.dispatch_interval,
        concurrency,
        shutdown.clone(),
    ));
    tokio::spawn(async move {
        let signal = async move {
            shutdown.cancelled().await;
            Ok(())
        };
        if let Err(err) = monitor.run_with_signal(signal).await {
            tracing::error!(error = %err, "job workers stopped with an error");
        }
        scheduler.abort();
        let _ = dispatcher.await;
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

/// Runs the campaign dispatcher every `interval` and puts what it schedules on the send queue.
async fn dispatch_loop(
    pool: PgPool,
    queues: Queues,
    settings: dispatch::Settings,
    interval: Duration,
    workers: usize,
    shutdown: CancellationToken,
) {
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = shutdown.cancelled() => return,
        }
        let started = std::time::Instant::now();
        match dispatch::run(&pool, &settings, chrono::Utc::now()).await {
            Ok(report) => {
                metrics::histogram!("penguin_dispatch_duration_seconds")
                    .record(started.elapsed().as_secs_f64());
                metrics::counter!("penguin_dispatched_sends_total")
                    .increment(report.created as u64);
                if !report.enqueue.is_empty() {
                    tracing::debug!(
                        created = report.created,
                        repaired = report.repaired,
                        "dispatched"
                    );
                    if let Err(err) = send::enqueue(&queues, &report.enqueue, workers).await {
                        // The ledger has them; the next runs re-enqueue what was not pushed.
                        tracing::warn!(error = %err, "could not enqueue sends; they will be retried");
                    }
                }
            }
            Err(err) => tracing::error!(error = %err, "dispatcher run failed"),
        }
    }
}

/// Stores buffered events in PostgreSQL: at once while they keep coming, else every 100 ms.
/// Once `shutdown` is cancelled, it stores what is left and returns.
pub async fn drain_events(pool: PgPool, events: Buffer, shutdown: CancellationToken) {
    let consumer = worker_name("events", 0);
    loop {
        let stopping = shutdown.is_cancelled();
        match events.drain_once(&pool, &consumer).await {
            Ok(0) if stopping => return,
            Ok(0) => {}
            Ok(_) => continue,
            Err(err) => {
                tracing::warn!(error = %err, "could not store buffered events; retrying");
                if stopping {
                    // What is left stays in the stream for the next start.
                    return;
                }
            }
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(100)) => {}
            () = shutdown.cancelled() => {}
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

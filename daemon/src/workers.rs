//! The background workers: a supervised apalis monitor over the Redis queues and the campaign
//! dispatcher's cron schedule, in the daemon's process, the scheduler that feeds the
//! maintenance queue, the loop that stores buffered events, the loop that turns sent messages
//! into `sent` events, the webhook outbox, the bounce- and complaint-rate check, and the watch
//! that pauses workers of paused queues.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apalis::prelude::*;
use penguin_core::analytics::alerts::{self, Thresholds};
use penguin_core::config::Config;
use penguin_core::events::buffer::Buffer;
use penguin_core::events::sent;
use penguin_core::notifications::sender as webhook_sender;
use penguin_core::queue::dispatch;
use penguin_core::queue::maintenance::{self, MaintenanceJob};
use penguin_core::queue::send::{self, SendJob};
use penguin_core::queue::{Attempts, Decoded, Queues, worker_name};
use penguin_core::tenant::campaigns::send::Sender;
use redis::aio::ConnectionManager;
use sqlx::PgPool;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often finished jobs are vacuumed.
const VACUUM_EVERY: Duration = Duration::from_secs(3600);

/// Whether this process's job workers are connected to their queues, for `/readyz`.
#[derive(Debug, Clone)]
pub struct Health {
    up: Arc<AtomicBool>,
}

impl Health {
    pub fn new() -> Self {
        Self {
            up: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    fn set(&self, up: bool) {
        self.up.store(up, Ordering::Relaxed);
        metrics::gauge!("penguin_workers_up").set(if up { 1.0 } else { 0.0 });
    }
}

impl Default for Health {
    fn default() -> Self {
        Self::new()
    }
}

/// What the workers need to open their own connections to the queues, again after a fault.
#[derive(Clone)]
pub struct Supply {
    pub conn: ConnectionManager,
    pub client: redis::Client,
    pub namespace: String,
}

impl std::fmt::Debug for Supply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Supply")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

/// The longest wait between two attempts to bring the workers back.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Starts the workers, the scheduler and the dispatcher. All stop when `shutdown` is
/// cancelled; jobs in flight get the configured drain time to finish.
/// `pool` should plan statements once (`db::connect_generic_plans`): the dispatcher's and the
/// send worker's run many times a second.
///
/// A worker's connection to Redis does not survive a Redis restart, and apalis would restart
/// a failed worker at once, in a tight loop, on the same dead connection. So the first worker
/// error stops every worker, and the set is built again on fresh connections after a growing
/// pause; `health` is down meanwhile.
pub fn start(
    pool: PgPool,
    supply: Supply,
    config: &Config,
    health: Health,
    shutdown: CancellationToken,
) -> JoinHandle<()> {
    let queues = Queues::new(supply.conn.clone(), supply.namespace.clone());
    let pauses = Pauses::default();
    let scheduler = tokio::spawn(schedule(queues.clone(), shutdown.clone()));
    let pause_watch = tokio::spawn(pauses.clone().watch(queues.clone(), shutdown.clone()));
    let settings = dispatch::Settings {
        claim_timeout: chrono::Duration::from_std(config.send_claim_timeout)
            .unwrap_or(chrono::Duration::minutes(5)),
        requeue_after: chrono::Duration::from_std(config.send_requeue_after)
            .unwrap_or(chrono::Duration::minutes(2)),
        ..dispatch::Settings::default()
    };
    let wake = dispatch::Wake::default();
    let dispatcher = tokio::spawn(dispatch::serve(
        dispatch::Context {
            pool: pool.clone(),
            queues: queues.clone(),
            settings,
            workers: config.send_concurrency,
            // Four jobs (of up to 50 messages) per send task of a worker, assuming that every
            // replica's worker runs as many tasks as this one's.
            backlog: config.send_concurrency as u64 * 4,
        },
        wake.clone(),
        shutdown.clone(),
    ));
    let crew = Crew {
        wake,
        every: dispatch::Every::new(config.dispatch_interval),
        context: maintenance::Context {
            queues,
            retention: config.job_retention,
        },
        sender: Sender::new(
            pool,
            &config.secret_key,
            config.public_url.clone(),
            config.send_retry_base,
            config.smtp_allowlist.clone(),
        ),
        concurrency: config.send_concurrency,
        attempts: Attempts(config.job_attempts),
        shutdown_timeout: config.shutdown_timeout,
        pauses,
    };
    tokio::spawn(async move {
        supervise(crew, supply, health, shutdown).await;
        // The run under way ends with its transaction and its push to the queue (the daemon's
        // drain time bounds the wait).
        let _ = dispatcher.await;
        scheduler.abort();
        pause_watch.abort();
        tracing::info!("job workers stopped");
    })
}

/// Everything one set of workers is built from.
struct Crew {
    wake: dispatch::Wake,
    every: dispatch::Every,
    context: maintenance::Context,
    sender: Sender,
    concurrency: usize,
    attempts: Attempts,
    shutdown_timeout: Duration,
    pauses: Pauses,
}

/// Runs sets of workers until `shutdown`: a set that fails is replaced by a new one on fresh
/// connections, after a pause that doubles with each failure in a row.
async fn supervise(crew: Crew, supply: Supply, health: Health, shutdown: CancellationToken) {
    let mut backoff = Duration::from_millis(500);
    let mut failures: u64 = 0;
    while !shutdown.is_cancelled() {
        let connect = Queues::with_workers(
            supply.conn.clone(),
            supply.client.clone(),
            supply.namespace.clone(),
        );
        let started = std::time::Instant::now();
        match tokio::time::timeout(Duration::from_secs(5), connect).await {
            Ok(Ok(queues)) => {
                if failures > 0 {
                    tracing::info!(failures, "job workers reconnected to their queues");
                }
                health.set(true);
                let fault = CancellationToken::new();
                let failed = Arc::new(Mutex::new(Vec::new()));
                let monitor =
                    crew.monitor(&queues, fault.clone(), failed.clone(), shutdown.clone());
                let signal = {
                    let shutdown = shutdown.clone();
                    async move {
                        tokio::select! {
                            () = shutdown.cancelled() => {}
                            () = fault.cancelled() => {}
                        }
                        Ok(())
                    }
                };
                if let Err(err) = monitor.run_with_signal(signal).await {
                    tracing::debug!(error = %err, "job workers ended with an error");
                }
                let failed = std::mem::take(&mut *failed.lock().expect("failed workers lock"));
                settle(&queues, &failed).await;
            }
            Ok(Err(err)) if failures == 0 => {
                tracing::warn!(error = %err, "job workers cannot reach their queues");
            }
            Err(_) if failures == 0 => {
                tracing::warn!("job workers cannot reach their queues: timed out");
            }
            _ => {}
        }
        if shutdown.is_cancelled() {
            break;
        }
        health.set(false);
        if started.elapsed() > Duration::from_secs(60) {
            // The set ran for a while: this is a new fault, not the same one again.
            backoff = Duration::from_millis(500);
        }
        failures += 1;
        metrics::counter!("penguin_worker_restarts_total").increment(1);
        if failures.is_power_of_two() {
            tracing::warn!(
                failures,
                retry_in_ms = backoff.as_millis() as u64,
                "job workers stopped; starting them again on new connections"
            );
        }
        tokio::select! {
            () = tokio::time::sleep(backoff) => {}
            () = shutdown.cancelled() => break,
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
    health.set(false);
}

/// Puts back the jobs that failed workers held, and files as failed the ones that cannot be
/// read (such a job stops the worker that fetches it, again and again otherwise).
async fn settle(queues: &Queues, workers: &[String]) {
    for worker in workers {
        let Ok(queue) = queues.job_queue(queue_name(worker)) else {
            continue;
        };
        match queue.settle_worker(worker).await {
            Ok((requeued, failed)) if requeued + failed > 0 => {
                tracing::warn!(
                    worker,
                    requeued,
                    failed,
                    "settled the jobs of a failed worker"
                );
            }
            Ok(_) => {}
            // Redis is away: the jobs go back once the worker counts as dead.
            Err(err) => tracing::debug!(worker, error = %err, "could not settle a worker's jobs"),
        }
    }
}

impl Crew {
    /// One set of workers over `queues`. A worker that fails cancels `fault`, which stops the
    /// whole set (see [`supervise`]); its name goes into `failed`.
    fn monitor(
        &self,
        queues: &Queues,
        fault: CancellationToken,
        failed: Arc<Mutex<Vec<String>>>,
        shutdown: CancellationToken,
    ) -> Monitor {
        let maintenance_queues = queues.clone();
        let send_queues = queues.clone();
        let context = self.context.clone();
        let wake = self.wake.clone();
        let every = self.every;
        let sender = self.sender.clone();
        let attempts = self.attempts;
        let concurrency = self.concurrency;
        let pauses = self.pauses.clone();
        Monitor::new()
            .on_event(move |worker, event| {
                pauses.observe(worker, event);
                observe(worker, event);
            })
            .register(move |restarts| {
                WorkerBuilder::new(worker_name(maintenance::QUEUE, restarts))
                    .backend(
                        maintenance_queues
                            .worker_backend::<Decoded<MaintenanceJob>>(maintenance::QUEUE),
                    )
                    .data(context.clone())
                    .data(attempts)
                    .concurrency(2)
                    .catch_panic()
                    .build(maintenance::run)
            })
            .register(move |restarts| {
                WorkerBuilder::new(worker_name(send::QUEUE, restarts))
                    .backend(send_queues.worker_backend::<Decoded<SendJob>>(send::QUEUE))
                    .data(sender.clone())
                    .data(attempts)
                    .concurrency(concurrency)
                    .catch_panic()
                    .build(send::run)
            })
            .register(move |restarts| {
                WorkerBuilder::new(worker_name(dispatch::QUEUE, restarts))
                    .backend(every.scheduler())
                    .data(wake.clone())
                    .concurrency(1)
                    .catch_panic()
                    .build(dispatch::tick)
            })
            .should_restart(move |ctx, err| {
                if !shutdown.is_cancelled() && !fault.is_cancelled() {
                    tracing::warn!(worker = ctx.name(), error = %err, "job worker failed");
                }
                failed
                    .lock()
                    .expect("failed workers lock")
                    .push(ctx.name().to_owned());
                fault.cancel();
                false
            })
            .shutdown_timeout(self.shutdown_timeout)
    }
}

/// A clock for a loop that runs at once, then every `period`; a run that overruns delays the
/// next one instead of bunching them up.
fn ticker(period: Duration) -> tokio::time::Interval {
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick
}

/// Waits for the next tick; false once `shutdown` is cancelled.
async fn next_tick(tick: &mut tokio::time::Interval, shutdown: &CancellationToken) -> bool {
    tokio::select! {
        _ = tick.tick() => true,
        () = shutdown.cancelled() => false,
    }
}

/// Enqueues recurring maintenance: once at start, then every [`VACUUM_EVERY`].
async fn schedule(queues: Queues, shutdown: CancellationToken) {
    let mut tick = ticker(VACUUM_EVERY);
    while next_tick(&mut tick, &shutdown).await {
        if let Err(err) = maintenance::enqueue(&queues, MaintenanceJob::VacuumFinishedJobs).await {
            tracing::warn!(error = %err, "could not enqueue maintenance");
        }
    }
}

/// Stores buffered events in PostgreSQL: at once while they keep coming, else every 100 ms.
/// Once `shutdown` is cancelled, it stores what is left and returns.
pub async fn drain_events(pool: PgPool, events: Buffer, shutdown: CancellationToken) {
    let consumer = worker_name("events", 0);
    let mut failures: u64 = 0;
    let mut flushed = false;
    loop {
        let stopping = shutdown.is_cancelled();
        if stopping && !flushed {
            // Events handed over by the last requests go to Redis first, then get stored.
            events.flush().await;
            flushed = true;
        }
        match events.drain_once(&pool, &consumer).await {
            Ok(stored) => {
                if failures > 0 {
                    tracing::info!(failures, "storing buffered events again");
                    failures = 0;
                }
                match stored {
                    0 if stopping => return,
                    0 => {}
                    _ => continue,
                }
            }
            Err(err) => {
                // While Redis or PostgreSQL is away this fails twice a second: log sparsely.
                failures += 1;
                if failures.is_power_of_two() {
                    tracing::warn!(failures, error = %err, "could not store buffered events; retrying");
                }
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

/// How often an idle webhook worker looks for due deliveries.
const WEBHOOK_POLL: Duration = Duration::from_millis(500);

/// How often sent messages are read from the ledger into `sent` events.
const SENT_EVENTS_EVERY: Duration = Duration::from_secs(1);

/// Works the webhook outbox (see `Sender::run`), looking for due deliveries every
/// [`WEBHOOK_POLL`] while nothing is under way.
pub async fn deliver_webhooks(sender: webhook_sender::Sender, shutdown: CancellationToken) {
    sender.run(WEBHOOK_POLL, shutdown).await;
}

/// Every how many runs one also reads the overlap behind the watermark again.
const SENT_REREAD_EVERY: u32 = 10;

/// Stores a `sent` event (and so queues `email.sent` webhooks) for each sent message, every
/// [`SENT_EVENTS_EVERY`].
pub async fn record_sent(pool: PgPool, shutdown: CancellationToken) {
    let mut tick = ticker(SENT_EVENTS_EVERY);
    let mut runs: u32 = 0;
    while next_tick(&mut tick, &shutdown).await {
        runs = runs.wrapping_add(1);
        if let Err(err) = sent::record(&pool, runs.is_multiple_of(SENT_REREAD_EVERY)).await {
            tracing::warn!(error = %err, "could not record sent events; retrying");
        }
    }
}

/// Writes bounce- and complaint-rate notices, every `interval`, for the campaigns and
/// mailboxes with counters in the hours since the previous look (the previous hour at start).
/// Each replica looks; a notice is written once per subject and day whoever writes it.
pub async fn check_rates(
    pool: PgPool,
    thresholds: Thresholds,
    interval: Duration,
    shutdown: CancellationToken,
) {
    let mut tick = ticker(interval);
    let mut since = chrono::Utc::now() - chrono::Duration::hours(1);
    while next_tick(&mut tick, &shutdown).await {
        let started = chrono::Utc::now();
        match alerts::check(&pool, &thresholds, since).await {
            Ok(_) => since = started,
            Err(err) => tracing::warn!(error = %err, "could not check bounce and complaint rates"),
        }
    }
}

/// How often each daemon looks whether an operator paused or resumed a queue.
const PAUSE_POLL: Duration = Duration::from_millis(250);

/// This process's workers, so that pausing a queue (a flag in Redis, for every replica) can
/// stop them taking jobs. A paused worker keeps its heartbeat; its running jobs finish.
#[derive(Debug, Clone, Default)]
struct Pauses {
    inner: Arc<Mutex<PauseState>>,
}

#[derive(Debug, Default)]
struct PauseState {
    paused: HashSet<String>,
    workers: HashMap<String, WorkerContext>,
}

impl Pauses {
    /// Keeps track of workers as they start and stop; one that starts on a paused queue is
    /// paused before it takes a job.
    fn observe(&self, worker: &WorkerContext, event: &Event) {
        let mut state = self.inner.lock().expect("pause state lock");
        match event {
            Event::Start => {
                if state.paused.contains(queue_of(worker)) {
                    let _ = worker.pause();
                }
                state
                    .workers
                    .insert(worker.name().to_owned(), worker.clone());
            }
            Event::Stop => {
                state.workers.remove(worker.name());
            }
            _ => {}
        }
    }

    async fn watch(self, queues: Queues, shutdown: CancellationToken) {
        let mut tick = ticker(PAUSE_POLL);
        let mut failing = false;
        while next_tick(&mut tick, &shutdown).await {
            let applied = match queues.paused().await {
                Ok(paused) => Ok(self.apply(paused.into_iter().collect())),
                Err(err) => Err(err),
            };
            let reported = match applied {
                Ok((stopped, taking)) => queues.report_paused(&stopped, &taking).await,
                Err(err) => Err(err),
            };
            match reported {
                Ok(()) => failing = false,
                Err(err) if !failing => {
                    failing = true;
                    tracing::warn!(error = %err, "cannot read which queues are paused");
                }
                Err(_) => {}
            }
        }
    }

    /// Pauses and resumes this process's workers to match `paused`; answers the names of the
    /// workers that are stopped and of those that take jobs.
    fn apply(&self, paused: HashSet<String>) -> (Vec<String>, Vec<String>) {
        let mut state = self.inner.lock().expect("pause state lock");
        let (mut stopped, mut taking) = (Vec::new(), Vec::new());
        for worker in state.workers.values() {
            let queue = queue_of(worker);
            if paused.contains(queue) && worker.is_running() {
                if worker.pause().is_ok() {
                    tracing::info!(queue, worker = worker.name(), "worker paused");
                }
            } else if !paused.contains(queue) && worker.is_paused() && worker.resume().is_ok() {
                tracing::info!(queue, worker = worker.name(), "worker resumed");
            }
            if worker.is_paused() {
                stopped.push(worker.name().to_owned());
            } else {
                taking.push(worker.name().to_owned());
            }
        }
        state.paused = paused;
        (stopped, taking)
    }
}

/// The queue a worker consumes, from its name (see `queue::worker_name`).
fn queue_of(worker: &WorkerContext) -> &str {
    queue_name(worker.name())
}

fn queue_name(worker: &str) -> &str {
    worker.split('-').next().unwrap_or("unknown")
}

/// Counts finished jobs per queue and outcome for `/metrics`, and logs worker lifecycle.
fn observe(worker: &WorkerContext, event: &Event) {
    let queue = queue_of(worker).to_owned();
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

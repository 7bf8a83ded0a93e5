//! The campaign dispatcher as a recurring job.
//!
//! Every daemon ticks on a schedule of whole seconds (`PENGUIN_DISPATCH_INTERVAL`, rounded up),
//! as an apalis cron job; an advisory lock in PostgreSQL lets one run at a time across
//! replicas. A tick only wakes the dispatcher's loop ([`serve`]) and ends: the cron backend
//! fixes the next tick when one fires, and a job still running when that time has passed
//! would stop its worker (and so every worker of the daemon) with "tick out of range". A run
//! that finds more due enrollments than it may take at once runs again at once, until nothing
//! more is due, so the interval bounds the delay of a due send, not the rate.
//!
//! The dispatcher keeps only a little work ahead of the send workers: while the send queue
//! holds [`Context::backlog`] unfinished jobs per live send worker, it writes no new sends (a
//! tick still runs its repairs) and looks again every [`BACKLOG_POLL`]. Writing a large
//! campaign's sends all at once would take the CPU and the database from the sending for
//! nothing, and would check limits and pauses long before the messages go.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apalis::prelude::*;
use apalis_cron::timezone::Utc;
use apalis_cron::{CronScheduler, Schedule, Tick};
use futures::FutureExt;
use sqlx::PgPool;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::{Queues, send};
use crate::tenant::campaigns::dispatch;
pub use crate::tenant::campaigns::dispatch::Settings;

/// The worker's name prefix; the ticks live in the process, not in Redis.
pub const QUEUE: &str = "dispatch";

/// A tick every so many whole seconds, on multiples of them.
#[derive(Debug, Clone, Copy)]
pub struct Every {
    seconds: u64,
}

impl Every {
    /// Rounds `interval` up to whole seconds, at least one.
    pub fn new(interval: Duration) -> Self {
        let seconds = interval.as_secs() + u64::from(interval.subsec_nanos() > 0);
        Self {
            seconds: seconds.max(1),
        }
    }

    /// The scheduler a worker consumes.
    pub fn scheduler(self) -> CronScheduler<Self> {
        CronScheduler::new(self)
    }

    fn after(self, now: u64) -> u64 {
        (now / self.seconds + 1) * self.seconds
    }
}

impl Schedule<Utc> for Every {
    fn next_tick(&mut self, _: &Utc) -> Option<Tick<Utc>> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        Some(Tick::new(self.after(now)))
    }
}

/// What a dispatcher run needs.
#[derive(Debug, Clone)]
pub struct Context {
    pub pool: PgPool,
    pub queues: Queues,
    pub settings: Settings,
    /// Send tasks one daemon runs at once: jobs are cut to keep them all busy.
    pub workers: usize,
    /// Unfinished send jobs per live send worker (waiting or under way, across replicas) at
    /// which the dispatcher waits for the workers.
    pub backlog: u64,
}

/// How often a dispatcher held back by the send queue's backlog looks again.
pub const BACKLOG_POLL: Duration = Duration::from_millis(100);

/// What one pass of the dispatcher's loop found.
enum Pass {
    /// It took as many enrollments as it may: more may be due.
    Full,
    /// Nothing more is due now.
    Done,
    /// The send workers have enough to do: no new sends were written.
    Backlogged,
}

/// How a tick reaches the dispatcher's loop. Ticks that come while a run is under way make
/// one more run after it, not one each.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    fn wake(&self) {
        self.0.notify_one();
    }
}

/// The cron job of one tick: wakes the dispatcher's loop.
pub async fn tick(_tick: Tick<Utc>, wake: Data<Wake>) -> Result<(), BoxDynError> {
    wake.wake();
    Ok(())
}

/// The dispatcher's loop: on each wake, runs the dispatcher and puts what it schedules on the
/// send queue, again at once while a run takes all it may, and again every [`BACKLOG_POLL`]
/// while the queue's backlog holds it back. Returns once `shutdown` is cancelled, after the run
/// under way. A run that fails or panics is tried again on the next tick.
pub async fn serve(ctx: Context, wake: Wake, shutdown: CancellationToken) {
    let mut held_back = false;
    loop {
        // Repairs run on ticks, not on the polls of a held-back dispatcher.
        let mut repair = tokio::select! {
            () = wake.0.notified() => true,
            () = tokio::time::sleep(BACKLOG_POLL), if held_back => false,
            () = shutdown.cancelled() => return,
        };
        held_back = false;
        while !shutdown.is_cancelled() {
            let passed = AssertUnwindSafe(pass(&ctx, repair)).catch_unwind().await;
            repair = false;
            match passed {
                Ok(Ok(Pass::Full)) => {}
                Ok(Ok(Pass::Done)) => break,
                Ok(Ok(Pass::Backlogged)) => {
                    held_back = true;
                    break;
                }
                Ok(Err(err)) => {
                    // Nothing was lost (see `dispatch::run`).
                    tracing::warn!(error = %err, "the dispatcher failed; retrying on the next tick");
                    break;
                }
                Err(_) => {
                    tracing::error!("the dispatcher panicked; retrying on the next tick");
                    break;
                }
            }
        }
    }
}

/// One pass: a dispatcher run and the push of what it scheduled. While the send queue has
/// enough to do, no new sends are written, and the run (its repairs) happens only when
/// `repair` asks for it, on ticks.
async fn pass(ctx: &Context, repair: bool) -> crate::error::Result<Pass> {
    let (unfinished, workers) = ctx.queues.job_queue(send::QUEUE)?.backlog().await?;
    let backlogged = unfinished >= ctx.backlog * workers.max(1);
    if backlogged && !repair {
        return Ok(Pass::Backlogged);
    }
    let scope = if backlogged {
        dispatch::Scope::Repairs
    } else {
        dispatch::Scope::Everything
    };
    let started = Instant::now();
    let report = dispatch::run(&ctx.pool, &ctx.settings, chrono::Utc::now(), scope).await?;
    metrics::histogram!("penguin_dispatch_duration_seconds")
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("penguin_dispatched_sends_total").increment(report.created as u64);
    if !report.enqueue.is_empty() {
        tracing::debug!(
            created = report.created,
            repaired = report.repaired,
            "dispatched"
        );
        if let Err(err) = send::enqueue(&ctx.queues, &report.enqueue, ctx.workers).await {
            // The ledger has them; a later run puts back what was not pushed.
            tracing::warn!(error = %err, "could not enqueue sends; they will be retried");
        }
    }
    Ok(if backlogged {
        Pass::Backlogged
    } else if report.full {
        Pass::Full
    } else {
        Pass::Done
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_round_up_to_whole_seconds_and_ticks_fall_on_their_multiples() {
        assert_eq!(Every::new(Duration::from_millis(200)).seconds, 1);
        assert_eq!(Every::new(Duration::from_millis(1500)).seconds, 2);
        assert_eq!(Every::new(Duration::from_secs(5)).seconds, 5);
        let every = Every::new(Duration::from_secs(5));
        assert_eq!(every.after(100), 105);
        assert_eq!(every.after(104), 105);
        assert_eq!(Every::new(Duration::from_secs(1)).after(7), 8);
    }
}

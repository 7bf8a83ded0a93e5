//! The event buffer: recipient-facing routes (opens, clicks, unsubscribes) append events to a
//! Redis stream and answer at once, without touching PostgreSQL; the daemon drains the stream
//! into PostgreSQL in batches.
//!
//! Opens and clicks are appended in groups: [`Buffer::hand_over`] gives the event to one task,
//! which takes whatever waits and appends it as one stream entry, so a busy pixel costs Redis
//! one command per group rather than one per request, and the person's image or redirect does
//! not wait for Redis. The task retries a failed append for a while, and [`Buffer::flush`],
//! called on shutdown after the last request, waits until everything handed over is in Redis.
//! Only a crash can lose what was handed over in the last moments before it.
//! [`Buffer::push`] appends its event itself and returns once it is in Redis (an unsubscribe
//! answers only then), so it never waits behind the task's retries.
//!
//! The stream is read through a consumer group, and an entry is acknowledged and deleted only
//! after its batch committed: entries a drainer read but did not store (it died, or the
//! database failed) are taken over after [`RETAKE_AFTER`] by any drainer. Storing is
//! idempotent (events carry their id), so an entry stored twice counts once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use redis::streams::{StreamAutoClaimOptions, StreamId, StreamReadOptions, StreamReadReply};
use sqlx::PgPool;
use tokio::sync::{mpsc, oneshot};

use super::NewEvent;

/// The consumer group of all drainers.
const GROUP: &str = "writers";

/// Entries read but not acknowledged for this long are taken over by another drainer.
pub const RETAKE_AFTER: Duration = Duration::from_secs(30);

/// The most stream entries one drain batch stores.
const BATCH: usize = 100;

/// The most events one stream entry holds.
const GROUP_SIZE: usize = 64;

/// The field of an entry holding a JSON array of events.
const EVENTS_FIELD: &str = "events";

/// The field of an entry holding one event, as entries were first written.
const EVENT_FIELD: &str = "event";

/// How long a hand-over waits for room in the queue before the event is given up.
const HAND_OVER_WAIT: Duration = Duration::from_secs(1);

/// How often the task tries to append a group of handed-over events before giving it up.
const APPEND_TRIES: u32 = 6;

/// What the appending task is given.
enum Waiting {
    /// An event, as JSON.
    Event(String),
    /// Answered once everything queued before it has been appended or given up.
    Flush(oneshot::Sender<()>),
}

/// The buffer of one deployment.
#[derive(Clone)]
pub struct Buffer {
    conn: ConnectionManager,
    stream: String,
    /// Whether the consumer group is known to exist (it goes with the stream if Redis loses it).
    grouped: Arc<AtomicBool>,
    /// To the task that appends waiting events in groups.
    waiting: mpsc::Sender<Waiting>,
}

impl std::fmt::Debug for Buffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Buffer")
            .field("stream", &self.stream)
            .finish_non_exhaustive()
    }
}

/// Why a drain failed.
#[derive(Debug, thiserror::Error)]
pub enum DrainError {
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error(transparent)]
    Store(#[from] crate::Error),
}

impl Buffer {
    /// A buffer over `conn`; starts its appending task on the current Tokio runtime. The task
    /// ends when the last clone of the buffer is dropped.
    pub fn new(conn: ConnectionManager, namespace: &str) -> Self {
        let stream = format!("{namespace}.events");
        let (waiting, queue) = mpsc::channel(4 * GROUP_SIZE);
        tokio::spawn(append_groups(conn.clone(), stream.clone(), queue));
        Self {
            conn,
            stream,
            grouped: Arc::default(),
            waiting,
        }
    }

    /// Appends an event. Once this returns `Ok`, the event will be stored.
    pub async fn push(&self, event: &NewEvent) -> redis::RedisResult<()> {
        let json = serde_json::to_string(event).expect("events serialize");
        append(&self.conn, &self.stream, std::iter::once(&json)).await
    }

    /// Gives an event to the appending task and returns without waiting for Redis. Gives the
    /// event up (logged and counted) only when the task has had no room for it for a second.
    pub async fn hand_over(&self, event: &NewEvent) {
        let waiting = Waiting::Event(serde_json::to_string(event).expect("events serialize"));
        if self
            .waiting
            .send_timeout(waiting, HAND_OVER_WAIT)
            .await
            .is_err()
        {
            metrics::counter!("penguin_events_dropped_total").increment(1);
            tracing::error!(
                kind = event.kind.as_str(),
                "event buffer full; an event was dropped"
            );
        }
    }

    /// Waits until every event handed over before this call is in Redis (or given up).
    pub async fn flush(&self) {
        let (done, flushed) = oneshot::channel();
        if self.waiting.send(Waiting::Flush(done)).await.is_ok() {
            let _ = flushed.await;
        }
    }

    /// Creates the consumer group when it does not exist yet.
    async fn ensure_group(&self) -> redis::RedisResult<()> {
        let created: redis::RedisResult<()> = self
            .conn
            .clone()
            .xgroup_create_mkstream(&self.stream, GROUP, "0")
            .await;
        match created {
            Err(err) if err.code() == Some("BUSYGROUP") => Ok(()),
            other => other,
        }
    }

    /// Stores one batch: entries abandoned by another drainer first, then new ones. Returns
    /// how many entries were taken from the stream.
    pub async fn drain_once(&self, pool: &PgPool, consumer: &str) -> Result<usize, DrainError> {
        if !self.grouped.load(Ordering::Relaxed) {
            self.ensure_group().await?;
            self.grouped.store(true, Ordering::Relaxed);
        }
        match self.drain_batch(pool, consumer).await {
            Err(DrainError::Redis(err)) if err.code() == Some("NOGROUP") => {
                self.grouped.store(false, Ordering::Relaxed);
                Err(DrainError::Redis(err))
            }
            other => other,
        }
    }

    async fn drain_batch(&self, pool: &PgPool, consumer: &str) -> Result<usize, DrainError> {
        let mut conn = self.conn.clone();
        let retaken: redis::streams::StreamAutoClaimReply = conn
            .xautoclaim_options(
                &self.stream,
                GROUP,
                consumer,
                RETAKE_AFTER.as_millis() as u64,
                "0-0",
                StreamAutoClaimOptions::default().count(BATCH),
            )
            .await?;
        let mut entries = retaken.claimed;
        if entries.is_empty() {
            let read: Option<StreamReadReply> = conn
                .xread_options(
                    &[&self.stream],
                    &[">"],
                    &StreamReadOptions::default()
                        .group(GROUP, consumer)
                        .count(BATCH),
                )
                .await?;
            entries = read
                .into_iter()
                .flat_map(|reply| reply.keys)
                .flat_map(|key| key.ids)
                .collect();
        }
        if entries.is_empty() {
            return Ok(0);
        }
        let events: Vec<NewEvent> = entries.iter().flat_map(decode).collect();
        super::record(pool, &events).await?;
        let ids: Vec<&str> = entries.iter().map(|entry| entry.id.as_str()).collect();
        let _: i64 = conn.xack(&self.stream, GROUP, &ids).await?;
        let _: i64 = conn.xdel(&self.stream, &ids).await?;
        Ok(entries.len())
    }
}

/// Appends what waits, in groups of up to [`GROUP_SIZE`] events per stream entry, one entry
/// at a time: whatever arrives while an append is on its way goes with the next one.
async fn append_groups(
    conn: ConnectionManager,
    stream: String,
    mut queue: mpsc::Receiver<Waiting>,
) {
    let mut taken = Vec::with_capacity(GROUP_SIZE);
    while queue.recv_many(&mut taken, GROUP_SIZE).await > 0 {
        let mut events = Vec::with_capacity(taken.len());
        let mut flushes = Vec::new();
        for waiting in taken.drain(..) {
            match waiting {
                Waiting::Event(json) => events.push(json),
                Waiting::Flush(done) => flushes.push(done),
            }
        }
        if !events.is_empty() {
            metrics::histogram!("penguin_event_group_size").record(events.len() as f64);
            if let Err(err) = append(&conn, &stream, events.iter()).await {
                retry(&conn, &stream, &events, err).await;
            }
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}

/// Appends events as one stream entry holding their JSON array.
async fn append<'a>(
    conn: &ConnectionManager,
    stream: &str,
    events: impl Iterator<Item = &'a String>,
) -> redis::RedisResult<()> {
    let mut json = String::from("[");
    for (i, event) in events.enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(event);
    }
    if json.len() == 1 {
        return Ok(());
    }
    json.push(']');
    let _: String = conn
        .clone()
        .xadd(stream, "*", &[(EVENTS_FIELD, json)])
        .await?;
    Ok(())
}

/// Tries again to append handed-over events, waiting longer each time (0.2 s to 3.2 s), and
/// gives them up after [`APPEND_TRIES`] tries.
async fn retry(
    conn: &ConnectionManager,
    stream: &str,
    events: &[String],
    mut err: redis::RedisError,
) {
    for attempt in 1..APPEND_TRIES {
        tokio::time::sleep(Duration::from_millis(100 << attempt.min(5))).await;
        match append(conn, stream, events.iter()).await {
            Ok(()) => return,
            Err(again) => err = again,
        }
    }
    metrics::counter!("penguin_events_dropped_total").increment(events.len() as u64);
    tracing::error!(count = events.len(), error = %err, "could not buffer events; dropped");
}

/// The events of one stream entry: a group, or a single event as first written.
fn decode(entry: &StreamId) -> Vec<NewEvent> {
    let read = if let Some(json) = entry.get::<String>(EVENTS_FIELD) {
        serde_json::from_str(&json)
    } else if let Some(json) = entry.get::<String>(EVENT_FIELD) {
        serde_json::from_str(&json).map(|event| vec![event])
    } else {
        Ok(Vec::new())
    };
    read.unwrap_or_else(|err| {
        // Written by this code, so only a version change could cause it; keep going.
        tracing::error!(entry = %entry.id, error = %err, "dropping events that cannot be read");
        Vec::new()
    })
}

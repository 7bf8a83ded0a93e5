//! The event buffer: recipient-facing routes (unsubscribe, and later opens and clicks) append
//! events to a Redis stream and answer at once, without touching PostgreSQL; the daemon drains
//! the stream into PostgreSQL in batches.
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

use super::NewEvent;

/// The consumer group of all drainers.
const GROUP: &str = "writers";

/// Entries read but not acknowledged for this long are taken over by another drainer.
pub const RETAKE_AFTER: Duration = Duration::from_secs(30);

/// The most events one batch stores.
const BATCH: usize = 1000;

/// The buffer of one deployment.
#[derive(Clone)]
pub struct Buffer {
    conn: ConnectionManager,
    stream: String,
    /// Whether the consumer group is known to exist (it goes with the stream if Redis loses it).
    grouped: Arc<AtomicBool>,
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
    pub fn new(conn: ConnectionManager, namespace: &str) -> Self {
        Self {
            conn,
            stream: format!("{namespace}.events"),
            grouped: Arc::default(),
        }
    }

    /// Appends an event. Once this returns, the event will be stored.
    pub async fn push(&self, event: &NewEvent) -> redis::RedisResult<()> {
        let json = serde_json::to_string(event).expect("events serialize");
        let _: String = self
            .conn
            .clone()
            .xadd(&self.stream, "*", &[("event", json)])
            .await?;
        Ok(())
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
        let events: Vec<NewEvent> = entries.iter().filter_map(decode).collect();
        super::record(pool, &events).await?;
        let ids: Vec<&str> = entries.iter().map(|entry| entry.id.as_str()).collect();
        let _: i64 = conn.xack(&self.stream, GROUP, &ids).await?;
        let _: i64 = conn.xdel(&self.stream, &ids).await?;
        Ok(entries.len())
    }
}

fn decode(entry: &StreamId) -> Option<NewEvent> {
    let json: String = entry.get("event")?;
    match serde_json::from_str(&json) {
        Ok(event) => Some(event),
        Err(err) => {
            // Written by this code, so only a version change could cause it; keep going.
            tracing::error!(entry = %entry.id, error = %err, "dropping an event that cannot be read");
            None
        }
    }
}

//! `sent` events: the ledger records a message as sent in its own hot statement, and a loop
//! reads the ledger behind a watermark and stores one `sent` event per message, so the send
//! path writes nothing more and the event stream still holds every message that left.
//!
//! Storing goes through [`super::record_in`], so `email.sent` webhooks are queued and the `sent`
//! counters added like every other event's.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::{Kind, NewEvent};
use crate::error::Result;

/// How far behind the watermark a re-reading run looks again: a ledger write that committed
/// late (its `finished_at` is its transaction's start) is still found. Messages that already
/// have their event are skipped, so reading one twice is harmless.
const OVERLAP_SECS: f64 = 30.0;

/// Messages one run reads at most.
const BATCH: i64 = 1000;

/// The key that makes a message's `sent` event one event however often it is read. A message
/// sent again after a soft bounce is a new `sent` event.
pub fn dedup_key(send_id: Uuid, soft_bounces: i32) -> String {
    match soft_bounces {
        0 => format!("sent:{send_id}"),
        n => format!("sent:{send_id}:{n}"),
    }
}

#[derive(sqlx::FromRow)]
struct SentRow {
    id: Uuid,
    soft_bounces: i32,
    finished_at: DateTime<Utc>,
    smtp_code: Option<i32>,
    message_id: String,
}

/// Stores `sent` events for messages sent since the watermark (with `reread`, since
/// [`OVERLAP_SECS`] before it), and moves it. One daemon at a time does this (the watermark
/// row is locked; others skip). Returns how many events it stored.
pub async fn record(pool: &PgPool, reread: bool) -> Result<usize> {
    let mut tx = pool.begin().await?;
    let position: Option<(DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(
        "SELECT position, now() FROM webhook_cursors WHERE name = 'events.sent' \
         FOR UPDATE SKIP LOCKED",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some((position, now)) = position else {
        return Ok(0);
    };
    // Messages whose event is already stored are left out here (the key is [`dedup_key`]'s,
    // written in SQL), so that a re-read of stored ones never fills a batch and holds the
    // watermark back.
    let rows = sqlx::query_as::<_, SentRow>(
        "SELECT s.id, s.soft_bounces, s.finished_at, s.smtp_code, s.message_id FROM sends s \
         WHERE s.status = 'sent' AND s.finished_at > $1 - make_interval(secs => $2) \
         AND s.finished_at <= $3 \
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.dedup_key = 'sent:' || s.id \
             || CASE WHEN s.soft_bounces = 0 THEN '' ELSE ':' || s.soft_bounces END) \
         ORDER BY s.finished_at LIMIT $4",
    )
    .bind(position)
    .bind(if reread { OVERLAP_SECS } else { 0.0 })
    .bind(now)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    let next = match rows.last() {
        // More to read: continue from the last one read.
        Some(last) if rows.len() as i64 == BATCH => last.finished_at,
        _ => now,
    };
    let events: Vec<NewEvent> = rows
        .into_iter()
        .map(|row| NewEvent {
            dedup_key: Some(dedup_key(row.id, row.soft_bounces)),
            occurred_at: row.finished_at,
            ..NewEvent::now(
                Kind::Sent,
                row.id,
                json!({ "smtp_code": row.smtp_code, "message_id": row.message_id }),
            )
        })
        .collect();
    let stored = super::record_in(&mut tx, &events).await?;
    sqlx::query("UPDATE webhook_cursors SET position = $1 WHERE name = 'events.sent'")
        .bind(next)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(stored)
}

//! Soft bounces reported after a message was accepted (a DSN whose status is `4.x.x`: a full
//! mailbox, a server that kept deferring until the sending MTA gave up). The message is sent
//! again later, a bounded number of times; after the last try it counts as failed.
//!
//! Only the lead's latest message is sent again: when a later step already went out, the
//! bounce is counted and changes nothing more. Sending again reuses the message's ledger row
//! (same Message-ID), so the ledger's one-row-per-step rule holds and the dispatcher requeues
//! it like any deferred send.

use chrono::Duration;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::error::Result;

/// How long to wait before each new try after a soft bounce: the first after an hour, the
/// second after four. A third soft bounce fails the message.
pub const WAITS_MINUTES: [i64; 2] = [60, 240];

/// What a soft bounce did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoftBounce {
    /// The message goes out again later.
    Retried,
    /// No tries left, or the campaign no longer sends: the message and the lead's sequence
    /// failed.
    Failed,
    /// Not the lead's latest message, or the sequence was stopped: counted only.
    Counted,
}

/// Schedules another try of the bounced message, or fails it when none is left.
pub(crate) async fn soft_bounce(
    tx: &mut Transaction<'_, Postgres>,
    send_id: Uuid,
    reason: &str,
) -> Result<SoftBounce> {
    #[derive(sqlx::FromRow)]
    struct Latest {
        soft_bounces: i32,
        campaign_sending: bool,
    }
    // The send and its enrollment are locked, so the ledger cannot move them meanwhile.
    let latest = sqlx::query_as::<_, Latest>(
        "SELECT s.soft_bounces, c.status IN ('active', 'paused') AS campaign_sending \
         FROM sends s JOIN enrollments e ON e.id = s.enrollment_id \
         JOIN campaigns c ON c.id = s.campaign_id \
         WHERE s.id = $1 AND s.status = 'sent' AND e.status IN ('active', 'completed') \
         AND e.next_step = s.step + 1 AND e.current_send_id IS NULL \
         FOR NO KEY UPDATE OF s, e",
    )
    .bind(send_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(latest) = latest else {
        return Ok(SoftBounce::Counted);
    };
    let tries = usize::try_from(latest.soft_bounces).unwrap_or(usize::MAX);
    let wait = WAITS_MINUTES.get(tries).filter(|_| latest.campaign_sending);
    if let Some(wait) = wait {
        let wait = Duration::minutes(*wait);
        let note = format!("soft bounce ({reason}); sending again");
        sqlx::query(
            "WITH s AS ( \
                 UPDATE sends SET status = 'deferred', soft_bounces = soft_bounces + 1, \
                 next_attempt_at = now() + $2, claim = NULL, data_at = NULL, \
                 finished_at = NULL, smtp_reply = $3 WHERE id = $1 \
                 RETURNING id, enrollment_id, step, message_id, next_attempt_at) \
             UPDATE enrollments e SET status = 'active', reason = $3, current_send_id = s.id, \
             next_step = s.step, next_at = s.next_attempt_at, \
             message_ids = array_remove(e.message_ids, s.message_id), updated_at = now() \
             FROM s WHERE e.id = s.enrollment_id",
        )
        .bind(send_id)
        .bind(wait)
        .bind(&note)
        .execute(&mut **tx)
        .await?;
        return Ok(SoftBounce::Retried);
    }
    let note = format!("soft bounced {} times; last: {reason}", tries + 1);
    sqlx::query(
        "WITH s AS ( \
             UPDATE sends SET status = 'failed', smtp_reply = $2 WHERE id = $1 \
             RETURNING enrollment_id), \
         failed AS ( \
             UPDATE enrollments e SET status = 'failed', reason = $2, current_send_id = NULL, \
             updated_at = now() FROM s WHERE e.id = s.enrollment_id RETURNING e.id) \
         UPDATE sends q SET status = 'cancelled', finished_at = now(), smtp_reply = $2 \
         FROM failed WHERE q.enrollment_id = failed.id \
         AND q.status IN ('queued', 'deferred') AND q.claim IS NULL",
    )
    .bind(send_id)
    .bind(&note)
    .execute(&mut **tx)
    .await?;
    Ok(SoftBounce::Failed)
}

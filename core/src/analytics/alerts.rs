//! Notices when a campaign's or a mailbox's bounce or complaint rate crosses its threshold.
//!
//! Checked from the counters by a loop in the daemon, so the send path pays nothing for it. A
//! campaign's rates cover its whole life, a mailbox's the last seven days; either needs a
//! minimum of attempted messages before it can fire, and fires at most once per UTC day.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::Result;
use crate::notifications::{NewNotice, notify};

/// When a rate is worth a notice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Bounced over attempted messages.
    pub bounce_rate: f64,
    /// Complaints over reached messages.
    pub complaint_rate: f64,
    /// Attempted messages below which no rate is judged.
    pub min_sent: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            bounce_rate: 0.05,
            complaint_rate: 0.003,
            min_sent: 50,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
struct Subject {
    tenant_id: Uuid,
    id: Uuid,
    name: String,
    attempted: i64,
    bounced: i64,
    complained: i64,
    reached: i64,
}

/// Looks at the campaigns and mailboxes with counters in the hours since `since` and writes
/// the notices that are due. Returns how many rates were over their threshold (notices
/// already written today included).
pub async fn check(pool: &PgPool, thresholds: &Thresholds, since: DateTime<Utc>) -> Result<usize> {
    let campaigns: Vec<Subject> = sqlx::query_as(
        "WITH active AS (SELECT DISTINCT campaign_id FROM analytics_counters \
             WHERE hour >= date_trunc('hour', $1::timestamptz, 'UTC')), \
         t AS (SELECT a.campaign_id AS id, sum(sent + refused)::bigint AS attempted, \
             sum(bounced_hard + bounced_soft)::bigint AS bounced, \
             sum(complained)::bigint AS complained, \
             greatest(sum(sent) - sum(bounced_hard + bounced_soft - refused), 0)::bigint \
                 AS reached \
             FROM analytics_counters a JOIN active USING (campaign_id) GROUP BY 1) \
         SELECT c.tenant_id, c.id, c.name, t.attempted, t.bounced, t.complained, t.reached \
         FROM t JOIN campaigns c ON c.id = t.id WHERE t.attempted >= $2",
    )
    .bind(since)
    .bind(thresholds.min_sent)
    .fetch_all(pool)
    .await?;
    let mailboxes: Vec<Subject> = sqlx::query_as(
        "WITH active AS (SELECT DISTINCT mailbox_id FROM analytics_counters \
             WHERE hour >= date_trunc('hour', $1::timestamptz, 'UTC')), \
         t AS (SELECT a.mailbox_id AS id, sum(sent + refused)::bigint AS attempted, \
             sum(bounced_hard + bounced_soft)::bigint AS bounced, \
             sum(complained)::bigint AS complained, \
             greatest(sum(sent) - sum(bounced_hard + bounced_soft - refused), 0)::bigint \
                 AS reached \
             FROM analytics_counters a JOIN active USING (mailbox_id) \
             WHERE a.hour >= now() - interval '7 days' GROUP BY 1) \
         SELECT m.tenant_id, m.id, m.email AS name, t.attempted, t.bounced, t.complained, \
         t.reached FROM t JOIN mailboxes m ON m.id = t.id WHERE t.attempted >= $2",
    )
    .bind(since)
    .bind(thresholds.min_sent)
    .fetch_all(pool)
    .await?;

    let today = Utc::now().date_naive();
    let mut notices = Vec::new();
    for (kind, subjects) in [("campaign", campaigns), ("mailbox", mailboxes)] {
        for s in subjects {
            let bounce_rate = s.bounced as f64 / s.attempted.max(1) as f64;
            if bounce_rate > thresholds.bounce_rate {
                notices.push(notice(
                    kind,
                    &s,
                    "bounce_rate",
                    bounce_rate,
                    thresholds.bounce_rate,
                    format!("{} of {} messages bounced", s.bounced, s.attempted),
                    today,
                ));
            }
            let complaint_rate = s.complained as f64 / s.reached.max(1) as f64;
            if s.complained > 0 && complaint_rate > thresholds.complaint_rate {
                notices.push(notice(
                    kind,
                    &s,
                    "complaint_rate",
                    complaint_rate,
                    thresholds.complaint_rate,
                    format!(
                        "{} of {} delivered messages were reported as spam",
                        s.complained, s.reached
                    ),
                    today,
                ));
            }
        }
    }
    let count = notices.len();
    if count > 0 {
        let mut tx = pool.begin().await?;
        for notice in notices {
            notify(&mut tx, notice).await?;
        }
        tx.commit().await?;
    }
    Ok(count)
}

fn notice(
    kind: &'static str,
    subject: &Subject,
    rate: &'static str,
    value: f64,
    threshold: f64,
    counts: String,
    today: chrono::NaiveDate,
) -> NewNotice {
    let what = if rate == "bounce_rate" {
        "Bounce"
    } else {
        "Complaint"
    };
    let notice_kind: &'static str = match (kind, rate) {
        ("campaign", "bounce_rate") => "campaign.bounce_rate",
        ("campaign", _) => "campaign.complaint_rate",
        (_, "bounce_rate") => "mailbox.bounce_rate",
        _ => "mailbox.complaint_rate",
    };
    let period = if kind == "campaign" {
        "so far"
    } else {
        "over the last 7 days"
    };
    NewNotice {
        tenant_id: subject.tenant_id,
        kind: notice_kind,
        title: format!(
            "{what} rate of {:.1}% on {kind} {}",
            value * 100.0,
            subject.name
        ),
        body: format!(
            "{counts} {period}, above the threshold of {:.1}%. Check the list and the \
             sending reputation before sending more.",
            threshold * 100.0
        ),
        subject: Some((kind, subject.id)),
        details: json!({
            "rate": value,
            "threshold": threshold,
            "attempted": subject.attempted,
            "bounced": subject.bounced,
            "complained": subject.complained,
        }),
        dedup_key: format!("{notice_kind}:{}:{today}", subject.id),
    }
}

//! What a campaign has done and what it is waiting for.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::TenantScope;
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};

/// Send counts by outcome.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SendCounts {
    /// Accepted by the SMTP server.
    pub sent: i64,
    /// Refused permanently (5xx on the recipient or the message).
    pub bounced: i64,
    /// Gave up after temporary failures, or could not be built.
    pub failed: i64,
    /// Queued or being sent.
    pub in_flight: i64,
    /// Waiting to retry after a temporary failure.
    pub deferred: i64,
    /// The connection was lost after DATA: the recipient may or may not have it.
    pub ambiguous: i64,
    /// Messages with each kind of event (each message counted once per kind; machine opens
    /// and clicks left out). `bounced` above also counts bounces reported after acceptance.
    pub opened: i64,
    pub clicked: i64,
    pub replied: i64,
    pub auto_replied: i64,
    pub unsubscribed: i64,
    pub complained: i64,
    /// Every open and click by a person, counting repeats.
    pub opens_total: i64,
    pub clicks_total: i64,
    /// Opens and clicks by image proxies, prefetchers and link scanners.
    pub machine_opens: i64,
    pub machine_clicks: i64,
}

impl SendCounts {
    fn add(&mut self, status: &str, count: i64) {
        match status {
            "sent" => self.sent += count,
            "bounced" => self.bounced += count,
            "failed" | "cancelled" => self.failed += count,
            "queued" | "claimed" => self.in_flight += count,
            "deferred" => self.deferred += count,
            "ambiguous" => self.ambiguous += count,
            _ => {}
        }
    }

    /// Adds the events of one kind: `unique` messages that had one from a person, `total`
    /// such events, and `machine` ones.
    fn add_events(&mut self, kind: &str, (unique, total, machine): (i64, i64, i64)) {
        match kind {
            "opened" => {
                self.opens_total += total;
                self.machine_opens += machine;
            }
            "clicked" => {
                self.clicks_total += total;
                self.machine_clicks += machine;
            }
            _ => {}
        }
        self.add_event(kind, unique);
    }

    /// Adds the messages that had an event of `kind`.
    fn add_event(&mut self, kind: &str, count: i64) {
        match kind {
            "bounced" => self.bounced += count,
            "opened" => self.opened += count,
            "clicked" => self.clicked += count,
            "replied" => self.replied += count,
            "auto_replied" => self.auto_replied += count,
            "unsubscribed" => self.unsubscribed += count,
            "complained" => self.complained += count,
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VariantStats {
    pub variant: i32,
    #[serde(flatten)]
    pub sends: SendCounts,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepStats {
    pub step: i32,
    #[serde(flatten)]
    pub sends: SendCounts,
    pub variants: Vec<VariantStats>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignStats {
    pub campaign_id: Uuid,
    pub status: String,
    pub enrolled: i64,
    /// Enrollments by state: active, completed, stopped, failed, attention.
    pub enrollments: BTreeMap<String, i64>,
    #[serde(flatten)]
    pub sends: SendCounts,
    pub steps: Vec<StepStats>,
    /// Active enrollments not yet due, by the reason they wait.
    pub waiting: BTreeMap<String, i64>,
}

pub async fn campaign(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<CampaignStats> {
    let status: String =
        sqlx::query_scalar("SELECT status FROM campaigns WHERE tenant_id = $1 AND id = $2")
            .bind(scope.tenant_id())
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(Error::NotFound("campaign"))?;
    let enrollments: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, count(*) FROM enrollments WHERE tenant_id = $1 AND campaign_id = $2 GROUP BY status",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_all(pool)
    .await?;
    let waiting: Vec<(String, i64)> = sqlx::query_as(
        "SELECT coalesce(reason, 'due'), count(*) FROM enrollments WHERE tenant_id = $1 \
         AND campaign_id = $2 AND status = 'active' AND current_send_id IS NULL GROUP BY 1",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_all(pool)
    .await?;
    // A send being sent keeps its waiting status and carries a claim.
    let sends: Vec<(i32, i32, String, i64)> = sqlx::query_as(
        "SELECT step, variant, CASE WHEN claim IS NOT NULL AND status IN ('queued', 'deferred') \
         THEN 'claimed' ELSE status END, count(*) FROM sends \
         WHERE tenant_id = $1 AND campaign_id = $2 GROUP BY 1, 2, 3 ORDER BY 1, 2",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_all(pool)
    .await?;

    let events: Vec<(i32, i32, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT step, variant, kind, count(DISTINCT send_id) FILTER (WHERE NOT machine), \
         count(*) FILTER (WHERE NOT machine), count(*) FILTER (WHERE machine) FROM events \
         WHERE tenant_id = $1 AND campaign_id = $2 GROUP BY step, variant, kind",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_all(pool)
    .await?;

    let mut total = SendCounts::default();
    let mut steps: BTreeMap<i32, (SendCounts, BTreeMap<i32, SendCounts>)> = BTreeMap::new();
    let mut count = |step: i32, variant: i32, add: &dyn Fn(&mut SendCounts)| {
        add(&mut total);
        let entry = steps.entry(step).or_default();
        add(&mut entry.0);
        add(entry.1.entry(variant).or_default());
    };
    for (step, variant, status, n) in sends {
        count(step, variant, &|c| c.add(&status, n));
    }
    for (step, variant, kind, unique, all, machine) in events {
        count(step, variant, &|c| {
            c.add_events(&kind, (unique, all, machine));
        });
    }
    let steps = steps
        .into_iter()
        .map(|(step, (sends, variants))| StepStats {
            step,
            sends,
            variants: variants
                .into_iter()
                .map(|(variant, sends)| VariantStats { variant, sends })
                .collect(),
        })
        .collect();
    Ok(CampaignStats {
        campaign_id: id,
        status,
        enrolled: enrollments.iter().map(|(_, c)| c).sum(),
        enrollments: enrollments.into_iter().collect(),
        sends: total,
        steps,
        waiting: waiting.into_iter().collect(),
    })
}

/// One lead's place in a campaign.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Enrollment {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub email: String,
    /// `active`, `completed`, `stopped`, `failed` or `attention`.
    pub status: String,
    /// Why it ended, or what it is waiting for.
    pub reason: Option<String>,
    /// The next step to send (0-based).
    pub next_step: i32,
    /// When the next step is due; null means as soon as the campaign allows.
    pub next_at: Option<DateTime<Utc>>,
    pub mailbox_id: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

pub async fn enrollments(
    pool: &PgPool,
    scope: &TenantScope,
    campaign_id: Uuid,
    status: Option<&str>,
    page: PageRequest,
) -> Result<Page<Enrollment>> {
    let exists: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM campaigns WHERE tenant_id = $1 AND id = $2")
            .bind(scope.tenant_id())
            .bind(campaign_id)
            .fetch_optional(pool)
            .await?;
    exists.ok_or(Error::NotFound("campaign"))?;
    let rows = sqlx::query_as::<_, Enrollment>(
        "SELECT e.id, e.lead_id, l.email, e.status, e.reason, e.next_step, e.next_at, e.mailbox_id, \
         e.updated_at FROM enrollments e JOIN leads l ON l.id = e.lead_id \
         WHERE e.tenant_id = $1 AND e.campaign_id = $2 AND ($3::text IS NULL OR e.status = $3) \
         AND ($4::uuid IS NULL OR e.id > $4) ORDER BY e.id LIMIT $5",
    )
    .bind(scope.tenant_id())
    .bind(campaign_id)
    .bind(status)
    .bind(page.after)
    .bind(page.fetch())
    .fetch_all(pool)
    .await?;
    Ok(Page::from_rows(rows, page, |e| e.id))
}

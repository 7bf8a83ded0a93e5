//! What a campaign has done (read from the analytics counters) and what it is waiting for.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::analytics::{Counters, SUMS, Totals};
use crate::auth::TenantScope;
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};

/// A campaign's numbers, from the analytics counters, with what is still waiting to be sent.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SendCounts {
    /// Counts kept as counters. `bounced` also counts bounces reported after acceptance;
    /// unique counts (opened, clicked, ...) count each message once, machine opens and clicks
    /// apart.
    #[serde(flatten)]
    pub totals: Totals,
    /// Queued or being sent.
    pub in_flight: i64,
    /// Waiting to retry after a temporary failure.
    pub deferred: i64,
}

impl SendCounts {
    fn add(&mut self, counters: &Counters) {
        let mut sum = self.totals.counters.clone();
        sum.add(counters);
        self.totals = sum.into();
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

#[derive(sqlx::FromRow)]
struct StepRow {
    step: i32,
    variant: i32,
    #[sqlx(flatten)]
    counters: Counters,
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
        "SELECT coalesce(reason, CASE WHEN next_at > now() THEN 'delay before the next step' \
         ELSE 'due' END), count(*) FROM enrollments WHERE tenant_id = $1 \
         AND campaign_id = $2 AND status = 'active' AND current_send_id IS NULL GROUP BY 1",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_all(pool)
    .await?;
    // What is waiting to be sent is the current send of an enrollment; a send being sent keeps
    // its waiting status and carries a claim.
    let pending: Vec<(i32, i32, String, i64)> = sqlx::query_as(
        "SELECT s.step, s.variant, CASE WHEN s.claim IS NULL THEN s.status ELSE 'claimed' END, \
         count(*) FROM enrollments e \
         JOIN sends s ON s.id = e.current_send_id \
         WHERE e.tenant_id = $1 AND e.campaign_id = $2 AND e.current_send_id IS NOT NULL \
         AND s.status IN ('queued', 'deferred') GROUP BY 1, 2, 3",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_all(pool)
    .await?;
    let sql = format!(
        "SELECT step, variant, {sums} FROM analytics_counters \
         WHERE campaign_id = $1 AND tenant_id = $2 GROUP BY 1, 2",
        sums = SUMS.as_str()
    );
    let counted: Vec<StepRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(scope.tenant_id())
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
    for row in &counted {
        count(row.step, row.variant, &|c| c.add(&row.counters));
    }
    for (step, variant, status, n) in pending {
        count(step, variant, &|c| match status.as_str() {
            "deferred" => c.deferred += n,
            _ => c.in_flight += n,
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

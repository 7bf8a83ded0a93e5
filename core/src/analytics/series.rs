//! A tenant's analytics read from the counters: a campaign's days in its time zone, a
//! mailbox's and a workspace's days in UTC.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{Counters, Day, Days, SUMS, Totals};
use crate::auth::TenantScope;
use crate::error::{Error, Result};

#[derive(Debug, sqlx::FromRow)]
struct DayRow {
    date: NaiveDate,
    #[sqlx(flatten)]
    counters: Counters,
}

fn totals(days: &[Day]) -> Totals {
    let mut sum = Counters::default();
    for day in days {
        sum.add(&day.totals.counters);
    }
    sum.into()
}

/// Today in a time zone.
async fn today(pool: &PgPool, timezone: &str) -> Result<NaiveDate> {
    Ok(sqlx::query_scalar("SELECT (now() AT TIME ZONE $1)::date")
        .bind(timezone)
        .fetch_one(pool)
        .await?)
}

/// A campaign's counters day by day, in its schedule's time zone.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignDays {
    pub campaign_id: Uuid,
    /// The IANA time zone the days are cut in.
    pub timezone: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The whole range.
    pub totals: Totals,
    /// Every day of the range, oldest first.
    pub days: Vec<Day>,
}

/// A campaign's daily series. Counters are kept per UTC hour, so days are exact in time zones
/// a whole number of hours from UTC; elsewhere an hour straddling midnight counts for the day
/// it starts in.
pub async fn campaign_days(
    pool: &PgPool,
    scope: &TenantScope,
    id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<CampaignDays> {
    let timezone: String = sqlx::query_scalar(
        "SELECT coalesce(schedule->>'timezone', 'UTC') FROM campaigns \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or(Error::NotFound("campaign"))?;
    let range = Days::parse(from, to, today(pool, &timezone).await?)?;

    let sql = format!(
        "SELECT (hour AT TIME ZONE $3)::date AS date, {sums} FROM analytics_counters \
         WHERE campaign_id = $1 AND tenant_id = $2 \
         AND hour >= ($4::date::timestamp AT TIME ZONE $3) \
         AND hour < (($5::date + 1)::timestamp AT TIME ZONE $3) GROUP BY 1",
        sums = SUMS.as_str()
    );
    let rows: Vec<DayRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(scope.tenant_id())
        .bind(&timezone)
        .bind(range.from)
        .bind(range.to)
        .fetch_all(pool)
        .await?;
    let days = range.fill(rows.into_iter().map(|r| (r.date, r.counters)).collect());
    Ok(CampaignDays {
        campaign_id: id,
        timezone,
        from: range.from,
        to: range.to,
        totals: totals(&days),
        days,
    })
}

/// A mailbox's counters over a range of UTC days, all campaigns together.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MailboxStats {
    pub mailbox_id: Uuid,
    pub email: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub totals: Totals,
    pub days: Vec<Day>,
}

/// Days of UTC counters under one key column (`mailbox_id` or `workspace_id`).
async fn utc_days(
    pool: &PgPool,
    scope: &TenantScope,
    column: &str,
    id: Uuid,
    range: Days,
) -> Result<Vec<Day>> {
    let sql = format!(
        "SELECT (hour AT TIME ZONE 'UTC')::date AS date, {sums} FROM analytics_counters \
         WHERE {column} = $1 AND tenant_id = $2 \
         AND hour >= ($3::date::timestamp AT TIME ZONE 'UTC') \
         AND hour < (($4::date + 1)::timestamp AT TIME ZONE 'UTC') GROUP BY 1",
        sums = SUMS.as_str()
    );
    let rows: Vec<DayRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(scope.tenant_id())
        .bind(range.from)
        .bind(range.to)
        .fetch_all(pool)
        .await?;
    Ok(range.fill(rows.into_iter().map(|r| (r.date, r.counters)).collect()))
}

pub async fn mailbox(
    pool: &PgPool,
    scope: &TenantScope,
    id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<MailboxStats> {
    let email: String =
        sqlx::query_scalar("SELECT email FROM mailboxes WHERE tenant_id = $1 AND id = $2")
            .bind(scope.tenant_id())
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(Error::NotFound("mailbox"))?;
    let range = Days::parse(from, to, today(pool, "UTC").await?)?;

    let days = utc_days(pool, scope, "mailbox_id", id, range).await?;
    Ok(MailboxStats {
        mailbox_id: id,
        email,
        from: range.from,
        to: range.to,
        totals: totals(&days),
        days,
    })
}

/// One mailbox's share of a workspace's counters.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MailboxTotals {
    pub mailbox_id: Uuid,
    /// Null when the mailbox was deleted since.
    pub email: Option<String>,
    #[serde(flatten)]
    pub totals: Totals,
}

/// A workspace's counters over a range of UTC days: every campaign and mailbox together, and
/// each mailbox apart.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkspaceStats {
    pub workspace_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub totals: Totals,
    pub days: Vec<Day>,
    /// Mailboxes that sent or had events in the range, most sent first.
    pub mailboxes: Vec<MailboxTotals>,
}

pub async fn workspace(
    pool: &PgPool,
    scope: &TenantScope,
    id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<WorkspaceStats> {
    let exists: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM workspaces WHERE tenant_id = $1 AND id = $2")
            .bind(scope.tenant_id())
            .bind(id)
            .fetch_optional(pool)
            .await?;
    exists.ok_or(Error::NotFound("workspace"))?;
    let range = Days::parse(from, to, today(pool, "UTC").await?)?;

    let days = utc_days(pool, scope, "workspace_id", id, range).await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        mailbox_id: Uuid,
        email: Option<String>,
        #[sqlx(flatten)]
        counters: Counters,
    }
    let sql = format!(
        "SELECT x.*, m.email FROM (SELECT mailbox_id, {sums} FROM analytics_counters \
         WHERE workspace_id = $1 AND tenant_id = $2 \
         AND hour >= ($3::date::timestamp AT TIME ZONE 'UTC') \
         AND hour < (($4::date + 1)::timestamp AT TIME ZONE 'UTC') GROUP BY 1) AS x \
         LEFT JOIN mailboxes m ON m.id = x.mailbox_id AND m.tenant_id = $2 \
         ORDER BY x.sent DESC, x.mailbox_id",
        sums = SUMS.as_str()
    );
    let mailboxes: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(scope.tenant_id())
        .bind(range.from)
        .bind(range.to)
        .fetch_all(pool)
        .await?;
    Ok(WorkspaceStats {
        workspace_id: id,
        from: range.from,
        to: range.to,
        totals: totals(&days),
        days,
        mailboxes: mailboxes
            .into_iter()
            .map(|row| MailboxTotals {
                mailbox_id: row.mailbox_id,
                email: row.email,
                totals: row.counters.into(),
            })
            .collect(),
    })
}

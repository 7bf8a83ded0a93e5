//! The operators' overview of every tenant's sending, read from the analytics counters: days,
//! tenants, sending domains, recipient providers and the queue's throughput.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::analytics::{Counters, Day, Days, SUMS, Totals};
use crate::error::Result;

/// One tenant's counters.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TenantTotals {
    pub tenant_id: Uuid,
    pub name: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// Counters under a name: a sending domain or a recipient provider.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Breakdown {
    /// The mailbox's domain, or the provider (`gmail`, `microsoft`, `yahoo`, `apple`, `aol`,
    /// else the lead's domain).
    pub name: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// Sends that finished (sent, refused, failed or ambiguous) in one hour.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct HourThroughput {
    pub hour: DateTime<Utc>,
    pub finished: i64,
}

/// Sends that finished in one day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DayThroughput {
    pub date: NaiveDate,
    pub finished: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Throughput {
    pub per_day: Vec<DayThroughput>,
    /// Hours with at least one finished send, oldest first.
    pub per_hour: Vec<HourThroughput>,
}

/// Every tenant's sending over a range of UTC days.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Overview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub totals: Totals,
    pub days: Vec<Day>,
    /// Most sent first.
    pub tenants: Vec<TenantTotals>,
    /// By the domain of the sending mailbox, most sent first.
    pub sending_domains: Vec<Breakdown>,
    /// By the recipient's provider, most sent first.
    pub recipient_providers: Vec<Breakdown>,
    pub throughput: Throughput,
}

#[derive(Debug, sqlx::FromRow)]
struct DayRow {
    key: NaiveDate,
    #[sqlx(flatten)]
    counters: Counters,
}

#[derive(Debug, sqlx::FromRow)]
struct Named {
    key: String,
    #[sqlx(flatten)]
    counters: Counters,
}

pub async fn overview(
    pool: &PgPool,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Overview> {
    let today: NaiveDate = sqlx::query_scalar("SELECT (now() AT TIME ZONE 'UTC')::date")
        .fetch_one(pool)
        .await?;
    let range = Days::parse(from, to, today)?;
    let window = "hour >= ($1::date::timestamp AT TIME ZONE 'UTC') \
                  AND hour < (($2::date + 1)::timestamp AT TIME ZONE 'UTC')";
    let sums = SUMS.as_str();

    let days: Vec<DayRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT (hour AT TIME ZONE 'UTC')::date AS key, {sums} FROM analytics_counters \
         WHERE {window} GROUP BY 1"
    )))
    .bind(range.from)
    .bind(range.to)
    .fetch_all(pool)
    .await?;
    let days = range.fill(days.into_iter().map(|d| (d.key, d.counters)).collect());

    #[derive(sqlx::FromRow)]
    struct TenantRow {
        tenant_id: Uuid,
        name: String,
        #[sqlx(flatten)]
        counters: Counters,
    }
    let tenants: Vec<TenantRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT x.*, t.name FROM (SELECT tenant_id, {sums} FROM analytics_counters \
         WHERE {window} GROUP BY 1) AS x JOIN tenants t ON t.id = x.tenant_id \
         ORDER BY x.sent DESC, t.name"
    )))
    .bind(range.from)
    .bind(range.to)
    .fetch_all(pool)
    .await?;

    let domains: Vec<Named> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT coalesce(lower(split_part(m.email, '@', 2)), 'unknown') AS key, {sums} \
         FROM analytics_counters a LEFT JOIN mailboxes m ON m.id = a.mailbox_id \
         WHERE a.{window} GROUP BY 1 ORDER BY sent DESC, 1",
        sums = crate::analytics::sums("a."),
        window = window.replace("AND hour", "AND a.hour")
    )))
    .bind(range.from)
    .bind(range.to)
    .fetch_all(pool)
    .await?;

    let providers: Vec<Named> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT provider AS key, {sums} FROM analytics_counters WHERE {window} \
         GROUP BY 1 ORDER BY sent DESC, 1"
    )))
    .bind(range.from)
    .bind(range.to)
    .fetch_all(pool)
    .await?;

    let per_hour: Vec<HourThroughput> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT hour, sum(sent + refused + failed + ambiguous)::bigint AS finished \
         FROM analytics_counters WHERE {window} GROUP BY 1 \
         HAVING sum(sent + refused + failed + ambiguous) > 0 ORDER BY 1"
    )))
    .bind(range.from)
    .bind(range.to)
    .fetch_all(pool)
    .await?;

    let mut totals = Counters::default();
    for day in &days {
        totals.add(&day.totals.counters);
    }
    let breakdown = |rows: Vec<Named>| -> Vec<Breakdown> {
        rows.into_iter()
            .map(|row| Breakdown {
                name: row.key,
                totals: row.counters.into(),
            })
            .collect()
    };
    Ok(Overview {
        from: range.from,
        to: range.to,
        totals: totals.into(),
        throughput: Throughput {
            per_day: days
                .iter()
                .map(|day| DayThroughput {
                    date: day.date,
                    finished: day.totals.counters.finished(),
                })
                .collect(),
            per_hour,
        },
        days,
        tenants: tenants
            .into_iter()
            .map(|row| TenantTotals {
                tenant_id: row.tenant_id,
                name: row.name,
                totals: row.counters.into(),
            })
            .collect(),
        sending_domains: breakdown(domains),
        recipient_providers: breakdown(providers),
    })
}

//! The tenant's suppression list: addresses and whole domains that are never enrolled or sent
//! to, with the reason and where the entry came from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::email::EmailAddress;
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Suppression {
    pub id: Uuid,
    /// `address` or `domain`.
    pub kind: String,
    /// The lowercased address or domain.
    pub value: String,
    pub reason: String,
    /// Where it came from: `api`, `cli`, `import`, `bounce`, `unsubscribe`, ...
    pub source: String,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, kind, value, reason, source, created_at";

/// An entry to add: an address (`ada@example.com`) or a domain (`example.com`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSuppression {
    /// An email address, or a domain to suppress every address at it.
    #[schema(example = "competitor.example")]
    pub value: String,
    #[serde(default = "default_reason")]
    pub reason: String,
}

fn default_reason() -> String {
    "manual".to_owned()
}

/// Parses an address or a domain into (kind, lowercased value).
fn classify(value: &str) -> Result<(&'static str, String)> {
    let value = value.trim();
    if value.contains('@') {
        let email =
            EmailAddress::parse(value).map_err(|err| Error::invalid("value", err.reason()))?;
        return Ok(("address", email.normalized()));
    }
    let domain = value.trim_start_matches('@').to_ascii_lowercase();
    let valid = domain.contains('.')
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !valid {
        return Err(Error::invalid(
            "value",
            "must be an email address or a domain like example.com",
        ));
    }
    Ok(("domain", domain))
}

/// Adds an entry; adding one that exists keeps the first and returns it.
pub async fn add(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    new: &NewSuppression,
    source: &str,
) -> Result<Suppression> {
    let (kind, value) = classify(&new.value)?;
    let mut tx = pool.begin().await?;
    let entry = insert(
        &mut tx,
        scope.tenant_id(),
        kind,
        &value,
        new.reason.trim(),
        source,
    )
    .await?;
    let details = json!({ "kind": kind, "value": value, "reason": entry.reason });
    let audit = Entry {
        tenant_id: Some(scope.tenant_id()),
        action: "suppression.add",
        target_type: "suppression",
        target_id: Some(entry.id.to_string()),
        details,
    };
    audit::record(&mut tx, actor, audit).await?;
    tx.commit().await?;
    Ok(entry)
}

async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    tenant_id: Uuid,
    kind: &str,
    value: &str,
    reason: &str,
    source: &str,
) -> Result<Suppression> {
    let sql = format!(
        "WITH added AS (INSERT INTO suppressions (id, tenant_id, kind, value, reason, source) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, kind, value) DO NOTHING \
         RETURNING {COLUMNS}) \
         SELECT {COLUMNS} FROM added UNION ALL \
         SELECT {COLUMNS} FROM suppressions WHERE tenant_id = $2 AND kind = $3 AND value = $4 \
         LIMIT 1"
    );
    Ok(sqlx::query_as::<_, Suppression>(sqlx::AssertSqlSafe(sql))
        .bind(Uuid::now_v7())
        .bind(tenant_id)
        .bind(kind)
        .bind(value)
        .bind(if reason.is_empty() { "manual" } else { reason })
        .bind(source)
        .fetch_one(&mut **tx)
        .await?)
}

/// Suppresses an address because of something that happened to it (a hard bounce, an
/// unsubscribe), inside the caller's transaction.
pub(crate) async fn suppress_address(
    tx: &mut Transaction<'_, Postgres>,
    tenant_id: Uuid,
    email: &str,
    reason: &str,
    source: &str,
) -> Result<()> {
    insert(
        tx,
        tenant_id,
        "address",
        &email.to_lowercase(),
        reason,
        source,
    )
    .await?;
    Ok(())
}

#[derive(Debug, Default, Clone)]
pub struct SuppressionFilter {
    pub kind: Option<String>,
    /// Only entries whose value contains this text.
    pub search: Option<String>,
}

pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    filter: &SuppressionFilter,
    page: PageRequest,
) -> Result<Page<Suppression>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM suppressions WHERE tenant_id = $1 \
         AND ($2::text IS NULL OR kind = $2) \
         AND ($3::text IS NULL OR strpos(value, lower($3)) > 0) \
         AND ($4::uuid IS NULL OR id > $4) ORDER BY id LIMIT $5"
    );
    let rows = sqlx::query_as::<_, Suppression>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(&filter.kind)
        .bind(&filter.search)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |s| s.id))
}

pub async fn remove(pool: &PgPool, scope: &TenantScope, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    let value: String = sqlx::query_scalar(
        "DELETE FROM suppressions WHERE tenant_id = $1 AND id = $2 RETURNING value",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Error::NotFound("suppression"))?;
    let audit = Entry {
        tenant_id: Some(scope.tenant_id()),
        action: "suppression.remove",
        target_type: "suppression",
        target_id: Some(id.to_string()),
        details: json!({ "value": value }),
    };
    audit::record(&mut tx, actor, audit).await?;
    tx.commit().await?;
    Ok(())
}

/// Of the given lowercased addresses, those suppressed in the tenant (by address or domain).
pub(crate) async fn suppressed_among(
    executor: impl sqlx::PgExecutor<'_>,
    tenant_id: Uuid,
    addresses: &[String],
) -> Result<std::collections::HashSet<String>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT a.address FROM unnest($2::text[]) AS a(address) \
         WHERE EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = $1 AND ( \
             (s.kind = 'address' AND s.value = a.address) OR \
             (s.kind = 'domain' AND s.value = split_part(a.address, '@', 2))))",
    )
    .bind(tenant_id)
    .bind(addresses)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().collect())
}

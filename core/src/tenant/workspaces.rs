//! Workspaces: separate areas inside a tenant (an agency's clients, say), each with its own
//! time zone.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};
use crate::types::{Name, TimeZone};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Workspace {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    /// IANA time zone name.
    pub timezone: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, tenant_id, name, timezone, created_at, updated_at";

/// Fields to change; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub name: Option<Name>,
    pub timezone: Option<TimeZone>,
}

fn entry(ws: &Workspace, action: &'static str, details: serde_json::Value) -> Entry<'static> {
    Entry {
        tenant_id: Some(ws.tenant_id),
        action,
        target_type: "workspace",
        target_id: Some(ws.id.to_string()),
        details,
    }
}

pub async fn create(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    name: &Name,
    timezone: TimeZone,
) -> Result<Workspace> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "INSERT INTO workspaces (id, tenant_id, name, timezone) VALUES ($1, $2, $3, $4) \
         RETURNING {COLUMNS}"
    );
    let ws = sqlx::query_as::<_, Workspace>(sqlx::AssertSqlSafe(sql))
        .bind(Uuid::now_v7())
        .bind(scope.tenant_id())
        .bind(name.as_str())
        .bind(timezone.name())
        .fetch_one(&mut *tx)
        .await?;
    let details = json!({ "name": ws.name, "timezone": ws.timezone });
    audit::record(&mut tx, actor, entry(&ws, "workspace.create", details)).await?;
    tx.commit().await?;
    Ok(ws)
}

pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    page: PageRequest,
) -> Result<Page<Workspace>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM workspaces WHERE tenant_id = $1 \
         AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3"
    );
    let rows = sqlx::query_as::<_, Workspace>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |w| w.id))
}

pub async fn get(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Workspace> {
    let sql = format!("SELECT {COLUMNS} FROM workspaces WHERE tenant_id = $1 AND id = $2");
    sqlx::query_as::<_, Workspace>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("workspace"))
}

pub async fn update(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
    changes: &Changes,
) -> Result<Workspace> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "UPDATE workspaces SET name = coalesce($3, name), timezone = coalesce($4, timezone), \
         updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    let ws = sqlx::query_as::<_, Workspace>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .bind(changes.name.as_ref().map(Name::as_str))
        .bind(changes.timezone.map(|tz| tz.name()))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("workspace"))?;
    let details = json!({
        "name": changes.name.as_ref().map(Name::as_str),
        "timezone": changes.timezone.map(|tz| tz.name()),
    });
    audit::record(&mut tx, actor, entry(&ws, "workspace.update", details)).await?;
    tx.commit().await?;
    Ok(ws)
}

pub async fn delete(pool: &PgPool, scope: &TenantScope, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    let sql =
        format!("DELETE FROM workspaces WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}");
    let ws = sqlx::query_as::<_, Workspace>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("workspace"))?;
    audit::record(
        &mut tx,
        actor,
        entry(&ws, "workspace.delete", json!({ "name": ws.name })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks, inside `tx`, that the workspace a new object names belongs to the scope's tenant, and
/// keeps it from being deleted until the transaction ends.
pub(crate) async fn lock_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    scope: &TenantScope,
    id: Uuid,
) -> Result<()> {
    let found: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM workspaces WHERE tenant_id = $1 AND id = $2 FOR SHARE")
            .bind(scope.tenant_id())
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    found
        .map(|_| ())
        .ok_or_else(|| Error::invalid("workspace_id", "no such workspace"))
}

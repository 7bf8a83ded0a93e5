//! Tenants: the customers of the platform. Deleting is soft; purging removes the tenant and
//! everything it owns.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};
use crate::types::Name;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Tenant {
    pub id: Uuid,
    pub name: String,
    /// `active`, `suspended` or `deleted`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when the tenant was deleted; its data stays until it is purged.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A deleted tenant shows the status `deleted`, whatever it was before.
const COLUMNS: &str = "id, name, \
    CASE WHEN deleted_at IS NULL THEN status ELSE 'deleted' END AS status, \
    created_at, updated_at, deleted_at";

/// Whether suspended tenants may act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Suspended,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
        }
    }
}

pub async fn create(pool: &PgPool, actor: &Actor, name: &Name) -> Result<Tenant> {
    let mut tx = pool.begin().await?;
    let tenant = sqlx::query_as::<_, Tenant>(
        "INSERT INTO tenants (id, name) VALUES ($1, $2) \
         RETURNING id, name, status, created_at, updated_at, deleted_at",
    )
    .bind(Uuid::now_v7())
    .bind(name.as_str())
    .fetch_one(&mut *tx)
    .await?;
    let entry = entry(&tenant, "tenant.create", json!({ "name": tenant.name }));
    audit::record(&mut tx, actor, entry).await?;
    tx.commit().await?;
    Ok(tenant)
}

fn entry(tenant: &Tenant, action: &'static str, details: serde_json::Value) -> Entry<'static> {
    Entry {
        tenant_id: Some(tenant.id),
        action,
        target_type: "tenant",
        target_id: Some(tenant.id.to_string()),
        details,
    }
}

/// Tenants in creation order; deleted ones only when asked for.
pub async fn list(pool: &PgPool, page: PageRequest, include_deleted: bool) -> Result<Page<Tenant>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tenants WHERE ($1 OR deleted_at IS NULL) \
         AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3"
    );
    let rows = sqlx::query_as::<_, Tenant>(sqlx::AssertSqlSafe(sql))
        .bind(include_deleted)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |t| t.id))
}

/// One tenant, deleted or not.
pub async fn get(pool: &PgPool, id: Uuid) -> Result<Tenant> {
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE id = $1");
    sqlx::query_as::<_, Tenant>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("tenant"))
}

/// The scope of a live tenant, for operators acting inside it (the CLI).
pub async fn scope(pool: &PgPool, id: Uuid) -> Result<TenantScope> {
    let tenant = get(pool, id).await?;
    if tenant.deleted_at.is_some() {
        return Err(Error::NotFound("tenant"));
    }
    Ok(TenantScope::new(tenant.id))
}

/// The scope of the live tenant owning a workspace, for operators acting on it by id.
pub async fn scope_of_workspace(pool: &PgPool, workspace_id: Uuid) -> Result<TenantScope> {
    owner_scope(pool, "workspaces", "workspace", workspace_id).await
}

/// The scope of the live tenant owning a campaign, for operators acting on it by id.
pub async fn scope_of_campaign(pool: &PgPool, campaign_id: Uuid) -> Result<TenantScope> {
    owner_scope(pool, "campaigns", "campaign", campaign_id).await
}

async fn owner_scope(
    pool: &PgPool,
    table: &'static str,
    what: &'static str,
    id: Uuid,
) -> Result<TenantScope> {
    let sql = format!(
        "SELECT t.id FROM {table} o JOIN tenants t ON t.id = o.tenant_id \
         WHERE o.id = $1 AND t.deleted_at IS NULL"
    );
    let tenant: Option<Uuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    tenant.map(TenantScope::new).ok_or(Error::NotFound(what))
}

/// Sets one column of a live tenant and records the change; setting the value it already has
/// changes nothing and records nothing.
async fn change(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
    action: &'static str,
    column: Column,
    value: &str,
) -> Result<Tenant> {
    let mut tx = pool.begin().await?;
    let current = sqlx::query_as::<_, Tenant>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM tenants WHERE id = $1 FOR UPDATE"
    )))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Error::NotFound("tenant"))?;
    if current.deleted_at.is_some() {
        return Err(Error::Conflict(
            "the tenant is deleted; it can only be purged".to_owned(),
        ));
    }
    let unchanged = match column {
        Column::Name => current.name == value,
        Column::Status => current.status == value,
    };
    if unchanged {
        return Ok(current);
    }
    let set = match column {
        Column::Name => "name",
        Column::Status => "status",
    };
    let sql = format!(
        "UPDATE tenants SET {set} = $2, updated_at = now() WHERE id = $1 RETURNING {COLUMNS}"
    );
    let tenant = sqlx::query_as::<_, Tenant>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(value)
        .fetch_one(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        entry(&tenant, action, json!({ "value": value })),
    )
    .await?;
    tx.commit().await?;
    Ok(tenant)
}

#[derive(Debug, Clone, Copy)]
enum Column {
    Name,
    Status,
}

pub async fn rename(pool: &PgPool, actor: &Actor, id: Uuid, name: &Name) -> Result<Tenant> {
    change(
        pool,
        actor,
        id,
        "tenant.rename",
        Column::Name,
        name.as_str(),
    )
    .await
}

/// Suspends or resumes a tenant. Suspended tenants' keys are refused at once.
pub async fn set_status(pool: &PgPool, actor: &Actor, id: Uuid, status: Status) -> Result<Tenant> {
    let action = match status {
        Status::Active => "tenant.resume",
        Status::Suspended => "tenant.suspend",
    };
    change(pool, actor, id, action, Column::Status, status.as_str()).await
}

/// Soft-deletes a tenant: its keys stop working, its data stays until purged. Deleting a deleted
/// tenant changes nothing.
pub async fn delete(pool: &PgPool, actor: &Actor, id: Uuid) -> Result<Tenant> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "UPDATE tenants SET deleted_at = now(), updated_at = now() \
         WHERE id = $1 AND deleted_at IS NULL RETURNING {COLUMNS}"
    );
    let deleted = sqlx::query_as::<_, Tenant>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(tenant) = deleted else {
        // Missing, or deleted already.
        return get(pool, id).await;
    };
    audit::record(&mut tx, actor, entry(&tenant, "tenant.delete", json!({}))).await?;
    tx.commit().await?;
    Ok(tenant)
}

/// What a purge removed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PurgeReport {
    pub id: Uuid,
    pub workspaces: i64,
    pub api_keys: i64,
}

/// Removes a deleted tenant and all its data for good.
pub async fn purge(pool: &PgPool, actor: &Actor, id: Uuid) -> Result<PurgeReport> {
    let mut tx = pool.begin().await?;
    let deleted: Option<bool> =
        sqlx::query_scalar("SELECT deleted_at IS NOT NULL FROM tenants WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    match deleted {
        None => return Err(Error::NotFound("tenant")),
        Some(false) => {
            return Err(Error::Conflict(
                "delete the tenant before purging it".to_owned(),
            ));
        }
        Some(true) => {}
    }
    let (workspaces, api_keys): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM workspaces WHERE tenant_id = $1), \
         (SELECT count(*) FROM api_keys WHERE tenant_id = $1)",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    // Everything a tenant owns references it with ON DELETE CASCADE.
    sqlx::query("DELETE FROM tenants WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let details = json!({ "workspaces": workspaces, "api_keys": api_keys });
    let entry = Entry {
        tenant_id: Some(id),
        action: "tenant.purge",
        target_type: "tenant",
        target_id: Some(id.to_string()),
        details,
    };
    audit::record(&mut tx, actor, entry).await?;
    tx.commit().await?;
    Ok(PurgeReport {
        id,
        workspaces,
        api_keys,
    })
}

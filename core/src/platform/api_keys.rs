//! Creating, listing and revoking API keys.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::{KeyKind, Role, generate_key};
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};
use crate::types::Name;

/// A key as stored: everything but the secret.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ApiKey {
    pub id: Uuid,
    /// The public part of the key, shown in lists and logs.
    pub prefix: String,
    pub kind: String,
    pub role: String,
    pub tenant_id: Option<Uuid>,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, prefix, kind, role, tenant_id, name, created_at, last_used_at, revoked_at";

/// A key to create.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub kind: KeyKind,
    pub role: Role,
    /// Required for tenant keys, absent for the others.
    pub tenant_id: Option<Uuid>,
    pub name: Name,
}

/// A created key and its plaintext, which is never stored and cannot be shown again.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub info: ApiKey,
    /// The key itself. Store it now: it is shown only once.
    pub key: String,
}

pub async fn create(pool: &PgPool, actor: &Actor, new: &NewKey) -> Result<CreatedKey> {
    if !new.role.fits(new.kind) {
        let allowed = match new.kind {
            KeyKind::Platform => "admin or operator",
            KeyKind::Tenant => "owner, admin, member or viewer",
            KeyKind::Service => "service",
        };
        return Err(Error::invalid(
            "role",
            format!("a {} key takes the role {allowed}", new.kind.as_str()),
        ));
    }
    match (new.kind, new.tenant_id) {
        (KeyKind::Tenant, None) => {
            return Err(Error::invalid("tenant_id", "required for tenant keys"));
        }
        (KeyKind::Platform | KeyKind::Service, Some(_)) => {
            return Err(Error::invalid(
                "tenant_id",
                "only tenant keys belong to a tenant",
            ));
        }
        _ => {}
    }

    let mut tx = pool.begin().await?;
    if let Some(tenant_id) = new.tenant_id {
        let live: Option<bool> =
            sqlx::query_scalar("SELECT deleted_at IS NULL FROM tenants WHERE id = $1 FOR SHARE")
                .bind(tenant_id)
                .fetch_optional(&mut *tx)
                .await?;
        if live != Some(true) {
            return Err(Error::NotFound("tenant"));
        }
    }
    let generated = generate_key(new.kind);
    let sql = format!(
        "INSERT INTO api_keys (id, prefix, hash, kind, role, tenant_id, name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
    );
    let info = sqlx::query_as::<_, ApiKey>(sqlx::AssertSqlSafe(sql))
        .bind(Uuid::now_v7())
        .bind(&generated.prefix)
        .bind(&generated.hash)
        .bind(new.kind.as_str())
        .bind(new.role.as_str())
        .bind(new.tenant_id)
        .bind(new.name.as_str())
        .fetch_one(&mut *tx)
        .await?;
    let entry = Entry {
        tenant_id: info.tenant_id,
        action: "api_key.create",
        target_type: "api_key",
        target_id: Some(info.id.to_string()),
        details: json!({ "kind": info.kind, "role": info.role, "prefix": info.prefix, "name": info.name }),
    };
    audit::record(&mut tx, actor, entry).await?;
    tx.commit().await?;
    Ok(CreatedKey {
        info,
        key: generated.plaintext,
    })
}

/// Keys in creation order, optionally only those of one tenant.
pub async fn list(
    pool: &PgPool,
    tenant_id: Option<Uuid>,
    page: PageRequest,
) -> Result<Page<ApiKey>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_keys WHERE ($1::uuid IS NULL OR tenant_id = $1) \
         AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3"
    );
    let rows = sqlx::query_as::<_, ApiKey>(sqlx::AssertSqlSafe(sql))
        .bind(tenant_id)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |k| k.id))
}

pub async fn get(pool: &PgPool, id: Uuid) -> Result<ApiKey> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1");
    sqlx::query_as::<_, ApiKey>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("API key"))
}

/// Revokes a key; it is refused from the next request on. Revoking twice changes nothing.
pub async fn revoke(pool: &PgPool, actor: &Actor, id: Uuid) -> Result<ApiKey> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 \
         RETURNING {COLUMNS}"
    );
    let key = sqlx::query_as::<_, ApiKey>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("API key"))?;
    let entry = Entry {
        tenant_id: key.tenant_id,
        action: "api_key.revoke",
        target_type: "api_key",
        target_id: Some(key.id.to_string()),
        details: json!({ "prefix": key.prefix }),
    };
    audit::record(&mut tx, actor, entry).await?;
    tx.commit().await?;
    Ok(key)
}

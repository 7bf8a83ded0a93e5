//! The tenant domain: what a tenant owns and works with. Every function here takes a
//! [`TenantScope`](crate::auth::TenantScope) and never reaches outside it.

pub mod campaigns;
pub mod lead_csv;
pub mod leads;
pub mod mailboxes;
pub mod suppressions;
pub mod template;
pub mod templates;
pub mod workspaces;

use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::error::{Error, Result};

/// Deletes one of the tenant's objects from `table` and records `action` in the audit log, in
/// the caller's transaction. Another tenant's object is not found, like a missing one.
pub(crate) async fn delete_owned(
    tx: &mut Transaction<'_, Postgres>,
    scope: &TenantScope,
    actor: &Actor,
    table: &'static str,
    kind: &'static str,
    action: &'static str,
    id: Uuid,
) -> Result<()> {
    let sql = format!("DELETE FROM {table} WHERE tenant_id = $1 AND id = $2 RETURNING id");
    let found: Option<Uuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    found.ok_or(Error::NotFound(kind))?;
    audit::record(tx, actor, Entry::about(scope, kind, id, action, json!({}))).await
}

//! The audit log: who changed what, and when.
//!
//! Every mutating storage function takes an [`Actor`] and records its entry in the same
//! transaction as the change, so the log cannot miss a change or record one that rolled back.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::error::Result;
use crate::page::{Page, PageRequest};

/// Who is acting: an API key (with the end user a service key names), or an operator at the CLI.
#[derive(Debug, Clone)]
pub struct Actor {
    pub key_id: Option<Uuid>,
    /// `key:<prefix>` or `cli:<os user>`.
    pub label: String,
    /// The end user named by a service key's `X-Penguin-User` header.
    pub user: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// An operator running the CLI on this machine.
    pub fn cli() -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok()
            .filter(|user| !user.is_empty())
            .unwrap_or_else(os_user);
        Self {
            key_id: None,
            label: format!("cli:{user}"),
            user: None,
            request_id: None,
        }
    }
}

/// The user this process runs as, for a CLI started without `USER` or `LOGNAME` (cron, systemd
/// units, containers): the name `/etc/passwd` gives its user id, else `uid:<id>`.
#[cfg(unix)]
fn os_user() -> String {
    use std::os::unix::fs::MetadataExt;
    // `/proc/self` belongs to the process's effective user.
    let Ok(uid) = std::fs::metadata("/proc/self").map(|meta| meta.uid()) else {
        return "unknown".to_owned();
    };
    std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| passwd_name(&passwd, uid))
        .unwrap_or_else(|| format!("uid:{uid}"))
}

#[cfg(not(unix))]
fn os_user() -> String {
    std::env::var("USERNAME").unwrap_or_else(|_| "unknown".to_owned())
}

/// The name of user `uid` in a passwd file (`name:password:uid:...` per line).
#[cfg(unix)]
fn passwd_name(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?;
        (id.parse() == Ok(uid) && !name.is_empty()).then(|| name.to_owned())
    })
}

/// One audit entry to write.
#[derive(Debug)]
pub struct Entry<'a> {
    pub tenant_id: Option<Uuid>,
    /// `noun.verb`, e.g. `tenant.suspend`.
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<String>,
    pub details: serde_json::Value,
}

impl Entry<'static> {
    /// An entry about one object inside a tenant.
    pub fn about(
        scope: &crate::auth::TenantScope,
        target_type: &'static str,
        id: Uuid,
        action: &'static str,
        details: serde_json::Value,
    ) -> Self {
        Self {
            tenant_id: Some(scope.tenant_id()),
            action,
            target_type,
            target_id: Some(id.to_string()),
            details,
        }
    }
}

pub(crate) async fn record(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    entry: Entry<'_>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, actor_key_id, actor, actor_user, tenant_id, action, \
         target_type, target_id, details, request_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(Uuid::now_v7())
    .bind(actor.key_id)
    .bind(&actor.label)
    .bind(&actor.user)
    .bind(entry.tenant_id)
    .bind(entry.action)
    .bind(entry.target_type)
    .bind(entry.target_id)
    .bind(entry.details)
    .bind(&actor.request_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records an entry for a change made outside PostgreSQL (in the job queues), once it is made.
pub async fn record_outside(pool: &PgPool, actor: &Actor, entry: Entry<'_>) -> Result<()> {
    let mut tx = pool.begin().await?;
    record(&mut tx, actor, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// An entry as read back.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_key_id: Option<Uuid>,
    /// `key:<prefix>` for API keys, `cli:<user>` for the command line.
    pub actor: String,
    pub actor_user: Option<String>,
    pub tenant_id: Option<Uuid>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub details: serde_json::Value,
    pub request_id: Option<String>,
}

/// Which entries to list.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub tenant_id: Option<Uuid>,
    pub action: Option<String>,
}

/// Entries, newest first.
pub async fn list(
    pool: &PgPool,
    filter: &AuditFilter,
    page: PageRequest,
) -> Result<Page<AuditEntry>> {
    let rows = sqlx::query_as::<_, AuditEntry>(
        "SELECT id, at, actor_key_id, actor, actor_user, tenant_id, action, target_type, \
         target_id, details, request_id FROM audit_log \
         WHERE ($1::uuid IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR action = $2) \
         AND ($3::uuid IS NULL OR id < $3) ORDER BY id DESC LIMIT $4",
    )
    .bind(filter.tenant_id)
    .bind(&filter.action)
    .bind(page.after)
    .bind(page.fetch())
    .fetch_all(pool)
    .await?;
    Ok(Page::from_rows(rows, page, |row| row.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn a_user_id_is_named_from_the_passwd_file() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      # a comment\n\
                      ops:x:1000:1000:Operations,,,:/home/ops:/bin/bash\n\
                      broken-line\n";
        assert_eq!(passwd_name(passwd, 0).as_deref(), Some("root"));
        assert_eq!(passwd_name(passwd, 1000).as_deref(), Some("ops"));
        assert_eq!(passwd_name(passwd, 1001), None);
    }
}

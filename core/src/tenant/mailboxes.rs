//! Mailboxes: the sender accounts a workspace sends from, with their SMTP (and optional IMAP)
//! settings, sending limits and status. Passwords are stored encrypted and never read back out
//! through this module's public types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::crypto::Vault;
use crate::email::EmailAddress;
use crate::error::{Error, FieldError, Result};
use crate::page::{Page, PageRequest};

/// How a connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain text (only for local relays and tests).
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl TlsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Starttls => "starttls",
            Self::Tls => "tls",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "starttls" => Self::Starttls,
            "tls" => Self::Tls,
            _ => Self::None,
        }
    }
}

/// Server settings as written by the user. The password is plaintext here and nowhere else.
#[derive(Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerInput {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub username: Option<String>,
    /// Write-only: stored encrypted, never returned. Needs a username.
    #[serde(default)]
    pub password: Option<String>,
    pub tls: TlsMode,
}

impl std::fmt::Debug for ServerInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerInput")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("tls", &self.tls)
            .finish()
    }
}

impl ServerInput {
    fn check(&self, field: &str, errors: &mut Vec<FieldError>) {
        let host = self.host.trim();
        let valid_host = !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:[]".contains(c));
        if !valid_host {
            errors.push(FieldError::new(
                format!("{field}.host"),
                "must be a host name or IP address",
            ));
        }
        if self.port == 0 {
            errors.push(FieldError::new(
                format!("{field}.port"),
                "must be between 1 and 65535",
            ));
        }
        let no_username = self.username.as_deref().is_none_or(|u| u.trim().is_empty());
        if self.password.is_some() && no_username {
            errors.push(FieldError::new(
                format!("{field}.username"),
                "is needed with a password: the server is signed in to with both",
            ));
        }
    }
}

/// Server settings as shown: no password, only whether one is set.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServerView {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password_set: bool,
    pub tls: TlsMode,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Mailbox {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub email: String,
    pub name: String,
    pub smtp: ServerView,
    pub imap: Option<ServerView>,
    pub daily_limit: i32,
    pub min_gap_seconds: i32,
    pub signature: String,
    /// `active`, `paused`, or `error` (see `status_reason`).
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    workspace_id: Uuid,
    email: String,
    name: String,
    smtp_host: String,
    smtp_port: i32,
    smtp_username: Option<String>,
    smtp_password: Option<Vec<u8>>,
    smtp_tls: String,
    imap_host: Option<String>,
    imap_port: Option<i32>,
    imap_username: Option<String>,
    imap_password: Option<Vec<u8>>,
    imap_tls: Option<String>,
    daily_limit: i32,
    min_gap_seconds: i32,
    signature: String,
    status: String,
    status_reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, workspace_id, email, name, smtp_host, smtp_port, smtp_username, \
    smtp_password, smtp_tls, imap_host, imap_port, imap_username, imap_password, imap_tls, \
    daily_limit, min_gap_seconds, signature, status, status_reason, created_at, updated_at";

impl From<Row> for Mailbox {
    fn from(row: Row) -> Self {
        let imap = match (row.imap_host, row.imap_port) {
            (Some(host), Some(port)) => Some(ServerView {
                host,
                port: port as u16,
                username: row.imap_username,
                password_set: row.imap_password.is_some(),
                tls: TlsMode::parse(row.imap_tls.as_deref().unwrap_or("tls")),
            }),
            _ => None,
        };
        Self {
            id: row.id,
            workspace_id: row.workspace_id,
            email: row.email,
            name: row.name,
            smtp: ServerView {
                host: row.smtp_host,
                port: row.smtp_port as u16,
                username: row.smtp_username,
                password_set: row.smtp_password.is_some(),
                tls: TlsMode::parse(&row.smtp_tls),
            },
            imap,
            daily_limit: row.daily_limit,
            min_gap_seconds: row.min_gap_seconds,
            signature: row.signature,
            status: row.status,
            status_reason: row.status_reason,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// What the send worker needs to connect: the settings with the password decrypted.
#[derive(Clone)]
pub struct SmtpCredentials {
    pub mailbox_id: Uuid,
    pub email: String,
    pub name: String,
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub tls: TlsMode,
}

impl std::fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpCredentials")
            .field("mailbox_id", &self.mailbox_id)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

/// A mailbox to create, as the API and CLI accept it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMailbox {
    pub workspace_id: Uuid,
    #[schema(example = "alex@sender.example")]
    pub email: String,
    #[serde(default)]
    pub name: String,
    pub smtp: ServerInput,
    #[serde(default)]
    pub imap: Option<ServerInput>,
    /// Messages per UTC day; default 50.
    #[serde(default = "default_daily_limit")]
    pub daily_limit: i32,
    /// Seconds between two sends from this mailbox; default 0.
    #[serde(default)]
    pub min_gap_seconds: i32,
    #[serde(default)]
    pub signature: String,
}

fn default_daily_limit() -> i32 {
    50
}

/// Fields to change; absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailboxChanges {
    pub name: Option<String>,
    pub smtp: Option<ServerInput>,
    pub imap: Option<ServerInput>,
    pub daily_limit: Option<i32>,
    pub min_gap_seconds: Option<i32>,
    pub signature: Option<String>,
    /// `active` or `paused`; setting `active` also clears an error.
    pub status: Option<String>,
}

fn check_limits(daily_limit: Option<i32>, min_gap: Option<i32>, errors: &mut Vec<FieldError>) {
    if daily_limit.is_some_and(|v| !(0..=100_000).contains(&v)) {
        errors.push(FieldError::new(
            "daily_limit",
            "must be between 0 and 100000",
        ));
    }
    if min_gap.is_some_and(|v| !(0..=86_400).contains(&v)) {
        errors.push(FieldError::new(
            "min_gap_seconds",
            "must be between 0 and 86400",
        ));
    }
}

fn audit_entry(
    scope: &TenantScope,
    id: Uuid,
    action: &'static str,
    details: serde_json::Value,
) -> Entry<'static> {
    Entry::about(scope, "mailbox", id, action, details)
}

pub async fn create(
    pool: &PgPool,
    vault: &Vault,
    scope: &TenantScope,
    actor: &Actor,
    new: &NewMailbox,
) -> Result<Mailbox> {
    let mut errors = Vec::new();
    let email = EmailAddress::parse(&new.email)
        .map_err(|err| errors.push(FieldError::new("email", err.reason())))
        .ok();
    new.smtp.check("smtp", &mut errors);
    if let Some(imap) = &new.imap {
        imap.check("imap", &mut errors);
    }
    check_limits(
        Some(new.daily_limit),
        Some(new.min_gap_seconds),
        &mut errors,
    );
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };

    let mut tx = pool.begin().await?;
    super::workspaces::lock_in(&mut tx, scope, new.workspace_id).await?;
    let id = Uuid::now_v7();
    let seal = |password: &Option<String>| password.as_deref().map(|p| vault.seal(id, p));
    let sql = format!(
        "INSERT INTO mailboxes (id, tenant_id, workspace_id, email, name, smtp_host, smtp_port, \
         smtp_username, smtp_password, smtp_tls, imap_host, imap_port, imap_username, \
         imap_password, imap_tls, daily_limit, min_gap_seconds, signature) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
         RETURNING {COLUMNS}"
    );
    let imap = new.imap.as_ref();
    let row = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(scope.tenant_id())
        .bind(new.workspace_id)
        .bind(email.as_str())
        .bind(new.name.trim())
        .bind(new.smtp.host.trim())
        .bind(i32::from(new.smtp.port))
        .bind(&new.smtp.username)
        .bind(seal(&new.smtp.password))
        .bind(new.smtp.tls.as_str())
        .bind(imap.map(|i| i.host.trim().to_owned()))
        .bind(imap.map(|i| i32::from(i.port)))
        .bind(imap.and_then(|i| i.username.clone()))
        .bind(imap.and_then(|i| seal(&i.password)))
        .bind(imap.map(|i| i.tls.as_str()))
        .bind(new.daily_limit)
        .bind(new.min_gap_seconds)
        .bind(&new.signature)
        .fetch_one(&mut *tx)
        .await?;
    let details = json!({ "email": row.email, "workspace_id": row.workspace_id });
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, id, "mailbox.create", details),
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    workspace_id: Option<Uuid>,
    page: PageRequest,
) -> Result<Page<Mailbox>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM mailboxes WHERE tenant_id = $1 \
         AND ($2::uuid IS NULL OR workspace_id = $2) AND ($3::uuid IS NULL OR id > $3) \
         ORDER BY id LIMIT $4"
    );
    let rows = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(workspace_id)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    let rows: Vec<Mailbox> = rows.into_iter().map(Mailbox::from).collect();
    Ok(Page::from_rows(rows, page, |m| m.id))
}

async fn row(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Row> {
    let sql = format!("SELECT {COLUMNS} FROM mailboxes WHERE tenant_id = $1 AND id = $2");
    sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("mailbox"))
}

pub async fn get(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Mailbox> {
    Ok(row(pool, scope, id).await?.into())
}

/// The SMTP settings with the password decrypted, for connecting.
pub async fn credentials(
    pool: &PgPool,
    vault: &Vault,
    scope: &TenantScope,
    id: Uuid,
) -> Result<SmtpCredentials> {
    let row = row(pool, scope, id).await?;
    credentials_of(vault, row)
}

fn credentials_of(vault: &Vault, row: Row) -> Result<SmtpCredentials> {
    let password = match &row.smtp_password {
        Some(sealed) => Some(
            vault
                .open(row.id, sealed)
                .map_err(|err| Error::Conflict(err.to_string()))?,
        ),
        None => None,
    };
    Ok(SmtpCredentials {
        mailbox_id: row.id,
        email: row.email,
        name: row.name,
        host: row.smtp_host,
        port: row.smtp_port as u16,
        username: row.smtp_username,
        password,
        tls: TlsMode::parse(&row.smtp_tls),
    })
}

/// Credentials by id alone, for the send worker, which works across tenants.
pub(crate) async fn credentials_for_worker(
    pool: &PgPool,
    vault: &Vault,
    id: Uuid,
) -> Result<SmtpCredentials> {
    let sql = format!("SELECT {COLUMNS} FROM mailboxes WHERE id = $1");
    let row = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("mailbox"))?;
    credentials_of(vault, row)
}

pub async fn update(
    pool: &PgPool,
    vault: &Vault,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
    changes: &MailboxChanges,
) -> Result<Mailbox> {
    let mut errors = Vec::new();
    if let Some(smtp) = &changes.smtp {
        smtp.check("smtp", &mut errors);
    }
    if let Some(imap) = &changes.imap {
        imap.check("imap", &mut errors);
    }
    check_limits(changes.daily_limit, changes.min_gap_seconds, &mut errors);
    if let Some(status) = &changes.status
        && !matches!(status.as_str(), "active" | "paused")
    {
        errors.push(FieldError::new("status", "must be active or paused"));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }

    let mut tx = pool.begin().await?;
    let smtp = changes.smtp.as_ref();
    let imap = changes.imap.as_ref();
    let seal = |password: Option<&String>| password.map(|p| vault.seal(id, p));
    let sql = format!(
        "UPDATE mailboxes SET \
         name = coalesce($3, name), \
         smtp_host = coalesce($4, smtp_host), smtp_port = coalesce($5, smtp_port), \
         smtp_username = CASE WHEN $4 IS NULL THEN smtp_username ELSE $6 END, \
         smtp_password = CASE WHEN $4 IS NULL THEN smtp_password ELSE $7 END, \
         smtp_tls = coalesce($8, smtp_tls), \
         imap_host = coalesce($9, imap_host), imap_port = coalesce($10, imap_port), \
         imap_username = CASE WHEN $9 IS NULL THEN imap_username ELSE $11 END, \
         imap_password = CASE WHEN $9 IS NULL THEN imap_password ELSE $12 END, \
         imap_tls = coalesce($13, imap_tls), \
         daily_limit = coalesce($14, daily_limit), \
         min_gap_seconds = coalesce($15, min_gap_seconds), \
         signature = coalesce($16, signature), \
         status = coalesce($17, status), \
         status_reason = CASE WHEN $17 IS NULL AND $4 IS NULL THEN status_reason ELSE NULL END, \
         updated_at = now() \
         WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    let row = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .bind(changes.name.as_deref().map(str::trim))
        .bind(smtp.map(|s| s.host.trim().to_owned()))
        .bind(smtp.map(|s| i32::from(s.port)))
        .bind(smtp.and_then(|s| s.username.clone()))
        .bind(smtp.and_then(|s| seal(s.password.as_ref())))
        .bind(smtp.map(|s| s.tls.as_str()))
        .bind(imap.map(|s| s.host.trim().to_owned()))
        .bind(imap.map(|s| i32::from(s.port)))
        .bind(imap.and_then(|s| s.username.clone()))
        .bind(imap.and_then(|s| seal(s.password.as_ref())))
        .bind(imap.map(|s| s.tls.as_str()))
        .bind(changes.daily_limit)
        .bind(changes.min_gap_seconds)
        .bind(&changes.signature)
        .bind(&changes.status)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("mailbox"))?;
    let fields: Vec<&str> = [
        changes.name.as_ref().map(|_| "name"),
        smtp.map(|_| "smtp"),
        imap.map(|_| "imap"),
        changes.daily_limit.map(|_| "daily_limit"),
        changes.min_gap_seconds.map(|_| "min_gap_seconds"),
        changes.signature.as_ref().map(|_| "signature"),
        changes.status.as_ref().map(|_| "status"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if smtp.is_some() || changes.status.as_deref() == Some("active") {
        // Sends that waited for this mailbox (in error, paused, or with settings that failed)
        // go back on the queue at the dispatcher's next run, not after the requeue delay.
        sqlx::query(
            "UPDATE sends SET enqueued_at = NULL WHERE mailbox_id = $1 AND tenant_id = $2 \
             AND status IN ('queued', 'deferred') AND claim IS NULL",
        )
        .bind(id)
        .bind(scope.tenant_id())
        .execute(&mut *tx)
        .await?;
    }
    let details = json!({ "fields": fields });
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, id, "mailbox.update", details),
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

pub async fn delete(pool: &PgPool, scope: &TenantScope, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    super::delete_owned(
        &mut tx,
        scope,
        actor,
        "mailboxes",
        "mailbox",
        "mailbox.delete",
        id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts a mailbox into `error` with a reason its owner can act on; its enrollments wait. The
/// tenant is told (notice and webhooks) in the same transaction.
pub(crate) async fn set_error(pool: &PgPool, id: Uuid, reason: &str) -> Result<()> {
    let mut tx = pool.begin().await?;
    let failed = sqlx::query_as::<_, crate::notifications::fanout::FailedMailbox>(
        "UPDATE mailboxes SET status = 'error', status_reason = $2, updated_at = now() \
         WHERE id = $1 AND status = 'active' \
         RETURNING id, tenant_id, workspace_id, email, status_reason, updated_at",
    )
    .bind(id)
    .bind(reason)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(failed) = failed {
        crate::notifications::fanout::mailbox_error(&mut tx, &failed).await?;
    }
    tx.commit().await?;
    Ok(())
}

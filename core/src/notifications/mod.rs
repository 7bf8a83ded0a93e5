//! Notifications: tenant webhooks (endpoints, the signed delivery outbox and its workers) and
//! the in-app notices shown to a tenant's users.
//!
//! Notices are written in the transaction of what they announce (a campaign completing, a
//! mailbox going into error, an endpoint disabled after persistent failure), once per
//! deduplication key.

pub mod deliveries;
pub mod fanout;
pub mod guard;
pub mod payload;
pub mod schedule;
pub mod sender;
pub mod signing;
pub mod webhooks;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::auth::TenantScope;
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};

/// A notice for a tenant's users.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Notification {
    pub id: Uuid,
    /// `campaign.completed`, `mailbox.error` or `webhook.disabled`.
    #[schema(example = "campaign.completed")]
    pub kind: String,
    pub title: String,
    pub body: String,
    /// What the notice is about: `campaign`, `mailbox` or `webhook_endpoint`.
    pub subject_type: Option<String>,
    pub subject_id: Option<Uuid>,
    #[schema(value_type = Object)]
    pub details: Value,
    pub read: bool,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id, kind, title, body, subject_type, subject_id, details, read, read_at, created_at";

/// A notice to write.
#[derive(Debug)]
pub(crate) struct NewNotice {
    pub tenant_id: Uuid,
    pub kind: &'static str,
    pub title: String,
    pub body: String,
    pub subject: Option<(&'static str, Uuid)>,
    pub details: Value,
    /// A second notice with the same key for the tenant is dropped.
    pub dedup_key: String,
}

pub(crate) async fn notify(tx: &mut Transaction<'_, Postgres>, notice: NewNotice) -> Result<()> {
    sqlx::query(
        "INSERT INTO notifications (id, tenant_id, kind, title, body, subject_type, subject_id, \
         details, dedup_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(notice.tenant_id)
    .bind(notice.kind)
    .bind(&notice.title)
    .bind(&notice.body)
    .bind(notice.subject.map(|(kind, _)| kind))
    .bind(notice.subject.map(|(_, id)| id))
    .bind(&notice.details)
    .bind(&notice.dedup_key)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A tenant's notices: unread first, newest first within each.
pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    unread_only: bool,
    page: PageRequest,
) -> Result<Page<Notification>> {
    // The cursor is the last notice shown; it is placed by its read state at this moment.
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications n WHERE n.tenant_id = $1 \
         AND (NOT $2 OR NOT n.read) \
         AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM notifications c \
             WHERE c.tenant_id = $1 AND c.id = $3 \
             AND (n.read > c.read OR (n.read = c.read AND n.id < c.id)))) \
         ORDER BY n.read, n.id DESC LIMIT $4"
    );
    let rows = sqlx::query_as::<_, Notification>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(unread_only)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |n| n.id))
}

/// Marks one notice read (again is fine).
pub async fn mark_read(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Notification> {
    let sql = format!(
        "UPDATE notifications SET read_at = coalesce(read_at, now()) \
         WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    sqlx::query_as::<_, Notification>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("notification"))
}

/// How many notices were marked read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MarkedRead {
    pub marked: u64,
}

/// Marks every unread notice of the tenant read.
pub async fn mark_all_read(pool: &PgPool, scope: &TenantScope) -> Result<MarkedRead> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = now() WHERE tenant_id = $1 AND read_at IS NULL",
    )
    .bind(scope.tenant_id())
    .execute(pool)
    .await?;
    Ok(MarkedRead {
        marked: done.rows_affected(),
    })
}

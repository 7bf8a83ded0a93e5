//! The delivery outbox: one row per (event, endpoint), written in the transaction that stores
//! the event, and worked by the daemons' delivery loops (see [`super::sender`]). Its id is the
//! `webhook-id` receivers see on every attempt and replay, so they can deduplicate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::payload::{TestData, WebhookData, WebhookPayload};
use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::error::{Error, Result};
use crate::page::{Page, PageRequest};

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for its next attempt (or in one).
    Pending,
    Delivered,
    /// Every attempt failed: dead-lettered until replayed.
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }
}

/// One attempt of a delivery.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; null when no answer came.
    pub status_code: Option<i32>,
    pub duration_ms: i64,
    /// Why the attempt failed; null when it succeeded.
    pub error: Option<String>,
}

/// A delivery with its attempts.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Delivery {
    /// Sent as `webhook-id`.
    pub id: Uuid,
    pub endpoint_id: Uuid,
    #[schema(example = "email.opened")]
    pub event_type: String,
    #[schema(value_type = Status)]
    pub status: String,
    /// Attempts since it was created or last replayed.
    pub attempts: i32,
    /// When a pending delivery is next tried.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub last_duration_ms: Option<i32>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    #[schema(value_type = Vec<Attempt>)]
    pub attempt_log: sqlx::types::Json<Vec<Attempt>>,
    /// The body as posted.
    #[schema(value_type = WebhookPayload)]
    pub payload: Value,
}

const COLUMNS: &str = "id, endpoint_id, event_type, status, attempts, \
    CASE WHEN status = 'pending' THEN next_attempt_at END AS next_attempt_at, last_attempt_at, \
    last_status_code, last_error, last_duration_ms, delivered_at, created_at, attempt_log, payload";

/// A delivery to add to the outbox.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub tenant_id: Uuid,
    pub endpoint_id: Uuid,
    pub event_type: String,
    /// What the delivery is about; a second one with the same key for the endpoint is dropped.
    pub event_key: String,
    pub payload: Value,
}

/// Adds deliveries, due now; ones already there (same endpoint and key) are skipped.
pub(crate) async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    outgoing: &[Outgoing],
) -> Result<u64> {
    if outgoing.is_empty() {
        return Ok(0);
    }
    let done = sqlx::query(
        "INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_type, event_key, \
         payload) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], \
         $5::text[], $6::jsonb[]) ON CONFLICT DO NOTHING",
    )
    .bind(outgoing.iter().map(|_| Uuid::now_v7()).collect::<Vec<_>>())
    .bind(outgoing.iter().map(|o| o.tenant_id).collect::<Vec<_>>())
    .bind(outgoing.iter().map(|o| o.endpoint_id).collect::<Vec<_>>())
    .bind(
        outgoing
            .iter()
            .map(|o| o.event_type.clone())
            .collect::<Vec<_>>(),
    )
    .bind(
        outgoing
            .iter()
            .map(|o| o.event_key.clone())
            .collect::<Vec<_>>(),
    )
    .bind(
        outgoing
            .iter()
            .map(|o| o.payload.clone())
            .collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await?;
    metrics::counter!("penguin_webhook_deliveries_created_total").increment(done.rows_affected());
    Ok(done.rows_affected())
}

/// The enabled endpoints of a tenant that take `event_type` from `workspace`.
pub(crate) async fn subscribers(
    tx: &mut Transaction<'_, Postgres>,
    tenant_id: Uuid,
    workspace_id: Uuid,
    event_type: &str,
) -> Result<Vec<Uuid>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM webhook_endpoints WHERE tenant_id = $1 AND enabled \
         AND $3 = ANY(events) AND (workspace_id IS NULL OR workspace_id = $2)",
    )
    .bind(tenant_id)
    .bind(workspace_id)
    .bind(event_type)
    .fetch_all(&mut **tx)
    .await?)
}

/// Filters of the delivery log.
#[derive(Debug, Default, Clone, Copy)]
pub struct DeliveryFilter {
    pub status: Option<Status>,
}

async fn own_endpoint(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<()> {
    super::webhooks::get(pool, scope, id).await.map(|_| ())
}

/// An endpoint's deliveries, newest first.
pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    endpoint_id: Uuid,
    filter: DeliveryFilter,
    page: PageRequest,
) -> Result<Page<Delivery>> {
    own_endpoint(pool, scope, endpoint_id).await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2 \
         AND ($3::text IS NULL OR status = $3) AND ($4::uuid IS NULL OR id < $4) \
         ORDER BY id DESC LIMIT $5"
    );
    let rows = sqlx::query_as::<_, Delivery>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(endpoint_id)
        .bind(filter.status.map(Status::as_str))
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |d| d.id))
}

pub async fn get(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Delivery> {
    let sql = format!("SELECT {COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2");
    sqlx::query_as::<_, Delivery>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("webhook delivery"))
}

/// Makes a delivery due now with a fresh set of attempts, whatever became of it; it keeps its
/// id, so a receiver that already has it can tell. An attempt under way finishes first.
pub async fn replay(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
) -> Result<Delivery> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), \
         delivered_at = NULL WHERE tenant_id = $1 AND id = $2 \
         AND (status <> 'pending' OR claim IS NULL OR next_attempt_at <= now()) RETURNING {COLUMNS}"
    );
    let delivery = sqlx::query_as::<_, Delivery>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let delivery = match delivery {
        Some(delivery) => delivery,
        // Not the tenant's, or an attempt is running right now.
        None => {
            let current = get(pool, scope, id).await?;
            return Err(Error::Conflict(format!(
                "delivery {} is being attempted right now; replay it when the attempt ended",
                current.id
            )));
        }
    };
    audit::record(
        &mut tx,
        actor,
        Entry::about(
            scope,
            "webhook_delivery",
            id,
            "webhook_delivery.replay",
            json!({}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(delivery)
}

/// How many deliveries a replay made due again.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Replayed {
    pub replayed: u64,
}

/// Replays every failed (dead-lettered) delivery of an endpoint.
pub async fn replay_failed(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    endpoint_id: Uuid,
) -> Result<Replayed> {
    own_endpoint(pool, scope, endpoint_id).await?;
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now() \
         WHERE tenant_id = $1 AND endpoint_id = $2 AND status = 'failed'",
    )
    .bind(scope.tenant_id())
    .bind(endpoint_id)
    .execute(&mut *tx)
    .await?;
    let replayed = done.rows_affected();
    audit::record(
        &mut tx,
        actor,
        Entry::about(
            scope,
            "webhook_endpoint",
            endpoint_id,
            "webhook_endpoint.replay_failed",
            json!({ "replayed": replayed }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Replayed { replayed })
}

/// Queues a `webhook.test` delivery to an endpoint: a delivery like any other, due now.
pub async fn test(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    endpoint_id: Uuid,
) -> Result<Delivery> {
    let endpoint = super::webhooks::get(pool, scope, endpoint_id).await?;
    if !endpoint.enabled {
        return Err(Error::Conflict(
            "the endpoint is disabled; enable it to test it".to_owned(),
        ));
    }
    let key = format!("test:{}", Uuid::now_v7());
    let payload = WebhookPayload::new(
        "webhook.test",
        Utc::now(),
        WebhookData::Test(TestData {
            endpoint_id,
            message: "A test delivery from PenguinMails.".to_owned(),
        }),
    );
    let mut tx = pool.begin().await?;
    insert(
        &mut tx,
        &[Outgoing {
            tenant_id: scope.tenant_id(),
            endpoint_id,
            event_type: "webhook.test".to_owned(),
            event_key: key.clone(),
            payload: payload.to_json(),
        }],
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        Entry::about(
            scope,
            "webhook_endpoint",
            endpoint_id,
            "webhook_endpoint.test",
            json!({}),
        ),
    )
    .await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 AND event_key = $2"
    );
    let delivery = sqlx::query_as::<_, Delivery>(sqlx::AssertSqlSafe(sql))
        .bind(endpoint_id)
        .bind(&key)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(delivery)
}

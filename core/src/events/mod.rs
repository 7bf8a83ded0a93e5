//! Events: everything that happens to a sent message after it left, and what it changes.
//!
//! An event names its send; the send gives it its tenant, campaign, step, variant, mailbox and
//! lead. Storing an event applies its effects in the same transaction, once: a hard bounce, a
//! complaint or an unsubscribe suppresses the address and stops the lead's enrollment; a reply or
//! an auto-reply stops it when the campaign says so. Events carry an id chosen where they are
//! first seen, their dedup key unless they bring another, so one delivered twice is stored and
//! applied once; the stored event gets a new time-ordered id, so that the list, ordered by id,
//! follows the order of storing. Newly stored events also become webhook deliveries and are
//! added to the analytics counters, in the same transaction.

pub mod buffer;
pub mod inbound;
pub mod retry;
pub mod sent;
pub mod tracking;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::auth::TenantScope;
use crate::error::Result;
use crate::page::{Page, PageRequest};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Sent,
    Delivered,
    Opened,
    Clicked,
    Replied,
    AutoReplied,
    Bounced,
    Complained,
    Unsubscribed,
    Deferred,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Opened => "opened",
            Self::Clicked => "clicked",
            Self::Replied => "replied",
            Self::AutoReplied => "auto_replied",
            Self::Bounced => "bounced",
            Self::Complained => "complained",
            Self::Unsubscribed => "unsubscribed",
            Self::Deferred => "deferred",
        }
    }
}

/// An event as it is first seen, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    /// Chosen where the event is first seen.
    pub id: Uuid,
    /// Two deliveries of one event carry the same key; by default the id.
    #[serde(default)]
    pub dedup_key: Option<String>,
    pub kind: Kind,
    pub send_id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// Opened or clicked by a machine (image proxy, link scanner), not by a person.
    #[serde(default)]
    pub machine: bool,
    #[serde(default)]
    pub details: Value,
}

impl NewEvent {
    /// An event happening now.
    pub fn now(kind: Kind, send_id: Uuid, details: Value) -> Self {
        Self {
            id: Uuid::now_v7(),
            dedup_key: None,
            kind,
            send_id,
            occurred_at: Utc::now(),
            machine: false,
            details,
        }
    }

    /// What makes two deliveries of this event one: the key it was given, else its id.
    fn dedup_key(&self) -> String {
        self.dedup_key
            .clone()
            .unwrap_or_else(|| self.id.to_string())
    }

    /// Whether storing the event may change a suppression list or an enrollment. Opens,
    /// clicks and the like are only counted.
    fn has_effects(&self) -> bool {
        matches!(
            self.kind,
            Kind::Bounced
                | Kind::Complained
                | Kind::Unsubscribed
                | Kind::Replied
                | Kind::AutoReplied
        )
    }

    /// Whether the address must never be written to again, and why.
    fn suppresses(&self) -> Option<(&'static str, &'static str)> {
        match self.kind {
            Kind::Bounced if self.details["hard"] == Value::Bool(true) => {
                Some(("hard bounce", "bounce"))
            }
            Kind::Complained => Some(("complaint", "complaint")),
            Kind::Unsubscribed => Some(("unsubscribed", "unsubscribe")),
            _ => None,
        }
    }
}

/// A stored event.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Event {
    /// Given when the event was stored; ids grow in the order of storing.
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub workspace_id: Uuid,
    pub campaign_id: Uuid,
    pub send_id: Uuid,
    pub lead_id: Uuid,
    pub mailbox_id: Uuid,
    pub step: i32,
    pub variant: i32,
    #[schema(value_type = Kind)]
    pub kind: String,
    pub machine: bool,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    #[schema(value_type = Object)]
    pub details: Value,
}

const COLUMNS: &str = "id, tenant_id, workspace_id, campaign_id, send_id, lead_id, mailbox_id, \
    step, variant, kind, machine, occurred_at, recorded_at, details";

/// Stores events and applies their effects, in one transaction. Events whose send does not
/// exist are dropped; events already stored are skipped. Returns how many were new.
pub async fn record(pool: &PgPool, events: &[NewEvent]) -> Result<usize> {
    if events.is_empty() {
        return Ok(0);
    }
    let mut tx = pool.begin().await?;
    let count = record_in(&mut tx, events).await?;
    tx.commit().await?;
    Ok(count)
}

/// [`record`], in a transaction of the caller's: counted once it commits.
pub(crate) async fn record_in(
    tx: &mut Transaction<'_, Postgres>,
    events: &[NewEvent],
) -> Result<usize> {
    if events.is_empty() {
        return Ok(0);
    }
    // Stored ids are made now, so listing by id follows the order of storing: an event seen
    // earlier but stored later is not left behind a reader's cursor. The first sighting's id
    // stays the dedup key.
    let events: Vec<NewEvent> = events
        .iter()
        .map(|event| NewEvent {
            id: Uuid::now_v7(),
            dedup_key: Some(event.dedup_key()),
            ..event.clone()
        })
        .collect();
    let stored: Vec<Uuid> = sqlx::query_scalar(
        "INSERT INTO events (id, dedup_key, tenant_id, workspace_id, campaign_id, send_id, \
         lead_id, mailbox_id, step, variant, kind, machine, occurred_at, details) \
         SELECT u.id, u.dedup_key, s.tenant_id, c.workspace_id, s.campaign_id, s.id, s.lead_id, \
         s.mailbox_id, s.step, s.variant, u.kind, u.machine, u.occurred_at, u.details \
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bool[], $5::timestamptz[], \
             $6::jsonb[], $7::text[]) AS u(id, send_id, kind, machine, occurred_at, details, \
             dedup_key) \
         JOIN sends s ON s.id = u.send_id JOIN campaigns c ON c.id = s.campaign_id \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(events.iter().map(|e| e.id).collect::<Vec<_>>())
    .bind(events.iter().map(|e| e.send_id).collect::<Vec<_>>())
    .bind(events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>())
    .bind(events.iter().map(|e| e.machine).collect::<Vec<_>>())
    .bind(events.iter().map(|e| e.occurred_at).collect::<Vec<_>>())
    .bind(events.iter().map(|e| e.details.clone()).collect::<Vec<_>>())
    .bind(events.iter().map(NewEvent::dedup_key).collect::<Vec<_>>())
    .fetch_all(&mut **tx)
    .await?;
    let stored: std::collections::HashSet<Uuid> = stored.into_iter().collect();
    for event in events
        .iter()
        .filter(|e| e.has_effects() && stored.contains(&e.id))
    {
        apply(tx, event).await?;
    }
    let new: Vec<&NewEvent> = events.iter().filter(|e| stored.contains(&e.id)).collect();
    crate::notifications::fanout::events(tx, &new).await?;
    // Last: counter rows are the last rows any writer locks, so writers never wait on each
    // other in opposite orders.
    crate::analytics::count_events(tx, &new).await?;
    let count = stored.len();
    metrics::counter!("penguin_events_recorded_total").increment(count as u64);
    Ok(count)
}

/// What an event changes: the suppression list and the lead's enrollment.
async fn apply(tx: &mut Transaction<'_, Postgres>, event: &NewEvent) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct Target {
        tenant_id: Uuid,
        enrollment_id: Uuid,
        campaign_id: Uuid,
        email_key: String,
        domain: String,
        stop_on_reply: bool,
        stop_on_auto_reply: bool,
        stop_on_bounce: bool,
        stop_on_unsubscribe: bool,
        stop_company_on_reply: bool,
    }
    let Some(target) = sqlx::query_as::<_, Target>(
        "SELECT s.tenant_id, s.enrollment_id, s.campaign_id, l.email_key, l.domain, \
         c.stop_on_reply, c.stop_on_auto_reply, c.stop_on_bounce, c.stop_on_unsubscribe, \
         c.stop_company_on_reply \
         FROM sends s JOIN campaigns c ON c.id = s.campaign_id JOIN leads l ON l.id = s.lead_id \
         WHERE s.id = $1",
    )
    .bind(event.send_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    if let Some((reason, source)) = event.suppresses() {
        crate::tenant::suppressions::suppress_address(
            tx,
            target.tenant_id,
            &target.email_key,
            reason,
            source,
        )
        .await?;
    }
    let hard = event.details["hard"] == Value::Bool(true);
    if event.kind == Kind::Bounced && !hard {
        let reason = event.details["status"].as_str().unwrap_or("no status");
        if retry::soft_bounce(tx, event.send_id, reason).await? != retry::SoftBounce::Counted {
            return Ok(());
        }
    }
    let stop = match event.kind {
        Kind::Bounced if hard => Some("hard bounce"),
        Kind::Bounced if target.stop_on_bounce => Some("bounced"),
        Kind::Complained => Some("complaint"),
        Kind::Unsubscribed if target.stop_on_unsubscribe => Some("unsubscribed"),
        Kind::Replied if target.stop_on_reply => Some("replied"),
        Kind::AutoReplied if target.stop_on_auto_reply => Some("auto-replied"),
        _ => None,
    };
    let Some(reason) = stop else {
        return Ok(());
    };
    let company = event.kind == Kind::Replied && target.stop_company_on_reply;
    // A follow-up already queued is cancelled with the enrollment; one in flight finishes.
    sqlx::query(
        "WITH stopped AS ( \
             UPDATE enrollments e SET status = 'stopped', reason = $3, current_send_id = NULL, \
             updated_at = now() FROM leads l \
             WHERE e.campaign_id = $2 AND l.id = e.lead_id AND e.status IN ('active', 'attention') \
             AND (e.id = $1 OR ($4 AND l.domain = $5)) RETURNING e.id) \
         UPDATE sends s SET status = 'cancelled', finished_at = now(), smtp_reply = $3 \
         FROM stopped WHERE s.enrollment_id = stopped.id \
         AND s.status IN ('queued', 'deferred') AND s.claim IS NULL",
    )
    .bind(target.enrollment_id)
    .bind(target.campaign_id)
    .bind(reason)
    .bind(company)
    .bind(&target.domain)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Filters of the event list.
#[derive(Debug, Default, Clone)]
pub struct EventFilter {
    pub campaign_id: Option<Uuid>,
    pub lead_id: Option<Uuid>,
    pub kind: Option<Kind>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Lists events in the order they were stored: a tenant's, or with no scope every tenant's
/// (operators).
pub async fn list(
    pool: &PgPool,
    scope: Option<&TenantScope>,
    filter: &EventFilter,
    page: PageRequest,
) -> Result<Page<Event>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM events WHERE ($1::uuid IS NULL OR tenant_id = $1) \
         AND ($2::uuid IS NULL OR campaign_id = $2) AND ($3::uuid IS NULL OR lead_id = $3) \
         AND ($4::text IS NULL OR kind = $4) AND ($5::timestamptz IS NULL OR occurred_at >= $5) \
         AND ($6::timestamptz IS NULL OR occurred_at < $6) \
         AND ($7::uuid IS NULL OR id > $7) ORDER BY id LIMIT $8"
    );
    let rows = sqlx::query_as::<_, Event>(sqlx::AssertSqlSafe(sql))
        .bind(scope.map(TenantScope::tenant_id))
        .bind(filter.campaign_id)
        .bind(filter.lead_id)
        .bind(filter.kind.map(Kind::as_str))
        .bind(filter.since)
        .bind(filter.until)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |event| event.id))
}

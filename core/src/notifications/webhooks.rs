//! Webhook endpoints: where a tenant wants its events posted, which ones, and the secret the
//! deliveries are signed with. The secret is stored sealed and shown only when it is made.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;
use sqlx::PgPool;
use url::Url;
use uuid::Uuid;

use super::guard::{self, Allowlist};
use super::signing::Secret;
use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::crypto::Vault;
use crate::error::{Error, FieldError, Result};
use crate::page::{Page, PageRequest};

/// The event types an endpoint can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum EventType {
    #[serde(rename = "email.sent")]
    EmailSent,
    #[serde(rename = "email.opened")]
    EmailOpened,
    #[serde(rename = "email.clicked")]
    EmailClicked,
    #[serde(rename = "email.replied")]
    EmailReplied,
    #[serde(rename = "email.bounced")]
    EmailBounced,
    #[serde(rename = "email.complained")]
    EmailComplained,
    #[serde(rename = "lead.unsubscribed")]
    LeadUnsubscribed,
    #[serde(rename = "campaign.completed")]
    CampaignCompleted,
    #[serde(rename = "mailbox.error")]
    MailboxError,
}

impl EventType {
    pub const ALL: [Self; 9] = [
        Self::EmailSent,
        Self::EmailOpened,
        Self::EmailClicked,
        Self::EmailReplied,
        Self::EmailBounced,
        Self::EmailComplained,
        Self::LeadUnsubscribed,
        Self::CampaignCompleted,
        Self::MailboxError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::EmailSent => "email.sent",
            Self::EmailOpened => "email.opened",
            Self::EmailClicked => "email.clicked",
            Self::EmailReplied => "email.replied",
            Self::EmailBounced => "email.bounced",
            Self::EmailComplained => "email.complained",
            Self::LeadUnsubscribed => "lead.unsubscribed",
            Self::CampaignCompleted => "campaign.completed",
            Self::MailboxError => "mailbox.error",
        }
    }

    /// The webhook type of a stored event, for the kinds that have one.
    pub fn of_event(kind: crate::events::Kind) -> Option<Self> {
        use crate::events::Kind;
        match kind {
            Kind::Sent => Some(Self::EmailSent),
            Kind::Opened => Some(Self::EmailOpened),
            Kind::Clicked => Some(Self::EmailClicked),
            Kind::Replied => Some(Self::EmailReplied),
            Kind::Bounced => Some(Self::EmailBounced),
            Kind::Complained => Some(Self::EmailComplained),
            Kind::Unsubscribed => Some(Self::LeadUnsubscribed),
            Kind::Delivered | Kind::AutoReplied | Kind::Deferred => None,
        }
    }
}

/// An endpoint as the API shows it (never its secret).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Endpoint {
    pub id: Uuid,
    /// Only events of this workspace; null: every workspace.
    pub workspace_id: Option<Uuid>,
    pub url: String,
    pub description: String,
    #[schema(value_type = Vec<EventType>)]
    pub events: Vec<String>,
    pub enabled: bool,
    /// Why the endpoint was disabled automatically.
    pub disabled_reason: Option<String>,
    /// The first failed attempt since the last successful one; null while healthy.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, workspace_id, url, description, events, enabled, disabled_reason, \
    failing_since, created_at, updated_at";

/// An endpoint with its signing secret: the answer to creating it or rotating its secret, the
/// only times the secret is shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EndpointWithSecret {
    #[serde(flatten)]
    pub endpoint: Endpoint,
    /// `whsec_` and base64: the key of the deliveries' signatures. Shown once; store it.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
}

/// An endpoint to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    /// Where deliveries are posted: http or https, reaching a public address.
    #[schema(example = "https://hooks.example.com/penguin")]
    pub url: String,
    /// The event types to deliver.
    pub events: Vec<EventType>,
    /// Only events of this workspace (default: every workspace).
    #[serde(default)]
    pub workspace_id: Option<Uuid>,
    #[serde(default)]
    pub description: String,
    /// Default true.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Fields to change; absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub events: Option<Vec<EventType>>,
    /// A workspace, or null for every workspace.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub workspace_id: Option<Option<Uuid>>,
    pub description: Option<String>,
    /// Enabling an endpoint clears its failure state; deliveries waiting for it resume.
    pub enabled: Option<bool>,
}

/// A field that is present, possibly as null.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> std::result::Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The longest URL an endpoint may have, as stored.
const MAX_URL: usize = 2000;
/// The longest description.
const MAX_DESCRIPTION: usize = 500;

/// Checks a URL, event list and description; answers the URL parsed.
async fn check(
    url: Option<&str>,
    events: Option<&[EventType]>,
    description: Option<&str>,
    allowlist: &Allowlist,
) -> Result<Option<Url>> {
    let mut errors = Vec::new();
    let mut parsed = None;
    if let Some(url) = url {
        match Url::parse(url.trim()) {
            // The parser drops tabs and line breaks silently: refuse them instead.
            Ok(_) if url.trim().chars().any(char::is_control) => {
                errors.push(FieldError::new(
                    "url",
                    "must not contain control characters",
                ));
            }
            // Counted as stored and sent: percent-encoding can make a URL much longer.
            Ok(u) if u.as_str().len() > MAX_URL => {
                errors.push(FieldError::new(
                    "url",
                    format!("must be at most {MAX_URL} characters once encoded"),
                ));
            }
            Ok(u) if u.port() == Some(0) => {
                errors.push(FieldError::new("url", "port 0 cannot be connected to"));
            }
            Ok(u) => match guard::check_url(&u, allowlist).await {
                Ok(()) => parsed = Some(u),
                Err(why) => errors.push(FieldError::new("url", why.to_string())),
            },
            Err(err) => errors.push(FieldError::new("url", format!("is not a URL ({err})"))),
        }
    }
    if description.is_some_and(|text| text.trim().chars().count() > MAX_DESCRIPTION) {
        errors.push(FieldError::new(
            "description",
            format!("must be at most {MAX_DESCRIPTION} characters"),
        ));
    }
    if events.is_some_and(<[EventType]>::is_empty) {
        errors.push(FieldError::new(
            "events",
            "subscribe to at least one event type",
        ));
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(Error::Invalid(errors))
    }
}

fn names(events: &[EventType]) -> Vec<String> {
    let mut names: Vec<String> = events.iter().map(|e| e.as_str().to_owned()).collect();
    names.sort();
    names.dedup();
    names
}

async fn check_workspace(
    pool: &PgPool,
    scope: &TenantScope,
    workspace: Option<Uuid>,
) -> Result<()> {
    let Some(workspace) = workspace else {
        return Ok(());
    };
    let found: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM workspaces WHERE tenant_id = $1 AND id = $2")
            .bind(scope.tenant_id())
            .bind(workspace)
            .fetch_optional(pool)
            .await?;
    found
        .map(|_| ())
        .ok_or_else(|| Error::invalid("workspace_id", "no such workspace"))
}

pub async fn create(
    pool: &PgPool,
    vault: &Vault,
    allowlist: &Allowlist,
    scope: &TenantScope,
    actor: &Actor,
    input: &NewEndpoint,
) -> Result<EndpointWithSecret> {
    let url = check(
        Some(&input.url),
        Some(&input.events),
        Some(&input.description),
        allowlist,
    )
    .await?
    .expect("checked");
    check_workspace(pool, scope, input.workspace_id).await?;

    let id = Uuid::now_v7();
    let secret = Secret::generate();
    let mut tx = pool.begin().await?;
    let sql = format!(
        "INSERT INTO webhook_endpoints (id, tenant_id, workspace_id, url, description, events, \
         enabled, secret) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
    );
    let endpoint = sqlx::query_as::<_, Endpoint>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(scope.tenant_id())
        .bind(input.workspace_id)
        .bind(url.as_str())
        .bind(input.description.trim())
        .bind(names(&input.events))
        .bind(input.enabled.unwrap_or(true))
        .bind(vault.seal(id, secret.expose()))
        .fetch_one(&mut *tx)
        .await?;
    let details = json!({ "url": endpoint.url, "events": endpoint.events });
    audit::record(
        &mut tx,
        actor,
        Entry::about(
            scope,
            "webhook_endpoint",
            id,
            "webhook_endpoint.create",
            details,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(EndpointWithSecret {
        endpoint,
        secret: secret.expose().to_owned(),
    })
}

pub async fn list(pool: &PgPool, scope: &TenantScope, page: PageRequest) -> Result<Page<Endpoint>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 \
         AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3"
    );
    let rows = sqlx::query_as::<_, Endpoint>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |e| e.id))
}

pub async fn get(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Endpoint> {
    let sql = format!("SELECT {COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2");
    sqlx::query_as::<_, Endpoint>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))
}

pub async fn update(
    pool: &PgPool,
    allowlist: &Allowlist,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
    changes: &EndpointChanges,
) -> Result<Endpoint> {
    get(pool, scope, id).await?;
    let url = check(
        changes.url.as_deref(),
        changes.events.as_deref(),
        changes.description.as_deref(),
        allowlist,
    )
    .await?;
    if let Some(workspace) = changes.workspace_id {
        check_workspace(pool, scope, workspace).await?;
    }

    let mut tx = pool.begin().await?;
    let sql = format!(
        "UPDATE webhook_endpoints SET url = coalesce($3, url), events = coalesce($4, events), \
         workspace_id = CASE WHEN $5 THEN $6 ELSE workspace_id END, \
         description = coalesce($7, description), enabled = coalesce($8, enabled), \
         disabled_reason = CASE WHEN $8 THEN NULL ELSE disabled_reason END, \
         failing_since = CASE WHEN $8 THEN NULL ELSE failing_since END, updated_at = now() \
         WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    let endpoint = sqlx::query_as::<_, Endpoint>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .bind(url.as_ref().map(Url::as_str))
        .bind(changes.events.as_deref().map(names))
        .bind(changes.workspace_id.is_some())
        .bind(changes.workspace_id.flatten())
        .bind(changes.description.as_deref().map(str::trim))
        .bind(changes.enabled)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))?;
    let details = json!({
        "url": url.as_ref().map(Url::as_str),
        "events": changes.events.as_deref().map(names),
        "enabled": changes.enabled,
    });
    audit::record(
        &mut tx,
        actor,
        Entry::about(
            scope,
            "webhook_endpoint",
            id,
            "webhook_endpoint.update",
            details,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(endpoint)
}

pub async fn delete(pool: &PgPool, scope: &TenantScope, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    crate::tenant::delete_owned(
        &mut tx,
        scope,
        actor,
        "webhook_endpoints",
        "webhook_endpoint",
        "webhook_endpoint.delete",
        id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the signing secret at once; deliveries from now on are signed with the new one.
pub async fn rotate_secret(
    pool: &PgPool,
    vault: &Vault,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
) -> Result<EndpointWithSecret> {
    let secret = Secret::generate();
    let mut tx = pool.begin().await?;
    let sql = format!(
        "UPDATE webhook_endpoints SET secret = $3, updated_at = now() \
         WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    let endpoint = sqlx::query_as::<_, Endpoint>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .bind(vault.seal(id, secret.expose()))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))?;
    audit::record(
        &mut tx,
        actor,
        Entry::about(
            scope,
            "webhook_endpoint",
            id,
            "webhook_endpoint.rotate_secret",
            json!({}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(EndpointWithSecret {
        endpoint,
        secret: secret.expose().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_type_names_round_trip() {
        for kind in EventType::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
            assert_eq!(serde_json::from_value::<EventType>(json).unwrap(), kind);
        }
        assert!(serde_json::from_value::<EventType>(json!("email.exploded")).is_err());
    }

    #[test]
    fn changes_tell_null_from_absent() {
        let absent: EndpointChanges = serde_json::from_value(json!({})).unwrap();
        assert_eq!(absent.workspace_id, None);
        let null: EndpointChanges =
            serde_json::from_value(json!({ "workspace_id": null })).unwrap();
        assert_eq!(null.workspace_id, Some(None));
    }
}

//! The JSON bodies of webhook deliveries: `{"type", "timestamp", "data"}`, where `data` has
//! one shape per family of event types. The shapes are part of the API and documented in the
//! OpenAPI document; fields are only ever added.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// The body of every delivery.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WebhookPayload {
    /// An event type name (see `EventType`), or `webhook.test` for a test delivery.
    #[serde(rename = "type")]
    #[schema(example = "email.opened")]
    pub kind: String,
    /// When the event happened.
    pub timestamp: DateTime<Utc>,
    pub data: WebhookData,
}

/// What the event is about.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum WebhookData {
    Email(EmailData),
    Campaign(CampaignData),
    Mailbox(MailboxData),
    Test(TestData),
}

/// `email.*` and `lead.unsubscribed`: one sent message and what happened to it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EmailData {
    /// The event's id (for `email.sent`, the send's).
    pub event_id: Uuid,
    pub send_id: Uuid,
    pub campaign_id: Uuid,
    pub workspace_id: Uuid,
    pub lead_id: Uuid,
    /// The lead's address.
    pub lead_email: Option<String>,
    pub mailbox_id: Uuid,
    /// The campaign step (0 is the first message).
    pub step: i32,
    pub variant: i32,
    /// Opened or clicked by a machine (image proxy, link scanner) rather than a person.
    pub machine: bool,
    /// Kind-specific details: bounce status and reason, clicked URL, feedback type...
    #[schema(value_type = Object)]
    pub details: Value,
}

/// `campaign.completed`: every lead of the campaign has finished.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignData {
    pub campaign_id: Uuid,
    pub workspace_id: Uuid,
    pub name: String,
}

/// `mailbox.error`: a mailbox stopped sending until someone fixes it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MailboxData {
    pub mailbox_id: Uuid,
    pub workspace_id: Uuid,
    pub email: String,
    /// What went wrong, e.g. the server's answer to the login.
    pub reason: String,
}

/// `webhook.test`: sent on request, to try an endpoint.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TestData {
    pub endpoint_id: Uuid,
    pub message: String,
}

impl WebhookPayload {
    pub fn new(kind: &str, timestamp: DateTime<Utc>, data: WebhookData) -> Self {
        Self {
            kind: kind.to_owned(),
            timestamp,
            data,
        }
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("payloads serialize")
    }
}

//! Turning what happens into deliveries and notices: stored events (in the transaction that
//! stores them; sent messages become events too, see `events::sent`), completed campaigns and
//! mailboxes in error.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::deliveries::{self, Outgoing};
use super::payload::{CampaignData, EmailData, MailboxData, WebhookData, WebhookPayload};
use super::webhooks::EventType;
use crate::error::Result;
use crate::events::NewEvent;

/// One event matched with one endpoint that takes it.
#[derive(sqlx::FromRow)]
struct EmailRow {
    endpoint_id: Uuid,
    event_type: String,
    event_id: Uuid,
    tenant_id: Uuid,
    workspace_id: Uuid,
    campaign_id: Uuid,
    send_id: Uuid,
    lead_id: Uuid,
    lead_email: Option<String>,
    mailbox_id: Uuid,
    step: i32,
    variant: i32,
    machine: bool,
    occurred_at: DateTime<Utc>,
    details: Value,
}

impl EmailRow {
    fn into_outgoing(self, key: String) -> Outgoing {
        let payload = WebhookPayload::new(
            &self.event_type,
            self.occurred_at,
            WebhookData::Email(EmailData {
                event_id: self.event_id,
                send_id: self.send_id,
                campaign_id: self.campaign_id,
                workspace_id: self.workspace_id,
                lead_id: self.lead_id,
                lead_email: self.lead_email,
                mailbox_id: self.mailbox_id,
                step: self.step,
                variant: self.variant,
                machine: self.machine,
                details: self.details,
            }),
        );
        Outgoing {
            tenant_id: self.tenant_id,
            endpoint_id: self.endpoint_id,
            event_type: self.event_type,
            event_key: key,
            payload: payload.to_json(),
        }
    }
}

/// Queues deliveries of newly stored events to the endpoints that take them. Costs one indexed
/// look-up when no endpoint does.
pub(crate) async fn events(tx: &mut Transaction<'_, Postgres>, stored: &[&NewEvent]) -> Result<()> {
    let typed: Vec<(Uuid, &'static str)> = stored
        .iter()
        .filter_map(|e| EventType::of_event(e.kind).map(|t| (e.id, t.as_str())))
        .collect();
    if typed.is_empty() {
        return Ok(());
    }
    let rows = sqlx::query_as::<_, EmailRow>(
        "SELECT w.id AS endpoint_id, u.event_type, ev.id AS event_id, ev.tenant_id, \
         ev.workspace_id, ev.campaign_id, ev.send_id, ev.lead_id, l.email AS lead_email, \
         ev.mailbox_id, ev.step, ev.variant, ev.machine, ev.occurred_at, ev.details \
         FROM unnest($1::uuid[], $2::text[]) AS u(id, event_type) \
         JOIN events ev ON ev.id = u.id \
         JOIN webhook_endpoints w ON w.tenant_id = ev.tenant_id AND w.enabled \
             AND u.event_type = ANY(w.events) \
             AND (w.workspace_id IS NULL OR w.workspace_id = ev.workspace_id) \
         LEFT JOIN leads l ON l.id = ev.lead_id",
    )
    .bind(typed.iter().map(|(id, _)| *id).collect::<Vec<_>>())
    .bind(typed.iter().map(|(_, t)| *t).collect::<Vec<_>>())
    .fetch_all(&mut **tx)
    .await?;
    let outgoing: Vec<Outgoing> = rows
        .into_iter()
        .map(|row| {
            let key = format!("event:{}", row.event_id);
            row.into_outgoing(key)
        })
        .collect();
    deliveries::insert(tx, &outgoing).await?;
    Ok(())
}

/// A campaign that has just completed.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CompletedCampaign {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub workspace_id: Uuid,
    pub name: String,
    pub completed_at: DateTime<Utc>,
}

/// Announces completed campaigns: a notice, and deliveries to the endpoints that want them.
pub(crate) async fn campaigns_completed(
    tx: &mut Transaction<'_, Postgres>,
    campaigns: &[CompletedCampaign],
) -> Result<()> {
    for campaign in campaigns {
        super::notify(
            tx,
            super::NewNotice {
                tenant_id: campaign.tenant_id,
                kind: "campaign.completed",
                title: format!("Campaign \"{}\" completed", campaign.name),
                body: "Every lead of the campaign has finished its sequence.".to_owned(),
                subject: Some(("campaign", campaign.id)),
                details: json!({ "workspace_id": campaign.workspace_id }),
                dedup_key: format!("campaign:{}:completed", campaign.id),
            },
        )
        .await?;
        let event_type = EventType::CampaignCompleted.as_str();
        let payload = WebhookPayload::new(
            event_type,
            campaign.completed_at,
            WebhookData::Campaign(CampaignData {
                campaign_id: campaign.id,
                workspace_id: campaign.workspace_id,
                name: campaign.name.clone(),
            }),
        )
        .to_json();
        let endpoints =
            deliveries::subscribers(tx, campaign.tenant_id, campaign.workspace_id, event_type)
                .await?;
        let outgoing: Vec<Outgoing> = endpoints
            .into_iter()
            .map(|endpoint_id| Outgoing {
                tenant_id: campaign.tenant_id,
                endpoint_id,
                event_type: event_type.to_owned(),
                event_key: format!("campaign:{}:completed", campaign.id),
                payload: payload.clone(),
            })
            .collect();
        deliveries::insert(tx, &outgoing).await?;
    }
    Ok(())
}

/// A mailbox that has just gone into error.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct FailedMailbox {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub workspace_id: Uuid,
    pub email: String,
    pub status_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// Announces a mailbox in error: a notice, and deliveries to the endpoints that want it. Each
/// time a mailbox goes into error is announced once.
pub(crate) async fn mailbox_error(
    tx: &mut Transaction<'_, Postgres>,
    mailbox: &FailedMailbox,
) -> Result<()> {
    let reason = mailbox.status_reason.clone().unwrap_or_default();
    let key = format!(
        "mailbox:{}:error:{}",
        mailbox.id,
        mailbox.updated_at.timestamp_micros()
    );
    super::notify(
        tx,
        super::NewNotice {
            tenant_id: mailbox.tenant_id,
            kind: "mailbox.error",
            title: format!("Mailbox {} stopped sending", mailbox.email),
            body: format!("Fix its settings and set it active again. The error: {reason}"),
            subject: Some(("mailbox", mailbox.id)),
            details: json!({ "workspace_id": mailbox.workspace_id, "reason": reason }),
            dedup_key: key.clone(),
        },
    )
    .await?;
    let event_type = EventType::MailboxError.as_str();
    let payload = WebhookPayload::new(
        event_type,
        mailbox.updated_at,
        WebhookData::Mailbox(MailboxData {
            mailbox_id: mailbox.id,
            workspace_id: mailbox.workspace_id,
            email: mailbox.email.clone(),
            reason,
        }),
    )
    .to_json();
    let endpoints =
        deliveries::subscribers(tx, mailbox.tenant_id, mailbox.workspace_id, event_type).await?;
    let outgoing: Vec<Outgoing> = endpoints
        .into_iter()
        .map(|endpoint_id| Outgoing {
            tenant_id: mailbox.tenant_id,
            endpoint_id,
            event_type: event_type.to_owned(),
            event_key: key.clone(),
            payload: payload.clone(),
        })
        .collect();
    deliveries::insert(tx, &outgoing).await?;
    Ok(())
}

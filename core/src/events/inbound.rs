//! Inbound mail: a bounce, complaint, auto-reply or reply, matched to the send it answers and
//! turned into events.
//!
//! Matching uses what the returned or reported copy keeps of our message: the `X-Penguin-Send`
//! header, then the Message-ID (its local part is the send id), then `In-Reply-To` and
//! `References`. A message that names none of our sends is classified but changes nothing.

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Kind, NewEvent};
use crate::auth::TenantScope;
use crate::error::Result;
use crate::inbound::{self, Action, Classification, SEND_HEADER, Verdict};

/// What ingesting one message did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Ingested {
    /// The classification: `kind` and its details (see `penguin events classify`).
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub classification: Classification,
    /// The send the message answers, when it names one of ours.
    pub send_id: Option<Uuid>,
    /// Events stored; 0 when the message was ingested before or changes nothing.
    pub events: usize,
}

/// Classifies one raw message, matches it, and records its events. With `tenant`, only that
/// tenant's sends can match (a service key ingests for its own tenant).
pub async fn ingest(pool: &PgPool, tenant: Option<&TenantScope>, raw: &[u8]) -> Result<Ingested> {
    let classification = inbound::classify(raw);
    let send_id = matching_send(pool, tenant, &classification).await?;
    let events = match send_id {
        Some(send_id) => {
            let events = events_of(&classification, send_id, raw);
            super::record(pool, &events).await?
        }
        None => 0,
    };
    Ok(Ingested {
        classification,
        send_id,
        events,
    })
}

/// The send ids a message may name, most direct first.
fn candidates(classification: &Classification) -> Vec<Uuid> {
    let original = &classification.original;
    let header = original.header(SEND_HEADER).into_iter();
    let from_ids = original.candidate_ids().filter_map(|id| {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>');
        id.split_once('@').map(|(local, _)| local)
    });
    let mut ids = Vec::new();
    for candidate in header.chain(from_ids) {
        if let Ok(id) = Uuid::try_parse(candidate.trim())
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    ids
}

async fn matching_send(
    pool: &PgPool,
    tenant: Option<&TenantScope>,
    classification: &Classification,
) -> Result<Option<Uuid>> {
    let ids = candidates(classification);
    if ids.is_empty() {
        return Ok(None);
    }
    let found: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM sends WHERE id = ANY($1) AND ($2::uuid IS NULL OR tenant_id = $2)",
    )
    .bind(&ids)
    .bind(tenant.map(TenantScope::tenant_id))
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().find(|id| found.contains(id)))
}

/// The events a classified message means for the send it answers.
fn events_of(classification: &Classification, send_id: Uuid, raw: &[u8]) -> Vec<NewEvent> {
    let digest = hex::encode(Sha256::digest(raw));
    let event = |kind: Kind, details: serde_json::Value| NewEvent {
        dedup_key: Some(format!("inbound:{digest}:{send_id}:{}", kind.as_str())),
        ..NewEvent::now(kind, send_id, details)
    };
    match &classification.verdict {
        Verdict::Bounce(bounce) => {
            // The message had one recipient: the report's first failed or delayed one is it.
            let Some(recipient) = bounce
                .recipients
                .iter()
                .find(|r| matches!(r.action, Action::Failed | Action::Delayed))
            else {
                return Vec::new();
            };
            let details = json!({
                "hard": recipient.hard && recipient.action == Action::Failed,
                "status": recipient.status.to_string(),
                "reason": recipient.reason.as_str(),
                "reply_code": recipient.reply_code,
                "diagnostic": recipient.diagnostic,
                "address": recipient.address,
                "source": "inbound",
            });
            let kind = match recipient.action {
                Action::Delayed => Kind::Deferred,
                _ => Kind::Bounced,
            };
            vec![event(kind, details)]
        }
        Verdict::Complaint(complaint) => vec![event(
            Kind::Complained,
            json!({ "feedback_type": complaint.feedback_type, "source": "inbound" }),
        )],
        Verdict::AutoReply(_) => vec![event(Kind::AutoReplied, json!({ "source": "inbound" }))],
        // Ordinary mail that answers one of our messages is a reply.
        Verdict::Other => vec![event(Kind::Replied, json!({ "source": "inbound" }))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_names_its_send_through_in_reply_to() {
        let send = Uuid::now_v7();
        let raw = format!(
            "From: lead@lead.example\r\nTo: alex@sender.example\r\nSubject: Re: Hi\r\n\
             Message-ID: <reply-1@lead.example>\r\nIn-Reply-To: <{}@sender.example>\r\n\r\n\
             Sounds good, call me.\r\n",
            send.simple()
        );
        let classification = inbound::classify(raw.as_bytes());
        assert_eq!(candidates(&classification), vec![send]);
        let events = events_of(&classification, send, raw.as_bytes());
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].kind, Kind::Replied);
    }

    #[test]
    fn one_message_ingested_twice_makes_the_same_event_key() {
        let send = Uuid::now_v7();
        let raw = b"From: a@b.example\r\nSubject: Out of Office\r\nAuto-Submitted: auto-replied\r\n\r\nAway\r\n";
        let classification = inbound::classify(raw);
        let first = events_of(&classification, send, raw);
        let second = events_of(&classification, send, raw);
        assert_eq!(first[0].kind, Kind::AutoReplied);
        assert_eq!(first[0].dedup_key, second[0].dedup_key);
        assert_ne!(first[0].id, second[0].id);
    }
}

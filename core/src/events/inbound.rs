//! Inbound mail: a bounce, complaint, auto-reply or reply, matched to the send it answers and
//! turned into events.
//!
//! Matching uses what the returned or reported copy keeps of our message: the `X-Penguin-Send`
//! header, then the Message-ID (its local part is the send id), then `In-Reply-To` and
//! `References`. A message that names none of our sends is classified but changes nothing.
//!
//! Only mail that a person wrote is a reply. A delivery report (RFC 3464 or Amazon SES) is a
//! `delivered` event; any other automated mail of kind `other` (a read receipt, a report, a
//! notification, a mail system's or no-reply address's message) records nothing.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Kind, NewEvent};
use crate::auth::TenantScope;
use crate::error::Result;
use crate::inbound::{self, Action, Automated, Classification, SEND_HEADER, Verdict};

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

/// How many distinct send ids of one message are looked up: a message names the send it
/// answers among its first few ids.
const MAX_CANDIDATES: usize = 100;

/// The send ids a message may name, most direct first; at most [`MAX_CANDIDATES`].
fn candidates(classification: &Classification) -> Vec<Uuid> {
    let original = &classification.original;
    let header = original.header(SEND_HEADER).into_iter();
    let from_ids = original.candidate_ids().filter_map(|id| {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>');
        id.split_once('@').map(|(local, _)| local)
    });
    let mut seen = HashSet::new();
    header
        .chain(from_ids)
        .filter_map(|candidate| Uuid::try_parse(candidate.trim()).ok())
        .filter(|id| seen.insert(*id))
        .take(MAX_CANDIDATES)
        .collect()
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
    let found: HashSet<Uuid> = found.into_iter().collect();
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
        // A report that the message arrived is a delivery; other automated mail (a read
        // receipt, a notification, a mail system's message) changes nothing. Mail that a
        // person wrote in answer to one of our messages is a reply.
        Verdict::Other => match classification.automated {
            Some(Automated::Delivery) => vec![event(
                Kind::Delivered,
                json!({ "source": "inbound", "report": "delivery" }),
            )],
            Some(_) => Vec::new(),
            None => vec![event(Kind::Replied, json!({ "source": "inbound" }))],
        },
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

    /// A delivery status notification about `send` whose one recipient had `action`.
    fn report(send: Uuid, action: &str, status: &str) -> String {
        format!(
            "From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\n\
             Subject: Delivery Status Notification\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nYour message was delivered.\r\n\
             --b\r\nContent-Type: message/delivery-status\r\n\r\n\
             Reporting-MTA: dns; mx.example\r\n\r\n\
             Final-Recipient: rfc822; lead@lead.example\r\nAction: {action}\r\n\
             Status: {status}\r\n\r\n\
             --b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
             Message-ID: <{}@sender.example>\r\n\r\n--b--\r\n",
            send.simple()
        )
    }

    #[test]
    fn a_delivery_report_is_a_delivery_not_a_reply() {
        let send = Uuid::now_v7();
        for action in ["delivered", "relayed", "expanded"] {
            let raw = report(send, action, "2.0.0");
            let classification = inbound::classify(raw.as_bytes());
            assert_eq!(candidates(&classification), vec![send]);
            let events = events_of(&classification, send, raw.as_bytes());
            assert_eq!(events.len(), 1, "{action}");
            assert_eq!(events[0].kind, Kind::Delivered, "{action}");
        }
        let failed = report(send, "failed", "5.1.1");
        let events = events_of(
            &inbound::classify(failed.as_bytes()),
            send,
            failed.as_bytes(),
        );
        assert_eq!(events[0].kind, Kind::Bounced);
    }

    #[test]
    fn an_ses_delivery_notification_is_a_delivery() {
        let send = Uuid::now_v7();
        let raw = format!(
            "From: no-reply@sns.example\r\nSubject: AWS Notification Message\r\n\r\n\
             {{\"notificationType\":\"Delivery\",\"mail\":{{\"messageId\":\"ses-1\",\
             \"headers\":[{{\"name\":\"X-Penguin-Send\",\"value\":\"{send}\"}}]}},\
             \"delivery\":{{\"recipients\":[\"lead@lead.example\"]}}}}\r\n"
        );
        let classification = inbound::classify(raw.as_bytes());
        assert_eq!(candidates(&classification), vec![send]);
        let events = events_of(&classification, send, raw.as_bytes());
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].kind, Kind::Delivered);
    }

    #[test]
    fn automated_mail_naming_a_send_records_no_reply() {
        let send = Uuid::now_v7();
        let id = send.simple();
        let read_receipt = format!(
            "From: lead@lead.example\r\nSubject: Read: Hi\r\n\
             In-Reply-To: <{id}@sender.example>\r\n\
             Content-Type: multipart/report; report-type=disposition-notification; \
             boundary=r\r\n\r\n\
             --r\r\nContent-Type: text/plain\r\n\r\nYour message was displayed.\r\n\
             --r\r\nContent-Type: message/disposition-notification\r\n\r\n\
             Final-Recipient: rfc822; lead@lead.example\r\n\
             Original-Message-ID: <{id}@sender.example>\r\n\
             Disposition: manual-action/MDN-sent-manually; displayed\r\n--r--\r\n"
        );
        let notification = format!(
            "From: no-reply@sns.example\r\nSubject: AWS Notification Message\r\n\r\n\
             {{\"notificationType\":\"Send\",\
             \"mail\":{{\"messageId\":\"{id}@sender.example\"}}}}\r\n"
        );
        let daemon = format!(
            "From: MAILER-DAEMON@mx.example\r\nSubject: Notice\r\n\
             References: <{id}@sender.example>\r\n\r\nYour message was received.\r\n"
        );
        let bulk = format!(
            "From: news@lead.example\r\nPrecedence: bulk\r\nSubject: News\r\n\
             In-Reply-To: <{id}@sender.example>\r\n\r\nOur news.\r\n"
        );
        for raw in [read_receipt, notification, daemon, bulk] {
            let classification = inbound::classify(raw.as_bytes());
            assert_eq!(candidates(&classification), vec![send], "{raw}");
            assert!(
                events_of(&classification, send, raw.as_bytes()).is_empty(),
                "{raw}"
            );
        }
    }

    #[test]
    fn candidates_are_distinct_and_bounded() {
        let sends: Vec<Uuid> = (0..5_000).map(|_| Uuid::now_v7()).collect();
        let ids: Vec<String> = sends
            .iter()
            .chain(&sends)
            .map(|send| format!("<{}@sender.example>", send.simple()))
            .collect();
        let raw = format!(
            "From: lead@lead.example\r\nSubject: Re: Hi\r\nIn-Reply-To: {}\r\n\
             References: {}\r\n\r\nYes.\r\n",
            ids[0],
            ids.join("\r\n ")
        );
        let started = std::time::Instant::now();
        let found = candidates(&inbound::classify(raw.as_bytes()));
        assert!(started.elapsed().as_secs_f64() < 2.0);
        assert_eq!(found.len(), MAX_CANDIDATES);
        assert_eq!(found[0], sends[0]);
        assert_eq!(found.iter().collect::<HashSet<_>>().len(), found.len());
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

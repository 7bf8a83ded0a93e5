//! Inbound mail classification: what a message that arrives at one of our return or reply
//! addresses is, and which message of ours it answers. [`classify`] reads one raw RFC 5322
//! message and answers a [`Classification`]:
//!
//! - a **bounce**: an RFC 3464 delivery status notification, an Amazon SES bounce notification,
//!   or the plain-text notice of an MTA that sends no standard report (qmail, Exim, Gmail,
//!   Yahoo, Domino, Exchange, ...), with one [`BouncedRecipient`] per failed address: its
//!   enhanced status code, SMTP reply code, [`Reason`] class and whether it is a hard bounce;
//! - a **complaint**: an RFC 5965 feedback report (ARF), a Hotmail JMRP report, an Amazon SES
//!   complaint notification, or an unsubscribe request sent by Apple Mail;
//! - an **auto-reply**: an out-of-office or other automatic answer (RFC 3834 `Auto-Submitted`,
//!   the `X-Autoreply` family, `Precedence: auto_reply`, the subjects of common clients);
//! - **other**: anything else, such as a person's reply. A report that only confirms successful
//!   deliveries is also `other`.
//!
//! Every classification also carries [`Original`]: the Message-IDs and tracked headers of the
//! returned or reported message, and the report's own In-Reply-To and References, so the caller
//! can find the message it sent.
//!
//! Classification is pure: no I/O, no clock. It survives CR, LF and CRLF line ends, broken
//! MIME and any charset, and never panics, whatever the input.
//!
//! Hard and soft: only a reason that says the address is bad ([`Reason::is_bad_address`]) on a
//! delivery the sending server gave up on is hard. Reputation, policy and content refusals,
//! full mailboxes and delayed deliveries are soft: they say nothing about the address.

mod address;
mod auto_reply;
#[cfg(test)]
mod corpus_tests;
mod dsn;
mod feedback;
mod fields;
mod mime;
mod notice;
mod original;
mod reason;
mod ses;
mod status;

use serde::{Deserialize, Serialize};

pub use self::feedback::{Complaint, ComplaintFormat, FeedbackReport, FeedbackType};
pub use self::original::{Original, TrackedHeader};
pub use self::reason::{Diagnosis, Reason, classify_smtp_reply};
pub use self::status::{Status, StatusError};

use self::mime::Mail;

/// The header our sender adds to every message to name the send it belongs to; tracked by
/// default in returned messages.
pub const SEND_HEADER: &str = "X-Penguin-Send";

/// What an inbound message is, and what it says about the message of ours it answers.
///
/// Serialized as one JSON object: `{"kind": "bounce", "recipients": [...], "original": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    #[serde(flatten)]
    pub verdict: Verdict,
    pub original: Original,
}

impl Classification {
    pub fn kind(&self) -> Kind {
        match self.verdict {
            Verdict::Bounce(_) => Kind::Bounce,
            Verdict::Complaint(_) => Kind::Complaint,
            Verdict::AutoReply(_) => Kind::AutoReply,
            Verdict::Other => Kind::Other,
        }
    }

    /// The failed recipients of a bounce; empty for every other kind.
    pub fn recipients(&self) -> &[BouncedRecipient] {
        match &self.verdict {
            Verdict::Bounce(bounce) => &bounce.recipients,
            _ => &[],
        }
    }
}

/// The kind of an inbound message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Bounce,
    Complaint,
    AutoReply,
    Other,
}

/// The kind of an inbound message with what was found for that kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    Bounce(Bounce),
    Complaint(Complaint),
    AutoReply(AutoReply),
    Other,
}

/// A report that one or more recipients did not (yet) receive a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bounce {
    /// Each failed or delayed recipient once, in the order of the report.
    pub recipients: Vec<BouncedRecipient>,
}

/// One recipient of a bounce.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BouncedRecipient {
    /// The address as we sent to it: the report's Original-Recipient when it has one, else
    /// its Final-Recipient or the address named in the notice.
    pub address: String,
    /// The Final-Recipient of an RFC 3464 report, when it differs from `address` (after a
    /// forward or alias expansion).
    pub final_recipient: Option<String>,
    pub action: Action,
    /// The enhanced status code, e.g. `5.1.1`.
    pub status: Status,
    /// True when the message held no status code and `status` was inferred from the reason.
    pub status_inferred: bool,
    /// The SMTP reply code of the receiving server, e.g. 550, when the report shows it.
    pub reply_code: Option<u16>,
    pub reason: Reason,
    /// A hard bounce: the address itself is bad and will never accept mail.
    pub hard: bool,
    /// The diagnostic text: the Diagnostic-Code of the report, or the server's reply quoted in
    /// the notice.
    pub diagnostic: Option<String>,
    /// The server that refused the message, when the report names it.
    pub remote_mta: Option<String>,
}

impl BouncedRecipient {
    fn new(address: String, action: Action, reply_code: Option<u16>, diagnosis: Diagnosis) -> Self {
        Self {
            address,
            final_recipient: None,
            action,
            status: diagnosis.status,
            status_inferred: diagnosis.status_inferred,
            reply_code,
            reason: diagnosis.reason,
            hard: diagnosis.hard,
            diagnostic: None,
            remote_mta: None,
        }
    }
}

/// What the reporting server did with the message for one recipient (RFC 3464, 2.3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// It gave up: the message will not be delivered.
    Failed,
    /// It is still trying.
    Delayed,
    Delivered,
    /// It passed the message on to a system that sends no reports.
    Relayed,
    /// It delivered to a list or alias and passed the message on to its members.
    Expanded,
}

impl Action {
    /// Parses an Action field's value, e.g. "failed" or "delayed (will retry)".
    fn parse(value: &str) -> Option<Self> {
        let word = value.split_whitespace().next()?.to_ascii_lowercase();
        match word.trim_end_matches([';', ',', '.']) {
            "failed" | "failure" => Some(Action::Failed),
            "delayed" => Some(Action::Delayed),
            "delivered" => Some(Action::Delivered),
            "relayed" => Some(Action::Relayed),
            "expanded" => Some(Action::Expanded),
            _ => None,
        }
    }

    /// The action a status class implies when the report names none.
    fn from_class(class: u8) -> Self {
        match class {
            2 => Action::Delivered,
            4 => Action::Delayed,
            _ => Action::Failed,
        }
    }

    /// Delivered, relayed or expanded: nothing went wrong.
    pub fn is_success(self) -> bool {
        matches!(self, Action::Delivered | Action::Relayed | Action::Expanded)
    }
}

/// An automatic answer to one of our messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoReply {
    /// What gave it away, e.g. `Auto-Submitted: auto-replied` or `subject: Out of Office`.
    pub evidence: String,
}

/// Settings for [`classify_with`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Header names whose values are looked up in the returned or reported message and reported
    /// in [`Original::headers`]. Default: [`SEND_HEADER`].
    pub tracked_headers: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            tracked_headers: vec![SEND_HEADER.to_owned()],
        }
    }
}

/// Classifies one raw RFC 5322 message with the default [`Options`].
pub fn classify(raw: &[u8]) -> Classification {
    classify_with(raw, &Options::default())
}

/// Classifies one raw RFC 5322 message. Complaints are recognised first (a feedback report
/// contains a returned message and would otherwise pass for a bounce), then bounces (which
/// often carry `Auto-Submitted` and would otherwise pass for auto-replies), then auto-replies.
pub fn classify_with(raw: &[u8], options: &Options) -> Classification {
    let raw = mime::normalize_line_ends(raw);
    let mail = Mail::parse(&raw);
    let ses = ses::Notification::find(&mail);

    let verdict = match &ses {
        Some(notification) => notification.verdict(),
        None => feedback::complaint(&mail)
            .map(Verdict::Complaint)
            .or_else(|| bounce(&mail))
            .or_else(|| auto_reply::detect(&mail).map(Verdict::AutoReply))
            .unwrap_or(Verdict::Other),
    };
    let original = original::collect(&mail, &verdict, ses.as_ref(), &options.tracked_headers);
    Classification { verdict, original }
}

/// The bounce in `mail`, from its delivery-status parts or else from its notice text; `Other`
/// for a report of successful deliveries only; `None` when it is no delivery report at all.
fn bounce(mail: &Mail) -> Option<Verdict> {
    let reported = dsn::recipients(mail);
    let recipients = match reported {
        Some(recipients) if !recipients.is_empty() => recipients,
        Some(_) => notice::recipients(mail, true)?,
        None => notice::recipients(mail, false)?,
    };
    let failed: Vec<BouncedRecipient> = recipients
        .into_iter()
        .filter(|r| !r.action.is_success())
        .collect();
    if failed.is_empty() {
        return Some(Verdict::Other);
    }
    Some(Verdict::Bounce(Bounce { recipients: failed }))
}

/// Keeps the first recipient of each address.
fn dedupe(recipients: Vec<BouncedRecipient>) -> Vec<BouncedRecipient> {
    let mut seen = std::collections::HashSet::new();
    recipients
        .into_iter()
        .filter(|r| seen.insert(address::key(&r.address)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DSN: &str = "From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\n\
        To: bounces+42@sender.example\r\n\
        Subject: Undelivered Mail Returned to Sender\r\n\
        Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
        --b\r\nContent-Type: text/plain\r\n\r\nI could not deliver your message.\r\n\
        --b\r\nContent-Type: message/delivery-status\r\n\r\n\
        Reporting-MTA: dns; mx.example\r\n\r\n\
        Final-Recipient: rfc822; gone@rcpt.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\
        Diagnostic-Code: smtp; 550 5.1.1 <gone@rcpt.example>: User unknown\r\n\r\n\
        Final-Recipient: rfc822; full@rcpt.example\r\nAction: delayed\r\nStatus: 4.2.2\r\n\r\n\
        --b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
        Message-ID: <send-1@sender.example>\r\nX-Penguin-Send: s-123\r\n\r\n--b--\r\n";

    #[test]
    fn a_dsn_is_a_bounce_per_recipient() {
        let classification = classify(DSN.as_bytes());
        assert_eq!(classification.kind(), Kind::Bounce);
        let recipients = classification.recipients();
        assert_eq!(recipients.len(), 2);
        assert_eq!(recipients[0].address, "gone@rcpt.example");
        assert_eq!(recipients[0].status.to_string(), "5.1.1");
        assert_eq!(recipients[0].reply_code, Some(550));
        assert_eq!(recipients[0].reason, Reason::UserUnknown);
        assert!(recipients[0].hard);
        assert_eq!(recipients[1].action, Action::Delayed);
        assert_eq!(recipients[1].reason, Reason::MailboxFull);
        assert!(!recipients[1].hard);
        assert_eq!(
            classification.original.message_id(),
            Some("send-1@sender.example")
        );
        assert_eq!(classification.original.header(SEND_HEADER), Some("s-123"));
        assert!(
            classification
                .original
                .delivered_to
                .contains(&"bounces+42@sender.example".to_owned())
        );
    }

    #[test]
    fn the_json_names_the_kind_and_the_recipients() {
        let json = serde_json::to_value(classify(DSN.as_bytes())).unwrap();
        assert_eq!(json["kind"], "bounce");
        assert_eq!(json["recipients"][0]["address"], "gone@rcpt.example");
        assert_eq!(json["recipients"][0]["status"], "5.1.1");
        assert_eq!(json["recipients"][0]["hard"], true);
        assert_eq!(json["recipients"][0]["reply_code"], 550);
        assert_eq!(json["recipients"][0]["reason"], "userunknown");
        assert_eq!(json["original"]["message_ids"][0], "send-1@sender.example");

        let back: Classification = serde_json::from_value(json).unwrap();
        assert_eq!(back, classify(DSN.as_bytes()));
        let other = serde_json::to_value(classify(b"Subject: hi\n\nhello")).unwrap();
        assert_eq!(other["kind"], "other");
    }

    #[test]
    fn a_report_of_successful_delivery_is_not_a_bounce() {
        let raw = DSN
            .replace("Action: failed", "Action: delivered")
            .replace("Action: delayed", "Action: relayed");
        assert_eq!(classify(raw.as_bytes()).kind(), Kind::Other);
    }

    #[test]
    fn the_same_message_classifies_alike_with_any_line_ends() {
        let crlf = classify(DSN.as_bytes());
        let lf = classify(DSN.replace("\r\n", "\n").as_bytes());
        let cr = classify(DSN.replace("\r\n", "\r").as_bytes());
        assert_eq!(crlf, lf);
        assert_eq!(crlf, cr);
    }

    #[test]
    fn garbage_and_empty_input_are_other() {
        for raw in [
            &b""[..],
            b"\xff\xfe\x00garbage",
            b"\n\n\n",
            b"Content-Type: multipart/report",
        ] {
            assert_eq!(classify(raw).kind(), Kind::Other);
        }
    }

    #[test]
    fn tracked_headers_are_configurable() {
        let options = Options {
            tracked_headers: vec!["Message-ID".to_owned(), "X-Unknown".to_owned()],
        };
        let classification = classify_with(DSN.as_bytes(), &options);
        assert_eq!(
            classification.original.header("message-id"),
            Some("<send-1@sender.example>")
        );
        assert_eq!(classification.original.header(SEND_HEADER), None);
    }
}

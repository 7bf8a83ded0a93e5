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
//!   deliveries is also `other`. [`Classification::automated`] tells an `other` that no person
//!   wrote (a delivery or read receipt, a report, a notification, a mail system's message) from
//!   one that a person may have written.
//!
//! Every classification also carries [`Original`]: the Message-IDs and tracked headers of the
//! returned or reported message, and the report's own In-Reply-To and References, so the caller
//! can find the message it sent.
//!
//! Classification is pure: no I/O, no clock. It survives CR, LF and CRLF line ends, broken
//! MIME and any charset, and never panics, whatever the input. Its work is bounded: it reads
//! the first [`MAX_CLASSIFIED_BYTES`] of a message, no message nested in another (only the
//! header of an attached one), the first [`MAX_RECIPIENTS`] failed recipients and the first
//! [`MAX_MESSAGE_IDS`] message ids of each kind; its time grows linearly with the input, and
//! its stack use does not grow with it.
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

/// How much of a message is classified: the first MiB. Reports and replies are far smaller;
/// anything after this point (usually the rest of a large attachment) is not read.
pub const MAX_CLASSIFIED_BYTES: usize = 1024 * 1024;

/// How many recipients of one report are read. A bounce of one of our messages names one
/// recipient, a few at most; the rest of a longer list is ignored.
pub const MAX_RECIPIENTS: usize = 100;

/// How many distinct message ids are kept of each source: the returned message's, In-Reply-To,
/// and References (of which the last ones, the newest, are kept).
pub const MAX_MESSAGE_IDS: usize = 100;

/// The header our sender adds to every message to name the send it belongs to; tracked by
/// default in returned messages.
pub const SEND_HEADER: &str = "X-Penguin-Send";

/// What an inbound message is, and what it says about the message of ours it answers.
///
/// Serialized as one JSON object: `{"kind": "bounce", "recipients": [...], "original": {...}}`;
/// an automated `other` adds `"automated": "delivery"` (or another [`Automated`] value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    #[serde(flatten)]
    pub verdict: Verdict,
    /// For kind `other`: what shows that a program, not a person, sent the message. `None` for
    /// a message a person may have written, and for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated: Option<Automated>,
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

/// What makes a message of kind `other` automated mail rather than a person's writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Automated {
    /// A delivery report whose recipients were all delivered, relayed or expanded (RFC 3464),
    /// or an Amazon SES Delivery notification: the message arrived.
    Delivery,
    /// A message disposition notification (RFC 8098): a read receipt, or its refusal.
    ReadReceipt,
    /// Any other report: a `multipart/report` of any type, or a message with delivery-status
    /// or feedback-report parts, that is neither a bounce nor a complaint.
    Report,
    /// An Amazon SES or SNS notification that is neither a bounce, a complaint nor a delivery.
    Notification,
    /// Sent by a mail system: MAILER-DAEMON, postmaster, "Mail Delivery System".
    MailSystem,
    /// Marked as bulk mail (`Precedence: bulk` or `junk`) or sent from a no-reply address.
    Bulk,
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
///
/// Only the first [`MAX_CLASSIFIED_BYTES`] of `raw` are read.
pub fn classify_with(raw: &[u8], options: &Options) -> Classification {
    let raw = mime::normalize_line_ends(classified_part(raw));
    let mail = Mail::parse(&raw);
    let ses = ses::Notification::find(&mail);

    let (verdict, delivery) = match &ses {
        Some(notification) => (notification.verdict(), notification.is_delivery()),
        None => match feedback::complaint(&mail) {
            Some(complaint) => (Verdict::Complaint(complaint), false),
            None => match bounce(&mail) {
                Some(Bounced::Failed(bounce)) => (Verdict::Bounce(bounce), false),
                Some(Bounced::Delivered) => (Verdict::Other, true),
                None => match auto_reply::detect(&mail) {
                    Some(auto_reply) => (Verdict::AutoReply(auto_reply), false),
                    None => (Verdict::Other, false),
                },
            },
        },
    };
    let automated = match verdict {
        Verdict::Other if delivery => Some(Automated::Delivery),
        Verdict::Other => automated(&mail, ses.is_some()),
        _ => None,
    };
    let original = original::collect(
        &mail,
        &verdict,
        delivery,
        ses.as_ref(),
        &options.tracked_headers,
    );
    Classification {
        verdict,
        automated,
        original,
    }
}

/// The first [`MAX_CLASSIFIED_BYTES`] of `raw`, cut after the last line end within them.
fn classified_part(raw: &[u8]) -> &[u8] {
    if raw.len() <= MAX_CLASSIFIED_BYTES {
        return raw;
    }
    let head = &raw[..MAX_CLASSIFIED_BYTES];
    match head.iter().rposition(|&b| b == b'\n' || b == b'\r') {
        Some(end) => &head[..=end],
        None => head,
    }
}

/// What a delivery report says.
enum Bounced {
    /// Some recipients failed or are delayed.
    Failed(Bounce),
    /// Every recipient was delivered, relayed or expanded.
    Delivered,
}

/// The bounce in `mail`, from its delivery-status parts or else from its notice text; `None`
/// when it is no delivery report at all.
fn bounce(mail: &Mail) -> Option<Bounced> {
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
        return Some(Bounced::Delivered);
    }
    Some(Bounced::Failed(Bounce { recipients: failed }))
}

/// What shows that `mail`, which is neither a bounce, a complaint, an auto-reply nor a
/// delivery report, was sent by a program; `None` when a person may have written it.
/// `notification` says the body is an Amazon SES notification.
fn automated(mail: &Mail, notification: bool) -> Option<Automated> {
    let sns_body =
        mail.notice.trim_start().starts_with('{') && mail.notice.contains("\"TopicArn\"");
    let sns = mail.header("x-amz-sns-message-type").is_some() || sns_body;
    let precedence = mail.header("Precedence").unwrap_or_default().trim();
    let no_reply = mail
        .from
        .iter()
        .any(|(address, _)| address.as_deref().is_some_and(address::is_no_reply));
    if notification || sns {
        Some(Automated::Notification)
    } else if mail.report_type.as_deref() == Some("disposition-notification")
        || mail.disposition_notifications > 0
    {
        Some(Automated::ReadReceipt)
    } else if mail.report_type.is_some()
        || !mail.delivery_status.is_empty()
        || !mail.feedback_reports.is_empty()
    {
        Some(Automated::Report)
    } else if notice::is_from_mail_system(mail) {
        Some(Automated::MailSystem)
    } else if ["bulk", "junk"]
        .iter()
        .any(|p| precedence.eq_ignore_ascii_case(p))
        || no_reply
    {
        Some(Automated::Bulk)
    } else {
        None
    }
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

    /// Runs `classify` on a thread with a 2 MiB stack, the default of tokio's workers.
    fn classify_on_a_small_stack(raw: Vec<u8>) -> Classification {
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || classify(&raw))
            .unwrap()
            .join()
            .expect("classification panicked")
    }

    #[test]
    fn thousands_of_nested_messages_fit_in_a_small_stack() {
        let head = "From: a@b.example\r\nSubject: x\r\nContent-Type: message/rfc822\r\n\r\n";
        let raw = head.to_owned() + &"Content-Type: message/rfc822\r\n\r\n".repeat(15_000);
        assert_eq!(
            classify_on_a_small_stack(raw.into_bytes()).kind(),
            Kind::Other
        );

        let raw = "Content-Type: multipart/digest; boundary=d\n\n--d\n\n".repeat(15_000);
        assert_eq!(
            classify_on_a_small_stack(raw.into_bytes()).kind(),
            Kind::Other
        );
    }

    #[test]
    fn nesting_hidden_in_an_encoded_part_fits_in_a_small_stack() {
        use base64::Engine;
        let nested = "Content-Type: Message/RFC822\n\n".repeat(20_000);
        let encoded = base64::engine::general_purpose::STANDARD.encode(nested);
        let raw = format!(
            "From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\
             Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n{encoded}\n--b--\n"
        );
        assert_eq!(
            classify_on_a_small_stack(raw.into_bytes()).kind(),
            Kind::Other
        );
    }

    #[test]
    fn an_attached_message_is_still_read_for_its_header() {
        use base64::Engine;
        let copy = "Message-ID: <send-9@sender.example>\nX-Penguin-Send: s-9\n\nHello\n";
        for (encoding, body) in [
            ("7bit", copy.to_owned()),
            (
                "base64",
                base64::engine::general_purpose::STANDARD.encode(copy),
            ),
        ] {
            let raw = DSN.replace(
                "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
                 Message-ID: <send-1@sender.example>\r\nX-Penguin-Send: s-123\r\n\r\n",
                &format!(
                    "--b\r\nContent-Type: message/rfc822\r\n\
                     Content-Transfer-Encoding: {encoding}\r\n\r\n{body}\r\n"
                ),
            );
            let classification = classify(raw.as_bytes());
            assert_eq!(classification.kind(), Kind::Bounce);
            assert_eq!(
                classification.original.message_id(),
                Some("send-9@sender.example")
            );
            assert_eq!(classification.original.header(SEND_HEADER), Some("s-9"));
        }
    }

    /// A ceiling far above a linear pass (well under a second in release builds) even on a
    /// busy machine, and far below what a quadratic pass over these inputs would take: it
    /// catches blow-ups, not slowdowns (those are for benchmarks).
    const GUARD: std::time::Duration = std::time::Duration::from_secs(20);

    /// Classifies `raw` and returns how long that took.
    fn timed(raw: &str) -> (Classification, std::time::Duration) {
        let started = std::time::Instant::now();
        let classification = classify(raw.as_bytes());
        (classification, started.elapsed())
    }

    #[test]
    fn a_notice_listing_fifty_thousand_addresses_classifies_quickly() {
        let lines: String = (0..50_000)
            .map(|n| format!("u{n}@d{n}.example: 550 5.1.1 unknown\n"))
            .collect();
        let raw = format!(
            "From: MAILER-DAEMON@mx.example\nSubject: Undeliverable\n\n\
             Your message could not be delivered.\n\n{lines}"
        );
        let (classification, took) = timed(&raw);
        assert!(took < GUARD, "took {took:?}");
        assert_eq!(classification.kind(), Kind::Bounce);
        assert_eq!(classification.recipients().len(), MAX_RECIPIENTS);
        assert_eq!(classification.recipients()[0].address, "u0@d0.example");
        assert!(classification.recipients()[0].hard);

        let one_line: String = (0..30_000).map(|n| format!("u{n}@d{n}.example ")).collect();
        let raw = format!(
            "From: MAILER-DAEMON@mx.example\nSubject: Undeliverable\n\n\
             Your message could not be delivered to {one_line}\n"
        );
        let (classification, took) = timed(&raw);
        assert!(took < GUARD, "took {took:?}");
        assert_eq!(classification.recipients().len(), MAX_RECIPIENTS);
    }

    #[test]
    fn a_report_of_fifty_thousand_recipients_classifies_quickly() {
        let groups: String = (0..50_000)
            .map(|n| format!("Final-Recipient: rfc822; u{n}@d.example\nAction: failed\n\n"))
            .collect();
        let raw = DSN.replace(
            "Final-Recipient: rfc822; full@rcpt.example",
            &format!("{groups}Final-Recipient: rfc822; full@rcpt.example"),
        );
        let (classification, took) = timed(&raw);
        assert!(took < GUARD, "took {took:?}");
        assert_eq!(classification.recipients().len(), MAX_RECIPIENTS);
    }

    #[test]
    fn forty_thousand_references_classify_quickly_and_the_newest_are_kept() {
        let ids: Vec<String> = (0..40_000).map(|n| format!("<m{n}@x.example>")).collect();
        let raw = format!(
            "From: lead@lead.example\nSubject: Re: hi\nIn-Reply-To: {}\nReferences: {}\n\nYes.\n",
            ids[..1_000].join(" "),
            ids.join("\n ")
        );
        let (classification, took) = timed(&raw);
        assert!(took < GUARD, "took {took:?}");
        let original = &classification.original;
        assert_eq!(original.references.len(), MAX_MESSAGE_IDS);
        assert_eq!(original.references.last().unwrap(), "m39999@x.example");
        assert_eq!(original.in_reply_to.len(), MAX_MESSAGE_IDS);
        assert_eq!(original.in_reply_to[0], "m0@x.example");
    }

    #[test]
    fn only_the_first_mebibyte_is_classified() {
        let notice = |filler: usize| {
            format!(
                "From: MAILER-DAEMON@mx.example\nSubject: Undeliverable\n\n{}\
                 Your message could not be delivered to:\n\ngone@rcpt.example\n",
                "filler line\n".repeat(filler)
            )
        };
        assert_eq!(classify(notice(10).as_bytes()).kind(), Kind::Bounce);
        let long = notice(MAX_CLASSIFIED_BYTES / 12);
        let part = classified_part(long.as_bytes());
        assert!(part.len() <= MAX_CLASSIFIED_BYTES && part.ends_with(b"\n"));
        assert_eq!(classify(long.as_bytes()).kind(), Kind::Other);
    }

    #[test]
    fn a_delivery_report_is_automated_delivery() {
        let raw = DSN
            .replace("Action: failed", "Action: delivered")
            .replace("Status: 5.1.1", "Status: 2.0.0")
            .replace("Action: delayed", "Action: relayed")
            .replace("Status: 4.2.2", "Status: 2.0.0");
        let classification = classify(raw.as_bytes());
        assert_eq!(classification.kind(), Kind::Other);
        assert_eq!(classification.automated, Some(Automated::Delivery));
        assert_eq!(
            classification.original.message_id(),
            Some("send-1@sender.example")
        );
        let json = serde_json::to_value(&classification).unwrap();
        assert_eq!(json["kind"], "other");
        assert_eq!(json["automated"], "delivery");
        let back: Classification = serde_json::from_value(json).unwrap();
        assert_eq!(back, classification);
    }

    #[test]
    fn an_ses_delivery_notification_is_automated_delivery() {
        let raw = "From: no-reply@sns.example\nSubject: Amazon SES Email Event Notification\n\n\
            {\"notificationType\":\"Delivery\",\"mail\":{\"messageId\":\"ses-1\"},\
            \"delivery\":{\"recipients\":[\"a@rcpt.example\"]}}\n";
        let classification = classify(raw.as_bytes());
        assert_eq!(classification.kind(), Kind::Other);
        assert_eq!(classification.automated, Some(Automated::Delivery));
        assert_eq!(classification.original.message_id(), Some("ses-1"));
    }

    #[test]
    fn automated_mail_is_told_from_a_persons_writing() {
        let read_receipt = "From: lead@lead.example\nSubject: Read: Hi\n\
            In-Reply-To: <send-1@sender.example>\n\
            Content-Type: multipart/report; report-type=disposition-notification; boundary=r\n\n\
            --r\nContent-Type: text/plain\n\nYour message was read.\n\
            --r\nContent-Type: message/disposition-notification\n\n\
            Final-Recipient: rfc822; lead@lead.example\n\
            Disposition: manual-action/MDN-sent-manually; displayed\n--r--\n";
        let tls_report = "From: reports@rcpt.example\nSubject: Report\n\
            Content-Type: multipart/report; report-type=tlsrpt; boundary=r\n\n\
            --r\nContent-Type: text/plain\n\nA report.\n--r--\n";
        let daemon = "From: MAILER-DAEMON@mx.example\nSubject: Message\n\nHello.\n";
        let bulk = "From: news@shop.example\nPrecedence: bulk\nSubject: Sale\n\nBuy.\n";
        let no_reply = "From: No Reply <no-reply@shop.example>\nSubject: Re: Hi\n\nThanks.\n";
        let sns = "From: sns@sns.example\nx-amz-sns-message-type: SubscriptionConfirmation\n\
            Subject: AWS Notification\n\n{\"Type\":\"SubscriptionConfirmation\"}\n";
        let person = "From: lead@lead.example\nSubject: Re: Hi\n\
            In-Reply-To: <send-1@sender.example>\n\nSounds good.\n";
        for (raw, automated) in [
            (read_receipt, Some(Automated::ReadReceipt)),
            (tls_report, Some(Automated::Report)),
            (daemon, Some(Automated::MailSystem)),
            (bulk, Some(Automated::Bulk)),
            (no_reply, Some(Automated::Bulk)),
            (sns, Some(Automated::Notification)),
            (person, None),
        ] {
            let classification = classify(raw.as_bytes());
            assert_eq!(classification.kind(), Kind::Other, "{raw}");
            assert_eq!(classification.automated, automated, "{raw}");
        }
        assert_eq!(classify(DSN.as_bytes()).automated, None);
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

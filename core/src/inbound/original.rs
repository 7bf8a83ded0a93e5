//! What an inbound message says about the message of ours it answers: the Message-IDs of the
//! returned or reported copy, the values of tracked headers (such as `X-Penguin-Send`) found
//! there, the report's own In-Reply-To and References, and the addresses the report was sent to
//! (where a VERP return path shows up).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::address;
use super::fields::{self, Field};
use super::mime::Mail;
use super::notice::Notice;
use super::ses::Notification;
use super::{Kind, MAX_MESSAGE_IDS, Verdict};

/// References from an inbound message back to the message it answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Original {
    /// Message-IDs of the returned or reported message, without angle brackets: from an
    /// attached copy, a text/rfc822-headers part, a delivery report's
    /// `X-Original-Message-ID`, a copy quoted in a bounce notice, or an SES notification.
    pub message_ids: Vec<String>,
    /// The In-Reply-To of the inbound message itself (autoresponders and some mail systems set
    /// it to our Message-ID), without angle brackets.
    pub in_reply_to: Vec<String>,
    /// The References of the inbound message itself, without angle brackets.
    pub references: Vec<String>,
    /// Values of the tracked headers (see `Options::tracked_headers`) found in the returned
    /// or reported message, in the order found.
    pub headers: Vec<TrackedHeader>,
    /// The addresses the inbound message was delivered to (Delivered-To, X-Original-To,
    /// Envelope-To, To): a VERP return path carries its token here.
    pub delivered_to: Vec<String>,
}

/// One tracked header found in the returned or reported message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedHeader {
    /// The header name as the caller asked for it.
    pub name: String,
    pub value: String,
}

impl Original {
    /// The first Message-ID of the returned or reported message.
    pub fn message_id(&self) -> Option<&str> {
        self.message_ids.first().map(String::as_str)
    }

    /// The first value of tracked header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// Every Message-ID that may name our message, most direct first: the returned copy's,
    /// then In-Reply-To, then References (newest first).
    pub fn candidate_ids(&self) -> impl Iterator<Item = &str> {
        self.message_ids
            .iter()
            .chain(&self.in_reply_to)
            .chain(self.references.iter().rev())
            .map(String::as_str)
    }
}

/// Gathers the references of `mail`, classified as `verdict`; `delivery` says it is a report
/// of successful delivery. Keeps at most [`MAX_MESSAGE_IDS`] ids of each source and as many
/// tracked header values and addresses.
pub(crate) fn collect(
    mail: &Mail,
    verdict: &Verdict,
    delivery: bool,
    ses: Option<&Notification>,
    tracked: &[String],
) -> Original {
    // The header blocks of the returned message, most reliable first: attached parts, then a
    // copy quoted in a delivery report or complaint.
    let mut blocks: Vec<Vec<Field>> = mail.returned.clone();
    let kind = kind_of(verdict);
    if delivery || matches!(kind, Kind::Bounce | Kind::Complaint) {
        let notice = Notice::new(mail);
        blocks.push(fields::block(notice.returned));
        blocks.push(quoted_fields(&mail.notice));
    }
    let delivery_status: Vec<Field> = mail
        .delivery_status
        .iter()
        .flat_map(|body| fields::groups(body))
        .flatten()
        .collect();

    let mut original = Original::default();
    let ids = blocks
        .iter()
        .flat_map(|block| fields::all(block, "Message-ID"))
        .chain(fields::all(&delivery_status, "X-Original-Message-ID"))
        .flat_map(message_ids);
    push_unique(&mut original.message_ids, ids);
    if let Some(ses) = ses {
        let ids = ses.message_ids();
        push_unique(
            &mut original.message_ids,
            ids.iter().flat_map(|v| message_ids(v)),
        );
    }
    push_unique(
        &mut original.in_reply_to,
        mail.headers("In-Reply-To").flat_map(message_ids),
    );
    // The newest references come last, and are the ones kept.
    let references: Vec<String> = mail.headers("References").flat_map(message_ids).collect();
    push_unique(&mut original.references, references.into_iter().rev());
    original.references.reverse();

    for name in tracked {
        let found = blocks
            .iter()
            .flat_map(|block| fields::all(block, name))
            .map(str::to_owned)
            .chain(ses.map(|n| n.header_values(name)).unwrap_or_default());
        let mut values = Vec::new();
        push_unique(&mut values, found);
        original
            .headers
            .extend(values.into_iter().map(|value| TrackedHeader {
                name: name.clone(),
                value,
            }));
    }

    let delivered = ["Delivered-To", "X-Original-To", "Envelope-To", "To"]
        .iter()
        .flat_map(|name| mail.headers(name))
        .flat_map(address::find_all)
        .map(|found| found.address);
    push_unique(&mut original.delivered_to, delivered);
    original
}

fn kind_of(verdict: &Verdict) -> Kind {
    match verdict {
        Verdict::Bounce(_) => Kind::Bounce,
        Verdict::Complaint(_) => Kind::Complaint,
        Verdict::AutoReply(_) => Kind::AutoReply,
        Verdict::Other => Kind::Other,
    }
}

/// Header lines quoted anywhere in a notice ("Message-ID: <...>" inside the text), one field
/// per line.
fn quoted_fields(text: &str) -> Vec<Field> {
    text.lines()
        .filter_map(|line| fields::block(line.trim_start()).into_iter().next())
        .collect()
}

/// The message ids in a Message-ID, In-Reply-To or References value: each `<...>`, or the bare
/// value when it has no angle brackets.
fn message_ids(value: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let id = rest[open + 1..open + close].trim();
        if !id.is_empty() && !id.contains(char::is_whitespace) {
            ids.push(id.to_owned());
        }
        rest = &rest[open + close + 1..];
    }
    if ids.is_empty() {
        let bare = value.trim();
        if !bare.is_empty() && !bare.contains(char::is_whitespace) {
            ids.push(bare.to_owned());
        }
    }
    ids
}

/// Appends the values not yet in `into`, until it holds [`MAX_MESSAGE_IDS`].
fn push_unique(into: &mut Vec<String>, values: impl IntoIterator<Item = String>) {
    let mut seen: HashSet<String> = into.iter().cloned().collect();
    for value in values {
        if into.len() >= MAX_MESSAGE_IDS {
            break;
        }
        if seen.insert(value.clone()) {
            into.push(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_lose_their_angle_brackets() {
        assert_eq!(message_ids(" <a@b.example> "), ["a@b.example"]);
        assert_eq!(
            message_ids("<a@b.example>\t<c@d.example>"),
            ["a@b.example", "c@d.example"]
        );
        assert_eq!(message_ids("bare@b.example"), ["bare@b.example"]);
        assert!(message_ids("two words").is_empty());
    }

    #[test]
    fn an_auto_reply_points_back_through_in_reply_to() {
        let raw = "From: a@rcpt.example\nTo: me@sender.example\nAuto-Submitted: auto-replied\n\
            In-Reply-To: <send-1@sender.example>\n\
            References: <x@y.example> <send-1@sender.example>\n\
            Subject: Out of office\n\nAway.\nMessage-ID: <quoted@elsewhere.example>\n";
        let classification = crate::inbound::classify(raw.as_bytes());
        let original = classification.original;
        assert_eq!(original.in_reply_to, ["send-1@sender.example"]);
        assert!(
            original.message_ids.is_empty(),
            "quoted text of a reply is not a returned copy"
        );
        assert_eq!(
            original.candidate_ids().next(),
            Some("send-1@sender.example")
        );
        assert_eq!(original.delivered_to, ["me@sender.example"]);
    }
}

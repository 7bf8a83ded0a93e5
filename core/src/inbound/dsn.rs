//! RFC 3464 delivery status notifications: the per-recipient groups of a message/delivery-status
//! part (Final-Recipient, Original-Recipient, Action, Status, Diagnostic-Code, Remote-MTA).
//!
//! The status code comes from the server's reply in the Diagnostic-Code when it quotes one, else
//! from the Status field: reports often say `5.0.0` there while the reply says `5.1.1`. When a
//! recipient has no Diagnostic-Code, the human-readable part of the report is read for it.

use super::address;
use super::fields::{self, Field};
use super::mime::Mail;
use super::notice::{Excerpt, Notice};
use super::reason::{Evidence, diagnose};
use super::status::{Status, find_reply};
use super::{Action, BouncedRecipient, MAX_RECIPIENTS, dedupe};

/// The recipients of the delivery-status parts of `mail`, successful ones included; `None`
/// when it has no such part.
pub(crate) fn recipients(mail: &Mail) -> Option<Vec<BouncedRecipient>> {
    if mail.delivery_status.is_empty() {
        return None;
    }
    // The first recipients of the report, each with its address.
    let groups: Vec<(Vec<Field>, String)> = mail
        .delivery_status
        .iter()
        .flat_map(|body| fields::groups(body))
        .flat_map(split_recipients)
        .filter_map(|group| {
            let address = reported_address(&group)?;
            Some((group, address))
        })
        .take(MAX_RECIPIENTS)
        .collect();

    let notice = Notice::new(mail);
    let addresses: Vec<String> = groups.iter().map(|(_, a)| a.clone()).collect();
    let excerpts = notice.excerpts(&addresses);
    let recipients = groups
        .into_iter()
        .zip(&excerpts)
        .map(|((group, address), excerpt)| recipient(&group, address, excerpt))
        .collect();
    Some(dedupe(recipients))
}

/// Splits a group into one group per recipient, for reports that forget the blank line between
/// recipients. Groups without a recipient field (the per-message fields) are dropped.
fn split_recipients(group: Vec<Field>) -> Vec<Vec<Field>> {
    /// Which of the fields that delimit recipients the current group holds.
    #[derive(Default)]
    struct Seen {
        final_recipient: bool,
        original_recipient: bool,
        action_or_status: bool,
    }

    let mut out: Vec<Vec<Field>> = Vec::new();
    let mut current: Vec<Field> = Vec::new();
    let mut seen = Seen::default();
    for field in group {
        // Original-Recipient may come before or after Final-Recipient, and some reports put
        // both last. Once the current recipient is named, a second one of either field, or one
        // after its Action or Status, begins the next recipient.
        let name = field.name.as_str();
        let is_final = name.eq_ignore_ascii_case("Final-Recipient");
        let is_original = name.eq_ignore_ascii_case("Original-Recipient");
        let named = seen.final_recipient || seen.original_recipient;
        let repeated = (is_final && seen.final_recipient)
            || (is_original && seen.original_recipient)
            || seen.action_or_status;
        if (is_final || is_original) && named && repeated {
            out.push(std::mem::take(&mut current));
            seen = Seen::default();
        }
        seen.final_recipient |= is_final;
        seen.original_recipient |= is_original;
        seen.action_or_status |=
            name.eq_ignore_ascii_case("Action") || name.eq_ignore_ascii_case("Status");
        current.push(field);
    }
    out.push(current);
    let has =
        |fields: &[Field], name: &str| fields.iter().any(|f| f.name.eq_ignore_ascii_case(name));
    out.retain(|g| has(g, "Final-Recipient") || has(g, "Original-Recipient"));
    out
}

/// The address as we sent to it: Original-Recipient when present, else Final-Recipient.
fn reported_address(group: &[Field]) -> Option<String> {
    fields::get(group, "Original-Recipient")
        .and_then(address::first)
        .or_else(|| fields::get(group, "Final-Recipient").and_then(address::first))
}

fn recipient(group: &[Field], address: String, excerpt: &Excerpt<'_>) -> BouncedRecipient {
    let status_field = fields::get(group, "Status")
        .and_then(|value| value.split_whitespace().next())
        .and_then(|token| token.parse::<Status>().ok());
    let action = fields::get(group, "Action")
        .and_then(Action::parse)
        .or_else(|| status_field.map(|s| Action::from_class(s.class())))
        .unwrap_or(Action::Failed);
    let (diagnostic_type, diagnostic) =
        fields::get(group, "Diagnostic-Code").map_or((None, ""), split_diagnostic);

    // Without a Diagnostic-Code, the notice's words about this recipient stand in for it.
    let reply_text = if diagnostic.is_empty() {
        excerpt.reply().unwrap_or_default()
    } else {
        diagnostic
    };
    let found = find_reply(reply_text);
    let status = found.and_then(|f| f.status).or(status_field);
    let reply_code = found.and_then(|f| f.code);
    let texts: Vec<&str> = [reply_text].into_iter().filter(|t| !t.is_empty()).collect();
    let hints: Vec<&str> = if diagnostic.is_empty() {
        vec![excerpt.own.as_str(), excerpt.preamble]
    } else {
        Vec::new()
    };
    let diagnosis = diagnose(&Evidence {
        reply_code,
        status,
        diagnostic_type,
        texts: &texts,
        hints: &hints,
        ..Evidence::new(action)
    });

    let final_recipient = fields::get(group, "Final-Recipient")
        .and_then(address::first)
        .filter(|f| address::key(f) != address::key(&address));
    let mut recipient = BouncedRecipient::new(address, action, reply_code, diagnosis);
    recipient.final_recipient = final_recipient;
    recipient.diagnostic = Some(reply_text)
        .filter(|t| !t.is_empty())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    recipient.remote_mta = fields::get(group, "Remote-MTA").map(|value| {
        value
            .split_once(';')
            .map_or(value, |(_, host)| host)
            .trim()
            .to_owned()
    });
    recipient
}

/// Splits a Diagnostic-Code into its type (`smtp`, `X-Postfix`, `x-unix`) and text. Some
/// reports leave the type out; then the whole value is text.
fn split_diagnostic(value: &str) -> (Option<&str>, &str) {
    match value.split_once(';') {
        Some((kind, text)) if !kind.trim().is_empty() && !kind.trim().contains(' ') => {
            (Some(kind.trim()), text.trim())
        }
        _ => (None, value.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbound::Reason;

    fn report(status_part: &str, notice: &str) -> Mail {
        let raw = format!(
            "From: MAILER-DAEMON@mx.example\nSubject: Returned mail\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
             --b\nContent-Type: text/plain\n\n{notice}\n\
             --b\nContent-Type: message/delivery-status\n\n{status_part}\n--b--\n"
        );
        Mail::parse(raw.as_bytes())
    }

    #[test]
    fn a_diagnostic_without_a_type_is_all_text() {
        assert_eq!(
            split_diagnostic("smtp; 550 5.1.1 x"),
            (Some("smtp"), "550 5.1.1 x")
        );
        assert_eq!(
            split_diagnostic("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"),
            (None, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found")
        );
    }

    #[test]
    fn the_reply_status_outranks_a_generic_status_field() {
        let mail = report(
            "Final-Recipient: rfc822; a@rcpt.example\nAction: failed\nStatus: 5.0.0\n\
             Diagnostic-Code: smtp; 550 5.1.1 <a@rcpt.example>... User Unknown",
            "",
        );
        let recipients = recipients(&mail).unwrap();
        assert_eq!(recipients[0].status.to_string(), "5.1.1");
        assert_eq!(recipients[0].reply_code, Some(550));
        assert!(recipients[0].hard);
    }

    #[test]
    fn original_recipient_is_the_address_we_sent_to() {
        let mail = report(
            "Original-Recipient: rfc822;lead@sent.example\n\
             Final-Recipient: rfc822; alias@local.example\nAction: failed\nStatus: 5.2.2",
            "",
        );
        let recipient = &recipients(&mail).unwrap()[0];
        assert_eq!(recipient.address, "lead@sent.example");
        assert_eq!(
            recipient.final_recipient.as_deref(),
            Some("alias@local.example")
        );
        assert_eq!(recipient.reason, Reason::MailboxFull);
    }

    #[test]
    fn original_recipient_after_final_recipient_belongs_to_the_same_recipient() {
        let mail = report(
            "Final-Recipient: rfc822; fwd@google.example\n\
             Original-Recipient: rfc822;lead@sent.example\n\
             Action: failed\nStatus: 5.7.26\nDiagnostic-Code: smtp; 550-5.7.26 SPF hard fail",
            "",
        );
        let recipients = recipients(&mail).unwrap();
        assert_eq!(recipients.len(), 1);
        assert_eq!(recipients[0].address, "lead@sent.example");
        assert_eq!(recipients[0].reason, Reason::AuthFailure);
    }

    #[test]
    fn a_recipient_named_after_its_status_is_still_one_recipient() {
        let mail = report(
            "Diagnostic-Code: smtp; 550 Please turn on SMTP Authentication\nStatus: 5.0.0\n\
             Action: failed\nFinal-Recipient: rfc822; a@rcpt.example",
            "",
        );
        let recipients = recipients(&mail).unwrap();
        assert_eq!(recipients.len(), 1);
        assert_eq!(recipients[0].status.to_string(), "5.0.0");
        assert_eq!(recipients[0].reason, Reason::SecurityError);
    }

    #[test]
    fn recipients_without_a_blank_line_between_them_are_split() {
        let mail = report(
            "Final-Recipient: rfc822; a@rcpt.example\nAction: failed\nStatus: 5.1.1\n\
             Final-Recipient: rfc822; b@rcpt.example\nAction: delayed\nStatus: 4.4.1",
            "",
        );
        let recipients = recipients(&mail).unwrap();
        assert_eq!(recipients.len(), 2);
        assert_eq!(recipients[1].action, Action::Delayed);
        assert_eq!(recipients[1].reason, Reason::NetworkError);
    }

    #[test]
    fn the_notice_stands_in_for_a_missing_diagnostic() {
        let mail = report(
            "Final-Recipient: RFC822; a@rcpt.example\nAction: failed\nStatus: 4.4.7",
            "<a@rcpt.example>\n    (reason: 450 4.7.1 Client host rejected: may not be mail \
             exchanger)",
        );
        let recipient = &recipients(&mail).unwrap()[0];
        assert_eq!(recipient.reason, Reason::Blocked);
        assert_eq!(recipient.status.to_string(), "4.7.1");
        assert!(!recipient.hard);
    }
}

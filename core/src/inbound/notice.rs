//! Bounces written for people: the notices of MTAs that send no RFC 3464 report (qmail, Exim,
//! older Gmail, Yahoo, Domino, Exchange 2003, ...), and the human-readable part of reports that
//! lack a diagnostic.
//!
//! One generic reader serves them all. A message is a bounce notice when at least two of three
//! signs agree (a mail-system sender, a bounce subject, a failure sentence in the text) or when
//! it carries `X-Failed-Recipients`. The failed addresses are those the notice lists at the start
//! of a line (or, failing that, anywhere), minus the report's own addresses; each one's
//! diagnostic is the text that follows it, up to the next failed address.

use std::collections::{HashMap, HashSet};

use super::address::{self, Found};
use super::mime::Mail;
use super::reason::{Evidence, diagnose};
use super::status::find_reply;
use super::{Action, BouncedRecipient, MAX_RECIPIENTS, dedupe};

/// The notice text of `mail`, cut where the copy of the returned message begins.
#[derive(Debug)]
pub(crate) struct Notice<'a> {
    /// What the mail system wrote.
    pub text: &'a str,
    /// The returned message quoted after it, if any.
    pub returned: &'a str,
}

impl<'a> Notice<'a> {
    pub fn new(mail: &'a Mail) -> Self {
        let text = mail.notice.as_str();
        let cut = returned_copy_start(text);
        Notice {
            text: &text[..cut.0],
            returned: &text[cut.1..],
        }
    }

    /// The text about each of `addresses`, and the preamble that speaks for all of them. An
    /// address the notice does not mention gets no text of its own; when it is the only
    /// recipient, the whole notice is its text.
    pub fn excerpts(&self, addresses: &[String]) -> Vec<Excerpt<'a>> {
        let index: HashMap<String, usize> = addresses
            .iter()
            .enumerate()
            .rev()
            .map(|(i, a)| (address::key(a), i))
            .collect();
        let occurrences: Vec<(usize, Found)> = address::find_all(self.text)
            .into_iter()
            .filter_map(|found| {
                let i = *index.get(&address::key(&found.address))?;
                Some((i, found))
            })
            .collect();
        let preamble_end = occurrences
            .first()
            .map_or(self.text.len(), |(_, f)| f.start);
        let preamble = &self.text[..preamble_end];

        // Consecutive mentions of one address form a run, whose text lasts until the next
        // address is mentioned: (address index, start, end).
        let mut runs: Vec<(usize, usize, usize)> = Vec::new();
        for (i, (who, found)) in occurrences.iter().enumerate() {
            if i > 0 && occurrences[i - 1].0 == *who {
                continue;
            }
            if let Some(last) = runs.last_mut() {
                last.2 = found.start;
            }
            runs.push((*who, found.end, self.text.len()));
        }
        let mut own: Vec<Vec<&str>> = vec![Vec::new(); addresses.len()];
        for (who, start, end) in runs {
            own[who].push(&self.text[start..end]);
        }

        let sole = addresses.len() == 1;
        own.into_iter()
            .map(|own| {
                let own = own.join("\n");
                Excerpt {
                    own: if own.trim().is_empty() && sole {
                        self.text.to_owned()
                    } else {
                        own
                    },
                    preamble: if sole { self.text } else { preamble },
                }
            })
            .collect()
    }
}

/// What a notice says about one failed address.
#[derive(Debug)]
pub(crate) struct Excerpt<'a> {
    /// The text after the address (after each mention of it), up to the next address.
    pub own: String,
    /// The shared text before the first address.
    pub preamble: &'a str,
}

impl Excerpt<'_> {
    /// The receiving server's reply quoted in the excerpt: from its reply code (or status) to
    /// the end of the line, with indented continuation lines.
    pub fn reply(&self) -> Option<&str> {
        let found = find_reply(&self.own)?;
        let rest = &self.own[found.start..];
        let mut end = rest.find('\n').unwrap_or(rest.len());
        while let Some(next) = rest[end..].strip_prefix('\n') {
            let line = next.split('\n').next().unwrap_or_default();
            if !line.starts_with([' ', '\t']) || line.trim().is_empty() {
                break;
            }
            end += 1 + line.len();
        }
        Some(rest[..end].trim())
    }
}

/// The failed recipients that the notice of `mail` names, or `None` when it is no bounce
/// notice. `reported` says the message is already known to be a delivery report (it has a
/// delivery-status part without recipients), so the signs need not agree.
pub(crate) fn recipients(mail: &Mail, reported: bool) -> Option<Vec<BouncedRecipient>> {
    let notice = Notice::new(mail);
    let listed: Vec<String> = distinct(
        mail.headers("X-Failed-Recipients")
            .flat_map(address::find_all)
            .map(|found| found.address),
    );
    let signs = [
        is_from_mail_system(mail),
        is_bounce_subject(&mail.subject),
        has_failure_sentence(notice.text),
    ];
    let agreeing = signs.iter().filter(|sign| **sign).count();
    if listed.is_empty() && !reported && agreeing < 2 {
        return None;
    }

    let addresses = if listed.is_empty() {
        named_addresses(mail, notice.text)
    } else {
        listed
    };
    if addresses.is_empty() {
        return None;
    }
    let action = if is_delay(mail, notice.text) {
        Action::Delayed
    } else {
        Action::Failed
    };
    let excerpts = notice.excerpts(&addresses);
    let recipients = addresses
        .into_iter()
        .zip(&excerpts)
        .map(|(address, excerpt)| recipient(address, action, excerpt))
        .collect();
    Some(dedupe(recipients))
}

fn recipient(address: String, action: Action, excerpt: &Excerpt<'_>) -> BouncedRecipient {
    let reply = excerpt.reply();
    // A status code on a line of its own after the reply ("(#5.5.0)") still belongs to it.
    let found = reply.and_then(find_reply).map(|mut found| {
        if found.status.is_none() {
            found.status = find_reply(&excerpt.own).and_then(|f| f.status);
        }
        found
    });
    let texts: Vec<&str> = reply.into_iter().chain([excerpt.own.as_str()]).collect();
    let diagnosis = diagnose(&Evidence {
        reply_code: found.and_then(|f| f.code),
        status: found.and_then(|f| f.status),
        texts: &texts,
        hints: &[excerpt.preamble],
        ..Evidence::new(action)
    });
    let mut recipient =
        BouncedRecipient::new(address, action, found.and_then(|f| f.code), diagnosis);
    recipient.diagnostic = reply.map(collapse_whitespace);
    recipient
}

/// The addresses the notice names as failed: those that open a line (how notices list them),
/// or every address when none does; never the report's own sender or recipients, nor mail
/// system addresses. At most [`MAX_RECIPIENTS`], in order.
fn named_addresses(mail: &Mail, text: &str) -> Vec<String> {
    let own: HashSet<String> = [
        "From",
        "To",
        "Cc",
        "Reply-To",
        "Sender",
        "Return-Path",
        "Delivered-To",
        "X-Original-To",
        "Envelope-To",
    ]
    .iter()
    .flat_map(|name| mail.headers(name))
    .flat_map(address::find_all)
    .map(|found| address::key(&found.address))
    .collect();
    let candidates: Vec<Found> = address::find_all(text)
        .into_iter()
        .filter(|found| !own.contains(&address::key(&found.address)))
        .filter(|found| !address::is_mail_system(&found.address))
        .collect();

    // The addresses come in order, so the text before each is read once: `blank` says whether
    // the current line holds only blanks and list marks up to where reading stopped.
    let marker = |c: char| c.is_whitespace() || matches!(c, '<' | '"' | '\'' | '*' | '-' | '•');
    let mut read = 0;
    let mut blank = true;
    let mut at_line_start: Vec<&Found> = Vec::new();
    for found in &candidates {
        let segment = &text[read..found.start];
        blank = match segment.rfind('\n') {
            Some(at) => segment[at + 1..].chars().all(marker),
            None => blank && segment.chars().all(marker),
        };
        read = found.start;
        if blank {
            at_line_start.push(found);
        }
    }
    let chosen: Vec<&Found> = if at_line_start.is_empty() {
        candidates.iter().collect()
    } else {
        at_line_start
    };
    distinct(chosen.into_iter().map(|found| found.address.clone()))
}

/// The first [`MAX_RECIPIENTS`] distinct addresses of `addresses`, in order.
fn distinct(addresses: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    addresses
        .filter(|a| seen.insert(address::key(a)))
        .take(MAX_RECIPIENTS)
        .collect()
}

/// Where the copy of the returned message starts in `text`: (end of the notice, start of the
/// copy). Notices introduce it with a separator line ("----- Original message -----", "--- Below
/// this line is a copy of the message.") or start it with header fields.
fn returned_copy_start(text: &str) -> (usize, usize) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line
            .trim()
            .trim_matches(|c: char| matches!(c, '-' | '=' | '*' | ':' | '.') || c.is_whitespace())
            .to_lowercase();
        let separator = COPY_SEPARATOR_LINES.contains(&bare.as_str())
            || COPY_SEPARATOR_STARTS.iter().any(|s| bare.starts_with(s));
        if separator {
            return (offset, offset + line.len());
        }
        let lower = line.to_lowercase();
        if COPY_HEADERS.iter().any(|h| lower.starts_with(h)) {
            return (offset, offset);
        }
        offset += line.len();
    }
    (text.len(), text.len())
}

/// Whole lines (lowercase, without surrounding dashes and colons) that announce the copy of
/// the returned message.
const COPY_SEPARATOR_LINES: &[&str] = &[
    "original message",
    "original message headers",
    "returned message",
    "undelivered message",
    "undelivered message headers",
];

/// Beginnings of lines that announce the copy of the returned message.
const COPY_SEPARATOR_STARTS: &[&str] = &[
    "this is a copy of",
    "below this line is a copy",
    "below is a copy of the original message",
    "the header of the original message",
    "the original message follows",
];

/// Header fields that begin a quoted message rather than any sentence of a notice.
const COPY_HEADERS: &[&str] = &[
    "return-path:",
    "received:",
    "message-id:",
    "dkim-signature:",
    "mime-version:",
];

/// Whether `mail` comes from a mail system: MAILER-DAEMON, postmaster, "Mail Delivery System".
pub(crate) fn is_from_mail_system(mail: &Mail) -> bool {
    mail.from.iter().any(|(address, name)| {
        let system_address = address.as_deref().is_some_and(address::is_mail_system);
        let system_name = name.as_deref().is_some_and(|name| {
            let name = name.to_lowercase();
            [
                "mail delivery",
                "mailer-daemon",
                "mailer daemon",
                "postmaster",
            ]
            .iter()
            .any(|n| name.contains(n))
        });
        system_address || system_name
    })
}

/// Whether `subject` is that of a bounce notice; a reply or forward of one is not.
fn is_bounce_subject(subject: &str) -> bool {
    let subject = subject.trim().to_lowercase();
    let answered = ["re:", "aw:", "fw:", "fwd:", "wg:", "tr:"]
        .iter()
        .any(|prefix| subject.starts_with(prefix));
    !answered && BOUNCE_SUBJECTS.iter().any(|s| subject.contains(s))
}

/// Words of bounce subjects (lowercase).
const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliverable",
    "undelivered mail",
    "undelivered message",
    "delivery status notification",
    "delivery failure",
    "delivery failed",
    "delivery has failed",
    "delivery notification",
    "failure notice",
    "failure delivery",
    "mail failure",
    "mail delivery failed",
    "mail delivery failure",
    "mail delivery system",
    "returned mail",
    "returned to sender",
    "non-delivery",
    "nondeliverable",
    "not delivered",
    "could not be delivered",
    "delayed mail",
    "delivery delayed",
    "warning: could not send",
    "postmaster notify",
];

fn has_failure_sentence(text: &str) -> bool {
    let text = text.to_lowercase();
    FAILURE_SENTENCES.iter().any(|s| text.contains(s))
}

/// Sentences of bounce notices (lowercase).
const FAILURE_SENTENCES: &[&str] = &[
    "could not be delivered",
    "couldn't be delivered",
    "was not delivered",
    "wasn't delivered",
    "not be delivered",
    "undeliverable",
    "delivery has failed",
    "delivery to the following recipient",
    "failed permanently",
    "did not reach",
    "unable to deliver",
    "wasn't able to deliver",
    "was not able to deliver",
    "could not deliver",
    "delivery failed",
    "permanent error",
    "permanent fatal error",
    "has been delayed",
    "error has occurred while attempting to deliver",
    "rejected your message",
    "returned to sender",
];

fn is_delay(mail: &Mail, text: &str) -> bool {
    let subject = mail.subject.to_lowercase();
    let text = text.to_lowercase();
    ["(delay)", "delayed mail", "delivery delayed", "warning:"]
        .iter()
        .any(|s| subject.contains(s))
        || [
            "has been delayed",
            "will be retried",
            "warning message only",
            "delivery is delayed",
            "not yet been delivered",
        ]
        .iter()
        .any(|s| text.contains(s))
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbound::Reason;

    fn mail(raw: &str) -> Mail {
        Mail::parse(raw.as_bytes())
    }

    const QMAIL: &str = "From: MAILER-DAEMON@mx.example\nTo: me@sender.example\n\
        Subject: failure notice\n\n\
        Hi. This is the qmail-send program at mx.example.\n\
        I'm afraid I wasn't able to deliver your message to the following addresses.\n\
        This is a permanent error; I've given up. Sorry it didn't work out.\n\n\
        <full@rcpt.example>:\nRemote host said: 552 5.2.2 <full@rcpt.example>... Mailbox Full\n\n\
        <gone@rcpt.example>:\nRemote host said: 550 5.1.1 <gone@rcpt.example>... User Unknown\n\n\
        --- Below this line is a copy of the message.\n\n\
        Return-Path: <me@sender.example>\nMessage-ID: <1@sender.example>\nTo: other@rcpt.example\n";

    #[test]
    fn each_listed_address_gets_the_reply_that_follows_it() {
        let recipients = recipients(&mail(QMAIL), false).unwrap();
        assert_eq!(recipients.len(), 2);
        assert_eq!(recipients[0].address, "full@rcpt.example");
        assert_eq!(recipients[0].reason, Reason::MailboxFull);
        assert_eq!(recipients[0].reply_code, Some(552));
        assert!(!recipients[0].hard);
        assert_eq!(recipients[1].address, "gone@rcpt.example");
        assert_eq!(recipients[1].reason, Reason::UserUnknown);
        assert!(recipients[1].hard);
        assert_eq!(
            recipients[1].diagnostic.as_deref(),
            Some("550 5.1.1 <gone@rcpt.example>... User Unknown")
        );
    }

    #[test]
    fn the_returned_copy_is_cut_off() {
        let mail = mail(QMAIL);
        let notice = Notice::new(&mail);
        assert!(!notice.text.contains("other@rcpt.example"));
        assert!(notice.returned.contains("Message-ID: <1@sender.example>"));
    }

    #[test]
    fn one_sign_alone_is_not_a_bounce() {
        let vacation = "From: Neko <neko@rcpt.example>\nSubject: Out of office\n\n\
            I am away; your message to boss@rcpt.example could not be delivered to me today.\n";
        assert!(recipients(&mail(vacation), false).is_none());
        let reply = "From: postmaster@rcpt.example\nSubject: Re: failure notice\n\nThanks!\n";
        assert!(recipients(&mail(reply), false).is_none());
    }

    #[test]
    fn a_delay_warning_is_a_delayed_soft_bounce() {
        let raw = "From: Mail Delivery Subsystem <mailer-daemon@mx.example>\n\
            Subject: Delivery Status Notification (Delay)\n\n\
            Delivery to the following recipient has been delayed:\n\n     late@rcpt.example\n\n\
            The error was: 450 4.2.2 Mailbox Full\n";
        let recipients = recipients(&mail(raw), false).unwrap();
        assert_eq!(recipients[0].action, Action::Delayed);
        assert_eq!(recipients[0].status.to_string(), "4.2.2");
        assert!(!recipients[0].hard);
    }
}

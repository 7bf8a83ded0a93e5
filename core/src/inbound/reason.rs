//! Why a message was not delivered: the reason classes, the phrases that reveal them, and the
//! one function that turns evidence (a reply code, a status, free text) into a [`Diagnosis`].
//!
//! The same table reads the diagnostic of a returned message and the reply our own SMTP client
//! received ([`classify_smtp_reply`]), so a rejection means the same whether it came back in a
//! bounce or during the send.
//!
//! How the reason is chosen: the words of the receiving server come first, in the order of the
//! table below, because a status code is often generic (`5.0.0`) or reused by a provider for
//! something else (a `5.1.1` that says "sent to too many recipients this hour"). When no phrase
//! is known, the status code's subject and detail decide; when there is neither, the reason is
//! `undefined`.

use serde::{Deserialize, Serialize};

use super::Action;
use super::status::{Status, find_reply};

/// The reason class of a failed (or, for `delivered`, successful) delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// The mailbox does not exist at the destination.
    UserUnknown,
    /// The domain does not exist or has no working mail host.
    HostUnknown,
    /// The recipient has moved to another address.
    HasMoved,
    /// The domain accepts no mail at all (for example a null MX).
    NotAccept,
    /// The mailbox is over its quota.
    MailboxFull,
    /// The message exceeds a limit set for the recipient (size, recipients).
    ExceedLimit,
    /// The message is larger than the server accepts.
    MesgTooBig,
    /// The receiving system is out of disk space.
    SystemFull,
    /// A filter of the recipient refused the message.
    Filtered,
    /// The sender's address was refused.
    Rejected,
    /// The sending IP address or host is refused, often by a block list.
    Blocked,
    /// The message breaks a policy of the receiving site.
    PolicyViolation,
    /// The message was judged to be spam.
    SpamDetected,
    /// The message was judged to carry malware.
    VirusDetected,
    /// The content (encoding, character set, MIME) could not be accepted.
    ContentError,
    /// The message does not follow the mail format standards.
    NotCompliantRfc,
    /// The sender's reputation is too low.
    BadReputation,
    /// The sending IP address has no (matching) reverse DNS name.
    RequirePtr,
    /// SPF, DKIM or DMARC checks failed.
    AuthFailure,
    /// Authentication or encryption was required and missing.
    SecurityError,
    /// The server does not relay for the sender.
    NoRelaying,
    /// Too many messages or recipients in too short a time.
    Speeding,
    /// Too many connections, or connections too often.
    TooManyConn,
    /// The recipient's account is disabled or suspended.
    Suspend,
    /// The sending server gave up after retrying.
    Expired,
    /// The destination could not be reached over the network.
    NetworkError,
    /// The receiving system failed.
    SystemError,
    /// A local delivery program failed.
    MailerError,
    /// An SMTP command or an address was malformed.
    SyntaxError,
    /// Nothing in the message says why.
    Undefined,
    /// The message was delivered (a success notification).
    Delivered,
}

impl Reason {
    /// The reason's name as the JSON output spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UserUnknown => "userunknown",
            Reason::HostUnknown => "hostunknown",
            Reason::HasMoved => "hasmoved",
            Reason::NotAccept => "notaccept",
            Reason::MailboxFull => "mailboxfull",
            Reason::ExceedLimit => "exceedlimit",
            Reason::MesgTooBig => "mesgtoobig",
            Reason::SystemFull => "systemfull",
            Reason::Filtered => "filtered",
            Reason::Rejected => "rejected",
            Reason::Blocked => "blocked",
            Reason::PolicyViolation => "policyviolation",
            Reason::SpamDetected => "spamdetected",
            Reason::VirusDetected => "virusdetected",
            Reason::ContentError => "contenterror",
            Reason::NotCompliantRfc => "notcompliantrfc",
            Reason::BadReputation => "badreputation",
            Reason::RequirePtr => "requireptr",
            Reason::AuthFailure => "authfailure",
            Reason::SecurityError => "securityerror",
            Reason::NoRelaying => "norelaying",
            Reason::Speeding => "speeding",
            Reason::TooManyConn => "toomanyconn",
            Reason::Suspend => "suspend",
            Reason::Expired => "expired",
            Reason::NetworkError => "networkerror",
            Reason::SystemError => "systemerror",
            Reason::MailerError => "mailererror",
            Reason::SyntaxError => "syntaxerror",
            Reason::Undefined => "undefined",
            Reason::Delivered => "delivered",
        }
    }

    /// Whether the reason says the address itself can never receive mail: the mailbox or domain
    /// does not exist, has moved, or accepts nothing. Only these make a hard bounce; a full
    /// mailbox, a block of our IP address or a policy refusal say nothing bad about the address.
    pub fn is_bad_address(self) -> bool {
        matches!(
            self,
            Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved | Reason::NotAccept
        )
    }

    /// The status code to report when the message carries none: the code that RFC 3463 (and its
    /// updates) gives the condition, in `class` (2, 4 or 5).
    pub fn typical_status(self, class: u8) -> Status {
        let (subject, detail) = match self {
            Reason::UserUnknown => (1, 1),
            Reason::HostUnknown => (1, 2),
            Reason::HasMoved => (1, 6),
            Reason::NotAccept => (1, 10),
            Reason::Rejected => (1, 8),
            Reason::Suspend => (2, 1),
            Reason::MailboxFull => (2, 2),
            Reason::ExceedLimit => (2, 3),
            Reason::Filtered => (2, 0),
            Reason::SystemFull => (3, 1),
            Reason::MesgTooBig => (3, 4),
            Reason::SystemError => (3, 0),
            Reason::NetworkError => (4, 0),
            Reason::TooManyConn => (4, 5),
            Reason::Expired => (4, 7),
            Reason::SyntaxError => (5, 2),
            Reason::ContentError | Reason::NotCompliantRfc => (6, 0),
            Reason::PolicyViolation | Reason::SecurityError | Reason::Speeding => (7, 0),
            Reason::Blocked
            | Reason::SpamDetected
            | Reason::VirusDetected
            | Reason::BadReputation
            | Reason::NoRelaying => (7, 1),
            Reason::RequirePtr => (7, 25),
            Reason::AuthFailure => (7, 26),
            Reason::MailerError | Reason::Undefined | Reason::Delivered => (0, 0),
        };
        Status::new(class, subject, detail).unwrap_or_else(|| {
            Status::new(5, subject, detail).expect("the table holds valid subjects and details")
        })
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a failure means for the address: the reason class, the enhanced status code (found
/// in the message, or inferred from the reason when it had none), and whether the address
/// itself is bad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub reason: Reason,
    pub status: Status,
    /// True when `status` was not in the message but inferred from the reason and reply code.
    pub status_inferred: bool,
    /// A hard bounce: the address is bad ([`Reason::is_bad_address`]) and the sending server
    /// gave up on it. Never true for a temporary SMTP reply or a delayed delivery.
    pub hard: bool,
}

/// Diagnoses a reply our SMTP client received, e.g. `550` with "5.1.1 <a@b.example>: Recipient
/// address rejected: User unknown". The text is read with the same phrase table as the
/// diagnostics of returned messages. A 4xx reply is never hard: the server asks us to try
/// again. A 2xx reply is `delivered`.
pub fn classify_smtp_reply(code: u16, text: &str) -> Diagnosis {
    let action = match code / 100 {
        2 => Action::Delivered,
        4 => Action::Delayed,
        _ => Action::Failed,
    };
    let reply_code = (200..600).contains(&code).then_some(code);
    let status = find_reply(text).and_then(|found| found.status);
    diagnose(&Evidence {
        reply_code,
        status,
        texts: &[text],
        ..Evidence::new(action)
    })
}

/// Everything known about one recipient's failure.
#[derive(Debug)]
pub(crate) struct Evidence<'a> {
    pub action: Action,
    pub reply_code: Option<u16>,
    pub status: Option<Status>,
    /// The type of an RFC 3464 Diagnostic-Code (`smtp`, `x-unix`, ...).
    pub diagnostic_type: Option<&'a str>,
    /// Free text, most authoritative first: the server's reply, then its surroundings. Read
    /// before the status code.
    pub texts: &'a [&'a str],
    /// What the report's sender says in its own words about the failure, as a last resort.
    pub fallback: Option<Reason>,
    /// Text around the failure that is read only when neither `texts` nor the status code
    /// nor `fallback` tell the reason: the preamble of a notice, which often speaks for all
    /// recipients.
    pub hints: &'a [&'a str],
}

impl<'a> Evidence<'a> {
    /// Evidence of an `action` with nothing known yet.
    pub fn new(action: Action) -> Self {
        Self {
            action,
            reply_code: None,
            status: None,
            diagnostic_type: None,
            texts: &[],
            fallback: None,
            hints: &[],
        }
    }
}

/// The one place where evidence becomes a reason, a status and the hard-bounce verdict.
pub(crate) fn diagnose(evidence: &Evidence<'_>) -> Diagnosis {
    if evidence.action.is_success() {
        let status = evidence.status.filter(|s| s.class() == 2);
        return Diagnosis {
            reason: Reason::Delivered,
            status: status.unwrap_or_else(|| Reason::Delivered.typical_status(2)),
            status_inferred: status.is_none(),
            hard: false,
        };
    }

    // A failing pipe or program on the receiving host reports itself as `x-unix`; whatever its
    // words, the mail system there failed, not the address.
    let local_program = evidence
        .diagnostic_type
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("x-unix"));
    let reason = if local_program {
        Reason::MailerError
    } else {
        let read = |texts: &[&str]| texts.iter().find_map(|text| reason_from_text(text));
        read(evidence.texts)
            .or_else(|| evidence.status.and_then(reason_from_status))
            .or(evidence.fallback)
            .or_else(|| read(evidence.hints))
            .unwrap_or(Reason::Undefined)
    };

    let class = match evidence.reply_code.map(|c| c / 100) {
        Some(c @ (4 | 5)) => c as u8,
        _ => match evidence.status {
            Some(s) if s.class() != 2 => s.class(),
            _ if evidence.action == Action::Delayed => 4,
            _ => 5,
        },
    };
    let (status, status_inferred) = match evidence.status {
        Some(status) => (status, false),
        None => (reason.typical_status(class), true),
    };
    Diagnosis {
        reason,
        status,
        status_inferred,
        hard: reason.is_bad_address() && evidence.action == Action::Failed,
    }
}

/// The reason named by the first phrase of [`PHRASES`] found in `text`, in table order. Only
/// the first [`READ_LIMIT`] bytes are read: a diagnostic is a few lines, and what follows in a
/// long notice is not about the failure.
pub(crate) fn reason_from_text(text: &str) -> Option<Reason> {
    let text = normalize(&text[..floor_char_boundary(text, READ_LIMIT)]);
    if text.is_empty() {
        return None;
    }
    PHRASES.iter().find_map(|(reason, phrases)| {
        phrases
            .iter()
            .any(|phrase| contains_phrase(&text, phrase))
            .then_some(*reason)
    })
}

/// The reason a status code names by itself (RFC 3463 subjects and details, with the
/// authentication codes of RFC 7372), for text that holds no known phrase.
pub(crate) fn reason_from_status(status: Status) -> Option<Reason> {
    let reason = match (status.subject(), status.detail()) {
        (1, 1) | (1, 3) => Reason::UserUnknown,
        (1, 2) => Reason::HostUnknown,
        (1, 6) => Reason::HasMoved,
        (1, 7) | (1, 8) => Reason::Rejected,
        (1, 10) => Reason::NotAccept,
        (2, 1) => Reason::Suspend,
        (2, 2) => Reason::MailboxFull,
        (2, 3) => Reason::ExceedLimit,
        (2, 4) => Reason::SystemError,
        (3, 1) => Reason::SystemFull,
        (3, 4) => Reason::MesgTooBig,
        (3, _) => Reason::SystemError,
        (4, 4) => Reason::HostUnknown,
        (4, 5) => Reason::SystemFull,
        (4, 7) => Reason::Expired,
        (4, _) => Reason::NetworkError,
        (5, 0) => return None,
        (5, _) => Reason::SyntaxError,
        (6, _) => Reason::ContentError,
        (7, 0) => Reason::PolicyViolation,
        (7, 1) => Reason::Blocked,
        (7, 2) | (7, 14) => Reason::Rejected,
        (7, 8) | (7, 9) | (7, 20..=24) | (7, 26) => Reason::AuthFailure,
        (7, 13) => Reason::Suspend,
        (7, 25) => Reason::RequirePtr,
        (7, _) => Reason::SecurityError,
        _ => return None,
    };
    Some(reason)
}

/// Phrases that reveal a reason, in priority order: the first entry with a match wins. A reason
/// may appear twice, once with strong phrases early and once with weak ones near the end.
///
/// Phrases are lowercase and match whole words of the diagnostic after its whitespace is
/// collapsed and the SMTP code prefixes of multi-line replies are removed. A ` * ` inside a
/// phrase stands for a short gap of any words ("account * disabled").
const PHRASES: &[(Reason, &[&str])] = &[
    (
        Reason::HasMoved,
        &[
            "no longer on server",
            "has moved",
            "mailbox has moved",
            "address has changed",
        ],
    ),
    (
        Reason::NotAccept,
        &[
            "null mx",
            "does not accept mail",
            "doesn't accept mail",
            "does not receive email",
            "doesn't receive email",
            "accepts no mail",
        ],
    ),
    (
        Reason::HostUnknown,
        &[
            "host unknown",
            "unknown host",
            "host not found",
            "domain not found",
            "domain name not found",
            "no such domain",
            "domain does not exist",
            "domain couldn't be found",
            "domain could not be found",
            "domain is not reachable",
            "name service error",
            "nxdomain",
            "unrouteable address",
            "unroutable address",
            "no mx record",
        ],
    ),
    (
        Reason::Suspend,
        &[
            "account * disabled",
            "account * suspended",
            "account * inactive",
            "mailbox * disabled",
            "mailbox * suspended",
            "mailbox * inactive",
            "user * suspended",
        ],
    ),
    (
        Reason::UserUnknown,
        &[
            "user unknown",
            "unknown user",
            "user not found",
            "no such user",
            "no such mailbox",
            "no such recipient",
            "no such account",
            "unknown recipient",
            "recipient unknown",
            "unknown mailbox",
            "mailbox unknown",
            "invalid recipient",
            "recipient invalid",
            "invalid mailbox",
            "mailbox not found",
            "mailbox * does not exist",
            "user * does not exist",
            "account * does not exist",
            "recipient * does not exist",
            "address * does not exist",
            "recipient not found",
            "recipientnotfound",
            "recipnotfound",
            "recipient address rejected: access denied",
            "not listed in domino directory",
            "not listed in public name & address book",
            "recipient name is not recognized",
            "addressee unknown",
            "no mailbox here by that name",
            "unknown local part",
            "unknown or illegal alias",
            "invalid user",
        ],
    ),
    (
        Reason::SystemFull,
        &[
            "insufficient disk space",
            "not enough disk space",
            "disk full",
            "out of disk space",
            "insufficient system storage",
            "system storage",
        ],
    ),
    (
        Reason::Speeding,
        &[
            "sending quota",
            "sent to too many recipients",
            "too many recipients this hour",
            "sending limit",
        ],
    ),
    (
        Reason::MailboxFull,
        &[
            "mailbox full",
            "mailbox is full",
            "mailbox * full",
            "inbox is full",
            "over quota",
            "overquota",
            "quota exceeded",
            "exceeded * quota",
            "exceeds * quota",
            "out of storage space",
            "mailbox size limit",
            "disk quota",
        ],
    ),
    (
        Reason::ExceedLimit,
        &[
            "exceeds fixed maximum message size",
            "exceeds * administrative limit",
        ],
    ),
    (
        Reason::MesgTooBig,
        &[
            "message too large",
            "message is too large",
            "message too big",
            "message is too big",
            "message size exceeds",
            "exceeds the maximum message size",
            "exceeds maximum message size",
            "exceeds the maximum size",
            "message exceeds * size",
        ],
    ),
    (
        Reason::AuthFailure,
        &[
            "spf",
            "dkim",
            "dmarc",
            "sender policy framework",
            "authentication checks",
        ],
    ),
    (
        Reason::RequirePtr,
        &[
            "reverse dns",
            "reverse lookup",
            "ptr record",
            "no ptr",
            "rdns",
            "mismatches client ip",
            "cannot find your hostname",
        ],
    ),
    (Reason::BadReputation, &["reputation", "user complaints"]),
    (
        Reason::TooManyConn,
        &[
            "too many connections",
            "connection rate limit",
            "connection limit",
            "frequency limited",
            "too many concurrent",
            "too many simultaneous",
        ],
    ),
    (
        Reason::Speeding,
        &[
            "rate limit",
            "rate limited",
            "rate limiting",
            "too many messages",
            "message rate",
            "unexpected volume",
            "sending rate",
        ],
    ),
    (
        Reason::Blocked,
        &[
            "blocked using",
            "blacklisted",
            "blacklist",
            "blocklisted",
            "blocklist",
            "dnsbl",
            "rbl",
            "spamhaus",
            "spamcop",
            "client host rejected",
            "client host blocked",
            "banned sending ip",
            "blocked ip",
            "ip * blocked",
            "ip address * blocked",
            "smtp server of your isp",
            "dynamic ip",
            "dial-up",
            "dialup",
            "residential ip",
            "may not be mail exchanger",
        ],
    ),
    (
        Reason::SpamDetected,
        &[
            "spam",
            "ube",
            "uce",
            "junk mail",
            "bulk email",
            "bulk mail",
            "unsolicited",
        ],
    ),
    (
        Reason::VirusDetected,
        &["virus", "malware", "infected", "trojan"],
    ),
    (
        Reason::PolicyViolation,
        &[
            "policy reasons",
            "policy violation",
            "violates * policy",
            "violation of * policy",
            "content policy",
            "local policy",
            "security policies",
        ],
    ),
    (
        Reason::SecurityError,
        &[
            "authentication required",
            "smtp authentication",
            "without authentication",
            "must authenticate",
            "tls required",
            "encryption required",
            "must issue a starttls",
        ],
    ),
    (
        Reason::NoRelaying,
        &[
            "relay access denied",
            "relaying denied",
            "relay not permitted",
            "not permitted to relay",
            "unable to relay",
            "configured to relay",
            "relaying not allowed",
            "we do not relay",
        ],
    ),
    (
        Reason::Rejected,
        &[
            "sender was rejected",
            "sender rejected",
            "sender address rejected",
            "sender denied",
            "sender verify failed",
            "sender verification failed",
            "sender is not allowed",
            "domain of sender address",
        ],
    ),
    (Reason::SecurityError, &["access denied"]),
    (
        Reason::NotCompliantRfc,
        &[
            "multiple addresses in from",
            "not rfc compliant",
            "not compliant with rfc",
            "rfc 5322",
            "rfc5322",
            "rfc 2822",
            "rfc2822",
            "rfc 822",
            "malformed header",
            "bare lf",
            "bare linefeed",
        ],
    ),
    (
        Reason::ContentError,
        &[
            "8-bit data",
            "8bit data",
            "improper use of 8-bit",
            "invalid mime",
            "mime error",
            "character set",
            "content error",
        ],
    ),
    (
        Reason::SyntaxError,
        &[
            "syntax error",
            "malformed address",
            "command unrecognized",
            "command not recognized",
            "bad sequence of commands",
            "invalid command",
        ],
    ),
    (
        Reason::Filtered,
        &[
            "filtered",
            "content filter",
            "domain filter",
            "rejected by * filter",
        ],
    ),
    (
        Reason::Expired,
        &[
            "retry timeout exceeded",
            "retry time not reached",
            "queue too long",
            "message expired",
            "delivery time expired",
            "could not be delivered for",
            "delivery expired",
        ],
    ),
    (
        Reason::NetworkError,
        &[
            "connection refused",
            "connection timed out",
            "timed out",
            "network is unreachable",
            "no route to host",
            "unable to connect",
            "could not connect",
            "socket error",
            "lost connection",
            "connection reset",
            "requests to connect",
        ],
    ),
    (
        Reason::MailerError,
        &[
            "procmail",
            "mailer error",
            "command died",
            "exit status",
            "pipe to",
        ],
    ),
    (
        Reason::SystemError,
        &[
            "system error",
            "internal error",
            "server error",
            "local error",
            "could not load",
            "temporary failure",
        ],
    ),
    (
        Reason::UserUnknown,
        &[
            "mailbox unavailable",
            "recipient rejected",
            "recipient address rejected",
            "invalid address",
            "bad recipient",
            "address rejected",
        ],
    ),
    (Reason::Blocked, &["blocked"]),
];

/// Lowercases `text`, collapses its whitespace and drops the code prefixes that multi-line SMTP
/// replies repeat on every line ("550-5.7.26", "550 5.7.1", "552-"), so that a phrase broken
/// over reply lines still reads as one.
fn normalize(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut kept = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let code_prefix = word.len() >= 4
            && word.as_bytes()[..3].iter().all(u8::is_ascii_digit)
            && word.as_bytes()[3] == b'-'
            && (word.len() == 4 || word[4..].parse::<Status>().is_ok());
        let bare_code = word.len() == 3 && word.bytes().all(|b| b.is_ascii_digit());
        let followed_by_status = words
            .get(i + 1)
            .is_some_and(|next| next.parse::<Status>().is_ok());
        if code_prefix || word.parse::<Status>().is_ok() {
            i += 1;
        } else if bare_code && followed_by_status {
            i += 2;
        } else {
            kept.push(word);
            i += 1;
        }
    }
    kept.join(" ").to_lowercase()
}

/// Whether `phrase` occurs in `text` on word boundaries; ` * ` in the phrase allows a gap of
/// up to [`GAP`] bytes between its pieces.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let pieces: Vec<&str> = phrase.split(" * ").collect();
    let mut from = 0;
    while let Some(start) = find_word(text, pieces[0], from) {
        let mut end = start + pieces[0].len();
        let rest_found = pieces[1..].iter().all(|piece| {
            let window_end = floor_char_boundary(text, end + GAP + piece.len());
            match find_word(&text[..window_end], piece, end) {
                Some(at) => {
                    end = at + piece.len();
                    true
                }
                None => false,
            }
        });
        if rest_found {
            return true;
        }
        from = start + 1;
    }
    false
}

/// How much of a text [`reason_from_text`] reads.
const READ_LIMIT: usize = 16 * 1024;

/// How far apart the pieces of a ` * ` phrase may be.
const GAP: usize = 32;

/// The first occurrence of `word` in `text` at or after `from` that starts and ends on a word
/// boundary.
fn find_word(text: &str, word: &str, from: usize) -> Option<usize> {
    let mut from = from;
    while from <= text.len() {
        let at = from + text.get(from..)?.find(word)?;
        let end = at + word.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(s: &str) -> Status {
        s.parse().unwrap()
    }

    #[test]
    fn reasons_serialize_in_the_shared_vocabulary() {
        let json = serde_json::to_string(&[Reason::UserUnknown, Reason::NotCompliantRfc]).unwrap();
        assert_eq!(json, r#"["userunknown","notcompliantrfc"]"#);
        for reason in [Reason::MesgTooBig, Reason::RequirePtr, Reason::TooManyConn] {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.as_str()));
        }
    }

    #[test]
    fn unknown_users_are_hard_and_full_mailboxes_are_not() {
        let unknown = classify_smtp_reply(550, "5.1.1 <a@b.example>... User Unknown");
        assert_eq!(unknown.reason, Reason::UserUnknown);
        assert_eq!(unknown.status, status("5.1.1"));
        assert!(unknown.hard);
        assert!(!unknown.status_inferred);

        let full = classify_smtp_reply(552, "5.2.2 The recipient's inbox is out of storage space");
        assert_eq!(full.reason, Reason::MailboxFull);
        assert!(!full.hard);
    }

    #[test]
    fn blocks_and_policy_refusals_are_not_hard() {
        for (code, text) in [
            (
                554,
                "5.7.1 Service unavailable; Client host [192.0.2.49] blocked using a list",
            ),
            (
                550,
                "5.7.606 Access denied, banned sending IP [198.51.100.222]",
            ),
            (554, "Message not accepted for policy reasons"),
            (
                451,
                "4.7.650 The mail server has been temporarily rate limited due to IP reputation",
            ),
            (
                550,
                "5.7.26 Unauthenticated email is not accepted: DMARC policy",
            ),
        ] {
            let diagnosis = classify_smtp_reply(code, text);
            assert!(!diagnosis.hard, "{text}: {diagnosis:?}");
            assert!(!diagnosis.reason.is_bad_address(), "{text}: {diagnosis:?}");
        }
    }

    #[test]
    fn a_temporary_reply_is_never_hard() {
        let diagnosis = classify_smtp_reply(450, "4.1.1 <a@b.example>: Recipient address rejected");
        assert_eq!(diagnosis.reason, Reason::UserUnknown);
        assert!(!diagnosis.hard);
    }

    #[test]
    fn the_text_outranks_a_reused_status_code() {
        let text = "5.1.1 <a@b.example> - 203.0.113.222 has sent to too many recipients this hour";
        assert_eq!(classify_smtp_reply(550, text).reason, Reason::Speeding);
    }

    #[test]
    fn a_missing_status_is_inferred_from_reason_and_reply_code() {
        let full = classify_smtp_reply(450, "Mailbox full");
        assert_eq!((full.status, full.status_inferred), (status("4.2.2"), true));
        let full = classify_smtp_reply(552, "Mailbox full");
        assert_eq!(full.status, status("5.2.2"));
        assert_eq!(
            classify_smtp_reply(550, "no such user here").status,
            status("5.1.1")
        );
        assert_eq!(
            classify_smtp_reply(550, "Host unknown").status,
            status("5.1.2")
        );
        assert_eq!(classify_smtp_reply(554, "blocked").status, status("5.7.1"));
        let unknown = classify_smtp_reply(550, "go away");
        assert_eq!(
            (unknown.reason, unknown.status),
            (Reason::Undefined, status("5.0.0"))
        );
    }

    #[test]
    fn a_status_without_known_words_decides_the_reason() {
        let reply = "5.1.1 http://support.google.com/mail/bin/answer.py?answer=6596 - gsmtp";
        assert_eq!(classify_smtp_reply(550, reply).reason, Reason::UserUnknown);
        assert_eq!(reason_from_status(status("4.4.7")), Some(Reason::Expired));
        assert_eq!(
            reason_from_status(status("5.7.25")),
            Some(Reason::RequirePtr)
        );
        assert_eq!(reason_from_status(status("5.0.0")), None);
    }

    #[test]
    fn a_success_reply_is_delivered() {
        let ok = classify_smtp_reply(250, "2.6.0 Message received");
        assert_eq!(
            (ok.reason, ok.status, ok.hard),
            (Reason::Delivered, status("2.6.0"), false)
        );
    }

    #[test]
    fn multi_line_reply_prefixes_do_not_break_phrases() {
        let text = "550-5.7.1 Messages with multiple 550 5.7.1 addresses in From: header are not";
        assert_eq!(reason_from_text(text), Some(Reason::NotCompliantRfc));
        assert_eq!(
            normalize("552-5.2.2 The inbox is 552-5.2.2 out of storage"),
            "the inbox is out of storage"
        );
    }

    #[test]
    fn phrases_match_whole_words_only() {
        assert_eq!(reason_from_text("tube rejected"), None);
        assert_eq!(
            reason_from_text("Message content rejected, UBE"),
            Some(Reason::SpamDetected)
        );
        assert!(contains_phrase(
            "the account has been disabled",
            "account * disabled"
        ));
        let far = "the account is fine; many words later, the disk was disabled";
        assert!(!contains_phrase(far, "account * disabled"));
    }

    #[test]
    fn a_local_program_failure_is_a_mailer_error_whatever_it_says() {
        let diagnosis = diagnose(&Evidence {
            status: Some(status("5.1.1")),
            diagnostic_type: Some("x-unix"),
            texts: &["procmail: Couldn't create \"/var/spool/mail/neko\": No such user"],
            ..Evidence::new(Action::Failed)
        });
        assert_eq!(diagnosis.reason, Reason::MailerError);
        assert!(!diagnosis.hard);
    }

    #[test]
    fn a_delayed_delivery_is_soft_even_for_a_bad_address() {
        let diagnosis = diagnose(&Evidence {
            texts: &["User unknown"],
            ..Evidence::new(Action::Delayed)
        });
        assert_eq!(diagnosis.reason, Reason::UserUnknown);
        assert_eq!(diagnosis.status, status("4.1.1"));
        assert!(!diagnosis.hard);
    }
}

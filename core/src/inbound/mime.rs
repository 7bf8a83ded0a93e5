//! The pieces of an inbound message that classification reads, taken out of its MIME structure
//! (parsed by `mail-parser`): the header, the text written for people, the machine-readable
//! report parts, and the header of the message it returns or reports.
//!
//! mail-parser turns every `message/rfc822` or `message/global` part (and every untyped part of
//! a `multipart/digest`) into a nested message, with no limit on the depth, and walks that tree
//! recursively: a message of a few hundred kilobytes nesting thousands of messages would overflow
//! the stack. The classifier needs only the header of a returned message, so it never lets
//! mail-parser nest at all: [`hide_nesting`] marks those media subtypes before parsing, and the
//! parts are read as opaque bodies.

use std::borrow::Cow;

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use super::fields::{self, Field};

/// A parsed inbound message, reduced to what the classifier needs.
#[derive(Debug, Default)]
pub(crate) struct Mail {
    /// The top-level header fields, unfolded, in order.
    pub header: Vec<Field>,
    /// The decoded Subject.
    pub subject: String,
    /// The addresses and display names of From.
    pub from: Vec<(Option<String>, Option<String>)>,
    /// The `report-type` of a top-level multipart/report, lowercased.
    pub report_type: Option<String>,
    /// The text parts meant to be read by people (HTML turned into text when that is all there
    /// is), in order.
    pub notice: String,
    /// Bodies of message/delivery-status parts (RFC 3464).
    pub delivery_status: Vec<String>,
    /// Bodies of message/feedback-report parts (RFC 5965).
    pub feedback_reports: Vec<String>,
    /// Header fields of returned or reported messages: attached message/rfc822 parts and
    /// text/rfc822-headers parts.
    pub returned: Vec<Vec<Field>>,
    /// How many message/disposition-notification parts (RFC 8098) the message has.
    pub disposition_notifications: usize,
}

impl Mail {
    /// Parses `raw`, whose line ends are already normalised. A message without any header still
    /// yields a `Mail` whose notice is the whole text.
    pub fn parse(raw: &[u8]) -> Mail {
        let raw = without_mbox_line(raw);
        let header = fields::block(&head_text(raw));
        let flat = hide_nesting(raw);
        let Some(message) = MessageParser::default().parse(flat.as_ref()) else {
            return Mail {
                header,
                notice: String::from_utf8_lossy(raw).into_owned(),
                ..Mail::default()
            };
        };

        let mut mail = Mail {
            subject: message
                .subject()
                .map(str::to_owned)
                .or_else(|| fields::get(&header, "subject").map(str::to_owned))
                .unwrap_or_default(),
            from: senders(&message),
            report_type: message
                .content_type()
                .filter(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
                .and_then(|ct| ct.attribute("report-type"))
                .map(|t| t.trim().to_ascii_lowercase()),
            header,
            ..Mail::default()
        };
        let texts: Vec<String> = (0..message.text_body_count())
            .filter_map(|i| message.body_text(i).map(Cow::into_owned))
            .collect();
        mail.notice = texts.join("\n");
        if mail.notice.trim().is_empty() {
            // A multipart body whose boundaries never appear is kept whole as text.
            if let PartType::Text(text) = &message.root_part().body {
                mail.notice = text.to_string();
            }
        }
        for part in &message.parts {
            mail.take_part(part);
        }
        if mail.delivery_status.is_empty() {
            mail.take_inline_delivery_status();
        }
        mail
    }

    /// A delivery report whose MIME structure broke (or that was sent as plain text) still
    /// holds its fields in the text: moves them from the notice to `delivery_status`.
    fn take_inline_delivery_status(&mut self) {
        let mut offset = 0;
        let mut start = None;
        for line in self.notice.split_inclusive('\n') {
            let lower = line.to_ascii_lowercase();
            if start.is_none() && lower.starts_with("reporting-mta:") {
                start = Some(offset);
            }
            if lower.starts_with("final-recipient:") || lower.starts_with("original-recipient:") {
                start = start.or(Some(offset));
                let status_part = self.notice[start.unwrap_or(offset)..].to_ascii_lowercase();
                if status_part.contains("\naction:") || status_part.contains("\nstatus:") {
                    let start = start.unwrap_or(offset);
                    self.delivery_status.push(self.notice[start..].to_owned());
                    self.notice.truncate(start);
                }
                return;
            }
            offset += line.len();
        }
    }

    /// The value of the first top-level header field called `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        fields::get(&self.header, name)
    }

    /// The values of every top-level header field called `name`.
    pub fn headers<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        fields::all(&self.header, name)
    }

    fn take_part(&mut self, part: &mail_parser::MessagePart<'_>) {
        let Some(content_type) = part.content_type() else {
            return;
        };
        let ctype = content_type.ctype().to_ascii_lowercase();
        let subtype = content_type
            .subtype()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match (ctype.as_str(), subtype.as_str()) {
            ("message", "delivery-status" | "global-delivery-status") => {
                self.delivery_status.push(lossy(part.contents()));
            }
            ("message", "feedback-report") => {
                self.feedback_reports.push(lossy(part.contents()));
            }
            ("message", "disposition-notification" | "global-disposition-notification") => {
                self.disposition_notifications += 1;
            }
            ("text" | "message", "rfc822-headers" | "rfc822-header" | "global-headers") => {
                self.returned.push(fields::block(&lossy(part.contents())));
            }
            ("message", subtype) if is_message_subtype(subtype) => {
                let raw = match &part.body {
                    PartType::Message(nested) => nested.raw_message(),
                    _ => part.contents(),
                };
                self.returned.push(fields::block(&head_text(raw)));
            }
            _ => {}
        }
    }
}

/// The From addresses and names of `message`.
fn senders(message: &Message<'_>) -> Vec<(Option<String>, Option<String>)> {
    message
        .from()
        .map(|from| {
            from.iter()
                .map(|addr| {
                    (
                        addr.address().map(str::to_owned),
                        addr.name().map(str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The media subtypes that make mail-parser read a part as a nested message: `message/rfc822`,
/// `message/global`, and `multipart/digest` (whose untyped parts are messages).
const NESTING_SUBTYPES: [&[u8]; 3] = [b"rfc822", b"global", b"digest"];

/// The byte that replaces the first letter of a hidden subtype: `rfc822` becomes `~fc822`.
const HIDDEN_MARK: u8 = b'~';

/// `raw` with the first letter of every media subtype of [`NESTING_SUBTYPES`] replaced by
/// [`HIDDEN_MARK`], so that mail-parser reads no part as a nested message. Same length, so
/// offsets still hold.
///
/// The match errs on the side of hiding: any such word, in any letter case, that could be the
/// whole subtype token of a Content-Type value as mail-parser reads it (after `/` or the end of
/// a comment, with only blanks, quotes or backslashes between, and followed by the end of the
/// token) is hidden, wherever it stands. A phrase like `text/rfc822-headers` is left alone, as
/// are the `rfc822;` address types of a delivery report.
pub(crate) fn hide_nesting(raw: &[u8]) -> Cow<'_, [u8]> {
    let skipped = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'"' | b'\\');
    let ends_token = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b'"' | b'\\');
    let mut out: Option<Vec<u8>> = None;
    for at in 0..raw.len() {
        let hit = NESTING_SUBTYPES.iter().any(|word| {
            raw[at..].len() >= word.len()
                && raw[at..at + word.len()].eq_ignore_ascii_case(word)
                && raw.get(at + word.len()).is_none_or(|&b| ends_token(b))
        });
        if !hit {
            continue;
        }
        let before = raw[..at].iter().rev().find(|&&b| !skipped(b));
        if matches!(before, Some(b'/' | b')')) {
            out.get_or_insert_with(|| raw.to_vec())[at] = HIDDEN_MARK;
        }
    }
    out.map_or(Cow::Borrowed(raw), Cow::Owned)
}

/// Whether a `message/` subtype is that of a whole message, hidden or not.
fn is_message_subtype(subtype: &str) -> bool {
    let bytes = subtype.as_bytes();
    NESTING_SUBTYPES[..2].iter().any(|word| {
        bytes.len() == word.len()
            && (bytes[0] == HIDDEN_MARK || bytes[0] == word[0])
            && bytes[1..] == word[1..]
    })
}

/// `raw` without the "From sender date" line that mbox files put before each message.
fn without_mbox_line(raw: &[u8]) -> &[u8] {
    if !raw.starts_with(b"From ") {
        return raw;
    }
    match raw.iter().position(|&b| b == b'\n') {
        Some(end) => &raw[end + 1..],
        None => &[],
    }
}

/// The header block of `raw` as text: everything before the first empty line, after an mbox
/// "From " line.
fn head_text(raw: &[u8]) -> String {
    let raw = without_mbox_line(raw);
    let end = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(raw.len(), |at| at + 1);
    lossy(&raw[..end])
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Turns CRLF and lone CR line ends into LF, so that mail saved on any system parses alike.
pub(crate) fn normalize_line_ends(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'\r') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\r' {
            if bytes.peek() == Some(&b'\n') {
                bytes.next();
            }
            out.push(b'\n');
        } else {
            out.push(b);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_of_every_system_become_lf() {
        assert_eq!(&*normalize_line_ends(b"a\r\nb\rc\nd\r"), b"a\nb\nc\nd\n");
        assert!(matches!(normalize_line_ends(b"a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn subtypes_that_nest_messages_are_hidden_and_others_kept() {
        let hidden = |text: &str| String::from_utf8(hide_nesting(text.as_bytes()).into_owned());
        for (text, expected) in [
            (
                "Content-Type: message/rfc822\n",
                "Content-Type: message/~fc822\n",
            ),
            (
                "content-type: MESSAGE/Global;x=1",
                "content-type: MESSAGE/~lobal;x=1",
            ),
            (
                "Content-Type: message/(c) \"rfc822\"",
                "Content-Type: message/(c) \"~fc822\"",
            ),
            (
                "Content-Type:\n message\n /rfc822",
                "Content-Type:\n message\n /~fc822",
            ),
            (
                "Content-Type: multipart/digest; b=d",
                "Content-Type: multipart/~igest; b=d",
            ),
            (
                "Content-Type: text/rfc822-headers",
                "Content-Type: text/rfc822-headers",
            ),
            (
                "Final-Recipient: rfc822; a@b.example",
                "Final-Recipient: rfc822; a@b.example",
            ),
            ("global policy", "global policy"),
        ] {
            assert_eq!(hidden(text).unwrap(), expected);
        }
        assert!(matches!(hide_nesting(b"plain text"), Cow::Borrowed(_)));
        assert!(is_message_subtype("~fc822") && is_message_subtype("global"));
        assert!(!is_message_subtype("rfc822-headers") && !is_message_subtype("~igest"));
    }

    #[test]
    fn report_parts_are_collected_by_type() {
        let raw = b"From: MAILER-DAEMON@mx.example\nSubject: Returned\n\
            Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
            --b\nContent-Type: text/plain\n\nIt failed.\n\
            --b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.example\n\
            --b\nContent-Type: text/rfc822-headers\n\nMessage-ID: <1@x.example>\n--b--\n";
        let mail = Mail::parse(raw);
        assert_eq!(mail.report_type.as_deref(), Some("delivery-status"));
        assert!(mail.notice.contains("It failed."));
        assert!(mail.delivery_status[0].contains("a@b.example"));
        assert_eq!(
            fields::get(&mail.returned[0], "message-id"),
            Some("<1@x.example>")
        );
        assert_eq!(mail.header("subject"), Some("Returned"));
    }
}

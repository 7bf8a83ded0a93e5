//! Enhanced status codes (RFC 3463, `5.1.1`) and SMTP reply codes (`550`), and finding them in
//! the free text of a diagnostic: "host mx.example.com said: 550 5.1.1 <a@b.example>... User
//! unknown".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An enhanced mail system status code, `class.subject.detail`: class 2 is success, 4 a
/// temporary failure, 5 a permanent one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Status {
    class: u8,
    subject: u16,
    detail: u16,
}

/// Why a string is not a [`Status`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an enhanced status code (expected e.g. 5.1.1): {0}")]
pub struct StatusError(String);

impl Status {
    /// A status from its three parts; `None` unless the class is 2, 4 or 5 and the other parts
    /// have at most three digits.
    pub fn new(class: u8, subject: u16, detail: u16) -> Option<Self> {
        let valid = matches!(class, 2 | 4 | 5) && subject < 1000 && detail < 1000;
        valid.then_some(Self {
            class,
            subject,
            detail,
        })
    }

    pub fn class(self) -> u8 {
        self.class
    }

    pub fn subject(self) -> u16 {
        self.subject
    }

    pub fn detail(self) -> u16 {
        self.detail
    }

    /// `x.0.0`: the class is all the code says.
    pub fn is_unspecific(self) -> bool {
        self.subject == 0 && self.detail == 0
    }

    /// The same code in another class: `5.2.2` as `4.2.2`.
    pub fn with_class(self, class: u8) -> Self {
        Self::new(class, self.subject, self.detail).unwrap_or(self)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl FromStr for Status {
    type Err = StatusError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || StatusError(s.to_owned());
        let mut parts = s.trim().split('.');
        let mut next = || -> Result<u16, StatusError> {
            let part = parts.next().ok_or_else(invalid)?;
            let digits_only = !part.is_empty() && part.len() <= 3;
            if !digits_only || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse().map_err(|_| invalid())
        };
        let (class, subject, detail) = (next()?, next()?, next()?);
        if parts.next().is_some() || class > 9 {
            return Err(invalid());
        }
        Status::new(class as u8, subject, detail).ok_or_else(invalid)
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// An SMTP reply code and enhanced status found in a piece of text, with where the reply
/// starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FoundReply {
    pub code: Option<u16>,
    pub status: Option<Status>,
    /// Byte offset of the first of the two in the text.
    pub start: usize,
}

/// Finds the SMTP reply in `text`. A reply code directly followed by an enhanced status
/// ("550 5.1.1", "550-5.7.1") is the strongest evidence and wins wherever it is; otherwise the
/// first reply code and the first enhanced status are taken separately. Numbers inside IP
/// addresses, dates, ports and identifiers are not codes: a code stands alone between
/// characters that are neither letters, digits nor dots.
pub(crate) fn find_reply(text: &str) -> Option<FoundReply> {
    let tokens = numeric_tokens(text);
    let paired = tokens.windows(2).find_map(|pair| {
        let (first, second) = (&pair[0], &pair[1]);
        let code = reply_code(first.text)?;
        let status = second.text.parse::<Status>().ok()?;
        let gap = &text[first.end..second.start];
        let adjacent = gap.len() <= 8
            && gap
                .chars()
                .all(|c| c.is_ascii_whitespace() || matches!(c, '-' | '\''));
        (adjacent && status.class() == (code / 100) as u8).then_some(FoundReply {
            code: Some(code),
            status: Some(status),
            start: first.start,
        })
    });
    if paired.is_some() {
        return paired;
    }

    let code = tokens
        .iter()
        .find_map(|t| Some((reply_code(t.text)?, t.start)));
    let status = tokens
        .iter()
        .find_map(|t| Some((t.text.parse::<Status>().ok()?, t.start)));
    let start = match (code, status) {
        (None, None) => return None,
        (Some((_, a)), Some((_, b))) => a.min(b),
        (Some((_, a)), None) | (None, Some((_, a))) => a,
    };
    Some(FoundReply {
        code: code.map(|(c, _)| c),
        status: status.map(|(s, _)| s),
        start,
    })
}

/// A reply code is three digits, the first 2, 4 or 5 and the second 0 to 5 (RFC 5321, 4.2).
fn reply_code(token: &str) -> Option<u16> {
    let bytes = token.as_bytes();
    let shaped = bytes.len() == 3
        && matches!(bytes[0], b'2' | b'4' | b'5')
        && (b'0'..=b'5').contains(&bytes[1])
        && bytes[2].is_ascii_digit();
    shaped.then(|| token.parse().ok()).flatten()
}

struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// Runs of digits and dots that stand alone: not glued to letters (`IB607`, `OFR_416` are
/// names, not codes). A trailing dot ends a sentence and is not part of the run.
fn numeric_tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let mut end = i;
        while end > start && bytes[end - 1] == b'.' {
            end -= 1;
        }
        let glued = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let before_ok = start == 0 || !(glued(bytes[start - 1]) || bytes[start - 1] == b'.');
        let after_ok = i >= bytes.len() || !glued(bytes[i]);
        if before_ok && after_ok {
            tokens.push(Token {
                text: &text[start..end],
                start,
                end,
            });
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(s: &str) -> Status {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_enhanced_status_codes() {
        assert_eq!(status("5.1.1").to_string(), "5.1.1");
        assert_eq!(status(" 4.7.650 ").to_string(), "4.7.650");
        assert_eq!(status("5.1.10").detail(), 10);
        for bad in [
            "", "5.1", "5.1.1.1", "3.1.1", "5.x.1", "5.1.1000", "55.1.1", "5..1",
        ] {
            assert!(bad.parse::<Status>().is_err(), "{bad}");
        }
    }

    #[test]
    fn status_serializes_as_its_dotted_string() {
        let json = serde_json::to_string(&status("5.2.2")).unwrap();
        assert_eq!(json, "\"5.2.2\"");
        assert_eq!(
            serde_json::from_str::<Status>(&json).unwrap(),
            status("5.2.2")
        );
    }

    #[test]
    fn finds_a_reply_code_with_its_status() {
        let found = find_reply("host mx.example.jp [192.0.2.20]: 550 5.7.0 Please use").unwrap();
        assert_eq!(found.code, Some(550));
        assert_eq!(found.status, Some(status("5.7.0")));
    }

    #[test]
    fn a_code_with_its_status_beats_an_earlier_bare_status() {
        let text = "5.1.0 - Unknown address error 550-'5.7.1 <a@b.example>... Access denied'";
        let found = find_reply(text).unwrap();
        assert_eq!(
            (found.code, found.status),
            (Some(550), Some(status("5.7.1")))
        );
        assert_eq!(&text[found.start..found.start + 3], "550");
    }

    #[test]
    fn numbers_in_addresses_dates_and_names_are_not_codes() {
        let text = "[192.0.2.222]:25 on Thu, 29 Apr 2010 23:34:45 OFR_416 IB607 id 4.16.55.1";
        assert_eq!(find_reply(text), None);
        let found = find_reply("see 4.16.55.1; then 4.2.2.").unwrap();
        assert_eq!((found.code, found.status), (None, Some(status("4.2.2"))));
    }

    #[test]
    fn separate_code_and_status_are_both_found() {
        let found = find_reply("ERROR_CODE :550, ERROR_CODE :5.1.1 <a@b.example>").unwrap();
        assert_eq!(
            (found.code, found.status),
            (Some(550), Some(status("5.1.1")))
        );
        let qmail = find_reply("said: 550 Unknown user a@b.example. (#5.5.0)").unwrap();
        assert_eq!(
            (qmail.code, qmail.status),
            (Some(550), Some(status("5.5.0")))
        );
    }
}

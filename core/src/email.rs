//! Email addresses we can send to. [`EmailAddress::parse`] accepts the plain `local@domain` form
//! that mail systems deliver to in practice and refuses the rest of RFC 5322 (quoted local parts,
//! comments, IP-address literals, folding whitespace), each with a short reason a user can act on.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A syntactically sendable address: a dot-atom local part, kept as written, and a lowercased
/// domain of at least two letter-digit-hyphen labels.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress {
    address: String,
    /// Byte index of the `@` in `address`.
    at: usize,
}

/// Why a string is not an [`EmailAddress`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a valid email address: {reason}")]
pub struct EmailError {
    reason: Cow<'static, str>,
}

impl EmailError {
    fn new(reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            reason: reason.into(),
        }
    }

    /// What is wrong, in a few words, e.g. "missing @".
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl EmailAddress {
    /// RFC 5321, 4.5.3.1.1.
    pub const MAX_LOCAL_LEN: usize = 64;
    /// RFC 5321 allows 256 octets for the path including its angle brackets.
    pub const MAX_LEN: usize = 254;
    /// RFC 1035, 2.3.4.
    pub const MAX_LABEL_LEN: usize = 63;

    /// Parses `input` after trimming surrounding whitespace: spaces, tabs, no-break and
    /// zero-width spaces, but not line breaks, which are refused (an address is one line). The
    /// domain is lowercased; the local part is kept as written, since only the receiving server
    /// may interpret its case.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let address = input.trim_matches(is_surrounding_space);
        check_characters(address)?;
        let (local, domain) = split(address)?;
        check_local(local)?;
        check_domain(domain)?;
        // Both parts are ASCII now, so bytes are characters.
        if local.len() > Self::MAX_LOCAL_LEN {
            return Err(EmailError::new(
                "the local part is longer than 64 characters",
            ));
        }
        if address.len() > Self::MAX_LEN {
            return Err(EmailError::new("the address is longer than 254 characters"));
        }

        let address = format!("{local}@{}", domain.to_ascii_lowercase());
        Ok(Self {
            address,
            at: local.len(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The part before the `@`, as written.
    pub fn local(&self) -> &str {
        &self.address[..self.at]
    }

    /// The part after the `@`, lowercased.
    pub fn domain(&self) -> &str {
        &self.address[self.at + 1..]
    }

    /// The whole address lowercased: the key for "is this the same recipient". Nearly every
    /// mail system treats local parts case-insensitively, so we do too when deduplicating.
    pub fn normalized(&self) -> String {
        self.address.to_ascii_lowercase()
    }

    pub fn into_string(self) -> String {
        self.address
    }
}

/// Whitespace that pasted or exported values carry around an address, plus the invisible
/// zero-width space and byte-order mark; line breaks are not in it.
fn is_surrounding_space(c: char) -> bool {
    let line_break = matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    );
    (c.is_whitespace() && !line_break) || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Checks that hold for the whole address, before it is split, so the reason names the
/// construct rather than a stray character.
fn check_characters(address: &str) -> Result<(), EmailError> {
    if address.is_empty() {
        return Err(EmailError::new("the address is empty"));
    }
    if address.contains(['\r', '\n']) {
        return Err(EmailError::new("the address contains a line break"));
    }
    if let Some(c) = address.chars().find(|c| c.is_control()) {
        return Err(EmailError::new(format!(
            "the address contains the control character U+{:04X}",
            u32::from(c)
        )));
    }
    if address.contains('"') {
        return Err(EmailError::new(
            "quoted local parts (\"...\") are not accepted",
        ));
    }
    if address.contains(['(', ')']) {
        return Err(EmailError::new("comments in parentheses are not accepted"));
    }
    if address.contains(['<', '>']) {
        return Err(EmailError::new(
            "write the bare address, without a name or <...> around it",
        ));
    }
    if address.matches('@').nth(1).is_some() {
        return Err(EmailError::new("more than one @"));
    }
    if address.contains(char::is_whitespace) {
        return Err(EmailError::new("the address contains a space"));
    }
    Ok(())
}

fn split(address: &str) -> Result<(&str, &str), EmailError> {
    let Some((local, domain)) = address.split_once('@') else {
        return Err(EmailError::new("missing @"));
    };
    if local.is_empty() {
        return Err(EmailError::new("nothing before the @"));
    }
    if domain.is_empty() {
        return Err(EmailError::new("nothing after the @"));
    }
    if domain.starts_with('[') {
        return Err(EmailError::new(
            "IP-address literals ([...]) are not accepted as the domain",
        ));
    }
    Ok((local, domain))
}

/// The characters RFC 5322 allows unquoted in a local part, besides letters and digits.
const ATOM_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";

fn check_local(local: &str) -> Result<(), EmailError> {
    if !local.is_ascii() {
        return Err(EmailError::new(
            "the local part has non-ASCII characters (internationalized addresses are not \
             supported)",
        ));
    }
    if local.starts_with('.') {
        return Err(EmailError::new("the local part starts with a dot"));
    }
    if local.ends_with('.') {
        return Err(EmailError::new("the local part ends with a dot"));
    }
    if local.contains("..") {
        return Err(EmailError::new("the local part has two dots in a row"));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '.' || ATOM_SPECIALS.contains(c);
    if let Some(c) = local.chars().find(|&c| !allowed(c)) {
        return Err(EmailError::new(format!("the local part contains '{c}'")));
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), EmailError> {
    if !domain.is_ascii() {
        return Err(EmailError::new(
            "the domain has non-ASCII characters; write it in its xn-- (punycode) form",
        ));
    }
    if domain.starts_with('.') {
        return Err(EmailError::new("the domain starts with a dot"));
    }
    if domain.ends_with('.') {
        return Err(EmailError::new("the domain ends with a dot"));
    }
    if domain.contains("..") {
        return Err(EmailError::new("the domain has two dots in a row"));
    }
    if !domain.contains('.') {
        return Err(EmailError::new("the domain has no dot"));
    }
    for label in domain.split('.') {
        if label.len() > EmailAddress::MAX_LABEL_LEN {
            return Err(EmailError::new(
                "a part of the domain is longer than 63 characters",
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|&c| !c.is_ascii_alphanumeric() && c != '-')
        {
            return Err(EmailError::new(format!("the domain contains '{c}'")));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(EmailError::new(
                "a part of the domain starts or ends with a hyphen",
            ));
        }
    }
    let top_level = domain.rsplit('.').next().unwrap_or_default();
    if top_level.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EmailError::new("the top-level domain is all digits"));
    }
    Ok(())
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.address
    }
}

impl FromStr for EmailAddress {
    type Err = EmailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl From<EmailAddress> for String {
    fn from(email: EmailAddress) -> Self {
        email.address
    }
}

impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.address)
    }
}

impl<'de> Deserialize<'de> for EmailAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(input: &str) -> String {
        EmailAddress::parse(input).unwrap_err().reason().to_owned()
    }

    #[test]
    fn keeps_the_local_part_and_lowercases_the_domain() {
        let email = EmailAddress::parse("  Jane.Doe+news@Example.COM\t").unwrap();
        assert_eq!(email.as_str(), "Jane.Doe+news@example.com");
        assert_eq!(email.local(), "Jane.Doe+news");
        assert_eq!(email.domain(), "example.com");
        assert_eq!(email.normalized(), "jane.doe+news@example.com");
        assert_eq!(email.to_string(), "Jane.Doe+news@example.com");
    }

    #[test]
    fn serializes_as_a_plain_string_and_checks_on_the_way_in() {
        let email = EmailAddress::parse("a@b.example").unwrap();
        assert_eq!(serde_json::to_string(&email).unwrap(), r#""a@b.example""#);
        let back: EmailAddress = serde_json::from_str(r#"" a@B.example ""#).unwrap();
        assert_eq!(back, email);
        let err = serde_json::from_str::<EmailAddress>(r#""a.example""#).unwrap_err();
        assert!(err.to_string().contains("missing @"), "{err}");
    }

    #[test]
    fn accepts_every_atom_character_and_punycode() {
        for input in [
            "o'brien@example.com",
            "a_b-c+d=e?f^g`h{i|j}k~l!m#n$o%p&q*r/s@example.com",
            "x@xn--mnchen-3ya.de",
            "1@123.example",
            "user@sub.domain.co.uk",
        ] {
            assert!(EmailAddress::parse(input).is_ok(), "{input}");
        }
    }

    #[test]
    fn gives_a_reason_for_each_refusal() {
        let cases = [
            ("", "the address is empty"),
            ("   ", "the address is empty"),
            ("jane.example.com", "missing @"),
            ("a@b@example.com", "more than one @"),
            ("a@example.com, b@example.com", "more than one @"),
            (
                "Jane <jane@example.com>",
                "write the bare address, without a name or <...> around it",
            ),
            ("@example.com", "nothing before the @"),
            ("jane@", "nothing after the @"),
            ("jane@localhost", "the domain has no dot"),
            (
                "\"jane\"@example.com",
                "quoted local parts (\"...\") are not accepted",
            ),
            (
                "(work)jane@example.com",
                "comments in parentheses are not accepted",
            ),
            (
                "jane@[192.0.2.1]",
                "IP-address literals ([...]) are not accepted as the domain",
            ),
            ("jane doe@example.com", "the address contains a space"),
            ("jane@example.com\n", "the address contains a line break"),
            (
                "jane\u{7}@example.com",
                "the address contains the control character U+0007",
            ),
            (".jane@example.com", "the local part starts with a dot"),
            ("jane.@example.com", "the local part ends with a dot"),
            ("ja..ne@example.com", "the local part has two dots in a row"),
            ("ja,ne@example.com", "the local part contains ','"),
            ("jane@.example.com", "the domain starts with a dot"),
            ("jane@example.com.", "the domain ends with a dot"),
            ("jane@example..com", "the domain has two dots in a row"),
            ("jane@exa_mple.com", "the domain contains '_'"),
            (
                "jane@-example.com",
                "a part of the domain starts or ends with a hyphen",
            ),
            ("jane@example.123", "the top-level domain is all digits"),
        ];
        for (input, expected) in cases {
            assert_eq!(reason(input), expected, "{input:?}");
        }
        assert!(reason("jöns@example.com").contains("non-ASCII"));
        assert!(reason("jane@bücher.de").contains("punycode"));
    }

    #[test]
    fn enforces_the_rfc_5321_lengths() {
        let local64 = "a".repeat(64);
        assert!(EmailAddress::parse(&format!("{local64}@example.com")).is_ok());
        assert_eq!(
            reason(&format!("{local64}a@example.com")),
            "the local part is longer than 64 characters"
        );

        let label63 = "b".repeat(63);
        assert!(EmailAddress::parse(&format!("a@{label63}.com")).is_ok());
        assert_eq!(
            reason(&format!("a@{label63}b.com")),
            "a part of the domain is longer than 63 characters"
        );

        // "ab@" and four 62-character labels with their dots make 254 characters.
        let domain = [&label63[..62]; 4].join(".");
        assert_eq!(format!("ab@{domain}").len(), 254);
        assert!(EmailAddress::parse(&format!("ab@{domain}")).is_ok());
        assert_eq!(
            reason(&format!("abc@{domain}")),
            "the address is longer than 254 characters"
        );
    }

    #[test]
    fn display_of_the_error_names_what_failed() {
        let err = EmailAddress::parse("nope").unwrap_err();
        assert_eq!(err.to_string(), "not a valid email address: missing @");
    }

    /// Tests of the is_email suite where we deliberately differ from its default verdict.
    const POLICY_DISAGREEMENTS: &[(u32, &str)] = &[
        (
            5,
            "a domain without a dot (test@io) is not reachable on the public internet",
        ),
        (
            166,
            "a domain without a dot (test@org) is not reachable on the public internet",
        ),
        (
            23,
            "an all-digit top-level domain cannot exist (RFC 3696, section 2)",
        ),
        (
            24,
            "a bare dotted IP (test@255.255.255.255) is not a domain we can look up",
        ),
        (
            42,
            "quoted local parts are valid RFC 5321 but refused for sending",
        ),
        (
            43,
            "quoted local parts are valid RFC 5321 but refused for sending",
        ),
        (
            45,
            "quoted local parts are valid RFC 5321 but refused for sending",
        ),
        (
            46,
            "quoted local parts are valid RFC 5321 but refused for sending",
        ),
        (
            48,
            "quoted local parts are valid RFC 5321 but refused for sending",
        ),
        (
            55,
            "quoted local parts are valid RFC 5321 but refused for sending",
        ),
        (
            61,
            "IP-address literals are valid RFC 5321 but refused for sending",
        ),
        (
            68,
            "IP-address literals are valid RFC 5321 but refused for sending",
        ),
        (
            72,
            "IP-address literals are valid RFC 5321 but refused for sending",
        ),
        (
            75,
            "IP-address literals are valid RFC 5321 but refused for sending",
        ),
        (
            77,
            "IP-address literals are valid RFC 5321 but refused for sending",
        ),
        (
            79,
            "IP-address literals are valid RFC 5321 but refused for sending",
        ),
        (
            81,
            "IP-address literals are valid RFC 5321 but refused for sending",
        ),
        (
            157,
            "surrounding spaces are trimmed (parse is documented to trim)",
        ),
        (
            158,
            "surrounding spaces are trimmed (parse is documented to trim)",
        ),
    ];

    #[derive(serde::Deserialize)]
    struct Suite {
        tests: Vec<Vector>,
    }

    #[derive(serde::Deserialize)]
    struct Vector {
        id: u32,
        address: String,
        diagnosis: String,
        isemail_default_valid: bool,
    }

    #[test]
    fn agrees_with_the_is_email_test_vectors_except_for_written_policy() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/email-validation/isemail-tests.json"
        );
        let text = std::fs::read_to_string(path).expect("the corpus is checked out beside main");
        let suite: Suite = serde_json::from_str(&text).unwrap();

        let mut agree = 0;
        let mut wrong = Vec::new();
        for test in &suite.tests {
            let ours = EmailAddress::parse(&test.address).is_ok();
            let disagreement = POLICY_DISAGREEMENTS.iter().find(|(id, _)| *id == test.id);
            match (ours == test.isemail_default_valid, disagreement) {
                (true, None) => agree += 1,
                (false, Some(_)) => {}
                (true, Some(_)) => wrong.push(format!(
                    "test {} is listed as a disagreement but we agree",
                    test.id
                )),
                (false, None) => wrong.push(format!(
                    "test {} {:?} ({}): is_email says {}, we say {}{}",
                    test.id,
                    test.address,
                    test.diagnosis,
                    test.isemail_default_valid,
                    ours,
                    EmailAddress::parse(&test.address)
                        .err()
                        .map(|e| format!(" ({})", e.reason()))
                        .unwrap_or_default()
                )),
            }
        }
        println!(
            "is_email vectors: {agree} of {} agree, {} deliberate disagreements",
            suite.tests.len(),
            POLICY_DISAGREEMENTS.len()
        );
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert_eq!(agree + POLICY_DISAGREEMENTS.len(), suite.tests.len());
    }
}

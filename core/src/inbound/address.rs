//! Finding mail addresses in free text, as bounce notices and reports write them: bare, in
//! angle brackets, in quotes, after "rfc822;".

/// An address found in text, with its byte range there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub address: String,
    pub start: usize,
    pub end: usize,
}

/// Every `local@domain` in `text`, in order. The domain must have a dot; a trailing dot (end of
/// a sentence) is not part of it.
pub(crate) fn find_all(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(offset) = text[search_from..].find('@') {
        let at = search_from + offset;
        search_from = at + 1;

        let mut start = at;
        while start > 0 && is_local_byte(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && is_domain_byte(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let local = &text[start..at];
        let domain = &text[at + 1..end];
        let local = local.trim_start_matches('.');
        let start = at - local.len();
        if local.is_empty() || !domain.contains('.') || domain.starts_with('.') {
            continue;
        }
        found.push(Found {
            address: format!("{local}@{}", domain.to_ascii_lowercase()),
            start,
            end,
        });
        search_from = end.max(search_from);
    }
    found
}

/// The first address in `text`, e.g. the value of a `Final-Recipient: rfc822; a@b.example`.
pub(crate) fn first(text: &str) -> Option<String> {
    find_all(text).into_iter().next().map(|f| f.address)
}

/// The key for "same address": lowercased.
pub(crate) fn key(address: &str) -> String {
    address.to_ascii_lowercase()
}

/// Whether `address` belongs to a mail system rather than a person: the senders of bounces.
pub(crate) fn is_mail_system(address: &str) -> bool {
    let local = address
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        local.as_str(),
        "mailer-daemon" | "mailerdaemon" | "mail-daemon" | "postmaster" | "double-bounce"
    )
}

/// Whether `address` is one that takes no answers: `noreply@`, `no-reply@`, `donotreply@`,
/// `do-not-reply@` and their relatives (`no_reply`, `noreply-123`).
pub(crate) fn is_no_reply(address: &str) -> bool {
    let local = address
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace(['-', '_', '.'], "");
    local.starts_with("noreply") || local.starts_with("donotreply")
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b)
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(text: &str) -> Vec<String> {
        find_all(text).into_iter().map(|f| f.address).collect()
    }

    #[test]
    fn finds_addresses_in_the_shapes_notices_use() {
        let text = "<kijitora@Example.ORG>: \"neko@example.jp\": rfc822;a.b+c@x.example.\n\
                    * tora@y.example";
        assert_eq!(
            addresses(text),
            [
                "kijitora@example.org",
                "neko@example.jp",
                "a.b+c@x.example",
                "tora@y.example"
            ]
        );
    }

    #[test]
    fn ignores_at_signs_that_are_not_addresses() {
        assert!(addresses("@ home, user@localhost, a@, @b.example").is_empty());
    }

    #[test]
    fn recognises_mail_system_senders() {
        assert!(is_mail_system("MAILER-DAEMON@mx.example"));
        assert!(is_mail_system("postmaster@example.jp"));
        assert!(!is_mail_system("neko@example.jp"));
    }

    #[test]
    fn recognises_no_reply_senders() {
        assert!(is_no_reply("no-reply@sns.amazonaws.com"));
        assert!(is_no_reply("NoReply-42@x.example"));
        assert!(is_no_reply("do_not_reply@x.example"));
        assert!(!is_no_reply("nora@x.example"));
    }
}

//! Links for recipients: the unsubscribe link, and open and click tracking (the pixel and
//! rewritten links in a message's HTML part), the tokens they carry, and telling people from
//! machines.
//!
//! A token carries the send id, the time the message was built, and for a click the original
//! URL, signed with the deployment's secret key: the routes that read them need no database,
//! and no one can make the click route redirect to a URL of their choosing.

use chrono::{DateTime, Duration, Utc};
use url::Url;
use uuid::Uuid;

use crate::secret::SecretKey;
use crate::tenant::template::decode_entities;
use crate::tokens::Signer;

/// Activity this soon after a message was built is a security scanner's, not a person's.
const SCANNER_WINDOW: Duration = Duration::seconds(10);

/// User agents of image proxies, prefetchers and link scanners (lowercase fragments).
const MACHINE_AGENTS: &[&str] = &[
    "googleimageproxy",
    "yahoomailproxy",
    "ymailproxy",
    "bingpreview",
    "microsoft office",
    "ms-office",
    "outlook-iossh",
    "barracuda",
    "mimecast",
    "proofpoint",
    "symantec",
    "messagelabs",
    "forcepoint",
    "trendmicro",
    "cisco",
    "ironport",
    "fortiguard",
    "sophos",
    "slackbot",
    "facebookexternalhit",
    "curl/",
    "wget/",
    "python-requests",
    "python-urllib",
    "go-http-client",
    "java/",
    "okhttp",
    "headlesschrome",
    "bot",
    "crawler",
    "spider",
    "preview",
];

/// Makes and reads the tokens of recipient links, and instruments HTML.
#[derive(Clone, Debug)]
pub struct Tracker {
    unsubscribes: Signer,
    opens: Signer,
    clicks: Signer,
    base: String,
}

/// What a tracking token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub send_id: Uuid,
    /// When the message was built, which is when it was sent to within seconds.
    pub built_at: DateTime<Utc>,
    /// The original URL of a click.
    pub url: Option<String>,
}

impl Tracker {
    pub fn new(secret: &SecretKey, public_url: &Url) -> Self {
        Self {
            unsubscribes: Signer::new(secret, "unsubscribe"),
            opens: Signer::new(secret, "open"),
            clicks: Signer::new(secret, "click"),
            base: public_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    fn payload(send_id: Uuid, built_at: DateTime<Utc>, url: &str) -> Vec<u8> {
        let mut payload = Vec::with_capacity(24 + url.len());
        payload.extend_from_slice(send_id.as_bytes());
        payload.extend_from_slice(&built_at.timestamp().to_be_bytes());
        payload.extend_from_slice(url.as_bytes());
        payload
    }

    fn read(signer: &Signer, token: &str) -> Option<Tracked> {
        let payload = signer.verify_bytes(token)?;
        if payload.len() < 24 {
            return None;
        }
        let send_id = Uuid::from_slice(&payload[..16]).ok()?;
        let seconds = i64::from_be_bytes(payload[16..24].try_into().ok()?);
        let built_at = DateTime::from_timestamp(seconds, 0)?;
        let url = String::from_utf8(payload[24..].to_vec()).ok()?;
        Some(Tracked {
            send_id,
            built_at,
            url: (!url.is_empty()).then_some(url),
        })
    }

    /// The one-click unsubscribe URL of a send.
    pub fn unsubscribe_url(&self, send_id: Uuid) -> String {
        format!("{}/u/{}", self.base, self.unsubscribes.sign(send_id))
    }

    /// The send an unsubscribe token names.
    pub fn unsubscribe(&self, token: &str) -> Option<Uuid> {
        self.unsubscribes.verify(token)
    }

    /// The open pixel's URL for a send.
    pub fn pixel_url(&self, send_id: Uuid, built_at: DateTime<Utc>) -> String {
        let token = self.opens.sign_bytes(&Self::payload(send_id, built_at, ""));
        format!("{}/o/{token}.gif", self.base)
    }

    /// The tracked URL that redirects to `url`.
    pub fn click_url(&self, send_id: Uuid, built_at: DateTime<Utc>, url: &str) -> String {
        let token = self
            .clicks
            .sign_bytes(&Self::payload(send_id, built_at, url));
        format!("{}/c/{token}", self.base)
    }

    /// Reads an open token (a trailing `.gif` is allowed).
    pub fn open(&self, token: &str) -> Option<Tracked> {
        Self::read(&self.opens, token.trim_end_matches(".gif"))
    }

    /// Reads a click token; only tokens with an http(s) URL are valid.
    pub fn click(&self, token: &str) -> Option<Tracked> {
        Self::read(&self.clicks, token)
            .filter(|t| t.url.as_deref().is_some_and(|url| web_url(url).is_some()))
    }

    /// Adds tracking to a message's HTML: links to web pages go through the click route
    /// (`clicks`), and a pixel goes at the end of the body (`opens`). Links to `skip` (the
    /// unsubscribe page) stay as they are.
    pub fn instrument(
        &self,
        html: &str,
        send_id: Uuid,
        built_at: DateTime<Utc>,
        opens: bool,
        clicks: bool,
        skip: &str,
    ) -> String {
        let mut out = if clicks {
            rewrite_links(html, |url| {
                let target = web_url(url).filter(|_| url != skip)?;
                Some(self.click_url(send_id, built_at, target.as_str()))
            })
        } else {
            html.to_owned()
        };
        if opens {
            let pixel = format!(
                "<img src=\"{}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">",
                self.pixel_url(send_id, built_at)
            );
            match out.to_ascii_lowercase().rfind("</body>") {
                Some(at) => out.insert_str(at, &pixel),
                None => out.push_str(&pixel),
            }
        }
        out
    }
}

/// A link to a web page, as a browser would read it: tabs and line breaks dropped, spaces and
/// other characters a URL cannot hold percent-encoded, an international host in its ASCII form.
/// That form is what the click route redirects to, so its `Location` is always a valid URI.
fn web_url(href: &str) -> Option<Url> {
    Url::parse(href)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// Rewrites the `href` of every `<a>` tag through `rewrite` (which returns `None` to keep it).
/// HTML entities in the URL (`&amp;`) are decoded for `rewrite` and the result is escaped.
fn rewrite_links(html: &str, rewrite: impl Fn(&str) -> Option<String>) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 256);
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = lower[search..].find("<a") {
        let tag_start = search + found;
        let Some(tag_len) = lower[tag_start..].find('>') else {
            break;
        };
        let tag_end = tag_start + tag_len;
        search = tag_end;
        // `<a` must be the whole tag name (not `<abbr>`).
        if !lower[tag_start + 2..].starts_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let tag = &lower[tag_start..tag_end];
        let Some(attr) = find_href(tag) else {
            continue;
        };
        let (value_start, value_end) = (tag_start + attr.0, tag_start + attr.1);
        let original = decode_entities(html[value_start..value_end].trim());
        if let Some(replacement) = rewrite(&original) {
            out.push_str(&html[copied..value_start]);
            out.push_str(&replacement.replace('&', "&amp;").replace('"', "&quot;"));
            copied = value_end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The byte range of the `href` value inside a lowercased tag.
fn find_href(tag: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = tag[from..].find("href") {
        let at = from + found;
        from = at + 4;
        let before_ok = tag[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = tag[at + 4..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let value_at = tag.len() - value.len();
        let quote = value.chars().next()?;
        return if quote == '"' || quote == '\'' {
            let end = value[1..].find(quote)?;
            Some((value_at + 1, value_at + 1 + end))
        } else {
            let end = value
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(value.len());
            Some((value_at, value_at + end))
        };
    }
    None
}

/// Whether an open or click came from a machine: a `HEAD` request, a known proxy or scanner
/// agent (or none at all), or activity within seconds of the message being built.
pub fn is_machine(
    head: bool,
    user_agent: Option<&str>,
    built_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    if head || now - built_at < SCANNER_WINDOW {
        return true;
    }
    let Some(agent) = user_agent.filter(|a| !a.trim().is_empty()) else {
        return true;
    };
    let agent = agent.to_ascii_lowercase();
    MACHINE_AGENTS.iter().any(|known| agent.contains(known))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_tracker() -> Tracker {
        Tracker::new(
            &SecretKey::generate(),
            &Url::parse("https://t.example/").unwrap(),
        )
    }

    #[test]
    fn links_and_pixel_are_added_and_read_back() {
        let tracker = new_tracker();
        let send = Uuid::now_v7();
        let at = Utc::now();
        let html = "<html><body><p>See <a class=x href=\"https://acme.example/p?a=1&amp;b=2\">this</a>, \
                    <A HREF='http://b.example'>that</A>, <a href=\"mailto:x@y.example\">mail</a>, \
                    <abbr href=\"https://no.example\">n</abbr> and \
                    <a href=\"https://t.example/u/tok\">unsubscribe</a>.</p></body></html>";
        let out = tracker.instrument(html, send, at, true, true, "https://t.example/u/tok");
        assert!(out.contains("mailto:x@y.example"));
        assert!(out.contains("href=\"https://t.example/u/tok\""));
        assert!(out.contains("<abbr href=\"https://no.example\">"));
        assert!(!out.contains("acme.example"), "{out}");
        assert!(!out.contains("http://b.example"), "{out}");
        assert!(
            out.contains("/o/") && out.ends_with("</body></html>"),
            "{out}"
        );

        let tokens: Vec<&str> = out
            .split("https://t.example/c/")
            .skip(1)
            .map(|rest| rest.split(['"', '\'']).next().unwrap())
            .collect();
        assert_eq!(tokens.len(), 2);
        let first = tracker.click(tokens[0]).unwrap();
        assert_eq!(first.send_id, send);
        assert_eq!(first.url.as_deref(), Some("https://acme.example/p?a=1&b=2"));
        assert_eq!(first.built_at.timestamp(), at.timestamp());
        assert_eq!(
            tracker.click(tokens[1]).unwrap().url.as_deref(),
            Some("http://b.example/")
        );
    }

    #[test]
    fn tracked_links_go_where_a_browser_would_have_gone() {
        let tracker = new_tracker();
        for (href, expected) in [
            // The numeric form of `&` that some editors write.
            (
                "https://a.example/p?x=1&#038;y=2",
                "https://a.example/p?x=1&y=2",
            ),
            // Browsers drop line breaks and tabs inside a URL.
            ("https://a.example/a\r\nb\tc", "https://a.example/abc"),
            ("https://a.example/a b", "https://a.example/a%20b"),
            (
                "https://bücher.example/straße?q=ä",
                "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A4",
            ),
        ] {
            let html = format!("<a href=\"{href}\">x</a>");
            let out = tracker.instrument(&html, Uuid::now_v7(), Utc::now(), false, true, "-");
            let token = out
                .split("https://t.example/c/")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("{href} is tracked: {out}"));
            let url = tracker.click(token).unwrap().url.unwrap();
            assert_eq!(url, expected, "{href}");
            assert!(
                printable_ascii(&url),
                "{url} is a valid Location header value"
            );
        }
    }

    /// Whether `value` is printable ASCII, as a `Location` header needs.
    fn printable_ascii(value: &str) -> bool {
        value.bytes().all(|b| (0x21..0x7f).contains(&b))
    }

    #[test]
    fn tampered_or_foreign_tokens_are_refused() {
        let tracker = new_tracker();
        let url = tracker.click_url(Uuid::now_v7(), Utc::now(), "https://a.example/");
        let token = url.rsplit('/').next().unwrap();
        assert!(tracker.click(token).is_some());
        assert!(
            tracker.open(token).is_none(),
            "a click token is not an open token"
        );
        assert!(
            new_tracker().click(token).is_none(),
            "another deployment's key"
        );
        let mut bytes = token.as_bytes().to_vec();
        bytes[5] = if bytes[5] == b'A' { b'B' } else { b'A' };
        assert!(
            tracker
                .click(std::str::from_utf8(&bytes).unwrap())
                .is_none()
        );
        assert!(tracker.click("").is_none());
        assert!(tracker.click("!!!").is_none());
    }

    #[test]
    fn machines_are_told_from_people() {
        let built = Utc::now() - Duration::minutes(5);
        let now = Utc::now();
        let person = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15";
        assert!(!is_machine(false, Some(person), built, now));
        assert!(is_machine(true, Some(person), built, now), "HEAD");
        assert!(
            is_machine(false, Some(person), now, now),
            "seconds after sending"
        );
        assert!(is_machine(false, None, built, now));
        assert!(is_machine(
            false,
            Some("Mozilla/5.0 (via ggpht.com GoogleImageProxy)"),
            built,
            now
        ));
    }
}

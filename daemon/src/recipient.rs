//! Routes for the people campaigns write to, outside `/api/v1`: one-click unsubscribe
//! (RFC 8058) and the page its visible link opens, the open pixel and tracked links.
//!
//! Links carry a token signed with the deployment's secret key; a tampered or unknown token
//! answers 404, so the click route never redirects anywhere a token did not name. The
//! unsubscribe `GET` only shows a page with a button, because mail scanners fetch links; `POST`
//! with `List-Unsubscribe=One-Click` (what mail clients send, and what the button sends)
//! unsubscribes, answers 200 and never redirects. These routes do not touch PostgreSQL: events
//! go to the event buffer, and the daemon stores them within seconds.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use penguin_core::events::tracking::{self, Tracked};
use penguin_core::events::{Kind, NewEvent};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::extract::{content_type, media_type};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(unsubscribe_page, unsubscribe))
        .routes(routes!(open_pixel))
        .routes(routes!(click))
}

/// Whether a path belongs to these routes.
pub fn is_recipient_path(path: &str) -> bool {
    ["/u/", "/o/", "/c/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// Whether a path is the unsubscribe route's (the others are links and the pixel).
pub fn is_unsubscribe_path(path: &str) -> bool {
    path.starts_with("/u/")
}

/// The page for an error the routes themselves did not answer (a body too large, a method
/// not allowed, a malformed path), on the unsubscribe route or on a tracked link or pixel.
pub fn error_page(unsubscribe: bool, status: StatusCode) -> Response {
    let text = match status {
        status if status.is_server_error() => UNAVAILABLE,
        StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST if unsubscribe => INVALID,
        _ if unsubscribe => NOT_ASKED,
        _ => BROKEN_LINK,
    };
    page(status, text)
}

/// A transparent 1x1 GIF.
const PIXEL: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// Hands a tracking event to the buffer, without waiting for Redis: the person gets the image
/// or the redirect at once. A failure is logged, never shown.
async fn track(
    state: &AppState,
    kind: Kind,
    tracked: &Tracked,
    method: &Method,
    headers: &HeaderMap,
) {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let machine =
        tracking::is_machine(*method == Method::HEAD, agent, tracked.built_at, Utc::now());
    let mut details =
        json!({ "user_agent": agent.map(|a| a.chars().take(300).collect::<String>()) });
    if let Some(url) = &tracked.url {
        details["url"] = json!(url);
    }
    let event = NewEvent {
        machine,
        ..NewEvent::now(kind, tracked.send_id, details)
    };
    let label = if machine { "machine" } else { "human" };
    metrics::counter!("penguin_tracked_total", "kind" => kind.as_str(), "by" => label).increment(1);
    state.events.hand_over(&event).await;
}

/// The open pixel: a transparent GIF that no cache keeps; records `opened`.
#[utoipa::path(get, path = "/o/{token}", tag = "recipient",
    params(("token" = String, Path, description = "The signed token from the message, with `.gif`")),
    responses(
        (status = 200, description = "A 1x1 transparent GIF", content_type = "image/gif"),
        (status = 404, description = "The token is not valid"),
    ))]
async fn open_pixel(
    State(state): State<AppState>,
    Path(token): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let Some(tracked) = state.tracker.open(&token) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    track(&state, Kind::Opened, &tracked, &method, &headers).await;
    let mut response = (StatusCode::OK, PIXEL).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/gif"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache, must-revalidate, private, max-age=0"),
    );
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    headers.insert(header::EXPIRES, HeaderValue::from_static("0"));
    response
}

/// A tracked link: redirects (302) to the URL the token names and records `clicked`.
#[utoipa::path(get, path = "/c/{token}", tag = "recipient",
    params(("token" = String, Path, description = "The signed token from the link")),
    responses(
        (status = 302, description = "To the original URL"),
        (status = 404, description = "The link is not valid", content_type = "text/html"),
    ))]
async fn click(
    State(state): State<AppState>,
    Path(token): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let Some(tracked) = state.tracker.click(&token) else {
        return page(StatusCode::NOT_FOUND, BROKEN_LINK);
    };
    // Links are stored as a browser reads them; one from an older message is read so again.
    let location = tracked
        .url
        .as_deref()
        .and_then(|url| url::Url::parse(url).ok())
        .and_then(|url| HeaderValue::from_str(url.as_str()).ok());
    let Some(location) = location else {
        return page(StatusCode::NOT_FOUND, BROKEN_LINK);
    };
    track(&state, Kind::Clicked, &tracked, &method, &headers).await;
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, location);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// The unsubscribe page: asks for a click, changes nothing.
#[utoipa::path(get, path = "/u/{token}", tag = "recipient",
    params(("token" = String, Path, description = "The signed token from the message")),
    responses(
        (status = 200, description = "A page with an unsubscribe button", content_type = "text/html"),
        (status = 404, description = "The link is not valid", content_type = "text/html"),
    ))]
async fn unsubscribe_page(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if state.tracker.unsubscribe(&token).is_none() {
        return page(StatusCode::NOT_FOUND, INVALID);
    }
    page(StatusCode::OK, CONFIRM)
}

/// One-click unsubscribe (RFC 8058): the body must hold `List-Unsubscribe=One-Click`, as a form
/// (`application/x-www-form-urlencoded` or `multipart/form-data`). Repeating it changes nothing.
#[utoipa::path(post, path = "/u/{token}", tag = "recipient",
    params(("token" = String, Path, description = "The signed token from the message")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "`List-Unsubscribe=One-Click`"),
    responses(
        (status = 200, description = "Unsubscribed", content_type = "text/html"),
        (status = 400, description = "The body does not ask to unsubscribe", content_type = "text/html"),
        (status = 404, description = "The link is not valid", content_type = "text/html"),
        (status = 503, description = "The request could not be taken; try again", content_type = "text/html"),
    ))]
async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(send_id) = state.tracker.unsubscribe(&token) else {
        return page(StatusCode::NOT_FOUND, INVALID);
    };
    if !asks_one_click(content_type(&headers), &body) {
        return page(StatusCode::BAD_REQUEST, NOT_ASKED);
    }
    let event = NewEvent {
        // However often it is sent, one unsubscribe per message.
        dedup_key: Some(format!("unsubscribe:{send_id}")),
        ..NewEvent::now(
            Kind::Unsubscribed,
            send_id,
            json!({ "source": "one-click" }),
        )
    };
    match state.events.push(&event).await {
        Ok(()) => {
            metrics::counter!("penguin_unsubscribes_total").increment(1);
            page(StatusCode::OK, DONE)
        }
        Err(err) => {
            tracing::error!(error = %err, "could not buffer an unsubscribe");
            page(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE)
        }
    }
}

/// Whether a form body holds `List-Unsubscribe=One-Click`.
fn asks_one_click(content_type: &str, body: &[u8]) -> bool {
    match media_type(content_type).as_str() {
        "multipart/form-data" => multipart_asks(content_type, body),
        // Some clients send the urlencoded pair without a content type.
        _ => url::form_urlencoded::parse(body)
            .any(|(key, value)| key == "List-Unsubscribe" && value == "One-Click"),
    }
}

/// Finds a `List-Unsubscribe` part with the value `One-Click` in a multipart body.
fn multipart_asks(content_type: &str, body: &[u8]) -> bool {
    let Some(boundary) = content_type.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        (name.trim().eq_ignore_ascii_case("boundary")).then(|| value.trim().trim_matches('"'))
    }) else {
        return false;
    };
    let body = String::from_utf8_lossy(body);
    body.split(&format!("--{boundary}")).any(|part| {
        let Some((head, value)) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))
        else {
            return false;
        };
        let named = head.lines().any(|line| {
            let line = line.to_ascii_lowercase();
            line.starts_with("content-disposition:") && line.contains("name=\"list-unsubscribe\"")
        });
        named && value.trim() == "One-Click"
    })
}

const BROKEN_LINK: (&str, &str) = (
    "Link not valid",
    "<p>This link is not valid. Use the link from the email.</p>",
);
const CONFIRM: (&str, &str) = (
    "Unsubscribe",
    "<p>Stop receiving these emails?</p>\
     <form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
     <button type=\"submit\">Unsubscribe</button></form>",
);
const DONE: (&str, &str) = (
    "Unsubscribed",
    "<p>You are unsubscribed. You will not receive further emails from this sender.</p>",
);
const INVALID: (&str, &str) = (
    "Link not valid",
    "<p>This unsubscribe link is not valid. Use the link from the latest email.</p>",
);
const NOT_ASKED: (&str, &str) = (
    "Nothing changed",
    "<p>Nothing was changed. To unsubscribe, open the link in the email and use its button.</p>",
);
const UNAVAILABLE: (&str, &str) = (
    "Try again",
    "<p>Your request could not be taken just now. Please try again in a minute.</p>",
);

/// A small self-contained HTML page that no cache keeps and no search engine indexes.
fn page(status: StatusCode, (title, body): (&str, &str)) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;\
         padding:0 1rem}}button{{font-size:1rem;padding:.5rem 1rem}}</style></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_one_click_pair_from_both_form_encodings() {
        let form = "application/x-www-form-urlencoded";
        assert!(asks_one_click(form, b"List-Unsubscribe=One-Click"));
        assert!(!asks_one_click(form, b"List-Unsubscribe=Maybe"));
        assert!(!asks_one_click(form, b""));
        let multipart = "multipart/form-data; boundary=\"xyz\"";
        let body = "--xyz\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n\
                    One-Click\r\n--xyz--\r\n";
        assert!(asks_one_click(multipart, body.as_bytes()));
        let other = body.replace("List-Unsubscribe", "Other");
        assert!(!asks_one_click(multipart, other.as_bytes()));
    }
}

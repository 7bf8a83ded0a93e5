//! Request extractors whose rejections are problem details, and the authenticated caller.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use penguin_core::FieldError;
use penguin_core::audit::Actor;
use penguin_core::auth::{self, AuthError, Principal};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::problem::Problem;

/// A request's `Content-Type` as sent (empty when missing).
pub fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The media type of a `Content-Type` value, lowercased, without its parameters:
/// `Text/CSV; charset=utf-8` → `text/csv`.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A JSON response body.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A request body, read but not yet parsed: handlers authorize first and then call
/// [`JsonBody::parse`], so a caller without access learns nothing about the expected shape.
#[derive(Debug)]
pub struct JsonBody {
    bytes: Bytes,
    json_content_type: bool,
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        let json_content_type = is_json(request.headers());
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    Problem::from_status(status).detail("the request body is larger than the limit")
                } else {
                    Problem::bad_request(format!(
                        "the request body could not be read: {}",
                        rejection.body_text()
                    ))
                }
            })?;
        Ok(Self {
            bytes,
            json_content_type,
        })
    }
}

impl JsonBody {
    /// Parses the body: 415 unless it is JSON, 400 when it is malformed, 422 when it is not a
    /// JSON object of the expected shape (with the path of the offending field).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        if !self.json_content_type {
            return Err(Problem::from_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
                .detail("send the body as JSON with `Content-Type: application/json`"));
        }
        let value: serde_json::Value = serde_json::from_slice(&self.bytes).map_err(|err| {
            Problem::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON")
                .detail(format!("the body is not valid JSON: {err}"))
        })?;
        if !value.is_object() {
            let error = FieldError::new("", "the body must be a JSON object");
            return Err(Problem::validation(vec![error]));
        }
        serde_path_to_error::deserialize(value).map_err(|err| {
            let path = err.path().to_string();
            let field = if path == "." { String::new() } else { path };
            Problem::validation(vec![FieldError::new(
                field,
                readable(&err.inner().to_string()),
            )])
        })
    }
}

/// serde's messages name Rust types ("expected struct CreateTenant"); say what JSON is wanted.
fn readable(message: &str) -> String {
    let mut out = message.to_owned();
    for (rust, json) in [
        ("expected struct ", "an object"),
        ("expected a map", "an object"),
    ] {
        if let Some(at) = out.find(rust) {
            let end = out[at + rust.len()..]
                .find([' ', ','])
                .map_or(out.len(), |e| at + rust.len() + e);
            out.replace_range(at..end, &format!("expected {json}"));
        }
    }
    out
}

fn is_json(headers: &HeaderMap) -> bool {
    let value = content_type(headers);
    let essence = media_type(value);
    let mut parts = value.split(';').map(str::trim).skip(1);
    let utf8 = parts.all(|param| match param.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    });
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    json && utf8
}

/// Path parameters; a malformed one answers 400.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Problem))]
pub struct Path<T>(pub T);

/// Query parameters; a malformed one answers 400.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Problem))]
pub struct Query<T>(pub T);

pub const TENANT_HEADER: &str = "x-penguin-tenant";
pub const USER_HEADER: &str = "x-penguin-user";
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The authenticated caller of a request.
#[derive(Debug)]
pub struct Auth {
    pub principal: Principal,
    request_id: Option<String>,
}

impl Auth {
    /// Who to record in the audit log for this request.
    pub fn actor(&self) -> Actor {
        self.principal.actor(self.request_id.clone())
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let principal = authenticate(&parts.headers, state, false).await?;
        let request_id = header_str(&parts.headers, REQUEST_ID_HEADER).map(str::to_owned);
        Ok(Self {
            principal,
            request_id,
        })
    }
}

/// Authenticates the request's key. With `allow_basic`, a key may also come as the password of
/// HTTP Basic auth, which is what browsers can present.
pub async fn authenticate(
    headers: &HeaderMap,
    state: &AppState,
    allow_basic: bool,
) -> Result<Principal, Problem> {
    let key = presented_key(headers, allow_basic).ok_or(AuthError::Missing)?;
    // A tenant header that is not text is passed on as such, to be reported as invalid.
    let tenant = headers
        .get(TENANT_HEADER)
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let principal =
        auth::authenticate(&state.pool, &key, tenant, header_str(headers, USER_HEADER)).await?;
    let span = tracing::Span::current();
    if let Some(tenant_id) = principal.tenant_id() {
        span.record("tenant.id", tracing::field::display(tenant_id));
    }
    span.record("key.prefix", principal.key_prefix.as_str());
    Ok(principal)
}

fn presented_key(headers: &HeaderMap, allow_basic: bool) -> Option<String> {
    let value = header_str(headers, header::AUTHORIZATION.as_str())?.trim();
    let (scheme, credentials) = value.split_once(' ')?;
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(credentials.to_owned());
    }
    if allow_basic && scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(credentials)
            .ok()?;
        let decoded = String::from_utf8(decoded).ok()?;
        let (_, password) = decoded.split_once(':')?;
        return Some(password.to_owned());
    }
    None
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

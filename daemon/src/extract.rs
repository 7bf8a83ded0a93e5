//! Request extractors whose rejections are problem details, and the authenticated caller.

use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use penguin_core::audit::Actor;
use penguin_core::auth::{self, AuthError, Principal};
use serde::Serialize;

use crate::app::AppState;
use crate::problem::Problem;

/// A JSON body; a bad body answers a problem (400, 413, 415 or 422).
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(Problem))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
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
    let principal = auth::authenticate(
        &state.pool,
        &key,
        header_str(headers, TENANT_HEADER),
        header_str(headers, USER_HEADER),
    )
    .await?;
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

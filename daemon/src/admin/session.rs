//! Browser sessions on the admin listener: a sign-in form that takes a platform key once and
//! answers with a signed, HttpOnly cookie, so that the dashboard's own requests need no header.
//!
//! The cookie carries the key's id and an expiry, signed with a key derived from the deployment
//! secret, never the key itself. Every request looks the key up again, so revoking the key ends
//! its sessions at once. A session authorizes reads only (GET and HEAD); anything that changes
//! state needs the key itself in the `Authorization` header.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use penguin_core::auth::{self, AuthError, PlatformRole, Principal};
use penguin_core::tokens::Signer;
use serde::Deserialize;
use uuid::Uuid;

use crate::app::AppState;
use crate::problem::Problem;

/// The session cookie's name.
pub const COOKIE: &str = "penguin_admin_session";

/// How long a session lasts; then the browser asks for the key again.
pub const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// The paths that answer without credentials.
pub fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/logout")
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(form).post(sign_in))
        .route("/logout", post(sign_out))
}

fn signer(state: &AppState) -> Signer {
    Signer::new(&state.config.secret_key, "admin-session")
}

/// A signed session token for a key: its id, then the expiry in Unix seconds.
fn token(signer: &Signer, key_id: Uuid, expires: i64) -> String {
    let mut payload = Vec::with_capacity(24);
    payload.extend_from_slice(key_id.as_bytes());
    payload.extend_from_slice(&expires.to_be_bytes());
    signer.sign_bytes(&payload)
}

/// The key id in a token this deployment signed and that has not expired.
fn key_in(signer: &Signer, token: &str, now: i64) -> Option<Uuid> {
    let payload = signer.verify_bytes(token)?;
    let (id, expires) = payload.split_at_checked(16)?;
    let expires = i64::from_be_bytes(expires.try_into().ok()?);
    (expires > now).then(|| Uuid::from_slice(id).ok())?
}

/// The session token a request carries, if any.
pub fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

/// The caller of a request that presents a session token.
pub async fn principal(state: &AppState, token: &str) -> Result<Principal, Problem> {
    let key_id = key_in(&signer(state), token, Utc::now().timestamp()).ok_or(AuthError::Invalid)?;
    Ok(auth::platform_key_by_id(&state.pool, key_id).await?)
}

#[derive(Deserialize)]
struct SignIn {
    key: String,
}

async fn form() -> Html<String> {
    page(None)
}

async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    if !same_origin(&headers) {
        return Problem::from_status(StatusCode::FORBIDDEN)
            .detail("sign in from the admin listener's own sign-in page")
            .into_response();
    }

    let principal = auth::authenticate(&state.pool, form.key.trim(), None, None)
        .await
        .and_then(|principal| {
            principal
                .platform(PlatformRole::Operator)
                .map(|_| principal)
        });
    let principal = match principal {
        Ok(principal) => principal,
        Err(AuthError::Database(err)) => {
            return Problem::from(AuthError::Database(err)).into_response();
        }
        Err(err) => {
            tracing::warn!(error = %err, "admin sign-in refused");
            let status = match err {
                AuthError::Invalid | AuthError::Missing => StatusCode::UNAUTHORIZED,
                _ => StatusCode::FORBIDDEN,
            };
            let mut response = (status, page(Some(&err.to_string()))).into_response();
            if status == StatusCode::UNAUTHORIZED {
                // A form, not a browser dialog: the challenge names no scheme browsers prompt for.
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            return response;
        }
    };

    let expires = Utc::now().timestamp() + LIFETIME.as_secs() as i64;
    let value = token(&signer(&state), principal.key_id, expires);
    let cookie = set_cookie(&value, LIFETIME.as_secs(), is_https(&headers));
    tracing::info!(key.prefix = %principal.key_prefix, "admin session started");
    redirect_with(cookie)
}

async fn sign_out(headers: HeaderMap) -> Response {
    if !same_origin(&headers) {
        return Problem::from_status(StatusCode::FORBIDDEN)
            .detail("sign out from the admin listener's own pages")
            .into_response();
    }
    redirect_with(set_cookie("", 0, is_https(&headers)))
}

/// 303 to the dashboard, setting the cookie.
fn redirect_with(cookie: String) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    response
}

fn set_cookie(value: &str, max_age_secs: u64, https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{COOKIE}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{secure}")
}

/// Whether the browser reached us over HTTPS (through a proxy that says so).
fn is_https(headers: &HeaderMap) -> bool {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    text("x-forwarded-proto").split(',').next().map(str::trim) == Some("https")
        || text("forwarded").contains("proto=https")
}

/// A form posted from another site carries its own `Origin`; ours names our own host.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// The sign-in page, with what went wrong last time.
fn page(error: Option<&str>) -> Html<String> {
    let error = error
        .map(|text| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(text)))
        .unwrap_or_default();
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · PenguinMails admin</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; background: #111318; color: #e6e6e6;
  display: grid; place-items: center; min-height: 100vh; margin: 0; }}
form {{ background: #1b1e25; padding: 2rem; border-radius: 6px; width: min(26rem, 90vw); }}
h1 {{ font-size: 1.2rem; margin-top: 0; }}
label {{ display: block; margin: 1rem 0 .3rem; }}
input {{ width: 100%; box-sizing: border-box; padding: .5rem; font: inherit;
  background: #0d0f13; color: inherit; border: 1px solid #3a3f4b; border-radius: 4px; }}
button {{ margin-top: 1rem; padding: .5rem 1.2rem; font: inherit; border: 0;
  border-radius: 4px; background: #7dd3a8; color: #0d0f13; cursor: pointer; }}
.error {{ color: #ff8a80; }}
small {{ color: #9aa0aa; }}
</style>
</head>
<body>
<form method="post" action="/login">
<h1>PenguinMails job dashboard</h1>
<p><small>Sign in with a platform key (operator or admin). The key is checked once; the
browser keeps a signed session cookie for 12 hours, not the key.</small></p>
{error}
<label for="key">Platform key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>
</body>
</html>
"#
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use penguin_core::secret::SecretKey;

    use super::*;

    #[test]
    fn session_tokens_hold_the_key_id_until_they_expire() {
        let signer = Signer::new(&SecretKey::generate(), "admin-session");
        let id = Uuid::now_v7();
        let token = token(&signer, id, 1_000);
        assert_eq!(key_in(&signer, &token, 999), Some(id));
        assert_eq!(key_in(&signer, &token, 1_000), None);
        let other = Signer::new(&SecretKey::generate(), "admin-session");
        assert_eq!(key_in(&other, &token, 0), None);
        assert_eq!(key_in(&signer, "not-a-token", 0), None);
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; penguin_admin_session=abc.def; x=1"),
        );
        assert_eq!(cookie(&headers), Some("abc.def"));
        assert_eq!(cookie(&HeaderMap::new()), None);
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_over_https() {
        let plain = set_cookie("t", 60, false);
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict"));
        assert!(!plain.contains("Secure"));
        assert!(set_cookie("t", 60, true).ends_with("; Secure"));
    }

    #[test]
    fn forms_from_other_origins_are_refused() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:9000"));
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:9000"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&headers));
    }
}

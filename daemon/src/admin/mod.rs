//! The operators' admin listener (`PENGUIN_ADMIN_LISTEN`).
//!
//! Everything here sits behind a platform key (operator or admin role), presented as a Bearer
//! token, as the password of HTTP Basic auth, or, for browsers, through a session started at
//! `/login` (see [`session`]). It serves readiness and metrics for operators, the job dashboard
//! at its root (see [`board`]), and the queues at a glance at `/summary` (see [`summary`]).

pub mod board;
pub mod session;
pub mod summary;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::{Router, middleware};
use penguin_core::auth::{AuthError, PlatformRole};

use crate::app::AppState;
use crate::extract;
use crate::problem::Problem;

pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let timeout = state.config.request_timeout;
    let routes = Router::new()
        .merge(crate::health::router().split_for_parts().0)
        .merge(board::router())
        .merge(session::router())
        .merge(summary::router())
        .fallback(board::ui)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            require_platform_key,
        ))
        .layer(middleware::from_fn(page_headers))
        .with_state(state);
    crate::app::with_layers(routes, max_body, timeout)
}

/// Middleware: only platform keys pass, except to the sign-in form. Browsers are asked for
/// Basic credentials, and pages tell them where to sign in instead.
async fn require_platform_key(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if session::is_public(request.uri().path()) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let principal = if headers.contains_key(header::AUTHORIZATION) {
        extract::authenticate(headers, &state, true).await
    } else if let Some(token) = session::cookie(headers) {
        if matches!(*request.method(), Method::GET | Method::HEAD) {
            session::principal(&state, token).await
        } else {
            Err(Problem::from_status(StatusCode::FORBIDDEN)
                .detail("a dashboard session only reads; send the key in the Authorization header"))
        }
    } else {
        Err(Problem::from(AuthError::Missing))
    };
    let principal = match principal {
        Ok(principal) => principal,
        Err(problem) => return challenge(problem, wants_page(headers)),
    };
    if let Err(err) = principal.platform(PlatformRole::Operator) {
        return Problem::from(err).into_response();
    }
    next.run(request).await
}

/// Whether a request is a browser's navigation to a page rather than an API call.
fn wants_page(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

fn challenge(problem: Problem, page: bool) -> Response {
    let unauthorized = problem.status == StatusCode::UNAUTHORIZED.as_u16();
    let mut response = if unauthorized && page {
        (StatusCode::UNAUTHORIZED, sign_in_needed()).into_response()
    } else {
        problem.into_response()
    };
    if unauthorized {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"penguin-admin\", Bearer"),
        );
    }
    response
}

/// The page a browser shows when it declines the Basic prompt.
fn sign_in_needed() -> Html<&'static str> {
    Html(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Sign in · PenguinMails admin</title></head>\n<body>\
         <h1>Sign in needed</h1><p>The admin listener needs a platform key. \
         <a href=\"/login\">Sign in with a platform key</a>.</p></body></html>\n",
    )
}

/// Headers for every answer of the admin listener: no framing, no sniffing, no referrer to other
/// sites, and a policy that lets the dashboard's WebAssembly run while loading nothing from
/// elsewhere. (With no referrer at all, browsers would send the sign-in form with a `null`
/// origin, which the form refuses.)
async fn page_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

//! The operators' admin listener (`PENGUIN_ADMIN_LISTEN`).
//!
//! Everything here sits behind a platform key, presented as a Bearer token or, for browsers, as
//! the password of HTTP Basic auth. It serves readiness and metrics for operators.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, middleware};
use penguin_core::auth::PlatformRole;

use crate::app::AppState;
use crate::extract;
use crate::problem::Problem;

pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let timeout = state.config.request_timeout;
    let routes = Router::new()
        .route("/", get(index))
        .merge(crate::health::router().split_for_parts().0)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            require_platform_key,
        ))
        .with_state(state);
    crate::app::with_layers(routes, max_body, timeout)
}

async fn not_found() -> Problem {
    Problem::not_found("the admin listener serves /readyz and /metrics")
}

async fn index() -> &'static str {
    "PenguinMails admin listener: /readyz, /metrics\n"
}

/// Middleware: only platform keys pass. Browsers are asked for Basic credentials.
async fn require_platform_key(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let principal = match extract::authenticate(request.headers(), &state, true).await {
        Ok(principal) => principal,
        Err(problem) => return challenge(problem),
    };
    if let Err(err) = principal.platform(PlatformRole::Operator) {
        return Problem::from(err).into_response();
    }
    next.run(request).await
}

fn challenge(problem: Problem) -> Response {
    let unauthorized = problem.status == StatusCode::UNAUTHORIZED.as_u16();
    let mut response = problem.into_response();
    if unauthorized {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"penguin-admin\", Bearer"),
        );
    }
    response
}

//! `/healthz`, `/readyz` and `/metrics`: for load balancers, orchestrators and Prometheus.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::extract::Json;
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    status: &'static str,
}

/// Liveness: 200 while the process serves requests.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "The process is up", body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness: 200 only when PostgreSQL and Redis both answer and the job workers are
/// connected to their queues, else 503.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "A dependency is down; `detail` names it", body = Problem,
            content_type = "application/problem+json"),
    ))]
async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, Problem> {
    let mut redis = state.redis.clone();
    let (postgres, redis) = tokio::join!(
        penguin_core::db::ping(&state.pool),
        penguin_core::redis::ping(&mut redis),
    );
    let workers = state.workers.is_up();
    let down: Vec<&str> = [
        ("PostgreSQL", postgres),
        ("Redis", redis),
        ("job workers", workers),
    ]
    .into_iter()
    .filter_map(|(name, up)| (!up).then_some(name))
    .collect();
    metrics::gauge!("penguin_ready").set(if down.is_empty() { 1.0 } else { 0.0 });
    if down.is_empty() {
        Ok(Json(Health { status: "ok" }))
    } else {
        Err(Problem::from_status(StatusCode::SERVICE_UNAVAILABLE)
            .detail(format!("not answering: {}", down.join(", "))))
    }
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text format", body = String,
        content_type = "text/plain; version=0.0.4")))]
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}

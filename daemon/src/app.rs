//! The daemon's shared state and the HTTP application: routes plus the layers every request
//! passes through.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::{Router, middleware};
use metrics_exporter_prometheus::PrometheusHandle;
use penguin_core::config::Config;
use penguin_core::queue::Queues;
use redis::aio::ConnectionManager;
use sqlx::PgPool;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use utoipa_swagger_ui::SwaggerUi;

use crate::{api, problem, telemetry};

/// What every handler can reach. Cloned for every request, so it is one shared pointer.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The state behind [`AppState`].
pub struct Shared {
    pub pool: PgPool,
    pub redis: ConnectionManager,
    pub queues: Queues,
    /// Whether this process's job workers are connected to their queues.
    pub workers: crate::workers::Health,
    pub config: Arc<Config>,
    pub metrics: PrometheusHandle,
    /// Encrypts and decrypts stored mail credentials.
    pub vault: penguin_core::crypto::Vault,
    /// Where recipient-facing routes put their events.
    pub events: penguin_core::events::buffer::Buffer,
    /// Reads open and click tokens.
    pub tracker: penguin_core::events::tracking::Tracker,
    /// Cancelled when the daemon starts shutting down: long-lived responses end with it.
    pub shutdown: tokio_util::sync::CancellationToken,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The public application: `/api/v1`, the docs, health and metrics.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router();
    // No validator badge: it would send the document's URL to an outside service.
    let docs = SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi.json", openapi)
        .config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json").validator_url("none"));
    let max_body = state.config.max_body_bytes;
    let timeout = state.config.request_timeout;

    let routes = Router::new()
        .merge(api)
        .merge(docs)
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .with_state(state);
    with_layers(routes, max_body, timeout)
}

/// The layers shared by the public and the admin listener, outermost first.
pub fn with_layers(routes: Router, max_body: usize, timeout: std::time::Duration) -> Router {
    routes.layer(
        ServiceBuilder::new()
            .layer(middleware::from_fn(telemetry::drop_bad_request_id))
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(middleware::from_fn(telemetry::observe))
            .layer(middleware::from_fn(problem::normalize))
            .layer(CatchPanicLayer::new())
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                timeout,
            ))
            .layer(DefaultBodyLimit::max(max_body)),
    )
}

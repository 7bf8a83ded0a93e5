//! `/api/v1/queue`: background jobs, events and notifications.
//!
//! Limitation: job management, events and webhooks are not exposed over HTTP yet; every path
//! under this prefix answers a 404 problem until they are.

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

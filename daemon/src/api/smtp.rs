//! `/api/v1/smtp`: the sending infrastructure operators run (IP pools, routing, warmup).
//!
//! Limitation: no SMTP infrastructure endpoints exist yet; every path under this prefix answers
//! a 404 problem until they do.

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

//! `/api/v1/tenant`: what a tenant works with, for tenant keys and service keys. One module per
//! resource; this one merges their routers.

mod campaigns;
mod leads;
mod mailboxes;
mod suppressions;
mod templates;
mod workspaces;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(workspaces::router())
        .merge(mailboxes::router())
        .merge(leads::router())
        .merge(suppressions::router())
        .merge(templates::router())
        .merge(campaigns::router())
}

/// `workspace_id`, `limit` and `cursor`, for lists filtered by workspace.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkspacePageQuery {
    /// Only objects of this workspace.
    pub workspace_id: Option<uuid::Uuid>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

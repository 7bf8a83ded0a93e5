//! `/api/v1/tenant/suppressions`: addresses and domains never sent to.

use axum::extract::State;
use axum::http::StatusCode;
use penguin_core::auth::TenantRole;
use penguin_core::page::{Page, PageRequest};
use penguin_core::tenant::suppressions::{self, NewSuppression, Suppression, SuppressionFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_suppression, list_suppressions))
        .routes(routes!(remove_suppression))
}

type Result<T> = std::result::Result<T, Problem>;

/// Suppress an address or a whole domain for the tenant. Adding one twice keeps the first.
#[utoipa::path(post, path = "/suppressions", tag = "tenant: suppressions", request_body = NewSuppression,
    responses((status = 201, description = "Suppressed", body = Suppression)))]
async fn add_suppression(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<Suppression>)> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: NewSuppression = body.parse()?;

    let entry = suppressions::add(&state.pool, &scope, &auth.actor(), &body, "api").await?;
    Ok((StatusCode::CREATED, Json(entry)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuppressionQuery {
    /// `address` or `domain`.
    kind: Option<String>,
    /// Only values containing this text.
    search: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List the suppression list.
#[utoipa::path(get, path = "/suppressions", tag = "tenant: suppressions", params(SuppressionQuery),
    responses((status = 200, description = "One page of entries", body = Page<Suppression>)))]
async fn list_suppressions(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<SuppressionQuery>,
) -> Result<Json<Page<Suppression>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let filter = SuppressionFilter {
        kind: query.kind,
        search: query.search,
    };

    Ok(Json(
        suppressions::list(&state.pool, &scope, &filter, page).await?,
    ))
}

/// Remove an entry: the address may be written to again.
#[utoipa::path(delete, path = "/suppressions/{id}", tag = "tenant: suppressions",
    params(("id" = Uuid, Path, description = "Entry id")),
    responses((status = 204, description = "Removed")))]
async fn remove_suppression(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    suppressions::remove(&state.pool, &scope, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

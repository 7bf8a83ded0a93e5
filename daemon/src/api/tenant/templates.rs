//! `/api/v1/tenant/templates`: reusable content, and previews of it.

use axum::extract::State;
use axum::http::StatusCode;
use penguin_core::auth::TenantRole;
use penguin_core::page::{Page, PageRequest};
use penguin_core::tenant::templates::{self, PreviewRequest, Rendered, Template, TemplateInput};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::WorkspacePageQuery;
use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_template, list_templates))
        .routes(routes!(get_template, update_template, delete_template))
        .routes(routes!(preview_template))
}

type Result<T> = std::result::Result<T, Problem>;

/// Save a template. Unknown variables, unbalanced braces or an empty subject are refused with
/// their line and column.
#[utoipa::path(post, path = "/templates", tag = "tenant: templates", request_body = TemplateInput,
    responses((status = 201, description = "Created", body = Template)))]
async fn create_template(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<Template>)> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: TemplateInput = body.parse()?;

    let template = templates::create(&state.pool, &scope, &auth.actor(), &body).await?;
    Ok((StatusCode::CREATED, Json(template)))
}

/// List templates.
#[utoipa::path(get, path = "/templates", tag = "tenant: templates", params(WorkspacePageQuery),
    responses((status = 200, description = "One page of templates", body = Page<Template>)))]
async fn list_templates(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<WorkspacePageQuery>,
) -> Result<Json<Page<Template>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(
        templates::list(&state.pool, &scope, query.workspace_id, page).await?,
    ))
}

/// Show a template.
#[utoipa::path(get, path = "/templates/{id}", tag = "tenant: templates",
    params(("id" = Uuid, Path, description = "Template id")),
    responses((status = 200, description = "The template", body = Template)))]
async fn get_template(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Template>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(templates::get(&state.pool, &scope, id).await?))
}

/// Change a template.
#[utoipa::path(patch, path = "/templates/{id}", tag = "tenant: templates",
    params(("id" = Uuid, Path, description = "Template id")), request_body = TemplateInput,
    responses((status = 200, description = "The changed template", body = Template)))]
async fn update_template(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Template>> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: TemplateInput = body.parse()?;

    Ok(Json(
        templates::update(&state.pool, &scope, &auth.actor(), id, &body).await?,
    ))
}

/// Delete a template no campaign uses.
#[utoipa::path(delete, path = "/templates/{id}", tag = "tenant: templates",
    params(("id" = Uuid, Path, description = "Template id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_template(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    templates::delete(&state.pool, &scope, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Render a template for a lead (by id, or fields given inline): the subject, HTML and text
/// exactly as they would be sent.
#[utoipa::path(post, path = "/templates/{id}/preview", tag = "tenant: templates",
    params(("id" = Uuid, Path, description = "Template id")), request_body = PreviewRequest,
    responses((status = 200, description = "The rendered message", body = Rendered)))]
async fn preview_template(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Rendered>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let body: PreviewRequest = body.parse()?;

    Ok(Json(
        templates::preview(&state.pool, &scope, id, &body).await?,
    ))
}

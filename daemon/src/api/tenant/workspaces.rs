//! `/api/v1/tenant/workspaces`

use axum::extract::State;
use axum::http::StatusCode;
use penguin_core::analytics::series::{self, WorkspaceStats};
use penguin_core::auth::TenantRole;
use penguin_core::page::{Page, PageRequest};
use penguin_core::tenant::workspaces::{self, Changes, Workspace};
use penguin_core::types::{Name, TimeZone};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::{PageQuery, RangeQuery};
use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_workspace, list_workspaces))
        .routes(routes!(get_workspace, update_workspace, delete_workspace))
        .routes(routes!(workspace_stats))
}

/// The workspace's counters per UTC day and per mailbox, with their rates.
#[utoipa::path(get, path = "/workspaces/{id}/stats", tag = "tenant: workspaces",
    params(("id" = Uuid, Path, description = "Workspace id"), RangeQuery),
    responses((status = 200, description = "The workspace's numbers", body = WorkspaceStats)))]
async fn workspace_stats(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(range): Query<RangeQuery>,
) -> Result<Json<WorkspaceStats>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(
        series::workspace(&state.pool, &scope, id, range.from, range.to).await?,
    ))
}

type Result<T> = std::result::Result<T, Problem>;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspace {
    /// Unique within the tenant, ignoring case.
    name: String,
    /// IANA time zone name; `UTC` when left out.
    #[schema(example = "Europe/Berlin")]
    timezone: Option<String>,
}

/// Create a workspace.
#[utoipa::path(post, path = "/workspaces", tag = "tenant: workspaces",
    request_body = CreateWorkspace,
    responses((status = 201, description = "Created", body = Workspace)))]
async fn create_workspace(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<Workspace>)> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;
    let body: CreateWorkspace = body.parse()?;

    let name = Name::parse("name", &body.name);
    let timezone = match &body.timezone {
        Some(tz) => TimeZone::parse("timezone", tz),
        None => Ok(TimeZone::UTC),
    };
    let (name, timezone) = match (name, timezone) {
        (Ok(name), Ok(tz)) => (name, tz),
        (name, tz) => {
            let errors = [name.err(), tz.err()].into_iter().flatten().collect();
            return Err(Problem::validation(errors));
        }
    };

    let ws = workspaces::create(&state.pool, &scope, &auth.actor(), &name, timezone).await?;
    Ok((StatusCode::CREATED, Json(ws)))
}

/// List the tenant's workspaces.
#[utoipa::path(get, path = "/workspaces", tag = "tenant: workspaces", params(PageQuery),
    responses((status = 200, description = "One page of workspaces", body = Page<Workspace>)))]
async fn list_workspaces(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<PageQuery>,
) -> Result<Json<Page<Workspace>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(workspaces::list(&state.pool, &scope, page).await?))
}

/// Show a workspace.
#[utoipa::path(get, path = "/workspaces/{id}", tag = "tenant: workspaces",
    params(("id" = Uuid, Path, description = "Workspace id")),
    responses((status = 200, description = "The workspace", body = Workspace)))]
async fn get_workspace(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Workspace>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(workspaces::get(&state.pool, &scope, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkspace {
    /// New name; unchanged when left out.
    name: Option<String>,
    /// New IANA time zone; unchanged when left out.
    timezone: Option<String>,
}

/// Change a workspace's name or time zone.
#[utoipa::path(patch, path = "/workspaces/{id}", tag = "tenant: workspaces",
    params(("id" = Uuid, Path, description = "Workspace id")),
    request_body = UpdateWorkspace,
    responses((status = 200, description = "The changed workspace", body = Workspace)))]
async fn update_workspace(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Workspace>> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;
    let body: UpdateWorkspace = body.parse()?;

    let mut changes = Changes::default();
    let mut errors = Vec::new();
    if let Some(name) = &body.name {
        match Name::parse("name", name) {
            Ok(name) => changes.name = Some(name),
            Err(err) => errors.push(err),
        }
    }
    if let Some(tz) = &body.timezone {
        match TimeZone::parse("timezone", tz) {
            Ok(tz) => changes.timezone = Some(tz),
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }

    Ok(Json(
        workspaces::update(&state.pool, &scope, &auth.actor(), id, &changes).await?,
    ))
}

/// Delete a workspace.
#[utoipa::path(delete, path = "/workspaces/{id}", tag = "tenant: workspaces",
    params(("id" = Uuid, Path, description = "Workspace id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_workspace(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    workspaces::delete(&state.pool, &scope, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

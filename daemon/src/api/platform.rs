//! `/api/v1/platform`: tenants, API keys, the audit log and analytics, for platform keys.

use axum::extract::State;
use axum::http::StatusCode;
use penguin_core::audit::{self, AuditEntry, AuditFilter};
use penguin_core::auth::{KeyKind, PlatformRole, Role};
use penguin_core::page::{Page, PageRequest};
use penguin_core::platform::analytics::{self, Overview};
use penguin_core::platform::api_keys::{self, ApiKey, CreatedKey, NewKey};
use penguin_core::platform::tenants::{self, PurgeReport, Status, Tenant};
use penguin_core::types::Name;
use penguin_core::{Error, FieldError};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{PageQuery, RangeQuery};
use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_tenant, list_tenants))
        .routes(routes!(get_tenant, rename_tenant, delete_tenant))
        .routes(routes!(suspend_tenant))
        .routes(routes!(resume_tenant))
        .routes(routes!(purge_tenant))
        .routes(routes!(create_tenant_key, list_tenant_keys))
        .routes(routes!(create_key, list_keys))
        .routes(routes!(revoke_key))
        .routes(routes!(list_audit))
        .routes(routes!(analytics_overview))
}

/// Every tenant's sending per UTC day, per tenant, per sending domain and per recipient
/// provider, with bounce and complaint rates, and the queue's throughput.
#[utoipa::path(get, path = "/analytics/overview", tag = "platform: analytics", params(RangeQuery),
    responses((status = 200, description = "The overview", body = Overview)))]
async fn analytics_overview(
    State(state): State<AppState>,
    auth: Auth,
    Query(range): Query<RangeQuery>,
) -> Result<Json<Overview>> {
    auth.principal.platform(PlatformRole::Operator)?;

    Ok(Json(
        analytics::overview(&state.pool, range.from, range.to).await?,
    ))
}

type Result<T> = std::result::Result<T, Problem>;

fn name(field: &str, value: &str) -> std::result::Result<Name, Error> {
    Name::parse(field, value).map_err(|err| Error::Invalid(vec![err]))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTenant {
    /// Display name, unique among live tenants (ignoring case).
    name: String,
}

/// Create a tenant.
#[utoipa::path(post, path = "/tenants", tag = "platform: tenants",
    request_body = CreateTenant,
    responses((status = 201, description = "Created", body = Tenant)))]
async fn create_tenant(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<Tenant>)> {
    auth.principal.platform(PlatformRole::Admin)?;
    let body: CreateTenant = body.parse()?;

    let name = name("name", &body.name)?;

    let tenant = tenants::create(&state.pool, &auth.actor(), &name).await?;
    Ok((StatusCode::CREATED, Json(tenant)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListTenantsQuery {
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Include soft-deleted tenants.
    #[serde(default)]
    include_deleted: bool,
}

/// List tenants.
#[utoipa::path(get, path = "/tenants", tag = "platform: tenants", params(ListTenantsQuery),
    responses((status = 200, description = "One page of tenants", body = Page<Tenant>)))]
async fn list_tenants(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<ListTenantsQuery>,
) -> Result<Json<Page<Tenant>>> {
    auth.principal.platform(PlatformRole::Operator)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(
        tenants::list(&state.pool, page, query.include_deleted).await?,
    ))
}

/// Show a tenant, deleted or not.
#[utoipa::path(get, path = "/tenants/{id}", tag = "platform: tenants",
    params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 200, description = "The tenant", body = Tenant)))]
async fn get_tenant(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Tenant>> {
    auth.principal.platform(PlatformRole::Operator)?;

    Ok(Json(tenants::get(&state.pool, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTenant {
    /// New display name.
    name: String,
}

/// Rename a tenant.
#[utoipa::path(patch, path = "/tenants/{id}", tag = "platform: tenants",
    params(("id" = Uuid, Path, description = "Tenant id")),
    request_body = UpdateTenant,
    responses((status = 200, description = "The renamed tenant", body = Tenant)))]
async fn rename_tenant(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Tenant>> {
    auth.principal.platform(PlatformRole::Admin)?;
    let body: UpdateTenant = body.parse()?;

    let name = name("name", &body.name)?;

    Ok(Json(
        tenants::rename(&state.pool, &auth.actor(), id, &name).await?,
    ))
}

/// Delete a tenant (soft): its keys stop working at once, its data stays until purged.
#[utoipa::path(delete, path = "/tenants/{id}", tag = "platform: tenants",
    params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_tenant(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    auth.principal.platform(PlatformRole::Admin)?;

    tenants::delete(&state.pool, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Suspend a tenant: its keys are refused with a `tenant-suspended` problem until resumed.
#[utoipa::path(post, path = "/tenants/{id}/suspend", tag = "platform: tenants",
    params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 200, description = "The suspended tenant", body = Tenant)))]
async fn suspend_tenant(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Tenant>> {
    auth.principal.platform(PlatformRole::Admin)?;

    Ok(Json(
        tenants::set_status(&state.pool, &auth.actor(), id, Status::Suspended).await?,
    ))
}

/// Resume a suspended tenant.
#[utoipa::path(post, path = "/tenants/{id}/resume", tag = "platform: tenants",
    params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 200, description = "The active tenant", body = Tenant)))]
async fn resume_tenant(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Tenant>> {
    auth.principal.platform(PlatformRole::Admin)?;

    Ok(Json(
        tenants::set_status(&state.pool, &auth.actor(), id, Status::Active).await?,
    ))
}

/// Purge a deleted tenant: remove it and all its data for good.
#[utoipa::path(post, path = "/tenants/{id}/purge", tag = "platform: tenants",
    params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 200, description = "What was removed", body = PurgeReport)))]
async fn purge_tenant(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<PurgeReport>> {
    auth.principal.platform(PlatformRole::Admin)?;

    Ok(Json(tenants::purge(&state.pool, &auth.actor(), id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTenantKey {
    /// owner, admin, member or viewer.
    role: Role,
    /// What the key is for, e.g. `crm-sync`.
    name: String,
}

/// Create a key bound to a tenant. The key is in the answer once and never again.
#[utoipa::path(post, path = "/tenants/{id}/api-keys", tag = "platform: api keys",
    params(("id" = Uuid, Path, description = "Tenant id")),
    request_body = CreateTenantKey,
    responses((status = 201, description = "Created; `key` is shown only now", body = CreatedKey)))]
async fn create_tenant_key(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<(StatusCode, Json<CreatedKey>)> {
    auth.principal.platform(PlatformRole::Admin)?;
    let body: CreateTenantKey = body.parse()?;

    let new = NewKey {
        kind: KeyKind::Tenant,
        role: body.role,
        tenant_id: Some(id),
        name: name("name", &body.name)?,
    };

    let created = api_keys::create(&state.pool, &auth.actor(), &new).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// List a tenant's keys (never their secrets).
#[utoipa::path(get, path = "/tenants/{id}/api-keys", tag = "platform: api keys",
    params(("id" = Uuid, Path, description = "Tenant id"), PageQuery),
    responses((status = 200, description = "One page of keys", body = Page<ApiKey>)))]
async fn list_tenant_keys(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(query): Query<PageQuery>,
) -> Result<Json<Page<ApiKey>>> {
    auth.principal.platform(PlatformRole::Admin)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    tenants::get(&state.pool, id).await?;
    Ok(Json(api_keys::list(&state.pool, Some(id), page).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateKey {
    /// `platform` or `service`; tenant keys are created under their tenant.
    kind: KeyKind,
    /// admin or operator for platform keys; service for service keys.
    role: Role,
    /// What the key is for.
    name: String,
}

/// Create a platform or service key. The key is in the answer once and never again.
#[utoipa::path(post, path = "/api-keys", tag = "platform: api keys",
    request_body = CreateKey,
    responses((status = 201, description = "Created; `key` is shown only now", body = CreatedKey)))]
async fn create_key(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<CreatedKey>)> {
    auth.principal.platform(PlatformRole::Admin)?;
    let body: CreateKey = body.parse()?;

    if body.kind == KeyKind::Tenant {
        let err = FieldError::new(
            "kind",
            "create tenant keys with POST /tenants/{id}/api-keys",
        );
        return Err(Problem::validation(vec![err]));
    }
    let new = NewKey {
        kind: body.kind,
        role: body.role,
        tenant_id: None,
        name: name("name", &body.name)?,
    };

    let created = api_keys::create(&state.pool, &auth.actor(), &new).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListKeysQuery {
    /// Only the keys of this tenant.
    tenant_id: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List API keys (never their secrets).
#[utoipa::path(get, path = "/api-keys", tag = "platform: api keys", params(ListKeysQuery),
    responses((status = 200, description = "One page of keys", body = Page<ApiKey>)))]
async fn list_keys(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<ListKeysQuery>,
) -> Result<Json<Page<ApiKey>>> {
    auth.principal.platform(PlatformRole::Admin)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(
        api_keys::list(&state.pool, query.tenant_id, page).await?,
    ))
}

/// Revoke a key. It is refused from the next request on.
#[utoipa::path(delete, path = "/api-keys/{id}", tag = "platform: api keys",
    params(("id" = Uuid, Path, description = "Key id")),
    responses((status = 204, description = "Revoked")))]
async fn revoke_key(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    auth.principal.platform(PlatformRole::Admin)?;

    api_keys::revoke(&state.pool, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries about this tenant.
    tenant_id: Option<Uuid>,
    /// Only this action, e.g. `tenant.suspend`.
    action: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Read the audit log, newest first.
#[utoipa::path(get, path = "/audit", tag = "platform: audit", params(AuditQuery),
    responses((status = 200, description = "One page of entries", body = Page<AuditEntry>)))]
async fn list_audit(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Page<AuditEntry>>> {
    auth.principal.platform(PlatformRole::Admin)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let filter = AuditFilter {
        tenant_id: query.tenant_id,
        action: query.action,
    };

    Ok(Json(audit::list(&state.pool, &filter, page).await?))
}

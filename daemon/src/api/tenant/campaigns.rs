//! `/api/v1/tenant/campaigns`: sequences, their leads, lifecycle and stats.

use axum::extract::State;
use axum::http::StatusCode;
use penguin_core::analytics::series::{self, CampaignDays};
use penguin_core::auth::TenantRole;
use penguin_core::page::{Page, PageRequest};
use penguin_core::tenant::campaigns::stats::{self, CampaignStats, Enrollment};
use penguin_core::tenant::campaigns::{
    self, Campaign, CampaignFilter, CampaignInput, EnrollReport, EnrollRequest, ResolveRequest,
    Transition,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::RangeQuery;
use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_campaign, list_campaigns))
        .routes(routes!(get_campaign, update_campaign, delete_campaign))
        .routes(routes!(enroll_leads))
        .routes(routes!(start_campaign))
        .routes(routes!(pause_campaign))
        .routes(routes!(resume_campaign))
        .routes(routes!(archive_campaign))
        .routes(routes!(campaign_stats))
        .routes(routes!(campaign_daily_stats))
        .routes(routes!(list_enrollments))
        .routes(routes!(resolve_enrollment))
}

type Result<T> = std::result::Result<T, Problem>;

/// Create a campaign (a draft). Steps are checked: variables must exist, braces must balance,
/// the first step needs a subject.
#[utoipa::path(post, path = "/campaigns", tag = "tenant: campaigns", request_body = CampaignInput,
    responses((status = 201, description = "Created", body = Campaign)))]
async fn create_campaign(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<Campaign>)> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: CampaignInput = body.parse()?;

    let campaign = campaigns::create(&state.pool, &scope, &auth.actor(), &body).await?;
    Ok((StatusCode::CREATED, Json(campaign)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    /// Only campaigns of this workspace.
    workspace_id: Option<Uuid>,
    /// Only campaigns in this state.
    status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List campaigns.
#[utoipa::path(get, path = "/campaigns", tag = "tenant: campaigns", params(CampaignQuery),
    responses((status = 200, description = "One page of campaigns", body = Page<Campaign>)))]
async fn list_campaigns(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<CampaignQuery>,
) -> Result<Json<Page<Campaign>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let filter = CampaignFilter {
        workspace_id: query.workspace_id,
        status: query.status,
    };

    Ok(Json(
        campaigns::list(&state.pool, &scope, &filter, page).await?,
    ))
}

/// Show a campaign.
#[utoipa::path(get, path = "/campaigns/{id}", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The campaign", body = Campaign)))]
async fn get_campaign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Campaign>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(campaigns::get(&state.pool, &scope, id).await?))
}

/// Change a campaign. Steps change only in drafts; completed and archived campaigns not at all
/// (409).
#[utoipa::path(patch, path = "/campaigns/{id}", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")), request_body = CampaignInput,
    responses((status = 200, description = "The changed campaign", body = Campaign)))]
async fn update_campaign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Campaign>> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: CampaignInput = body.parse()?;

    Ok(Json(
        campaigns::update(&state.pool, &scope, &auth.actor(), id, &body).await?,
    ))
}

/// Delete a campaign that is not active, with its enrollments and send history.
#[utoipa::path(delete, path = "/campaigns/{id}", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_campaign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    campaigns::delete(&state.pool, &scope, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enroll leads: by id, or every lead of the workspace matching a filter. Suppressed leads and
/// leads already enrolled are skipped.
#[utoipa::path(post, path = "/campaigns/{id}/leads", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")), request_body = EnrollRequest,
    responses((status = 200, description = "How many were enrolled", body = EnrollReport)))]
async fn enroll_leads(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<EnrollReport>> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: EnrollRequest = body.parse()?;

    Ok(Json(
        campaigns::enroll(&state.pool, &scope, &auth.actor(), id, &body).await?,
    ))
}

async fn transition(
    state: &AppState,
    auth: &Auth,
    id: Uuid,
    to: Transition,
) -> Result<Json<Campaign>> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    Ok(Json(
        campaigns::transition(&state.pool, &scope, &auth.actor(), id, to).await?,
    ))
}

/// Start a draft: its leads begin to receive the first step as the schedule allows.
#[utoipa::path(post, path = "/campaigns/{id}/start", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The active campaign", body = Campaign)))]
async fn start_campaign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Campaign>> {
    transition(&state, &auth, id, Transition::Start).await
}

/// Pause: nothing more is sent until it is resumed.
#[utoipa::path(post, path = "/campaigns/{id}/pause", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The paused campaign", body = Campaign)))]
async fn pause_campaign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Campaign>> {
    transition(&state, &auth, id, Transition::Pause).await
}

/// Resume a paused campaign.
#[utoipa::path(post, path = "/campaigns/{id}/resume", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The active campaign", body = Campaign)))]
async fn resume_campaign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Campaign>> {
    transition(&state, &auth, id, Transition::Resume).await
}

/// Archive a campaign that is not active.
#[utoipa::path(post, path = "/campaigns/{id}/archive", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The archived campaign", body = Campaign)))]
async fn archive_campaign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Campaign>> {
    transition(&state, &auth, id, Transition::Archive).await
}

/// Counts per campaign, step and variant, with their rates, and what active leads are waiting
/// for. Counts are kept as counters as sends and events happen.
#[utoipa::path(get, path = "/campaigns/{id}/stats", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The campaign's numbers", body = CampaignStats)))]
async fn campaign_stats(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<CampaignStats>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(stats::campaign(&state.pool, &scope, id).await?))
}

/// The campaign's counters day by day, in its schedule's time zone.
#[utoipa::path(get, path = "/campaigns/{id}/stats/daily", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), RangeQuery),
    responses((status = 200, description = "One entry per day of the range", body = CampaignDays)))]
async fn campaign_daily_stats(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(range): Query<RangeQuery>,
) -> Result<Json<CampaignDays>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(
        series::campaign_days(&state.pool, &scope, id, range.from, range.to).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnrollmentQuery {
    /// Only enrollments in this state.
    status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Each lead's state in the campaign, its next send time and why it is waiting.
#[utoipa::path(get, path = "/campaigns/{id}/enrollments", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), EnrollmentQuery),
    responses((status = 200, description = "One page of enrollments", body = Page<Enrollment>)))]
async fn list_enrollments(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(query): Query<EnrollmentQuery>,
) -> Result<Json<Page<Enrollment>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(
        stats::enrollments(&state.pool, &scope, id, query.status.as_deref(), page).await?,
    ))
}

/// Decide for a lead in `attention`: `skip` counts its step as done, `retry` sends the step
/// again (for an unknown outcome this may deliver it twice).
#[utoipa::path(post, path = "/campaigns/{id}/enrollments/{enrollment_id}/resolve", tag = "tenant: campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), ("enrollment_id" = Uuid, Path, description = "Enrollment id")),
    request_body = ResolveRequest,
    responses((status = 204, description = "The lead is on its way again")))]
async fn resolve_enrollment(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, enrollment_id)): Path<(Uuid, Uuid)>,
    body: JsonBody,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: ResolveRequest = body.parse()?;

    campaigns::resolve_enrollment(
        &state.pool,
        &scope,
        &auth.actor(),
        id,
        enrollment_id,
        body.action,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

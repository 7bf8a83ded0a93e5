//! `/api/v1/queue/notifications`: a tenant's webhook endpoints, their delivery log and
//! replays, and the in-app notices.

use axum::extract::State;
use axum::http::StatusCode;
use penguin_core::auth::TenantRole;
use penguin_core::notifications::deliveries::{self, Delivery, DeliveryFilter, Replayed, Status};
use penguin_core::notifications::webhooks::{
    self, Endpoint, EndpointChanges, EndpointWithSecret, NewEndpoint,
};
use penguin_core::notifications::{self, MarkedRead, Notification};
use penguin_core::page::{Page, PageRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::PageQuery;
use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

const TAG: &str = "queue: notifications";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_webhook, list_webhooks))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .routes(routes!(rotate_secret))
        .routes(routes!(test_webhook))
        .routes(routes!(list_deliveries))
        .routes(routes!(replay_failed))
        .routes(routes!(get_delivery))
        .routes(routes!(replay_delivery))
        .routes(routes!(list_notifications))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
}

type Result<T> = std::result::Result<T, Problem>;

/// Register a webhook endpoint. Its URL must be http(s) and reach a public address. The
/// answer carries the signing secret, shown this once.
#[utoipa::path(post, path = "/notifications/webhooks", tag = TAG, request_body = NewEndpoint,
    responses((status = 201, description = "Created, with its signing secret", body = EndpointWithSecret)))]
async fn create_webhook(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<EndpointWithSecret>)> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    let body: NewEndpoint = body.parse()?;

    let created = webhooks::create(
        &state.pool,
        &state.vault,
        &state.config.webhook_allowlist,
        &scope,
        &auth.actor(),
        &body,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// List webhook endpoints, oldest first.
#[utoipa::path(get, path = "/notifications/webhooks", tag = TAG, params(PageQuery),
    responses((status = 200, description = "One page of endpoints", body = Page<Endpoint>)))]
async fn list_webhooks(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<PageQuery>,
) -> Result<Json<Page<Endpoint>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(webhooks::list(&state.pool, &scope, page).await?))
}

/// Show a webhook endpoint (never its secret).
#[utoipa::path(get, path = "/notifications/webhooks/{id}", tag = TAG,
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 200, description = "The endpoint", body = Endpoint)))]
async fn get_webhook(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Endpoint>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(webhooks::get(&state.pool, &scope, id).await?))
}

/// Change a webhook endpoint. Setting `enabled` to true clears its failure state, and the
/// deliveries waiting for it resume.
#[utoipa::path(patch, path = "/notifications/webhooks/{id}", tag = TAG,
    params(("id" = Uuid, Path, description = "Endpoint id")), request_body = EndpointChanges,
    responses((status = 200, description = "The changed endpoint", body = Endpoint)))]
async fn update_webhook(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Endpoint>> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    let body: EndpointChanges = body.parse()?;

    let endpoint = webhooks::update(
        &state.pool,
        &state.config.webhook_allowlist,
        &scope,
        &auth.actor(),
        id,
        &body,
    )
    .await?;
    Ok(Json(endpoint))
}

/// Delete a webhook endpoint and its delivery log; pending deliveries are dropped.
#[utoipa::path(delete, path = "/notifications/webhooks/{id}", tag = TAG,
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_webhook(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    webhooks::delete(&state.pool, &scope, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replace the endpoint's signing secret. The new one signs every attempt from now on
/// (retries of older deliveries included) and is shown this once.
#[utoipa::path(post, path = "/notifications/webhooks/{id}/rotate-secret", tag = TAG,
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 200, description = "The endpoint with its new secret", body = EndpointWithSecret)))]
async fn rotate_secret(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<EndpointWithSecret>> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    let rotated =
        webhooks::rotate_secret(&state.pool, &state.vault, &scope, &auth.actor(), id).await?;
    Ok(Json(rotated))
}

/// Queue a `webhook.test` delivery to the endpoint. It is delivered, retried and logged like
/// any other; follow it in the delivery log.
#[utoipa::path(post, path = "/notifications/webhooks/{id}/test", tag = TAG,
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 202, description = "Queued", body = Delivery),
        (status = 409, description = "The endpoint is disabled", body = Problem)))]
async fn test_webhook(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<(StatusCode, Json<Delivery>)> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let delivery = deliveries::test(&state.pool, &scope, &auth.actor(), id).await?;
    Ok((StatusCode::ACCEPTED, Json(delivery)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this state.
    status: Option<Status>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The endpoint's delivery log, newest first: status, attempts with their status codes,
/// timings and errors, and the payload.
#[utoipa::path(get, path = "/notifications/webhooks/{id}/deliveries", tag = TAG,
    params(("id" = Uuid, Path, description = "Endpoint id"), DeliveryQuery),
    responses((status = 200, description = "One page of deliveries", body = Page<Delivery>)))]
async fn list_deliveries(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(query): Query<DeliveryQuery>,
) -> Result<Json<Page<Delivery>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let filter = DeliveryFilter {
        status: query.status,
    };

    Ok(Json(
        deliveries::list(&state.pool, &scope, id, filter, page).await?,
    ))
}

/// Replay every failed (dead-lettered) delivery of the endpoint, each with a fresh set of
/// attempts and its original `webhook-id`. A disabled endpoint gets them once enabled.
#[utoipa::path(post, path = "/notifications/webhooks/{id}/replay-failed", tag = TAG,
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 202, description = "How many were queued again", body = Replayed)))]
async fn replay_failed(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<(StatusCode, Json<Replayed>)> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let replayed = deliveries::replay_failed(&state.pool, &scope, &auth.actor(), id).await?;
    Ok((StatusCode::ACCEPTED, Json(replayed)))
}

/// Show one delivery with its attempts.
#[utoipa::path(get, path = "/notifications/webhooks/deliveries/{id}", tag = TAG,
    params(("id" = Uuid, Path, description = "Delivery id (its `webhook-id`)")),
    responses((status = 200, description = "The delivery", body = Delivery)))]
async fn get_delivery(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Delivery>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(deliveries::get(&state.pool, &scope, id).await?))
}

/// Replay one delivery, whatever became of it: due now, with a fresh set of attempts and its
/// original `webhook-id`.
#[utoipa::path(post, path = "/notifications/webhooks/deliveries/{id}/replay", tag = TAG,
    params(("id" = Uuid, Path, description = "Delivery id (its `webhook-id`)")),
    responses((status = 202, description = "Queued again", body = Delivery),
        (status = 409, description = "An attempt of it is running right now", body = Problem)))]
async fn replay_delivery(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<(StatusCode, Json<Delivery>)> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let delivery = deliveries::replay(&state.pool, &scope, &auth.actor(), id).await?;
    Ok((StatusCode::ACCEPTED, Json(delivery)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread notices.
    #[serde(default)]
    unread: bool,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The tenant's in-app notices: unread first, then newest first.
#[utoipa::path(get, path = "/notifications", tag = TAG, params(NotificationQuery),
    responses((status = 200, description = "One page of notices", body = Page<Notification>)))]
async fn list_notifications(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<NotificationQuery>,
) -> Result<Json<Page<Notification>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(
        notifications::list(&state.pool, &scope, query.unread, page).await?,
    ))
}

/// Mark one notice read.
#[utoipa::path(post, path = "/notifications/{id}/read", tag = TAG,
    params(("id" = Uuid, Path, description = "Notice id")),
    responses((status = 200, description = "The notice", body = Notification)))]
async fn mark_read(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Notification>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(
        notifications::mark_read(&state.pool, &scope, id).await?,
    ))
}

/// Mark every notice of the tenant read.
#[utoipa::path(post, path = "/notifications/read-all", tag = TAG,
    responses((status = 200, description = "How many were marked", body = MarkedRead)))]
async fn mark_all_read(State(state): State<AppState>, auth: Auth) -> Result<Json<MarkedRead>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(
        notifications::mark_all_read(&state.pool, &scope).await?,
    ))
}

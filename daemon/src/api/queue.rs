//! `/api/v1/queue`: events of sent messages, and inbound mail (bounces, complaints, replies).
//! Job management is in [`super::jobs`], under the same prefix.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use penguin_core::auth::{KeyKind, PlatformRole, TenantRole};
use penguin_core::events::inbound::{self, Ingested};
use penguin_core::events::{self, Event, EventFilter, Kind};
use penguin_core::page::{Page, PageRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::extract::{Auth, Json, Query, content_type, media_type};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_events))
        .routes(routes!(ingest_inbound))
}

type Result<T> = std::result::Result<T, Problem>;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    campaign_id: Option<Uuid>,
    lead_id: Option<Uuid>,
    kind: Option<Kind>,
    /// Events at or after this time (RFC 3339).
    since: Option<DateTime<Utc>>,
    /// Events before this time (RFC 3339).
    until: Option<DateTime<Utc>>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List events in the order they were stored (so a reader following the cursor misses none
/// that arrive late): a tenant's own with a tenant or service key, every tenant's with a
/// platform key. `occurred_at` tells when each happened.
#[utoipa::path(get, path = "/events", tag = "queue: events", params(EventQuery),
    responses((status = 200, description = "One page of events", body = Page<Event>)))]
async fn list_events(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<EventQuery>,
) -> Result<Json<Page<Event>>> {
    let scope = match auth.principal.kind {
        KeyKind::Platform => {
            auth.principal.platform(PlatformRole::Operator)?;
            None
        }
        _ => Some(auth.principal.tenant(TenantRole::Viewer)?),
    };
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let filter = EventFilter {
        campaign_id: query.campaign_id,
        lead_id: query.lead_id,
        kind: query.kind,
        since: query.since,
        until: query.until,
    };
    Ok(Json(
        events::list(&state.pool, scope.as_ref(), &filter, page).await?,
    ))
}

/// Ingest one inbound message (`Content-Type: message/rfc822`): a bounce, a complaint (ARF),
/// an auto-reply or a reply to one of our messages. It is classified, matched to the send it
/// answers, and its events are recorded (suppression, stopped enrollments). Operators ingest
/// for every tenant; a service key only for its own.
#[utoipa::path(post, path = "/events/inbound", tag = "queue: events",
    request_body(content = String, content_type = "message/rfc822", description = "The raw message"),
    responses((status = 202, description = "Classified and recorded", body = Ingested)))]
async fn ingest_inbound(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Ingested>)> {
    let scope = match auth.principal.kind {
        KeyKind::Service => Some(auth.principal.tenant(TenantRole::Member)?),
        _ => {
            auth.principal.platform(PlatformRole::Operator)?;
            None
        }
    };
    if !matches!(
        media_type(content_type(&headers)).as_str(),
        "message/rfc822" | "text/plain" | "application/octet-stream"
    ) {
        return Err(Problem::from_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .detail("send the raw message as the body with `Content-Type: message/rfc822`"));
    }
    if body.is_empty() {
        return Err(Problem::from_status(StatusCode::BAD_REQUEST).detail("the body is empty"));
    }
    let ingested = inbound::ingest(&state.pool, scope.as_ref(), &body).await?;
    Ok((StatusCode::ACCEPTED, Json(ingested)))
}

//! `/api/v1/tenant/leads`: leads, and importing them from CSV.

use std::io;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use futures::TryStreamExt;
use penguin_core::auth::TenantRole;
use penguin_core::page::{Page, PageRequest};
use penguin_core::tenant::lead_csv::Mapping;
use penguin_core::tenant::leads::{self, ImportReport, ImportTarget, Lead, LeadFilter, LeadInput};
use serde::Deserialize;
use tokio_util::io::{StreamReader, SyncIoBridge};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query, content_type, media_type};
use crate::problem::Problem;

/// The largest CSV file an import takes.
const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_lead, list_leads))
        .routes(routes!(get_lead, update_lead, delete_lead))
        .routes(routes!(import_leads))
}

type Result<T> = std::result::Result<T, Problem>;

/// Add one lead.
#[utoipa::path(post, path = "/leads", tag = "tenant: leads", request_body = LeadInput,
    responses((status = 201, description = "Created", body = Lead)))]
async fn create_lead(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<Lead>)> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: LeadInput = body.parse()?;

    let lead = leads::create(&state.pool, &scope, &auth.actor(), &body).await?;
    Ok((StatusCode::CREATED, Json(lead)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadQuery {
    /// Only leads of this workspace.
    workspace_id: Option<Uuid>,
    /// Only addresses containing this text.
    email: Option<String>,
    /// Only leads at this company (ignoring case).
    company: Option<String>,
    /// Only leads enrolled in this campaign.
    campaign_id: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List leads.
#[utoipa::path(get, path = "/leads", tag = "tenant: leads", params(LeadQuery),
    responses((status = 200, description = "One page of leads", body = Page<Lead>)))]
async fn list_leads(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<LeadQuery>,
) -> Result<Json<Page<Lead>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let filter = LeadFilter {
        workspace_id: query.workspace_id,
        email: query.email,
        company: query.company,
        campaign_id: query.campaign_id,
    };

    Ok(Json(leads::list(&state.pool, &scope, &filter, page).await?))
}

/// Show a lead.
#[utoipa::path(get, path = "/leads/{id}", tag = "tenant: leads",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses((status = 200, description = "The lead", body = Lead)))]
async fn get_lead(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Lead>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(leads::get(&state.pool, &scope, id).await?))
}

/// Change a lead; custom fields given are merged into the existing ones.
#[utoipa::path(patch, path = "/leads/{id}", tag = "tenant: leads",
    params(("id" = Uuid, Path, description = "Lead id")), request_body = LeadInput,
    responses((status = 200, description = "The changed lead", body = Lead)))]
async fn update_lead(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Lead>> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let body: LeadInput = body.parse()?;

    Ok(Json(
        leads::update(&state.pool, &scope, &auth.actor(), id, &body).await?,
    ))
}

/// Delete a lead and its enrollments.
#[utoipa::path(delete, path = "/leads/{id}", tag = "tenant: leads",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_lead(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    leads::delete(&state.pool, &scope, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read by hand from the raw query, so `map` may repeat
pub struct ImportQuery {
    /// The workspace to import into.
    workspace_id: Uuid,
    /// Also enroll the leads into this campaign.
    campaign_id: Option<Uuid>,
    /// A column assignment `COLUMN=FIELD`, e.g. `E-mail=email` or `#3=first_name`; repeatable.
    map: Option<Vec<String>>,
}

/// Import leads from a CSV file (`text/csv` body, up to 512 MiB). Delimiter, header row,
/// encoding and common column names are detected; `map` overrides. Every row lands in one
/// bucket of the report; invalid rows are listed with their line and never stop the import.
#[utoipa::path(post, path = "/leads/import", tag = "tenant: leads", params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    responses((status = 200, description = "Where every row went", body = ImportReport)))]
async fn import_leads(
    State(state): State<AppState>,
    auth: Auth,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportReport>> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let (workspace_id, campaign_id, mapping) =
        parse_import_query(query.as_deref().unwrap_or_default())?;
    if !matches!(
        media_type(content_type(&headers)).as_str(),
        "text/csv"
            | "text/plain"
            | "application/csv"
            | "application/vnd.ms-excel"
            | "application/octet-stream"
    ) {
        return Err(Problem::from_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .detail("send the file as the body with `Content-Type: text/csv`"));
    }
    let mut received = 0u64;
    let stream = body
        .into_data_stream()
        .map_err(io::Error::other)
        .and_then(move |chunk| {
            received += chunk.len() as u64;
            let result = if received > MAX_IMPORT_BYTES {
                Err(io::Error::other(
                    "the file is larger than 512 MiB; split it",
                ))
            } else {
                Ok(chunk)
            };
            std::future::ready(result)
        });
    let reader = SyncIoBridge::new(StreamReader::new(stream));

    let target = ImportTarget {
        workspace_id,
        campaign_id,
        mapping,
    };
    let report = leads::import(&state.pool, &scope, &auth.actor(), target, reader, &|_| {}).await?;
    Ok(Json(report))
}

fn parse_import_query(query: &str) -> Result<(Uuid, Option<Uuid>, Mapping)> {
    let mut workspace_id = None;
    let mut campaign_id = None;
    let mut mapping = Mapping::default();
    let mut errors = Vec::new();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "workspace_id" => match Uuid::parse_str(&value) {
                Ok(id) => workspace_id = Some(id),
                Err(_) => errors.push(penguin_core::FieldError::new(
                    "workspace_id",
                    "must be a UUID",
                )),
            },
            "campaign_id" => match Uuid::parse_str(&value) {
                Ok(id) => campaign_id = Some(id),
                Err(_) => errors.push(penguin_core::FieldError::new(
                    "campaign_id",
                    "must be a UUID",
                )),
            },
            "map" => match Mapping::parse_entry(&value) {
                Ok((column, field)) => mapping.columns.push((column, field)),
                Err(err) => errors.push(penguin_core::FieldError::new("map", err.to_string())),
            },
            _ => {}
        }
    }
    if workspace_id.is_none() && errors.is_empty() {
        errors.push(penguin_core::FieldError::new("workspace_id", "is required"));
    }
    match (workspace_id, errors.is_empty()) {
        (Some(workspace_id), true) => Ok((workspace_id, campaign_id, mapping)),
        _ => Err(Problem::validation(errors)),
    }
}

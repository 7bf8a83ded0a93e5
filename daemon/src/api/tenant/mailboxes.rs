//! `/api/v1/tenant/mailboxes`: sender accounts.

use axum::extract::State;
use axum::http::StatusCode;
use penguin_core::analytics::series::{self, MailboxStats};
use penguin_core::auth::TenantRole;
use penguin_core::page::{Page, PageRequest};
use penguin_core::smtp::delivery::{self, TestReport};
use penguin_core::tenant::mailboxes::{self, Mailbox, MailboxChanges, NewMailbox};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::WorkspacePageQuery;
use crate::api::RangeQuery;
use crate::app::AppState;
use crate::extract::{Auth, Json, JsonBody, Path, Query};
use crate::problem::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_mailbox, list_mailboxes))
        .routes(routes!(get_mailbox, update_mailbox, delete_mailbox))
        .routes(routes!(test_mailbox))
        .routes(routes!(mailbox_stats))
}

/// The mailbox's counters per UTC day, all campaigns together, with bounce and complaint rates.
#[utoipa::path(get, path = "/mailboxes/{id}/stats", tag = "tenant: mailboxes",
    params(("id" = Uuid, Path, description = "Mailbox id"), RangeQuery),
    responses((status = 200, description = "The mailbox's numbers", body = MailboxStats)))]
async fn mailbox_stats(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(range): Query<RangeQuery>,
) -> Result<Json<MailboxStats>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(
        series::mailbox(&state.pool, &scope, id, range.from, range.to).await?,
    ))
}

type Result<T> = std::result::Result<T, Problem>;

/// Add a mailbox to send from. The password is stored encrypted and never shown again.
#[utoipa::path(post, path = "/mailboxes", tag = "tenant: mailboxes", request_body = NewMailbox,
    responses((status = 201, description = "Created", body = Mailbox)))]
async fn create_mailbox(
    State(state): State<AppState>,
    auth: Auth,
    body: JsonBody,
) -> Result<(StatusCode, Json<Mailbox>)> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    let body: NewMailbox = body.parse()?;

    let mailbox =
        mailboxes::create(&state.pool, &state.vault, &scope, &auth.actor(), &body).await?;
    Ok((StatusCode::CREATED, Json(mailbox)))
}

/// List mailboxes.
#[utoipa::path(get, path = "/mailboxes", tag = "tenant: mailboxes", params(WorkspacePageQuery),
    responses((status = 200, description = "One page of mailboxes", body = Page<Mailbox>)))]
async fn list_mailboxes(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<WorkspacePageQuery>,
) -> Result<Json<Page<Mailbox>>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;

    Ok(Json(
        mailboxes::list(&state.pool, &scope, query.workspace_id, page).await?,
    ))
}

/// Show a mailbox (never its passwords).
#[utoipa::path(get, path = "/mailboxes/{id}", tag = "tenant: mailboxes",
    params(("id" = Uuid, Path, description = "Mailbox id")),
    responses((status = 200, description = "The mailbox", body = Mailbox)))]
async fn get_mailbox(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<Mailbox>> {
    let scope = auth.principal.tenant(TenantRole::Viewer)?;

    Ok(Json(mailboxes::get(&state.pool, &scope, id).await?))
}

/// Change a mailbox. Setting `status` to `active` clears an error; new SMTP settings replace
/// the old ones as a whole (including the password).
#[utoipa::path(patch, path = "/mailboxes/{id}", tag = "tenant: mailboxes",
    params(("id" = Uuid, Path, description = "Mailbox id")), request_body = MailboxChanges,
    responses((status = 200, description = "The changed mailbox", body = Mailbox)))]
async fn update_mailbox(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    body: JsonBody,
) -> Result<Json<Mailbox>> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    let body: MailboxChanges = body.parse()?;

    Ok(Json(
        mailboxes::update(&state.pool, &state.vault, &scope, &auth.actor(), id, &body).await?,
    ))
}

/// Delete a mailbox. Leads that were sending from it move to another mailbox of their campaign.
#[utoipa::path(delete, path = "/mailboxes/{id}", tag = "tenant: mailboxes",
    params(("id" = Uuid, Path, description = "Mailbox id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_mailbox(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    let scope = auth.principal.tenant(TenantRole::Admin)?;

    mailboxes::delete(&state.pool, &scope, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Connect to the mailbox's SMTP server and log in, and say what happened: DNS, connect,
/// greeting, TLS or authentication.
#[utoipa::path(post, path = "/mailboxes/{id}/test", tag = "tenant: mailboxes",
    params(("id" = Uuid, Path, description = "Mailbox id")),
    responses((status = 200, description = "What the test found; `ok` says whether it worked", body = TestReport)))]
async fn test_mailbox(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> Result<Json<TestReport>> {
    let scope = auth.principal.tenant(TenantRole::Member)?;

    let creds = mailboxes::credentials(&state.pool, &state.vault, &scope, id).await?;

    Ok(Json(
        delivery::test(&creds, &state.config.smtp_allowlist).await,
    ))
}

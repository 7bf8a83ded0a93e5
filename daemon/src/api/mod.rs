//! The `/api/v1` surface: one router per domain, merged here, and the OpenAPI document built
//! from the same route definitions, so the document cannot miss a route.

pub mod jobs;
pub mod notifications;
pub mod platform;
pub mod queue;
pub mod smtp;
pub mod tenant;

use axum::Router;
use serde::Deserialize;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr, Required, ResponseBuilder};
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;
use crate::problem::{self, Problem};

/// `limit` and `cursor`, shared by the lists that take no filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// `from` and `to`, the days of an analytics series (inclusive).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// First day, `YYYY-MM-DD` (default: 29 days before `to`).
    pub from: Option<chrono::NaiveDate>,
    /// Last day, `YYYY-MM-DD` (default: today). A range covers at most 366 days.
    pub to: Option<chrono::NaiveDate>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "PenguinMails API",
        description = "The PenguinMails backend: tenants run cold-email campaigns, operators run \
                       the sending infrastructure. Authenticate with `Authorization: Bearer <key>`. \
                       Every error is an RFC 9457 problem (`application/problem+json`).",
    ),
    components(schemas(
        Problem,
        penguin_core::FieldError,
        penguin_core::notifications::payload::WebhookPayload,
    )),
    tags(
        (name = "platform: tenants", description = "Tenants (platform keys)"),
        (name = "platform: api keys", description = "API keys (platform admins)"),
        (name = "platform: audit", description = "The audit log (platform admins)"),
        (name = "platform: analytics", description = "Sending across every tenant (platform \
            keys)"),
        (name = "tenant: workspaces", description = "Workspaces (tenant and service keys)"),
        (name = "tenant: mailboxes", description = "Sender mailboxes"),
        (name = "tenant: leads", description = "Leads and CSV import"),
        (name = "tenant: suppressions", description = "Addresses and domains never sent to"),
        (name = "tenant: templates", description = "Templates with merge tags and spintax"),
        (name = "tenant: campaigns", description = "Campaigns, enrollments, lifecycle and stats"),
        (name = "queue: events", description = "Events of sent messages, and inbound mail"),
        (name = "queue: notifications", description = "Webhooks: endpoints, signed deliveries \
            (Standard Webhooks headers; the body is `WebhookPayload`), the delivery log and \
            replays; and in-app notices"),
        (name = "queue: jobs", description = "Job queues and workers (platform keys)"),
        (name = "recipient", description = "Pages for the people campaigns write to (no key)"),
        (name = "health", description = "Liveness, readiness and metrics"),
    )
)]
struct ApiDoc;

/// The API routes and their OpenAPI document.
pub fn router() -> (Router<AppState>, Document) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1/tenant", tenant::router())
        .nest("/api/v1/platform", platform::router())
        .nest("/api/v1/smtp", smtp::router())
        .nest(
            "/api/v1/queue",
            queue::router()
                .merge(jobs::router())
                .merge(notifications::router()),
        )
        .merge(crate::health::router())
        .merge(crate::recipient::router())
        .split_for_parts();
    apply_conventions(&mut doc);
    (router, doc)
}

/// Adds what every operation shares: the bearer scheme, the tenant headers, and the problem
/// answers the middleware and extractors can give.
fn apply_conventions(doc: &mut Document) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "api_key",
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );

    for (path, item) in doc.paths.paths.iter_mut() {
        let secured = path.starts_with("/api/v1/");
        // Tenant routes, and the tenant's own webhooks and notices under the queue domain.
        let tenant =
            path.starts_with("/api/v1/tenant/") || path.starts_with("/api/v1/queue/notifications");
        let has_path_params = path.contains('{');
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            let has_body = operation.request_body.is_some();
            let has_query = operation
                .parameters
                .iter()
                .flatten()
                .any(|p| p.parameter_in == ParameterIn::Query);
            if secured {
                operation.security = Some(vec![SecurityRequirement::new(
                    "api_key",
                    Vec::<String>::new(),
                )]);
                add_problem(operation, "401", "No API key, or an unknown or revoked one");
                add_problem(
                    operation,
                    "403",
                    "The key's kind or role does not allow this, or its tenant is suspended",
                );
            }
            if tenant {
                let parameters = operation.parameters.get_or_insert_with(Vec::new);
                parameters.push(header(
                    TENANT_HEADER,
                    "Service keys: the tenant (id) to act for",
                ));
                parameters.push(header(
                    USER_HEADER,
                    "Service keys: the end user acting, recorded in the audit log",
                ));
            }
            if has_body {
                add_problem(operation, "400", "Malformed JSON");
                add_problem(operation, "413", "Request body too large");
                add_problem(operation, "415", "The body is not `application/json`");
                add_problem(operation, "422", "Invalid fields; see `errors`");
            }
            if has_query {
                add_problem(operation, "400", "Malformed query string");
                add_problem(operation, "422", "Invalid query parameter; see `errors`");
            }
            if has_path_params {
                add_problem(operation, "400", "Malformed path parameter");
                add_problem(
                    operation,
                    "404",
                    "No such object (or it belongs to another tenant)",
                );
            }
            if secured && has_body {
                add_problem(operation, "409", "Conflicts with existing state");
            }
            add_problem(
                operation,
                "500",
                "Internal error; details are only in the log",
            );
        }
    }
}

const TENANT_HEADER: &str = "X-Penguin-Tenant";
const USER_HEADER: &str = "X-Penguin-User";

fn header(name: &str, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::Type::String),
        ))
        .build()
}

fn add_problem(operation: &mut Operation, status: &str, description: &str) {
    if operation.responses.responses.contains_key(status) {
        return;
    }
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build();
    let response = ResponseBuilder::new()
        .description(description)
        .content(problem::CONTENT_TYPE, content)
        .build();
    operation
        .responses
        .responses
        .insert(status.to_owned(), RefOr::T(response));
}

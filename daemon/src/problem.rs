//! RFC 9457 problem details: the one shape every error answer takes.
//!
//! Domain and auth errors convert into a [`Problem`] here. Internal errors are logged once with
//! the request id and answered with a generic 500; nothing internal reaches the client.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use penguin_core::FieldError;
use penguin_core::auth::AuthError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::recipient::{is_recipient_path, is_unsubscribe_path};

pub const CONTENT_TYPE: &str = "application/problem+json";

/// An error answer (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A stable identifier of the kind of problem, e.g. `urn:penguinmails:problem:not-found`.
    #[serde(rename = "type")]
    #[schema(example = "urn:penguinmails:problem:not-found")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The invalid fields, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, title: &str) -> Self {
        Self {
            kind: format!("urn:penguinmails:problem:{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The generic problem for a bare status code.
    pub fn from_status(status: StatusCode) -> Self {
        let (kind, title) = match status {
            StatusCode::BAD_REQUEST => ("bad-request", "Bad request"),
            StatusCode::UNAUTHORIZED => ("unauthorized", "Unauthorized"),
            StatusCode::FORBIDDEN => ("forbidden", "Forbidden"),
            StatusCode::NOT_FOUND => ("not-found", "Not found"),
            StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "Method not allowed"),
            StatusCode::REQUEST_TIMEOUT => ("timeout", "Request timed out"),
            StatusCode::CONFLICT => ("conflict", "Conflict"),
            StatusCode::PAYLOAD_TOO_LARGE => ("body-too-large", "Request body too large"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ("unsupported-media-type", "Unsupported media type")
            }
            StatusCode::UNPROCESSABLE_ENTITY => ("validation", "Validation failed"),
            StatusCode::TOO_MANY_REQUESTS => ("rate-limited", "Too many requests"),
            StatusCode::SERVICE_UNAVAILABLE => ("unavailable", "Service unavailable"),
            s if s.is_server_error() => ("internal", "Internal server error"),
            _ => ("http-error", status.canonical_reason().unwrap_or("Error")),
        };
        Self::new(status, kind, title)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::from_status(StatusCode::NOT_FOUND).detail(detail)
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::from_status(StatusCode::BAD_REQUEST).detail(detail)
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut problem = Self::from_status(StatusCode::UNPROCESSABLE_ENTITY)
            .detail("the request has invalid fields; see errors");
        problem.errors = errors;
        problem
    }

    /// A 500 whose cause is logged, never shown.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::from_status(StatusCode::INTERNAL_SERVER_ERROR)
            .detail("an internal error occurred; quote the x-request-id header when reporting it")
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<penguin_core::Error> for Problem {
    fn from(err: penguin_core::Error) -> Self {
        use penguin_core::Error;
        match err {
            Error::NotFound(what) => Self::not_found(format!("{what} not found")),
            Error::Missing(message) => Self::not_found(message),
            Error::Conflict(message) => Self::from_status(StatusCode::CONFLICT).detail(message),
            Error::Invalid(errors) => Self::validation(errors),
            Error::Database(err) => Self::internal(&err),
            Error::Queue(err) => {
                tracing::error!(error = %err, "job queue error");
                Self::from_status(StatusCode::SERVICE_UNAVAILABLE)
                    .detail("the job queues cannot be reached; try again shortly")
            }
        }
    }
}

impl From<AuthError> for Problem {
    fn from(err: AuthError) -> Self {
        let detail = err.to_string();
        let problem = match err {
            AuthError::Missing | AuthError::Invalid => {
                tracing::warn!(reason = %detail, "rejected credentials");
                Self::from_status(StatusCode::UNAUTHORIZED)
            }
            AuthError::TenantSuspended => Self::new(
                StatusCode::FORBIDDEN,
                "tenant-suspended",
                "Tenant suspended",
            ),
            AuthError::TenantDeleted => {
                Self::new(StatusCode::FORBIDDEN, "tenant-deleted", "Tenant deleted")
            }
            AuthError::TenantHeaderMissing | AuthError::TenantHeaderInvalid => {
                Self::from_status(StatusCode::BAD_REQUEST)
            }
            AuthError::TenantUnknown | AuthError::WrongKind { .. } | AuthError::Role { .. } => {
                Self::from_status(StatusCode::FORBIDDEN)
            }
            AuthError::Database(err) => return Self::internal(&err),
        };
        problem.detail(detail)
    }
}

impl From<PathRejection> for Problem {
    fn from(rejection: PathRejection) -> Self {
        Self::bad_request(format!("invalid path parameter: {}", rejection.body_text()))
    }
}

impl From<QueryRejection> for Problem {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request(format!("invalid query string: {}", rejection.body_text()))
    }
}

/// The answer for any route the daemon does not serve (a page under the routes for
/// recipients).
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if is_recipient_path(uri.path()) {
        return crate::recipient::error_page(
            is_unsubscribe_path(uri.path()),
            StatusCode::NOT_FOUND,
        );
    }
    Problem::not_found("no such route; see /api/v1/docs for the API").into_response()
}

/// The answer for a known route called with a method it does not take (a page on the routes
/// for recipients).
pub async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    if is_recipient_path(uri.path()) {
        return crate::recipient::error_page(
            is_unsubscribe_path(uri.path()),
            StatusCode::METHOD_NOT_ALLOWED,
        );
    }
    Problem::from_status(StatusCode::METHOD_NOT_ALLOWED)
        .detail("this route does not take this method; see /api/v1/docs")
        .into_response()
}

/// Middleware: gives error answers made by layers (timeouts, body limits, panics) the problem
/// shape too, so clients only ever see one error format.
pub async fn normalize(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = request.uri().path();
    // On the routes for recipients: whether it is the unsubscribe route.
    let recipient = is_recipient_path(path).then(|| is_unsubscribe_path(path));
    let response = next.run(request).await;
    let status = response.status();
    let content_type = response.headers().get(header::CONTENT_TYPE);
    let is_problem =
        content_type.is_some_and(|v| v.as_bytes().starts_with(CONTENT_TYPE.as_bytes()));
    // Pages for recipients are answered as pages, never as JSON.
    let is_page = content_type.is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if (status.is_client_error() || status.is_server_error()) && !is_problem && !is_page {
        let mut replaced = if let Some(unsubscribe) = recipient {
            crate::recipient::error_page(unsubscribe, status)
        } else {
            Problem::from_status(status).into_response()
        };
        if let Some(allow) = response.headers().get(header::ALLOW) {
            replaced.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return replaced;
    }
    response
}

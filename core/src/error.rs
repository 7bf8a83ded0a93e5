//! The error type of the domain and storage functions.
//!
//! Handlers map it to problem details; the CLI prints it. Database constraint violations are
//! turned into clean conflicts here, in one place, by constraint name.

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// JSON path of the field, e.g. `name` or `steps[0].delay`.
    pub field: String,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The object does not exist, or belongs to another tenant: callers cannot tell which.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A named object that is not scoped to a tenant (a queue, a job) does not exist: the
    /// message names it, and what does exist where that list is short.
    #[error("{0}")]
    Missing(String),
    /// The change collides with existing state.
    #[error("{0}")]
    Conflict(String),
    /// The input is well-formed but not acceptable.
    #[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// Shared, so that one failed statement can fail every request it served.
    #[error("database error: {0}")]
    Database(std::sync::Arc<sqlx::Error>),
    /// The job queues (Redis) could not be read or changed.
    #[error("job queue error: {0}")]
    Queue(std::sync::Arc<redis::RedisError>),
}

impl Error {
    /// A single invalid field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
}

/// Unique and foreign-key constraints that users can run into, with what to tell them.
const CONSTRAINTS: &[(&str, &str)] = &[
    ("tenants_name_key", "a tenant with this name already exists"),
    (
        "workspaces_tenant_name_key",
        "a workspace with this name already exists in the tenant",
    ),
    ("api_keys_prefix_key", "key prefix collision; try again"),
];

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err
            && matches!(db.code().as_deref(), Some("22021" | "22P05"))
        {
            // PostgreSQL text cannot hold NUL characters or invalid encodings.
            return Self::invalid("", "a value contains a NUL character or invalid text");
        }
        if let sqlx::Error::Database(db) = &err
            && let Some(constraint) = db.constraint()
            && let Some((_, message)) = CONSTRAINTS.iter().find(|(name, _)| *name == constraint)
        {
            return Self::Conflict((*message).to_owned());
        }
        Self::Database(std::sync::Arc::new(err))
    }
}

//! penguin-core: everything the PenguinMails daemon and CLI share.
//!
//! Configuration, the database and Redis connections, authentication, and the domain modules.
//! The domain modules follow the four API domains: `tenant` (workspaces), `platform` (tenants,
//! API keys, audit log) and `queue` (background jobs); `smtp` joins them as it grows.

pub mod analytics;
pub mod audit;
pub mod auth;
pub mod config;
pub mod crypto;
pub mod db;
pub mod email;
pub mod error;
pub mod events;
pub mod inbound;
pub mod notifications;
pub mod page;
pub mod platform;
pub mod queue;
pub mod redis;
pub mod secret;
pub mod smtp;
pub mod tenant;
pub mod tokens;
pub mod types;

pub use error::{Error, FieldError, Result};

//! End-to-end tests through the real binaries. See `harness/lib.rs` for the set-up.

mod analytics;
mod auth;
mod campaign;
mod cli;
mod dashboard;
mod events;
mod jobs;
mod lifecycle;
mod mailboxes;
mod openapi;
mod problems;
mod tenants;
mod webhooks;

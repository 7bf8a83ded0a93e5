//! The platform domain: what operators and platform admins manage across tenants.

pub mod analytics;
pub mod api_keys;
pub mod tenants;

//! The tenant domain: what a tenant owns and works with. Every function here takes a
//! [`TenantScope`](crate::auth::TenantScope) and never reaches outside it.

pub mod lead_csv;
pub mod template;
pub mod workspaces;

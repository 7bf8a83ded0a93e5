//! The tenant domain: what a tenant owns and works with. Every function here takes a
//! [`TenantScope`](crate::auth::TenantScope) and never reaches outside it.

pub mod campaigns;
pub mod lead_csv;
pub mod leads;
pub mod mailboxes;
pub mod suppressions;
pub mod template;
pub mod templates;
pub mod workspaces;

//! `penguin workspace create|ls|show|update|delete`

use clap::{Args, Subcommand};
use penguin_core::audit::Actor;
use penguin_core::auth::TenantScope;
use penguin_core::platform::tenants;
use penguin_core::tenant::workspaces::{self, Changes};
use penguin_core::types::TimeZone;
use serde_json::json;
use uuid::Uuid;

use crate::context::Context;
use crate::{CliError, CliResult, exit, output};

#[derive(Debug, Subcommand)]
pub enum Workspace {
    /// Create a workspace in a tenant.
    Create(WorkspaceCreate),
    /// List a tenant's workspaces.
    Ls(WorkspaceLs),
    /// Show one workspace.
    Show(WorkspaceRef),
    /// Change a workspace's name or time zone.
    Update(WorkspaceUpdate),
    /// Delete a workspace.
    Delete(WorkspaceRef),
}

impl Workspace {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Create(cmd) => cmd.run(ctx).await,
            Self::Ls(cmd) => cmd.run(ctx).await,
            Self::Show(cmd) => {
                let (pool, scope) = scope(ctx, cmd.tenant).await?;
                output::one(ctx, &workspaces::get(&pool, &scope, cmd.id).await?)
            }
            Self::Update(cmd) => cmd.run(ctx).await,
            Self::Delete(cmd) => {
                let (pool, scope) = scope(ctx, cmd.tenant).await?;
                let workspace = workspaces::get(&pool, &scope, cmd.id).await?;
                ctx.confirm(&format!(
                    "delete workspace {} ({})",
                    workspace.name, workspace.id
                ))?;
                workspaces::delete(&pool, &scope, &Actor::cli(), cmd.id).await?;
                output::one(ctx, &json!({ "id": cmd.id, "deleted": true }))
            }
        }
    }
}

async fn scope(ctx: &mut Context, tenant: Uuid) -> CliResult<(sqlx::PgPool, TenantScope)> {
    let pool = ctx.pool().await?;
    let scope = tenants::scope(&pool, tenant).await?;
    Ok((pool, scope))
}

fn timezone(value: &str) -> CliResult<TimeZone> {
    TimeZone::parse("timezone", value)
        .map_err(|err| CliError::new(exit::INVALID, format!("--timezone: {}", err.message)))
}

#[derive(Debug, Args)]
pub struct WorkspaceCreate {
    /// The tenant's id.
    #[arg(long, value_name = "TENANT_ID")]
    tenant: Uuid,
    /// Unique within the tenant.
    #[arg(long)]
    name: String,
    /// IANA time zone, e.g. Europe/Berlin.
    #[arg(long, default_value = "UTC")]
    timezone: String,
}

impl WorkspaceCreate {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let name = super::name("name", &self.name)?;
        let timezone = timezone(&self.timezone)?;
        let (pool, scope) = scope(ctx, self.tenant).await?;

        let ws = workspaces::create(&pool, &scope, &Actor::cli(), &name, timezone).await?;
        output::one(ctx, &ws)
    }
}

#[derive(Debug, Args)]
pub struct WorkspaceLs {
    /// The tenant's id.
    #[arg(long, value_name = "TENANT_ID")]
    tenant: Uuid,
    /// At most this many workspaces.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

impl WorkspaceLs {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let (pool, scope) = scope(ctx, self.tenant).await?;
        let list = super::collect(self.limit, |page| workspaces::list(&pool, &scope, page)).await?;
        output::list(ctx, &list, &["id", "name", "timezone", "created_at"])
    }
}

#[derive(Debug, Args)]
pub struct WorkspaceRef {
    /// The workspace's id.
    id: Uuid,
    /// The tenant it belongs to.
    #[arg(long, value_name = "TENANT_ID")]
    tenant: Uuid,
}

#[derive(Debug, Args)]
pub struct WorkspaceUpdate {
    /// The workspace's id.
    id: Uuid,
    /// The tenant it belongs to.
    #[arg(long, value_name = "TENANT_ID")]
    tenant: Uuid,
    /// New name.
    #[arg(long)]
    name: Option<String>,
    /// New IANA time zone.
    #[arg(long)]
    timezone: Option<String>,
}

impl WorkspaceUpdate {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let changes = Changes {
            name: self
                .name
                .as_deref()
                .map(|n| super::name("name", n))
                .transpose()?,
            timezone: self.timezone.as_deref().map(timezone).transpose()?,
        };
        let (pool, scope) = scope(ctx, self.tenant).await?;

        let ws = workspaces::update(&pool, &scope, &Actor::cli(), self.id, &changes).await?;
        output::one(ctx, &ws)
    }
}

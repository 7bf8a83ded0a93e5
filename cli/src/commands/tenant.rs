//! `penguin tenant create|ls|show|rename|suspend|resume|delete`

use clap::{Args, Subcommand};
use penguin_core::audit::Actor;
use penguin_core::platform::tenants::{self, Status};
use serde_json::json;
use uuid::Uuid;

use crate::context::Context;
use crate::{CliResult, output};

#[derive(Debug, Subcommand)]
pub enum Tenant {
    /// Create a tenant.
    Create(TenantCreate),
    /// List tenants.
    Ls(TenantLs),
    /// Show one tenant.
    Show(TenantId),
    /// Rename a tenant.
    Rename(TenantRename),
    /// Suspend a tenant: its API keys are refused until it is resumed.
    Suspend(TenantId),
    /// Resume a suspended tenant.
    Resume(TenantId),
    /// Delete a tenant (soft); with --purge, remove it and all its data for good.
    Delete(TenantDelete),
}

impl Tenant {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Create(cmd) => cmd.run(ctx).await,
            Self::Ls(cmd) => cmd.run(ctx).await,
            Self::Show(cmd) => {
                let pool = ctx.pool().await?;
                output::one(ctx, &tenants::get(&pool, cmd.id).await?)
            }
            Self::Rename(cmd) => cmd.run(ctx).await,
            Self::Suspend(cmd) => {
                let pool = ctx.pool().await?;
                let tenant = tenants::get(&pool, cmd.id).await?;
                ctx.confirm(&format!("suspend tenant {} ({})", tenant.name, tenant.id))?;
                cmd.set_status(ctx, Status::Suspended).await
            }
            Self::Resume(cmd) => cmd.set_status(ctx, Status::Active).await,
            Self::Delete(cmd) => cmd.run(ctx).await,
        }
    }
}

#[derive(Debug, Args)]
pub struct TenantCreate {
    /// Display name, unique among live tenants.
    #[arg(long)]
    name: String,
}

impl TenantCreate {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let name = super::name("name", &self.name)?;
        let pool = ctx.pool().await?;

        let tenant = tenants::create(&pool, &Actor::cli(), &name).await?;
        output::one(ctx, &tenant)
    }
}

#[derive(Debug, Args)]
pub struct TenantLs {
    /// Include deleted tenants.
    #[arg(long)]
    all: bool,
    /// At most this many tenants.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

impl TenantLs {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let list = super::collect(self.limit, |page| tenants::list(&pool, page, self.all)).await?;
        output::list(
            ctx,
            &list,
            &["id", "name", "status", "created_at", "deleted_at"],
        )
    }
}

#[derive(Debug, Args)]
pub struct TenantId {
    /// The tenant's id.
    id: Uuid,
}

impl TenantId {
    async fn set_status(&self, ctx: &mut Context, status: Status) -> CliResult {
        let pool = ctx.pool().await?;
        let tenant = tenants::set_status(&pool, &Actor::cli(), self.id, status).await?;
        output::one(ctx, &tenant)
    }
}

#[derive(Debug, Args)]
pub struct TenantRename {
    /// The tenant's id.
    id: Uuid,
    /// The new name.
    #[arg(long)]
    name: String,
}

impl TenantRename {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let name = super::name("name", &self.name)?;
        let pool = ctx.pool().await?;

        let tenant = tenants::rename(&pool, &Actor::cli(), self.id, &name).await?;
        output::one(ctx, &tenant)
    }
}

#[derive(Debug, Args)]
pub struct TenantDelete {
    /// The tenant's id.
    id: Uuid,
    /// Also purge: remove the tenant and all its data for good.
    #[arg(long)]
    purge: bool,
}

impl TenantDelete {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let action = if self.purge {
            "delete and purge tenant"
        } else {
            "delete tenant"
        };
        ctx.confirm(&format!("{action} {}", self.id))?;
        let pool = ctx.pool().await?;
        let actor = Actor::cli();

        let tenant = tenants::delete(&pool, &actor, self.id).await?;
        if self.purge {
            let report = tenants::purge(&pool, &actor, self.id).await?;
            return output::one(
                ctx,
                &json!({ "id": report.id, "purged": true, "removed": report }),
            );
        }
        output::one(ctx, &tenant)
    }
}

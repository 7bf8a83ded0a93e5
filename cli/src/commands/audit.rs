//! `penguin audit ls`

use clap::{Args, Subcommand};
use penguin_core::audit::{self, AuditFilter};
use uuid::Uuid;

use crate::context::Context;
use crate::{CliResult, output};

#[derive(Debug, Subcommand)]
pub enum Audit {
    /// List audit entries, newest first.
    Ls(AuditLs),
}

impl Audit {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Ls(cmd) => cmd.run(ctx).await,
        }
    }
}

#[derive(Debug, Args)]
pub struct AuditLs {
    /// Only entries about this tenant.
    #[arg(long)]
    tenant: Option<Uuid>,
    /// Only this action, e.g. tenant.suspend.
    #[arg(long)]
    action: Option<String>,
    /// At most this many entries.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

impl AuditLs {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let filter = AuditFilter {
            tenant_id: self.tenant,
            action: self.action.clone(),
        };
        let entries = super::collect(self.limit, |page| audit::list(&pool, &filter, page)).await?;
        output::list(
            ctx,
            &entries,
            &[
                "at",
                "actor",
                "actor_user",
                "action",
                "target_type",
                "target_id",
            ],
        )
    }
}

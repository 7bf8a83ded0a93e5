//! `penguin migrate`

use clap::Args;
use serde_json::json;

use crate::context::Context;
use crate::{CliResult, output};

/// Apply pending database migrations (the daemon also does this at start).
#[derive(Debug, Args)]
pub struct Migrate {}

impl Migrate {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let version: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&pool)
                .await
                .map_err(penguin_core::Error::from)?;
        output::one(ctx, &json!({ "status": "up to date", "version": version }))
    }
}

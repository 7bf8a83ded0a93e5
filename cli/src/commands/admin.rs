//! `penguin admin keys create|ls|revoke`

use clap::{ArgGroup, Args, Subcommand};
use penguin_core::audit::Actor;
use penguin_core::auth::{KeyKind, Role};
use penguin_core::platform::api_keys::{self, NewKey};
use uuid::Uuid;

use crate::context::Context;
use crate::{CliError, CliResult, exit, output};

#[derive(Debug, Subcommand)]
pub enum Admin {
    /// Create, list and revoke API keys.
    #[command(subcommand)]
    Keys(Keys),
}

impl Admin {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Keys(Keys::Create(cmd)) => cmd.run(ctx).await,
            Self::Keys(Keys::Ls(cmd)) => cmd.run(ctx).await,
            Self::Keys(Keys::Revoke(cmd)) => cmd.run(ctx).await,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Keys {
    /// Create a key; it is printed once and cannot be shown again.
    Create(KeysCreate),
    /// List keys (never their secrets).
    Ls(KeysLs),
    /// Revoke a key; it is refused from the next request on.
    Revoke(KeysRevoke),
}

/// Works with database access alone, so it can bootstrap the first platform key.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("kind").required(true).args(["platform", "tenant", "service"])))]
pub struct KeysCreate {
    /// A platform key (roles: admin, operator).
    #[arg(long)]
    platform: bool,
    /// A key bound to this tenant (roles: owner, admin, member, viewer).
    #[arg(long, value_name = "TENANT_ID")]
    tenant: Option<Uuid>,
    /// A service key for a trusted backend, acting for the tenant in X-Penguin-Tenant.
    #[arg(long)]
    service: bool,
    /// The key's role: admin, operator, owner, member, viewer (service keys: service).
    #[arg(long, value_parser = parse_role)]
    role: Option<Role>,
    /// What the key is for.
    #[arg(long, default_value = "cli")]
    name: String,
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::parse(value)
        .ok_or_else(|| "expected admin, operator, owner, member, viewer or service".to_owned())
}

impl KeysCreate {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        let kind = if self.platform {
            KeyKind::Platform
        } else if self.service {
            KeyKind::Service
        } else {
            KeyKind::Tenant
        };
        let role = match (self.role, kind) {
            (Some(role), _) => role,
            (None, KeyKind::Service) => Role::Service,
            (None, _) => return Err(CliError::new(exit::USAGE, "--role is required")),
        };
        let new = NewKey {
            kind,
            role,
            tenant_id: self.tenant,
            name: super::name("name", &self.name)?,
        };
        let pool = ctx.pool().await?;

        let created = api_keys::create(&pool, &Actor::cli(), &new).await?;
        output::message(ctx, "Store this key now: it is shown only once.")?;
        output::one(ctx, &created)
    }
}

#[derive(Debug, Args)]
pub struct KeysLs {
    /// Only the keys of this tenant.
    #[arg(long, value_name = "TENANT_ID")]
    tenant: Option<Uuid>,
    /// At most this many keys.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

impl KeysLs {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let keys =
            super::collect(self.limit, |page| api_keys::list(&pool, self.tenant, page)).await?;
        output::list(
            ctx,
            &keys,
            &[
                "id",
                "prefix",
                "kind",
                "role",
                "tenant_id",
                "name",
                "last_used_at",
                "revoked_at",
            ],
        )
    }
}

#[derive(Debug, Args)]
pub struct KeysRevoke {
    /// The key's id.
    id: Uuid,
}

impl KeysRevoke {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let key = api_keys::get(&pool, self.id).await?;
        ctx.confirm(&format!(
            "revoke API key {} ({}, {} {})",
            key.prefix, key.name, key.kind, key.role
        ))?;

        let key = api_keys::revoke(&pool, &Actor::cli(), self.id).await?;
        output::one(ctx, &key)
    }
}

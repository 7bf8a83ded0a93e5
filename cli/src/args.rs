//! The command-line grammar. Completions and man pages are generated from these definitions.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::commands::{
    admin, analytics, audit, campaign, completions, events, leads, migrate, queue, tenant,
    workspace,
};

/// The PenguinMails operator command line.
///
/// Works on PostgreSQL (and, for job queues, Redis) directly, with the daemon's configuration (PENGUIN_* variables or
/// --config), so it needs no running daemon and can create the first API key. Exit codes: 0 success, 1 failure, 2 usage error, 3 not confirmed, 4 not found,
/// 5 invalid input or conflict, 6 database, Redis or configuration unavailable.
#[derive(Debug, Parser)]
#[command(name = "penguin", version, about, long_about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted anywhere on the command line.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Output format: tables for people, JSON (one value) for scripts.
    #[arg(long, short, global = true, value_enum, default_value = "table")]
    pub output: OutputFormat,
    /// TOML configuration file; PENGUIN_* environment variables override it.
    #[arg(long, global = true, env = "PENGUIN_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not ask for confirmation; required for destructive commands when not on a terminal.
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending database migrations.
    Migrate(migrate::Migrate),
    /// Administration: API keys.
    #[command(subcommand)]
    Admin(admin::Admin),
    /// Manage tenants.
    #[command(subcommand)]
    Tenant(tenant::Tenant),
    /// Manage a tenant's workspaces.
    #[command(subcommand)]
    Workspace(workspace::Workspace),
    /// Import leads.
    #[command(subcommand)]
    Leads(leads::Leads),
    /// Inspect and steer campaigns.
    #[command(subcommand)]
    Campaign(campaign::Campaign),
    /// Inbound mail: classify and ingest bounces, complaints and replies.
    #[command(subcommand)]
    Events(events::Events),
    /// Inspect and steer the background job queues and their workers.
    #[command(subcommand)]
    Queue(queue::Queue),
    /// Sending analytics across every tenant.
    #[command(subcommand)]
    Analytics(analytics::Analytics),
    /// Read the audit log.
    #[command(subcommand)]
    Audit(audit::Audit),
    /// Print shell completions.
    Completions(completions::Completions),
}

/// The clap command, for completions and man pages.
pub fn command() -> clap::Command {
    Cli::command()
}

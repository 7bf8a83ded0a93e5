//! penguin: the PenguinMails operator command line.
//!
//! It links the same core as the daemon and talks to PostgreSQL directly, so it works for
//! bootstrapping (before any API key exists) and from cron. One module per noun under
//! `commands/`, each command a small struct with a `run` method.

pub mod args;
pub mod commands;
pub mod context;
pub mod output;

use std::process::ExitCode;

pub use args::command;
use args::{Cli, Command};
use context::Context;

/// Documented exit codes.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Any failure not listed below.
    pub const FAILURE: u8 = 1;
    /// Bad usage: unknown flag, missing argument (clap's own code).
    pub const USAGE: u8 = 2;
    /// A destructive command was not confirmed (no `--yes` and no terminal, or declined).
    pub const NOT_CONFIRMED: u8 = 3;
    /// The object named does not exist.
    pub const NOT_FOUND: u8 = 4;
    /// The input was refused: invalid values or a conflict with existing state.
    pub const INVALID: u8 = 5;
    /// PostgreSQL, Redis or the configuration could not be used.
    pub const UNAVAILABLE: u8 = 6;
}

/// A failure with its exit code; printed as `penguin: <message>`.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<penguin_core::Error> for CliError {
    fn from(err: penguin_core::Error) -> Self {
        use penguin_core::Error;
        let code = match &err {
            Error::NotFound(_) | Error::Missing(_) => exit::NOT_FOUND,
            Error::Conflict(_) | Error::Invalid(_) => exit::INVALID,
            Error::Database(_) | Error::Queue(_) => exit::UNAVAILABLE,
        };
        Self::new(code, err.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        Self::new(exit::FAILURE, err.to_string())
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

/// Parses the command line, runs the command and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match <Cli as clap::Parser>::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage(err),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return report(&CliError::from(err)),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(err) => report(&err),
    }
}

/// Help and version print as clap makes them; usage errors become one `penguin:` line.
fn usage(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        err.exit();
    }
    // The message, with what it lists on the lines below it (missing arguments), up to the
    // usage and tips.
    let rendered = err.render().to_string();
    let message = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty() && !line.starts_with("Usage:"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    report(&CliError::new(
        exit::USAGE,
        format!("{message} (see --help)"),
    ))
}

fn report(err: &CliError) -> ExitCode {
    eprintln!("penguin: {}", err.message);
    ExitCode::from(err.code)
}

async fn run(cli: Cli) -> CliResult {
    let mut ctx = Context::new(cli.global);
    match cli.command {
        Command::Migrate(cmd) => cmd.run(&mut ctx).await,
        Command::Admin(cmd) => cmd.run(&mut ctx).await,
        Command::Tenant(cmd) => cmd.run(&mut ctx).await,
        Command::Workspace(cmd) => cmd.run(&mut ctx).await,
        Command::Leads(cmd) => cmd.run(&mut ctx).await,
        Command::Campaign(cmd) => cmd.run(&mut ctx).await,
        Command::Events(cmd) => cmd.run(&mut ctx).await,
        Command::Queue(cmd) => cmd.run(&mut ctx).await,
        Command::Analytics(cmd) => cmd.run(&mut ctx).await,
        Command::Audit(cmd) => cmd.run(&mut ctx).await,
        Command::Completions(cmd) => cmd.run(&mut ctx),
    }
}

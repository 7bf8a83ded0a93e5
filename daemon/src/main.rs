//! `penguind`: see the crate documentation of `penguin_daemon`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use penguin_core::config::{Config, Sources};
use penguin_daemon::telemetry::{self, LogFormat};

/// The PenguinMails daemon: serves the HTTP API and runs the background job workers.
#[derive(Debug, Parser)]
#[command(name = "penguind", version, about)]
struct Args {
    /// TOML configuration file; environment variables (PENGUIN_*) override it.
    #[arg(long, env = "PENGUIN_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
}

fn main() -> ExitCode {
    let args = Args::parse();
    telemetry::init_logging(args.log_format);

    let config = match Config::load(&Sources::from_process(args.config)) {
        Ok(config) => config,
        Err(err) => return fail(&err),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => return fail(&err),
    };
    match runtime.block_on(penguin_daemon::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&format!("{err:#}")),
    }
}

/// One line on stderr, and a non-zero exit.
fn fail(err: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("penguind: {err}");
    ExitCode::FAILURE
}

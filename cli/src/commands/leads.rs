//! `penguin leads import`

use std::path::PathBuf;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use penguin_core::audit::Actor;
use penguin_core::platform::tenants;
use penguin_core::tenant::lead_csv::Mapping;
use penguin_core::tenant::leads::{self, ImportTarget};
use uuid::Uuid;

use crate::args::OutputFormat;
use crate::context::Context;
use crate::{CliError, CliResult, exit, output};

#[derive(Debug, Subcommand)]
pub enum Leads {
    /// Import leads from a CSV file, with a progress bar, then print where every row went.
    Import(LeadsImport),
}

impl Leads {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Import(cmd) => cmd.run(ctx).await,
        }
    }
}

#[derive(Debug, Args)]
pub struct LeadsImport {
    /// The CSV file (any common export: comma, semicolon or tab; with or without a header).
    file: PathBuf,
    /// The workspace to import into.
    #[arg(long, value_name = "WORKSPACE_ID")]
    workspace: Uuid,
    /// Also enroll the leads into this campaign.
    #[arg(long, value_name = "CAMPAIGN_ID")]
    campaign: Option<Uuid>,
    /// A column assignment COLUMN=FIELD, e.g. 'E-mail=email' or '#3=first_name'; repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
}

impl LeadsImport {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let mut mapping = Mapping::default();
        for entry in &self.map {
            let (column, field) = Mapping::parse_entry(entry)
                .map_err(|err| CliError::new(exit::INVALID, format!("--map {entry}: {err}")))?;
            mapping.columns.push((column, field));
        }
        let file = std::fs::File::open(&self.file).map_err(|err| {
            CliError::new(
                exit::FAILURE,
                format!("cannot open {}: {err}", self.file.display()),
            )
        })?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let pool = ctx.pool().await?;
        let scope = tenants::scope_of_workspace(&pool, self.workspace).await?;

        let bar = if ctx.output() == OutputFormat::Table {
            ProgressBar::new(size)
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta})")
                .expect("a valid progress template"),
        );
        let reader = bar.wrap_read(file);
        let rows_bar = bar.clone();
        let progress = move |rows: u64| rows_bar.set_message(format!("{rows} rows"));
        let target = ImportTarget {
            workspace_id: self.workspace,
            campaign_id: self.campaign,
            mapping,
        };
        let report = leads::import(&pool, &scope, &Actor::cli(), target, reader, &progress).await;
        bar.finish_and_clear();
        let report = report?;

        if ctx.output() == OutputFormat::Json {
            return output::one(ctx, &report);
        }
        let summary = serde_json::json!({
            "imported": report.imported,
            "updated": report.updated,
            "duplicate": report.duplicate,
            "suppressed": report.suppressed,
            "no_email": report.no_email,
            "invalid": report.invalid_count,
            "enrolled": report.enrolled,
        });
        output::one(ctx, &summary)?;
        if !report.invalid.is_empty() {
            output::list(ctx, &report.invalid, &["line", "reason"])?;
        }
        Ok(())
    }
}

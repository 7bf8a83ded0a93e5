//! `penguin analytics overview`

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use penguin_core::analytics::Totals;
use penguin_core::platform::analytics;
use serde_json::{Value, json};

use crate::args::OutputFormat;
use crate::context::Context;
use crate::{CliResult, output};

#[derive(Debug, Subcommand)]
pub enum Analytics {
    /// Every tenant's sending per UTC day, per tenant, per sending domain and per recipient
    /// provider, with bounce and complaint rates.
    Overview(AnalyticsOverview),
}

impl Analytics {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Overview(cmd) => cmd.run(ctx).await,
        }
    }
}

#[derive(Debug, Args)]
pub struct AnalyticsOverview {
    /// First day, YYYY-MM-DD (default: 29 days before --to).
    #[arg(long, value_name = "DATE")]
    from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    to: Option<NaiveDate>,
}

/// A rate as a percentage with one decimal, or `-` when nothing was sent.
pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// The columns of a row of counters in a table.
fn row(first: (&str, Value), totals: &Totals) -> Value {
    json!({
        first.0: first.1,
        "sent": totals.counters.sent,
        "bounced": totals.bounced,
        "complained": totals.counters.complained,
        "opened": totals.counters.opened,
        "replied": totals.counters.replied,
        "bounce_rate": percent(totals.rates.bounce_rate),
        "complaint_rate": percent(totals.rates.complaint_rate),
    })
}

const COLUMNS: &[&str] = &[
    "sent",
    "bounced",
    "complained",
    "opened",
    "replied",
    "bounce_rate",
    "complaint_rate",
];

fn columns(first: &'static str) -> Vec<&'static str> {
    std::iter::once(first)
        .chain(COLUMNS.iter().copied())
        .collect()
}

impl AnalyticsOverview {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let overview = analytics::overview(&pool, self.from, self.to).await?;
        if ctx.output() == OutputFormat::Json {
            return output::one(ctx, &overview);
        }
        let days: Vec<Value> = overview
            .days
            .iter()
            .zip(&overview.throughput.per_day)
            .map(|(day, throughput)| {
                let mut row = row(("date", json!(day.date)), &day.totals);
                row["finished"] = json!(throughput.finished);
                row
            })
            .collect();
        let mut day_columns = columns("date");
        day_columns.push("finished");
        output::list(ctx, &days, &day_columns)?;
        let tenants: Vec<Value> = overview
            .tenants
            .iter()
            .map(|t| row(("tenant", json!(t.name)), &t.totals))
            .collect();
        output::list(ctx, &tenants, &columns("tenant"))?;
        let domains: Vec<Value> = overview
            .sending_domains
            .iter()
            .map(|d| row(("sending_domain", json!(d.name)), &d.totals))
            .collect();
        output::list(ctx, &domains, &columns("sending_domain"))?;
        let providers: Vec<Value> = overview
            .recipient_providers
            .iter()
            .map(|p| row(("recipient_provider", json!(p.name)), &p.totals))
            .collect();
        output::list(ctx, &providers, &columns("recipient_provider"))?;
        output::list(
            ctx,
            &[row(
                (
                    "total",
                    json!(format!("{} to {}", overview.from, overview.to)),
                ),
                &overview.totals,
            )],
            &columns("total"),
        )
    }
}

//! `penguin campaign ls|show|start|pause|resume|stats`

use clap::{Args, Subcommand};
use penguin_core::audit::Actor;
use penguin_core::platform::tenants;
use penguin_core::tenant::campaigns::{self, CampaignFilter, Transition, stats};
use uuid::Uuid;

use super::analytics::percent;
use crate::args::OutputFormat;
use crate::context::Context;
use crate::{CliResult, output};

#[derive(Debug, Subcommand)]
pub enum Campaign {
    /// List the campaigns of a workspace.
    Ls(CampaignLs),
    /// Show one campaign.
    Show(CampaignId),
    /// Start a draft campaign.
    Start(CampaignId),
    /// Pause an active campaign: nothing more is sent until it is resumed.
    Pause(CampaignId),
    /// Resume a paused campaign.
    Resume(CampaignId),
    /// Show what a campaign has sent, its events and rates, and what its leads are waiting for.
    Stats(CampaignId),
}

impl Campaign {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Ls(cmd) => cmd.run(ctx).await,
            Self::Show(cmd) => {
                let pool = ctx.pool().await?;
                let scope = tenants::scope_of_campaign(&pool, cmd.id).await?;
                output::one(ctx, &campaigns::get(&pool, &scope, cmd.id).await?)
            }
            Self::Start(cmd) => cmd.transition(ctx, Transition::Start).await,
            Self::Pause(cmd) => cmd.transition(ctx, Transition::Pause).await,
            Self::Resume(cmd) => cmd.transition(ctx, Transition::Resume).await,
            Self::Stats(cmd) => cmd.stats(ctx).await,
        }
    }
}

#[derive(Debug, Args)]
pub struct CampaignLs {
    /// The workspace.
    #[arg(long, value_name = "WORKSPACE_ID")]
    workspace: Uuid,
    /// Only campaigns in this state (draft, active, paused, completed, archived).
    #[arg(long)]
    status: Option<String>,
    /// At most this many campaigns.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

impl CampaignLs {
    async fn run(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let scope = tenants::scope_of_workspace(&pool, self.workspace).await?;
        let filter = CampaignFilter {
            workspace_id: Some(self.workspace),
            status: self.status.clone(),
        };
        let list = super::collect(self.limit, |page| {
            campaigns::list(&pool, &scope, &filter, page)
        })
        .await?;
        output::list(
            ctx,
            &list,
            &["id", "name", "status", "daily_limit", "started_at"],
        )
    }
}

#[derive(Debug, Args)]
pub struct CampaignId {
    /// The campaign's id.
    id: Uuid,
}

impl CampaignId {
    async fn transition(&self, ctx: &mut Context, to: Transition) -> CliResult {
        let pool = ctx.pool().await?;
        let scope = tenants::scope_of_campaign(&pool, self.id).await?;
        let campaign = campaigns::transition(&pool, &scope, &Actor::cli(), self.id, to).await?;
        output::one(
            ctx,
            &serde_json::json!({
                "id": campaign.id, "name": campaign.name, "status": campaign.status,
            }),
        )
    }

    async fn stats(&self, ctx: &mut Context) -> CliResult {
        let pool = ctx.pool().await?;
        let scope = tenants::scope_of_campaign(&pool, self.id).await?;
        let stats = stats::campaign(&pool, &scope, self.id).await?;
        if ctx.output() == OutputFormat::Json {
            return output::one(ctx, &stats);
        }
        let mut rows = Vec::new();
        for step in &stats.steps {
            for variant in &step.variants {
                let counts = &variant.sends;
                let c = &counts.totals.counters;
                rows.push(serde_json::json!({
                    "step": step.step + 1,
                    "variant": char::from(b'A' + variant.variant as u8).to_string(),
                    "sent": c.sent,
                    "bounced": counts.totals.bounced,
                    "failed": c.failed,
                    "in_flight": counts.in_flight + counts.deferred,
                    "ambiguous": c.ambiguous,
                    "opened": c.opened,
                    "clicked": c.clicked,
                    "replied": c.replied,
                    "unsubscribed": c.unsubscribed,
                    "complained": c.complained,
                    "bounce_rate": percent(counts.totals.rates.bounce_rate),
                    "open_rate": percent(counts.totals.rates.open_rate),
                    "reply_rate": percent(counts.totals.rates.reply_rate),
                }));
            }
        }
        let totals = &stats.sends.totals;
        let c = &totals.counters;
        output::one(
            ctx,
            &serde_json::json!({
                "campaign": stats.campaign_id, "status": stats.status, "enrolled": stats.enrolled,
                "sent": c.sent, "bounced": totals.bounced,
                "bounced_hard": c.bounced_hard, "bounced_soft": c.bounced_soft,
                "failed": c.failed, "ambiguous": c.ambiguous,
                "opened": c.opened, "opens_total": c.opens_total, "machine_opens": c.machine_opens,
                "clicked": c.clicked, "clicks_total": c.clicks_total,
                "machine_clicks": c.machine_clicks,
                "replied": c.replied, "auto_replied": c.auto_replied,
                "unsubscribed": c.unsubscribed, "complained": c.complained,
                "bounce_rate": percent(totals.rates.bounce_rate),
                "open_rate": percent(totals.rates.open_rate),
                "click_rate": percent(totals.rates.click_rate),
                "reply_rate": percent(totals.rates.reply_rate),
                "unsubscribe_rate": percent(totals.rates.unsubscribe_rate),
                "complaint_rate": percent(totals.rates.complaint_rate),
                "waiting": stats.waiting,
            }),
        )?;
        output::list(
            ctx,
            &rows,
            &[
                "step",
                "variant",
                "sent",
                "bounced",
                "failed",
                "in_flight",
                "ambiguous",
                "opened",
                "clicked",
                "replied",
                "unsubscribed",
                "complained",
                "bounce_rate",
                "open_rate",
                "reply_rate",
            ],
        )
    }
}

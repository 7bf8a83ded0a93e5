//! Campaigns: ordered steps with A/B variants, a schedule, limits, sender mailboxes and stop
//! rules, and the lifecycle draft → active ⇄ paused → completed / archived. The dispatcher and
//! the send worker (`dispatch`, `send`) turn active campaigns into messages.

pub mod dispatch;
mod ledger;
pub mod schedule;
pub mod send;
pub mod stats;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::error::{Error, FieldError, Result};
use crate::page::{Page, PageRequest};
use crate::tenant::templates::{self, Content};
use schedule::{Schedule, ScheduleInput};

/// How long after the previous step a step is sent: exactly one of the units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Delay {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

impl Delay {
    pub fn as_minutes(&self) -> i64 {
        i64::from(self.minutes.unwrap_or(0))
            + i64::from(self.hours.unwrap_or(0)) * 60
            + i64::from(self.days.unwrap_or(0)) * 1440
    }
}

/// One version of a step's message. Either `template_id`, or the content itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Empty on a follow-up: reply in the thread of the previous message (`Re:` subject).
    #[serde(default)]
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_html: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// Use a saved template instead of writing the content here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<Uuid>,
    /// Relative share of the leads that get this variant; default 1.
    #[serde(default = "one")]
    pub weight: u32,
}

fn one() -> u32 {
    1
}

impl Variant {
    pub fn content(&self) -> Content {
        Content {
            subject: self.subject.clone(),
            body_html: self.body_html.clone(),
            body_text: self.body_text.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub delay: Delay,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub name: String,
    /// `draft`, `active`, `paused`, `completed` or `archived`.
    pub status: String,
    pub schedule: ScheduleInput,
    pub daily_limit: i32,
    pub mailbox_ids: Vec<Uuid>,
    pub steps: Vec<Step>,
    pub stop_on_reply: bool,
    pub stop_on_auto_reply: bool,
    pub stop_on_bounce: bool,
    pub stop_on_unsubscribe: bool,
    pub stop_company_on_reply: bool,
    /// Add an open pixel to the HTML part.
    pub track_opens: bool,
    /// Send the HTML part's links through the click route.
    pub track_clicks: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CampaignRow {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub name: String,
    pub status: String,
    pub schedule: sqlx::types::Json<ScheduleInput>,
    pub daily_limit: i32,
    pub steps: sqlx::types::Json<Vec<Step>>,
    pub stop_on_reply: bool,
    pub stop_on_auto_reply: bool,
    pub stop_on_bounce: bool,
    pub stop_on_unsubscribe: bool,
    pub stop_company_on_reply: bool,
    /// Add an open pixel to the HTML part.
    pub track_opens: bool,
    /// Send the HTML part's links through the click route.
    pub track_clicks: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub mailbox_ids: Vec<Uuid>,
}

pub(crate) const SELECT: &str = "SELECT c.id, c.workspace_id, c.name, c.status, \
    c.schedule, c.daily_limit, c.steps, c.stop_on_reply, c.stop_on_auto_reply, \
    c.stop_on_bounce, c.stop_on_unsubscribe, c.stop_company_on_reply, c.track_opens, \
    c.track_clicks, c.created_at, \
    c.updated_at, c.started_at, c.completed_at, \
    coalesce(array(SELECT m.mailbox_id FROM campaign_mailboxes m WHERE m.campaign_id = c.id \
    ORDER BY m.mailbox_id), '{}') AS mailbox_ids FROM campaigns c";

impl From<CampaignRow> for Campaign {
    fn from(row: CampaignRow) -> Self {
        Self {
            id: row.id,
            workspace_id: row.workspace_id,
            name: row.name,
            status: row.status,
            schedule: row.schedule.0,
            daily_limit: row.daily_limit,
            mailbox_ids: row.mailbox_ids,
            steps: row.steps.0,
            stop_on_reply: row.stop_on_reply,
            stop_on_auto_reply: row.stop_on_auto_reply,
            stop_on_bounce: row.stop_on_bounce,
            stop_on_unsubscribe: row.stop_on_unsubscribe,
            stop_company_on_reply: row.stop_company_on_reply,
            track_opens: row.track_opens,
            track_clicks: row.track_clicks,
            created_at: row.created_at,
            updated_at: row.updated_at,
            started_at: row.started_at,
            completed_at: row.completed_at,
        }
    }
}

/// A campaign as the API accepts it; on update, absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    pub workspace_id: Option<Uuid>,
    pub name: Option<String>,
    /// Default: always open, in UTC.
    pub schedule: Option<ScheduleInput>,
    /// Messages per day (in the schedule's time zone); default 100.
    pub daily_limit: Option<i32>,
    pub mailbox_ids: Option<Vec<Uuid>>,
    pub steps: Option<Vec<Step>>,
    pub stop_on_reply: Option<bool>,
    pub stop_on_auto_reply: Option<bool>,
    pub stop_on_bounce: Option<bool>,
    pub stop_on_unsubscribe: Option<bool>,
    pub stop_company_on_reply: Option<bool>,
    /// Add an open pixel (default true).
    pub track_opens: Option<bool>,
    /// Track clicks on the HTML part's links (default true).
    pub track_clicks: Option<bool>,
}

fn audit_entry(
    scope: &TenantScope,
    id: Uuid,
    action: &'static str,
    details: serde_json::Value,
) -> Entry<'static> {
    Entry::about(scope, "campaign", id, action, details)
}

/// Checks steps: structure, content syntax, variables and templates.
async fn check_steps(
    tx: &mut Transaction<'_, Postgres>,
    scope: &TenantScope,
    workspace_id: Uuid,
    steps: &[Step],
) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    if steps.is_empty() {
        errors.push(FieldError::new(
            "steps",
            "a campaign needs at least one step",
        ));
    }
    let known = templates::known_variables(&mut **tx, scope.tenant_id(), workspace_id).await?;
    for (index, step) in steps.iter().enumerate() {
        let prefix = format!("steps[{index}]");
        let units = [step.delay.minutes, step.delay.hours, step.delay.days]
            .iter()
            .flatten()
            .count();
        if units > 1 {
            errors.push(FieldError::new(
                format!("{prefix}.delay"),
                "give one of minutes, hours or days",
            ));
        }
        if step.delay.as_minutes() > 365 * 1440 {
            errors.push(FieldError::new(
                format!("{prefix}.delay"),
                "must be at most a year",
            ));
        }
        if step.variants.is_empty() {
            errors.push(FieldError::new(
                format!("{prefix}.variants"),
                "a step needs at least one variant",
            ));
        }
        if step.variants.len() > 26 {
            errors.push(FieldError::new(
                format!("{prefix}.variants"),
                "at most 26 variants",
            ));
        }
        for (v, variant) in step.variants.iter().enumerate() {
            let prefix = format!("{prefix}.variants[{v}]");
            if variant.weight == 0 || variant.weight > 1000 {
                errors.push(FieldError::new(
                    format!("{prefix}.weight"),
                    "must be between 1 and 1000",
                ));
            }
            let content = match variant.template_id {
                Some(template_id) => match templates::get(&mut **tx, scope, template_id).await {
                    Ok(template) if template.workspace_id == workspace_id => {
                        let mut content = template.content();
                        if index > 0 && variant.subject.is_empty() {
                            content.subject.clear();
                        }
                        content
                    }
                    _ => {
                        errors.push(FieldError::new(
                            format!("{prefix}.template_id"),
                            "no such template in the workspace",
                        ));
                        continue;
                    }
                },
                None => variant.content(),
            };
            errors.extend(templates::check(&content, &prefix, &known, index == 0));
        }
    }
    Ok(errors)
}

async fn check_mailboxes(
    tx: &mut Transaction<'_, Postgres>,
    scope: &TenantScope,
    workspace_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<FieldError>> {
    let found: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM mailboxes WHERE tenant_id = $1 AND workspace_id = $2 AND id = ANY($3)",
    )
    .bind(scope.tenant_id())
    .bind(workspace_id)
    .bind(ids)
    .fetch_all(&mut **tx)
    .await?;
    Ok(ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !found.contains(id))
        .map(|(i, _)| {
            FieldError::new(
                format!("mailbox_ids[{i}]"),
                "no such mailbox in the workspace",
            )
        })
        .collect())
}

async fn set_mailboxes(
    tx: &mut Transaction<'_, Postgres>,
    campaign_id: Uuid,
    ids: &[Uuid],
) -> Result<()> {
    sqlx::query("DELETE FROM campaign_mailboxes WHERE campaign_id = $1")
        .bind(campaign_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO campaign_mailboxes (campaign_id, mailbox_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING")
        .bind(campaign_id)
        .bind(ids)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn create(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    input: &CampaignInput,
) -> Result<Campaign> {
    let mut errors = Vec::new();
    let workspace_id = input
        .workspace_id
        .ok_or_else(|| Error::invalid("workspace_id", "is required"))?;
    let name = crate::types::Name::parse("name", input.name.as_deref().unwrap_or_default())
        .map_err(|e| errors.push(e))
        .ok();
    let schedule = input.schedule.clone().unwrap_or_default();
    if let Err(problems) = Schedule::parse("schedule", &schedule) {
        errors.extend(problems);
    }
    let daily_limit = input.daily_limit.unwrap_or(100);
    if !(0..=1_000_000).contains(&daily_limit) {
        errors.push(FieldError::new(
            "daily_limit",
            "must be between 0 and 1000000",
        ));
    }
    let steps = input.steps.clone().unwrap_or_default();
    let mailbox_ids = input.mailbox_ids.clone().unwrap_or_default();

    let mut tx = pool.begin().await?;
    super::workspaces::lock_in(&mut tx, scope, workspace_id).await?;
    errors.extend(check_steps(&mut tx, scope, workspace_id, &steps).await?);
    errors.extend(check_mailboxes(&mut tx, scope, workspace_id, &mailbox_ids).await?);
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO campaigns (id, tenant_id, workspace_id, name, schedule, daily_limit, steps, \
         stop_on_reply, stop_on_auto_reply, stop_on_bounce, stop_on_unsubscribe, stop_company_on_reply, \
         track_opens, track_clicks) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(id)
    .bind(scope.tenant_id())
    .bind(workspace_id)
    .bind(name.as_str())
    .bind(sqlx::types::Json(&schedule))
    .bind(daily_limit)
    .bind(sqlx::types::Json(&steps))
    .bind(input.stop_on_reply.unwrap_or(true))
    .bind(input.stop_on_auto_reply.unwrap_or(false))
    .bind(input.stop_on_bounce.unwrap_or(true))
    .bind(input.stop_on_unsubscribe.unwrap_or(true))
    .bind(input.stop_company_on_reply.unwrap_or(false))
    .bind(input.track_opens.unwrap_or(true))
    .bind(input.track_clicks.unwrap_or(true))
    .execute(&mut *tx)
    .await?;
    set_mailboxes(&mut tx, id, &mailbox_ids).await?;
    audit::record(
        &mut tx,
        actor,
        audit_entry(
            scope,
            id,
            "campaign.create",
            json!({ "name": name.as_str() }),
        ),
    )
    .await?;
    let campaign = load(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(campaign.into())
}

pub(crate) async fn load(
    tx: &mut Transaction<'_, Postgres>,
    scope: &TenantScope,
    id: Uuid,
) -> Result<CampaignRow> {
    let sql = format!("{SELECT} WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE OF c");
    sqlx::query_as::<_, CampaignRow>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(Error::NotFound("campaign"))
}

pub async fn get(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Campaign> {
    let sql = format!("{SELECT} WHERE c.tenant_id = $1 AND c.id = $2");
    let row = sqlx::query_as::<_, CampaignRow>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("campaign"))?;
    Ok(row.into())
}

#[derive(Debug, Default, Clone)]
pub struct CampaignFilter {
    pub workspace_id: Option<Uuid>,
    pub status: Option<String>,
}

pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    filter: &CampaignFilter,
    page: PageRequest,
) -> Result<Page<Campaign>> {
    let sql = format!(
        "{SELECT} WHERE c.tenant_id = $1 AND ($2::uuid IS NULL OR c.workspace_id = $2) \
         AND ($3::text IS NULL OR c.status = $3) AND ($4::uuid IS NULL OR c.id > $4) \
         ORDER BY c.id LIMIT $5"
    );
    let rows = sqlx::query_as::<_, CampaignRow>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(filter.workspace_id)
        .bind(&filter.status)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    let rows: Vec<Campaign> = rows.into_iter().map(Campaign::from).collect();
    Ok(Page::from_rows(rows, page, |c| c.id))
}

pub async fn update(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
    input: &CampaignInput,
) -> Result<Campaign> {
    let mut tx = pool.begin().await?;
    let current = load(&mut tx, scope, id).await?;
    if input
        .workspace_id
        .is_some_and(|w| w != current.workspace_id)
    {
        return Err(Error::invalid(
            "workspace_id",
            "a campaign cannot move between workspaces",
        ));
    }
    match current.status.as_str() {
        "completed" | "archived" => {
            return Err(Error::Conflict(format!(
                "a {} campaign cannot be changed",
                current.status
            )));
        }
        "active" | "paused" if input.steps.is_some() => {
            return Err(Error::Conflict(
                "steps can only be changed while the campaign is a draft; duplicate it to change a running sequence".into(),
            ));
        }
        _ => {}
    }
    let mut errors = Vec::new();
    let name = match &input.name {
        Some(name) => crate::types::Name::parse("name", name)
            .map_err(|e| errors.push(e))
            .ok()
            .map(|n| n.to_string()),
        None => Some(current.name.clone()),
    };
    let schedule = input.schedule.clone().unwrap_or(current.schedule.0.clone());
    if let Err(problems) = Schedule::parse("schedule", &schedule) {
        errors.extend(problems);
    }
    let daily_limit = input.daily_limit.unwrap_or(current.daily_limit);
    if !(0..=1_000_000).contains(&daily_limit) {
        errors.push(FieldError::new(
            "daily_limit",
            "must be between 0 and 1000000",
        ));
    }
    let steps = input.steps.clone().unwrap_or(current.steps.0.clone());
    if input.steps.is_some() {
        errors.extend(check_steps(&mut tx, scope, current.workspace_id, &steps).await?);
    }
    if let Some(ids) = &input.mailbox_ids {
        errors.extend(check_mailboxes(&mut tx, scope, current.workspace_id, ids).await?);
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    sqlx::query(
        "UPDATE campaigns SET name = $3, schedule = $4, daily_limit = $5, steps = $6, \
         stop_on_reply = coalesce($7, stop_on_reply), stop_on_auto_reply = coalesce($8, stop_on_auto_reply), \
         stop_on_bounce = coalesce($9, stop_on_bounce), stop_on_unsubscribe = coalesce($10, stop_on_unsubscribe), \
         stop_company_on_reply = coalesce($11, stop_company_on_reply), \
         track_opens = coalesce($12, track_opens), track_clicks = coalesce($13, track_clicks), \
         updated_at = now() \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .bind(&name)
    .bind(sqlx::types::Json(&schedule))
    .bind(daily_limit)
    .bind(sqlx::types::Json(&steps))
    .bind(input.stop_on_reply)
    .bind(input.stop_on_auto_reply)
    .bind(input.stop_on_bounce)
    .bind(input.stop_on_unsubscribe)
    .bind(input.stop_company_on_reply)
    .bind(input.track_opens)
    .bind(input.track_clicks)
    .execute(&mut *tx)
    .await?;
    if let Some(ids) = &input.mailbox_ids {
        set_mailboxes(&mut tx, id, ids).await?;
    }
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, id, "campaign.update", json!({})),
    )
    .await?;
    let campaign = load(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(campaign.into())
}

pub async fn delete(pool: &PgPool, scope: &TenantScope, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    let current = load(&mut tx, scope, id).await?;
    if current.status == "active" {
        return Err(Error::Conflict(
            "pause the campaign before deleting it".into(),
        ));
    }
    sqlx::query("DELETE FROM campaigns WHERE tenant_id = $1 AND id = $2")
        .bind(scope.tenant_id())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        audit_entry(
            scope,
            id,
            "campaign.delete",
            json!({ "name": current.name }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A lifecycle move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Start,
    Pause,
    Resume,
    Archive,
}

pub async fn transition(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
    to: Transition,
) -> Result<Campaign> {
    let mut tx = pool.begin().await?;
    let current = load(&mut tx, scope, id).await?;
    let (allowed, next, action) = match to {
        Transition::Start => (&["draft"][..], "active", "campaign.start"),
        Transition::Pause => (&["active"][..], "paused", "campaign.pause"),
        Transition::Resume => (&["paused"][..], "active", "campaign.resume"),
        Transition::Archive => (
            &["draft", "paused", "completed"][..],
            "archived",
            "campaign.archive",
        ),
    };
    if !allowed.contains(&current.status.as_str()) {
        return Err(Error::Conflict(format!(
            "a {} campaign cannot be {}",
            current.status,
            match to {
                Transition::Start => "started (only drafts can)",
                Transition::Pause => "paused (only active ones can)",
                Transition::Resume => "resumed (only paused ones can)",
                Transition::Archive => "archived (pause it first)",
            }
        )));
    }
    if matches!(to, Transition::Start | Transition::Resume) {
        let mut errors =
            check_steps(&mut tx, scope, current.workspace_id, &current.steps.0).await?;
        if current.mailbox_ids.is_empty() {
            errors.push(FieldError::new(
                "mailbox_ids",
                "add at least one mailbox to send from",
            ));
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
    }
    sqlx::query(
        "UPDATE campaigns SET status = $3, updated_at = now(), \
         started_at = CASE WHEN $3 = 'active' THEN coalesce(started_at, now()) ELSE started_at END \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .bind(next)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, id, action, json!({ "from": current.status })),
    )
    .await?;
    let campaign = load(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(campaign.into())
}

/// Checks that leads may be enrolled into the campaign from this workspace.
pub(crate) async fn check_enrollable(
    tx: &mut Transaction<'_, Postgres>,
    scope: &TenantScope,
    campaign_id: Uuid,
    workspace_id: Uuid,
) -> Result<()> {
    let campaign = load(tx, scope, campaign_id)
        .await
        .map_err(|_| Error::invalid("campaign_id", "no such campaign"))?;
    if campaign.workspace_id != workspace_id {
        return Err(Error::invalid(
            "campaign_id",
            "the campaign belongs to another workspace",
        ));
    }
    if matches!(campaign.status.as_str(), "completed" | "archived") {
        return Err(Error::Conflict(format!(
            "a {} campaign takes no new leads",
            campaign.status
        )));
    }
    Ok(())
}

/// Enrolls leads of the campaign's workspace, skipping suppressed ones and those already in.
/// Returns how many were enrolled.
pub(crate) async fn enroll_ids(
    tx: &mut Transaction<'_, Postgres>,
    scope: &TenantScope,
    campaign_id: Uuid,
    lead_ids: &[Uuid],
) -> Result<u64> {
    let result = sqlx::query(
        "INSERT INTO enrollments (id, tenant_id, campaign_id, lead_id) \
         SELECT gen_random_uuid(), $1, $2, l.id FROM leads l \
         JOIN campaigns c ON c.id = $2 AND c.tenant_id = $1 AND c.workspace_id = l.workspace_id \
         WHERE l.tenant_id = $1 AND l.id = ANY($3) \
         AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = $1 AND ( \
             (s.kind = 'address' AND s.value = l.email_key) OR (s.kind = 'domain' AND s.value = l.domain))) \
         ON CONFLICT (campaign_id, lead_id) DO NOTHING",
    )
    .bind(scope.tenant_id())
    .bind(campaign_id)
    .bind(lead_ids)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}

/// Which leads to enroll.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// These leads.
    pub lead_ids: Option<Vec<Uuid>>,
    /// Or every lead of the workspace matching this filter (`{}` for all).
    pub filter: Option<EnrollFilter>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollFilter {
    /// Only addresses containing this text.
    pub email: Option<String>,
    pub company: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EnrollReport {
    /// Newly enrolled.
    pub enrolled: u64,
    /// Asked for but not enrolled: already in the campaign, suppressed, or not in its workspace.
    pub skipped: u64,
}

pub async fn enroll(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    campaign_id: Uuid,
    request: &EnrollRequest,
) -> Result<EnrollReport> {
    let mut tx = pool.begin().await?;
    let campaign = load(&mut tx, scope, campaign_id).await?;
    check_enrollable(&mut tx, scope, campaign_id, campaign.workspace_id).await?;
    let ids: Vec<Uuid> = match (&request.lead_ids, &request.filter) {
        (Some(ids), None) => ids.clone(),
        (None, Some(filter)) => {
            sqlx::query_scalar(
                "SELECT id FROM leads WHERE tenant_id = $1 AND workspace_id = $2 \
             AND ($3::text IS NULL OR strpos(email_key, lower($3)) > 0) \
             AND ($4::text IS NULL OR lower(company) = lower($4))",
            )
            .bind(scope.tenant_id())
            .bind(campaign.workspace_id)
            .bind(&filter.email)
            .bind(&filter.company)
            .fetch_all(&mut *tx)
            .await?
        }
        _ => return Err(Error::invalid("lead_ids", "give either lead_ids or filter")),
    };
    let enrolled = enroll_ids(&mut tx, scope, campaign_id, &ids).await?;
    let details = json!({ "asked": ids.len(), "enrolled": enrolled });
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, campaign_id, "campaign.enroll", details),
    )
    .await?;
    tx.commit().await?;
    Ok(EnrollReport {
        enrolled,
        skipped: ids.len() as u64 - enrolled,
    })
}

/// What to do with a lead that needs attention (its last send's outcome is unknown, or its step
/// could not be rendered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    /// Count the step as done and go on with the next one.
    Skip,
    /// Send the step again. For an unknown outcome this may deliver the message twice.
    Retry,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    pub action: Resolution,
}

/// Puts a lead in `attention` back on its way, as a person decided.
pub async fn resolve_enrollment(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    campaign_id: Uuid,
    enrollment_id: Uuid,
    action: Resolution,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    // Not `FOR UPDATE`: the dispatcher may hold this enrollment while it inserts a send, whose
    // foreign key takes a key-share lock on the campaign that `FOR UPDATE` would block.
    let sql = format!("{SELECT} WHERE c.tenant_id = $1 AND c.id = $2 FOR NO KEY UPDATE OF c");
    let campaign = sqlx::query_as::<_, CampaignRow>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(campaign_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("campaign"))?;
    let row: Option<(String, i32)> = sqlx::query_as(
        "SELECT status, next_step FROM enrollments \
         WHERE tenant_id = $1 AND campaign_id = $2 AND id = $3 FOR UPDATE",
    )
    .bind(scope.tenant_id())
    .bind(campaign_id)
    .bind(enrollment_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, step) = row.ok_or(Error::NotFound("enrollment"))?;
    if status != "attention" {
        return Err(Error::Conflict(format!(
            "the enrollment is {status}, not waiting for attention"
        )));
    }
    match action {
        Resolution::Skip => {
            let next = campaign
                .steps
                .0
                .get(step as usize + 1)
                .map(|s| s.delay.as_minutes());
            sqlx::query(
                "UPDATE enrollments e SET next_step = next_step + 1, current_send_id = NULL, \
                 status = CASE WHEN $2::bigint IS NULL THEN 'completed' ELSE 'active' END, \
                 next_at = CASE WHEN $2::bigint IS NULL THEN NULL \
                     ELSE now() + make_interval(mins => $2::int) END, \
                 reason = NULL, updated_at = now(), \
                 message_ids = CASE WHEN s.status = 'ambiguous' \
                     THEN array_append(e.message_ids, s.message_id) ELSE e.message_ids END \
                 FROM sends s WHERE e.id = $1 AND s.enrollment_id = e.id AND s.step = e.next_step",
            )
            .bind(enrollment_id)
            .bind(next)
            .execute(&mut *tx)
            .await?;
        }
        Resolution::Retry => {
            // The step's ledger row goes back to the queue; only this decision can do that.
            let send: Option<Uuid> = sqlx::query_scalar(
                "UPDATE sends SET status = 'queued', claim = NULL, data_at = NULL, \
                 enqueued_at = NULL, next_attempt_at = NULL, finished_at = NULL \
                 WHERE enrollment_id = $1 AND step = $2 AND status IN ('ambiguous', 'cancelled') \
                 RETURNING id",
            )
            .bind(enrollment_id)
            .bind(step)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE enrollments SET status = 'active', current_send_id = $2, reason = NULL, \
                 next_at = NULL, updated_at = now() WHERE id = $1",
            )
            .bind(enrollment_id)
            .bind(send)
            .execute(&mut *tx)
            .await?;
        }
    }
    let details =
        json!({ "enrollment_id": enrollment_id, "action": format!("{action:?}").to_lowercase() });
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, campaign_id, "campaign.resolve", details),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! Templates: reusable subjects and bodies with merge tags and spintax, and the checking and
//! rendering every message goes through, whether it comes from a template or is written into a
//! campaign step.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::error::{Error, FieldError, Result};
use crate::page::{Page, PageRequest};
use crate::tenant::leads::{self, Lead, STANDARD_FIELDS};
use crate::tenant::template::{self, MissingVariable};

/// Variables every message can use besides the lead's fields.
pub const SYSTEM_VARIABLES: &[&str] = &[
    "full_name",
    "sender_name",
    "sender_first_name",
    "sender_email",
    "signature",
    "unsubscribe_url",
];

/// A subject and body pair to check or render.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Content {
    pub subject: String,
    #[serde(default)]
    pub body_html: Option<String>,
    #[serde(default)]
    pub body_text: Option<String>,
}

/// The names templates in a workspace may use: the standard and system variables and every
/// custom field of the workspace's leads.
pub async fn known_variables(
    executor: impl sqlx::PgExecutor<'_>,
    tenant_id: Uuid,
    workspace_id: Uuid,
) -> Result<BTreeSet<String>> {
    let custom: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT jsonb_object_keys(custom) FROM leads WHERE tenant_id = $1 AND workspace_id = $2",
    )
    .bind(tenant_id)
    .bind(workspace_id)
    .fetch_all(executor)
    .await?;
    let mut known: BTreeSet<String> = custom.into_iter().collect();
    known.extend(
        STANDARD_FIELDS
            .iter()
            .chain(SYSTEM_VARIABLES)
            .map(|s| (*s).to_owned()),
    );
    Ok(known)
}

/// Every problem with `content`: syntax errors and unknown variables, each with its position.
/// `subject_required` is false for follow-ups, whose empty subject means "reply in the thread".
pub fn check(
    content: &Content,
    prefix: &str,
    known: &BTreeSet<String>,
    subject_required: bool,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let field = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    if subject_required && content.subject.trim().is_empty() {
        errors.push(FieldError::new(field("subject"), "must not be empty"));
    }
    let html = content
        .body_html
        .as_deref()
        .filter(|b| !b.trim().is_empty());
    let text = content
        .body_text
        .as_deref()
        .filter(|b| !b.trim().is_empty());
    if html.is_none() && text.is_none() {
        errors.push(FieldError::new(
            field("body_html"),
            "write body_html, body_text or both",
        ));
    }
    for (name, source) in [
        ("subject", Some(content.subject.as_str())),
        ("body_html", html),
        ("body_text", text),
    ] {
        let Some(source) = source else { continue };
        match template::parse(source) {
            Ok(parsed) => {
                for used in parsed.variables() {
                    if !known.contains(&used.name) {
                        errors.push(FieldError::new(
                            field(name),
                            format!(
                                "line {}, column {}: unknown variable {{{{{}}}}}; known: {}",
                                used.line,
                                used.column,
                                used.name,
                                known.iter().cloned().collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    }
                }
            }
            Err(problems) => {
                errors.extend(
                    problems
                        .into_iter()
                        .map(|p| FieldError::new(field(name), p.to_string())),
                );
            }
        }
    }
    errors
}

/// A rendered message.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rendered {
    pub subject: String,
    pub html: Option<String>,
    pub text: String,
}

/// Why content cannot be rendered for a lead.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Missing(String),
    #[error("the content has errors: {0}")]
    Syntax(String),
}

impl From<MissingVariable> for RenderError {
    fn from(missing: MissingVariable) -> Self {
        Self::Missing(missing.to_string())
    }
}

/// The values of the system variables for one message.
#[derive(Debug, Clone, Default)]
pub struct SystemValues {
    pub sender_name: String,
    pub sender_email: String,
    pub signature: String,
    pub unsubscribe_url: String,
}

/// Renders `content` for `lead`. Spintax choices depend only on the seeds, so a preview with
/// the same campaign, lead and step equals what is sent.
pub fn render(
    content: &Content,
    lead: &Lead,
    system: &SystemValues,
    seeds: (Uuid, Uuid, u32),
) -> std::result::Result<Rendered, RenderError> {
    let lookup = |name: &str| -> Option<String> {
        let value = match name {
            "sender_name" => Some(system.sender_name.clone()),
            "sender_first_name" => system
                .sender_name
                .split_whitespace()
                .next()
                .map(str::to_owned),
            "sender_email" => Some(system.sender_email.clone()),
            "signature" => Some(system.signature.clone()),
            "unsubscribe_url" => Some(system.unsubscribe_url.clone()),
            other => lead.variable(other),
        };
        value.filter(|v| !v.trim().is_empty())
    };
    let (campaign, lead_id, step) = seeds;
    let parse = |source: &str| {
        template::parse(source).map_err(|errors| {
            RenderError::Syntax(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
    };
    let subject = parse(&content.subject)?
        .render(&lookup, template::seed(campaign, lead_id, step, "subject"))?;
    let html = match content
        .body_html
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    {
        Some(source) => Some(
            parse(source)?.render_html(&lookup, template::seed(campaign, lead_id, step, "html"))?,
        ),
        None => None,
    };
    let text = match content
        .body_text
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    {
        Some(source) => {
            parse(source)?.render(&lookup, template::seed(campaign, lead_id, step, "text"))?
        }
        None => template::html_to_text(html.as_deref().unwrap_or_default()),
    };
    Ok(Rendered {
        subject: subject.trim().to_owned(),
        html,
        text,
    })
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Template {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub name: String,
    pub subject: String,
    pub body_html: Option<String>,
    pub body_text: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Template {
    pub fn content(&self) -> Content {
        Content {
            subject: self.subject.clone(),
            body_html: self.body_html.clone(),
            body_text: self.body_text.clone(),
        }
    }
}

const COLUMNS: &str =
    "id, workspace_id, name, subject, body_html, body_text, created_at, updated_at";

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    pub workspace_id: Option<Uuid>,
    pub name: Option<String>,
    pub subject: Option<String>,
    pub body_html: Option<String>,
    pub body_text: Option<String>,
}

fn audit_entry(scope: &TenantScope, id: Uuid, action: &'static str) -> Entry<'static> {
    Entry::about(scope, "template", id, action, json!({}))
}

pub async fn create(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    input: &TemplateInput,
) -> Result<Template> {
    let Some(workspace_id) = input.workspace_id else {
        return Err(Error::invalid("workspace_id", "is required"));
    };
    let name = crate::types::Name::parse("name", input.name.as_deref().unwrap_or_default())
        .map_err(|e| Error::Invalid(vec![e]))?;
    let content = Content {
        subject: input.subject.clone().unwrap_or_default(),
        body_html: input.body_html.clone(),
        body_text: input.body_text.clone(),
    };

    let mut tx = pool.begin().await?;
    super::workspaces::lock_in(&mut tx, scope, workspace_id).await?;
    let known = known_variables(&mut *tx, scope.tenant_id(), workspace_id).await?;
    let errors = check(&content, "", &known, true);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let sql = format!(
        "INSERT INTO templates (id, tenant_id, workspace_id, name, subject, body_html, body_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
    );
    let template = sqlx::query_as::<_, Template>(sqlx::AssertSqlSafe(sql))
        .bind(Uuid::now_v7())
        .bind(scope.tenant_id())
        .bind(workspace_id)
        .bind(name.as_str())
        .bind(&content.subject)
        .bind(&content.body_html)
        .bind(&content.body_text)
        .fetch_one(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, template.id, "template.create"),
    )
    .await?;
    tx.commit().await?;
    Ok(template)
}

pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    workspace_id: Option<Uuid>,
    page: PageRequest,
) -> Result<Page<Template>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM templates WHERE tenant_id = $1 \
         AND ($2::uuid IS NULL OR workspace_id = $2) AND ($3::uuid IS NULL OR id > $3) \
         ORDER BY id LIMIT $4"
    );
    let rows = sqlx::query_as::<_, Template>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(workspace_id)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |t| t.id))
}

pub async fn get(
    executor: impl sqlx::PgExecutor<'_>,
    scope: &TenantScope,
    id: Uuid,
) -> Result<Template> {
    let sql = format!("SELECT {COLUMNS} FROM templates WHERE tenant_id = $1 AND id = $2");
    sqlx::query_as::<_, Template>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(Error::NotFound("template"))
}

pub async fn update(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
    input: &TemplateInput,
) -> Result<Template> {
    if input.workspace_id.is_some() {
        return Err(Error::invalid(
            "workspace_id",
            "a template cannot move between workspaces",
        ));
    }
    let mut tx = pool.begin().await?;
    let current = get(&mut *tx, scope, id).await?;
    let name = match &input.name {
        Some(name) => crate::types::Name::parse("name", name)
            .map_err(|e| Error::Invalid(vec![e]))?
            .to_string(),
        None => current.name.clone(),
    };
    let content = Content {
        subject: input.subject.clone().unwrap_or(current.subject),
        body_html: input.body_html.clone().or(current.body_html),
        body_text: input.body_text.clone().or(current.body_text),
    };
    let known = known_variables(&mut *tx, scope.tenant_id(), current.workspace_id).await?;
    let errors = check(&content, "", &known, true);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let sql = format!(
        "UPDATE templates SET name = $3, subject = $4, body_html = $5, body_text = $6, \
         updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    let template = sqlx::query_as::<_, Template>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .bind(name)
        .bind(&content.subject)
        .bind(&content.body_html)
        .bind(&content.body_text)
        .fetch_one(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, audit_entry(scope, id, "template.update")).await?;
    tx.commit().await?;
    Ok(template)
}

pub async fn delete(pool: &PgPool, scope: &TenantScope, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    let in_use: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM campaigns c, jsonb_array_elements(c.steps) s, \
         jsonb_array_elements(s->'variants') v WHERE c.tenant_id = $1 AND v->>'template_id' = $2::text)",
    )
    .bind(scope.tenant_id())
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if in_use {
        return Err(Error::Conflict(
            "a campaign uses this template; remove it from the campaign first".into(),
        ));
    }
    super::delete_owned(
        &mut tx,
        scope,
        actor,
        "templates",
        "template",
        "template.delete",
        id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Who a preview is for: a stored lead, or fields given inline.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub lead_id: Option<Uuid>,
    /// Inline lead fields (`first_name`, `company`, any custom field...).
    #[schema(value_type = Option<Object>)]
    pub lead: Option<std::collections::BTreeMap<String, String>>,
    /// Preview as sent by this campaign (spintax choices depend on it).
    pub campaign_id: Option<Uuid>,
    /// The step index (0-based) the preview stands for.
    #[serde(default)]
    pub step: u32,
}

pub async fn preview(
    pool: &PgPool,
    scope: &TenantScope,
    id: Uuid,
    request: &PreviewRequest,
) -> Result<Rendered> {
    let template = get(pool, scope, id).await?;
    let lead = match (request.lead_id, &request.lead) {
        (Some(lead_id), _) => leads::get(pool, scope, lead_id).await?,
        (None, Some(fields)) => inline_lead(template.workspace_id, fields),
        (None, None) => {
            return Err(Error::invalid(
                "lead_id",
                "give a lead_id or inline lead fields",
            ));
        }
    };
    let system = SystemValues {
        sender_name: "Sender Name".into(),
        sender_email: "sender@example.com".into(),
        signature: String::new(),
        unsubscribe_url: "https://example.com/unsubscribe".into(),
    };
    let seeds = (
        request.campaign_id.unwrap_or(Uuid::nil()),
        lead.id,
        request.step,
    );
    render(&template.content(), &lead, &system, seeds)
        .map_err(|err| Error::invalid("lead", err.to_string()))
}

fn inline_lead(workspace_id: Uuid, fields: &std::collections::BTreeMap<String, String>) -> Lead {
    let get = |name: &str| fields.get(name).cloned();
    let custom = fields
        .iter()
        .filter(|(k, _)| !STANDARD_FIELDS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    Lead {
        id: Uuid::nil(),
        workspace_id,
        email: get("email").unwrap_or_else(|| "lead@example.com".into()),
        first_name: get("first_name"),
        last_name: get("last_name"),
        company: get("company"),
        title: get("title"),
        phone: get("phone"),
        website: get("website"),
        timezone: get("timezone"),
        custom: serde_json::Value::Object(custom),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

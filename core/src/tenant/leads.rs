//! Leads: the people a workspace writes to, and the CSV import that brings them in.
//!
//! Leads are unique per workspace by address, ignoring case. An import streams: a blocking
//! thread parses the file and hands batches over a bounded channel to the writer, so memory stays
//! flat however large the file is, and every row ends in exactly one bucket of the report.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::TenantScope;
use crate::email::EmailAddress;
use crate::error::{Error, FieldError, Result};
use crate::page::{Page, PageRequest};
use crate::tenant::lead_csv::{LeadCsv, LeadRecord, Mapping, Row};
use crate::tenant::suppressions;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Lead {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub timezone: Option<String>,
    /// Any other fields, usable in templates as `{{name}}`.
    #[schema(value_type = Object)]
    pub custom: Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const COLUMNS: &str = "id, workspace_id, email, first_name, last_name, company, \
    title, phone, website, timezone, custom, created_at, updated_at";

/// The standard fields a lead has besides custom ones, as template variables.
pub const STANDARD_FIELDS: &[&str] = &[
    "email",
    "first_name",
    "last_name",
    "company",
    "title",
    "phone",
    "website",
    "timezone",
];

impl Lead {
    /// The value of a template variable for this lead: a standard field, `full_name`, or a
    /// custom field.
    pub fn variable(&self, name: &str) -> Option<String> {
        let value = match name {
            "email" => Some(self.email.clone()),
            "first_name" => self.first_name.clone(),
            "last_name" => self.last_name.clone(),
            "full_name" => {
                let parts: Vec<&str> = [&self.first_name, &self.last_name]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }
            "company" => self.company.clone(),
            "title" => self.title.clone(),
            "phone" => self.phone.clone(),
            "website" => self.website.clone(),
            "timezone" => self.timezone.clone(),
            other => match self.custom.get(other) {
                Some(Value::String(text)) => Some(text.clone()),
                Some(Value::Null) | None => None,
                Some(other) => Some(other.to_string()),
            },
        };
        value.filter(|v| !v.trim().is_empty())
    }
}

/// A lead as the API accepts it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadInput {
    pub workspace_id: Option<Uuid>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub timezone: Option<String>,
    /// Custom fields (strings); on update they are merged into the existing ones.
    #[schema(value_type = Option<Object>)]
    pub custom: Option<BTreeMap<String, String>>,
}

fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn check_custom(custom: &Option<BTreeMap<String, String>>, errors: &mut Vec<FieldError>) {
    for key in custom.iter().flat_map(|c| c.keys()) {
        let valid = !key.is_empty()
            && key.len() <= 64
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !STANDARD_FIELDS.contains(&key.as_str());
        if !valid {
            errors.push(FieldError::new(
                format!("custom.{key}"),
                "custom field names use letters, digits and _ and differ from the standard fields",
            ));
        }
    }
}

fn audit_entry(
    scope: &TenantScope,
    id: Uuid,
    action: &'static str,
    details: serde_json::Value,
) -> Entry<'static> {
    Entry::about(scope, "lead", id, action, details)
}

pub async fn create(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    input: &LeadInput,
) -> Result<Lead> {
    let mut errors = Vec::new();
    if input.workspace_id.is_none() {
        errors.push(FieldError::new("workspace_id", "is required"));
    }
    let email = match input.email.as_deref() {
        Some(email) => EmailAddress::parse(email)
            .map_err(|err| errors.push(FieldError::new("email", err.reason())))
            .ok(),
        None => {
            errors.push(FieldError::new("email", "is required"));
            None
        }
    };
    check_custom(&input.custom, &mut errors);
    let (Some(workspace_id), Some(email), true) = (input.workspace_id, email, errors.is_empty())
    else {
        return Err(Error::Invalid(errors));
    };

    let mut tx = pool.begin().await?;
    super::workspaces::lock_in(&mut tx, scope, workspace_id).await?;
    let suppressed =
        suppressions::suppressed_among(&mut *tx, scope.tenant_id(), &[email.normalized()]).await?;
    if !suppressed.is_empty() {
        return Err(Error::Conflict(
            "the address is on the suppression list".to_owned(),
        ));
    }
    let sql = format!(
        "INSERT INTO leads (id, tenant_id, workspace_id, email, email_key, domain, first_name, \
         last_name, company, title, phone, website, timezone, custom) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING {COLUMNS}"
    );
    let lead = sqlx::query_as::<_, Lead>(sqlx::AssertSqlSafe(sql))
        .bind(Uuid::now_v7())
        .bind(scope.tenant_id())
        .bind(workspace_id)
        .bind(email.as_str())
        .bind(email.normalized())
        .bind(email.domain())
        .bind(clean(&input.first_name))
        .bind(clean(&input.last_name))
        .bind(clean(&input.company))
        .bind(clean(&input.title))
        .bind(clean(&input.phone))
        .bind(clean(&input.website))
        .bind(clean(&input.timezone))
        .bind(json!(input.custom.clone().unwrap_or_default()))
        .fetch_one(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        audit_entry(
            scope,
            lead.id,
            "lead.create",
            json!({ "workspace_id": workspace_id }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(lead)
}

/// Which leads to list.
#[derive(Debug, Default, Clone)]
pub struct LeadFilter {
    pub workspace_id: Option<Uuid>,
    /// Only addresses containing this text.
    pub email: Option<String>,
    pub company: Option<String>,
    /// Only leads enrolled in this campaign.
    pub campaign_id: Option<Uuid>,
}

pub async fn list(
    pool: &PgPool,
    scope: &TenantScope,
    filter: &LeadFilter,
    page: PageRequest,
) -> Result<Page<Lead>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM leads l WHERE tenant_id = $1 \
         AND ($2::uuid IS NULL OR workspace_id = $2) \
         AND ($3::text IS NULL OR strpos(email_key, lower($3)) > 0) \
         AND ($4::text IS NULL OR lower(company) = lower($4)) \
         AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM enrollments e \
              WHERE e.lead_id = l.id AND e.campaign_id = $5)) \
         AND ($6::uuid IS NULL OR id > $6) ORDER BY id LIMIT $7"
    );
    let rows = sqlx::query_as::<_, Lead>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(filter.workspace_id)
        .bind(&filter.email)
        .bind(&filter.company)
        .bind(filter.campaign_id)
        .bind(page.after)
        .bind(page.fetch())
        .fetch_all(pool)
        .await?;
    Ok(Page::from_rows(rows, page, |l| l.id))
}

pub async fn get(pool: &PgPool, scope: &TenantScope, id: Uuid) -> Result<Lead> {
    let sql = format!("SELECT {COLUMNS} FROM leads WHERE tenant_id = $1 AND id = $2");
    sqlx::query_as::<_, Lead>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Error::NotFound("lead"))
}

pub async fn update(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    id: Uuid,
    input: &LeadInput,
) -> Result<Lead> {
    let mut errors = Vec::new();
    if input.workspace_id.is_some() {
        errors.push(FieldError::new(
            "workspace_id",
            "a lead cannot move between workspaces",
        ));
    }
    let email = match input.email.as_deref() {
        Some(email) => EmailAddress::parse(email)
            .map_err(|err| errors.push(FieldError::new("email", err.reason())))
            .ok(),
        None => None,
    };
    check_custom(&input.custom, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }

    let mut tx = pool.begin().await?;
    let sql = format!(
        "UPDATE leads SET email = coalesce($3, email), email_key = coalesce($4, email_key), \
         domain = coalesce($5, domain), first_name = coalesce($6, first_name), \
         last_name = coalesce($7, last_name), company = coalesce($8, company), \
         title = coalesce($9, title), phone = coalesce($10, phone), \
         website = coalesce($11, website), timezone = coalesce($12, timezone), \
         custom = custom || coalesce($13, '{{}}'::jsonb), updated_at = now() \
         WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    let lead = sqlx::query_as::<_, Lead>(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_id())
        .bind(id)
        .bind(email.as_ref().map(EmailAddress::as_str))
        .bind(email.as_ref().map(EmailAddress::normalized))
        .bind(email.as_ref().map(EmailAddress::domain))
        .bind(clean(&input.first_name))
        .bind(clean(&input.last_name))
        .bind(clean(&input.company))
        .bind(clean(&input.title))
        .bind(clean(&input.phone))
        .bind(clean(&input.website))
        .bind(clean(&input.timezone))
        .bind(input.custom.as_ref().map(|c| json!(c)))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("lead"))?;
    audit::record(
        &mut tx,
        actor,
        audit_entry(scope, id, "lead.update", json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(lead)
}

pub async fn delete(pool: &PgPool, scope: &TenantScope, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    super::delete_owned(&mut tx, scope, actor, "leads", "lead", "lead.delete", id).await?;
    tx.commit().await?;
    Ok(())
}

/// One row the import could not take.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InvalidRow {
    /// The line of the file where the row starts (1-based).
    pub line: u64,
    pub reason: String,
}

/// Where every row of an import went. Each row is counted in exactly one bucket.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// New leads.
    pub imported: u64,
    /// Leads that existed and were updated.
    pub updated: u64,
    /// Rows repeating an address seen earlier in the same file.
    pub duplicate: u64,
    /// Rows whose address or domain is on the suppression list.
    pub suppressed: u64,
    /// Rows with no address.
    pub no_email: u64,
    /// Rows with an address that is not valid, with their line and why (the first 1000).
    pub invalid: Vec<InvalidRow>,
    pub invalid_count: u64,
    /// Leads enrolled into the campaign given, when one was.
    pub enrolled: u64,
    /// The columns as read, and what each became.
    pub columns: Vec<ImportColumn>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportColumn {
    pub header: String,
    pub field: String,
}

const MAX_INVALID_LISTED: usize = 1000;
const BATCH: usize = 500;

/// Where an import goes and how its columns are read.
#[derive(Debug, Clone)]
pub struct ImportTarget {
    pub workspace_id: Uuid,
    /// Also enroll the leads into this campaign.
    pub campaign_id: Option<Uuid>,
    pub mapping: Mapping,
}

/// Imports a CSV into a workspace, optionally enrolling the leads into a campaign.
/// `progress` is called with the number of rows handled so far.
pub async fn import<R>(
    pool: &PgPool,
    scope: &TenantScope,
    actor: &Actor,
    target: ImportTarget,
    reader: R,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<ImportReport>
where
    R: Read + Send + 'static,
{
    let ImportTarget {
        workspace_id,
        campaign_id,
        mapping,
    } = target;
    {
        let mut tx = pool.begin().await?;
        super::workspaces::lock_in(&mut tx, scope, workspace_id).await?;
        if let Some(campaign_id) = campaign_id {
            super::campaigns::check_enrollable(&mut tx, scope, campaign_id, workspace_id).await?;
        }
        tx.commit().await?;
    }

    let (batches, mut receive) = tokio::sync::mpsc::channel::<Vec<Row>>(4);
    let parser = tokio::task::spawn_blocking(move || -> Result<Vec<ImportColumn>> {
        let csv = LeadCsv::new(reader, &mapping)
            .map_err(|err| Error::invalid("file", err.to_string()))?;
        let columns = csv
            .detected()
            .columns
            .iter()
            .map(|(header, field)| ImportColumn {
                header: header.clone(),
                field: field.key().to_owned(),
            })
            .collect();
        let mut batch = Vec::with_capacity(BATCH);
        for row in csv {
            batch.push(row.map_err(|err| Error::invalid("file", err.to_string()))?);
            if batch.len() == BATCH && batches.blocking_send(std::mem::take(&mut batch)).is_err() {
                break;
            }
        }
        if !batch.is_empty() {
            let _ = batches.blocking_send(batch);
        }
        Ok(columns)
    });

    let mut report = ImportReport::default();
    let mut seen = HashSet::new();
    let mut handled = 0u64;
    while let Some(rows) = receive.recv().await {
        handled += rows.len() as u64;
        write_batch(
            pool,
            scope,
            workspace_id,
            campaign_id,
            rows,
            &mut seen,
            &mut report,
        )
        .await?;
        progress(handled);
    }
    report.columns = parser
        .await
        .map_err(|err| Error::invalid("file", format!("the import stopped: {err}")))??;

    let details = json!({
        "workspace_id": workspace_id, "campaign_id": campaign_id,
        "imported": report.imported, "updated": report.updated,
        "duplicate": report.duplicate, "suppressed": report.suppressed,
        "no_email": report.no_email, "invalid": report.invalid_count,
    });
    let mut tx = pool.begin().await?;
    let entry = Entry {
        tenant_id: Some(scope.tenant_id()),
        action: "lead.import",
        target_type: "workspace",
        target_id: Some(workspace_id.to_string()),
        details,
    };
    audit::record(&mut tx, actor, entry).await?;
    tx.commit().await?;
    Ok(report)
}

async fn write_batch(
    pool: &PgPool,
    scope: &TenantScope,
    workspace_id: Uuid,
    campaign_id: Option<Uuid>,
    rows: Vec<Row>,
    seen: &mut HashSet<String>,
    report: &mut ImportReport,
) -> Result<()> {
    let mut leads: Vec<LeadRecord> = Vec::with_capacity(rows.len());
    for row in rows {
        match row {
            Row::Lead(lead) => {
                if seen.insert(lead.email.normalized()) {
                    leads.push(lead);
                } else {
                    report.duplicate += 1;
                }
            }
            Row::Invalid { line, reason } => {
                report.invalid_count += 1;
                if report.invalid.len() < MAX_INVALID_LISTED {
                    report.invalid.push(InvalidRow { line, reason });
                }
            }
            Row::NoEmail { .. } => report.no_email += 1,
        }
    }
    if leads.is_empty() {
        return Ok(());
    }

    let mut tx = pool.begin().await?;
    let keys: Vec<String> = leads.iter().map(|l| l.email.normalized()).collect();
    let suppressed = suppressions::suppressed_among(&mut *tx, scope.tenant_id(), &keys).await?;
    leads.retain(|lead| {
        let keep = !suppressed.contains(&lead.email.normalized());
        if !keep {
            report.suppressed += 1;
        }
        keep
    });
    let text = |f: fn(&LeadRecord) -> &Option<String>| {
        leads.iter().map(|l| f(l).clone()).collect::<Vec<_>>()
    };
    let rows: Vec<(Uuid, bool)> = sqlx::query_as(
        "INSERT INTO leads AS l (id, tenant_id, workspace_id, email, email_key, domain, first_name, \
         last_name, company, title, phone, website, timezone, custom) \
         SELECT id, $1, $2, email, lower(email), split_part(lower(email), '@', 2), first_name, \
                last_name, company, title, phone, website, timezone, custom \
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], \
                     $9::text[], $10::text[], $11::text[], $12::jsonb[]) \
              AS n(id, email, first_name, last_name, company, title, phone, website, timezone, custom) \
         ON CONFLICT (workspace_id, email_key) DO UPDATE SET \
             first_name = coalesce(EXCLUDED.first_name, l.first_name), \
             last_name = coalesce(EXCLUDED.last_name, l.last_name), \
             company = coalesce(EXCLUDED.company, l.company), \
             title = coalesce(EXCLUDED.title, l.title), \
             phone = coalesce(EXCLUDED.phone, l.phone), \
             website = coalesce(EXCLUDED.website, l.website), \
             timezone = coalesce(EXCLUDED.timezone, l.timezone), \
             custom = l.custom || EXCLUDED.custom, updated_at = now() \
         RETURNING l.id, (xmax = 0) AS inserted",
    )
    .bind(scope.tenant_id())
    .bind(workspace_id)
    .bind(leads.iter().map(|_| Uuid::now_v7()).collect::<Vec<_>>())
    .bind(leads.iter().map(|l| l.email.as_str().to_owned()).collect::<Vec<_>>())
    .bind(text(|l| &l.first_name))
    .bind(text(|l| &l.last_name))
    .bind(text(|l| &l.company))
    .bind(text(|l| &l.title))
    .bind(text(|l| &l.phone))
    .bind(text(|l| &l.website))
    .bind(text(|l| &l.timezone))
    .bind(leads.iter().map(|l| Value::Object(l.custom.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<Map<_, _>>())).collect::<Vec<_>>())
    .fetch_all(&mut *tx)
    .await?;
    for (_, inserted) in &rows {
        if *inserted {
            report.imported += 1;
        } else {
            report.updated += 1;
        }
    }
    if let Some(campaign_id) = campaign_id {
        let ids: Vec<Uuid> = rows.iter().map(|(id, _)| *id).collect();
        report.enrolled += super::campaigns::enroll_ids(&mut tx, scope, campaign_id, &ids).await?;
    }
    tx.commit().await?;
    Ok(())
}

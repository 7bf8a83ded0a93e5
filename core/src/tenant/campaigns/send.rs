//! The send worker: takes one send from the ledger, renders and delivers it, and records the
//! outcome.
//!
//! The claim (`queued`/`deferred` → `sending`, with a fresh claim token) is a compare-and-set in
//! PostgreSQL, so a duplicated queue job, a retry or a second replica finds nothing to do. The
//! token is checked again just before DATA: a claim released by the dispatcher (because this
//! worker looked dead) can no longer send.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use sqlx::PgPool;
use tokio::sync::Mutex;
use url::Url;
use uuid::Uuid;

use super::Step;
use crate::crypto::Vault;
use crate::error::Result;
use crate::smtp::delivery::{self, Outcome};
use crate::smtp::message::{self, Draft};
use crate::tenant::leads::{self, Lead};
use crate::tenant::mailboxes::{self, SmtpCredentials};
use crate::tenant::templates::{self, Rendered, SystemValues};
use crate::tokens::Signer;

/// Temporary failures are retried this many times in all.
pub const MAX_ATTEMPTS: i32 = 5;

/// Decrypted mailbox settings, each with the `updated_at` of the mailbox when it was read.
type CredentialCache = HashMap<Uuid, (DateTime<Utc>, SmtpCredentials)>;

/// What the worker needs, shared by all its tasks.
#[derive(Clone)]
pub struct Sender {
    pool: PgPool,
    vault: Vault,
    unsubscribe: Signer,
    public_url: Url,
    /// The first retry waits this long; each further one twice as long.
    retry_base: Duration,
    idle: Arc<Mutex<HashMap<Uuid, Vec<AsyncSmtpConnection>>>>,
    /// Decrypted mailbox settings by mailbox, with the mailbox's `updated_at` when read.
    credentials: Arc<std::sync::Mutex<CredentialCache>>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("public_url", &self.public_url.as_str())
            .finish_non_exhaustive()
    }
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: Uuid,
    campaign_id: Uuid,
    tenant_id: Uuid,
    lead_id: Uuid,
    mailbox_id: Uuid,
    step: i32,
    variant: i32,
    message_id: String,
    attempts: i32,
    previous: String,
    /// Minutes between this step and the next; `None` on the last step. Filled from the
    /// campaign once it is loaded.
    #[sqlx(skip)]
    next_delay_minutes: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Context {
    campaign_status: String,
    steps: sqlx::types::Json<Vec<Step>>,
    tenant_active: bool,
    mailbox_status: String,
    signature: String,
    mailbox_updated_at: DateTime<Utc>,
    enrollment_status: String,
    thread_subject: Option<String>,
    message_ids: Vec<String>,
    suppressed: bool,
}

/// How one send ended, for logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendResult {
    Nothing,
    Released,
    Sent,
    Deferred,
    Bounced,
    Failed,
    Ambiguous,
    Cancelled,
}

impl Sender {
    pub fn new(
        pool: PgPool,
        secret: &crate::secret::SecretKey,
        public_url: Url,
        retry_base: std::time::Duration,
    ) -> Self {
        Self {
            pool,
            vault: Vault::new(secret),
            unsubscribe: Signer::new(secret, "unsubscribe"),
            public_url,
            retry_base: Duration::from_std(retry_base).unwrap_or(Duration::minutes(1)),
            idle: Arc::default(),
            credentials: Arc::default(),
        }
    }

    /// The one-click unsubscribe URL of a send.
    pub fn unsubscribe_url(&self, send_id: Uuid) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}/u/{}", self.unsubscribe.sign(send_id))
    }

    /// Processes one send. Errors are infrastructure failures (the database); every SMTP
    /// outcome is recorded in the ledger and returned as a result.
    pub async fn process(&self, send_id: Uuid) -> Result<SendResult> {
        let claim = Uuid::new_v4();
        let Some(mut send) = sqlx::query_as::<_, Claimed>(
            "UPDATE sends s SET status = 'sending', claim = $2, claimed_at = now(), \
             attempts = attempts + 1, data_at = NULL \
             FROM (SELECT id, status AS previous FROM sends WHERE id = $1 FOR UPDATE) p \
             WHERE s.id = p.id AND s.status IN ('queued', 'deferred') \
             AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= now()) \
             RETURNING s.id, s.campaign_id, s.tenant_id, s.lead_id, s.mailbox_id, \
             s.step, s.variant, s.message_id, s.attempts, p.previous",
        )
        .bind(send_id)
        .bind(claim)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(SendResult::Nothing);
        };

        let context = sqlx::query_as::<_, Context>(
            "SELECT c.status AS campaign_status, c.steps, \
             (t.status = 'active' AND t.deleted_at IS NULL) AS tenant_active, \
             m.status AS mailbox_status, m.signature, m.updated_at AS mailbox_updated_at, \
             e.status AS enrollment_status, \
             e.thread_subject, e.message_ids, \
             EXISTS (SELECT 1 FROM suppressions x WHERE x.tenant_id = l.tenant_id AND ( \
                 (x.kind = 'address' AND x.value = l.email_key) OR \
                 (x.kind = 'domain' AND x.value = l.domain))) AS suppressed \
             FROM sends s JOIN campaigns c ON c.id = s.campaign_id JOIN tenants t ON t.id = s.tenant_id \
             JOIN mailboxes m ON m.id = s.mailbox_id JOIN enrollments e ON e.id = s.enrollment_id \
             JOIN leads l ON l.id = s.lead_id WHERE s.id = $1",
        )
        .bind(send.id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(context) = context else {
            // The mailbox or lead was deleted after the send was queued.
            self.cancel(
                &send,
                claim,
                "the mailbox or the lead no longer exists",
                None,
            )
            .await?;
            return Ok(SendResult::Cancelled);
        };
        if context.campaign_status != "active"
            || !context.tenant_active
            || context.mailbox_status != "active"
        {
            self.release(&send, claim).await?;
            return Ok(SendResult::Released);
        }
        if context.enrollment_status != "active" {
            self.cancel(
                &send,
                claim,
                "the enrollment stopped before this step was sent",
                None,
            )
            .await?;
            return Ok(SendResult::Cancelled);
        }
        if context.suppressed {
            self.cancel(
                &send,
                claim,
                "the address is suppressed",
                Some(("stopped", "suppressed")),
            )
            .await?;
            return Ok(SendResult::Cancelled);
        }

        send.next_delay_minutes = context
            .steps
            .0
            .get(send.step as usize + 1)
            .map(|step| step.delay.as_minutes());
        let lead = self.lead(&send).await?;
        let creds = self
            .credentials(send.mailbox_id, context.mailbox_updated_at)
            .await?;
        let rendered = match self.render(&send, &context, &lead, &creds).await {
            Ok(rendered) => rendered,
            Err(reason) => {
                let stop = format!("cannot render step {}: {reason}", send.step + 1);
                self.cancel(&send, claim, &stop, Some(("attention", &stop)))
                    .await?;
                return Ok(SendResult::Cancelled);
            }
        };
        let draft = Draft {
            from_name: creds.name.clone(),
            from_email: creds.email.clone(),
            to_name: lead.variable("full_name"),
            to_email: lead.email.clone(),
            subject: rendered.subject.clone(),
            html: rendered.html.clone(),
            text: rendered.text.clone(),
            message_id: send.message_id.clone(),
            thread: context.message_ids.clone(),
            unsubscribe_url: self.unsubscribe_url(send.id),
        };
        let bytes = match message::build(&draft) {
            Ok(bytes) => bytes,
            Err(reason) => {
                self.finish(
                    &send,
                    claim,
                    "failed",
                    None,
                    &reason,
                    Some(("failed", &reason)),
                )
                .await?;
                return Ok(SendResult::Failed);
            }
        };
        let (Ok(from), Ok(to)) = (creds.email.parse(), lead.email.parse()) else {
            let reason = "the sender or recipient address cannot be used in SMTP";
            self.finish(
                &send,
                claim,
                "failed",
                None,
                reason,
                Some(("failed", reason)),
            )
            .await?;
            return Ok(SendResult::Failed);
        };

        let mut conn = match self.connection(&creds).await {
            Ok(conn) => conn,
            Err(failure) => {
                tracing::warn!(mailbox.id = %creds.mailbox_id, stage = ?failure.stage, "mailbox cannot connect");
                mailboxes::set_error(&self.pool, creds.mailbox_id, &failure.message).await?;
                self.release(&send, claim).await?;
                return Ok(SendResult::Released);
            }
        };
        let pool = self.pool.clone();
        let mark_data = async move {
            let marked = sqlx::query("UPDATE sends SET data_at = now() WHERE id = $1 AND claim = $2 AND status = 'sending'")
                .bind(send_id)
                .bind(claim)
                .execute(&pool)
                .await
                .map_err(|err| err.to_string())?;
            if marked.rows_affected() == 1 {
                Ok(())
            } else {
                Err("the claim was released".to_owned())
            }
        };
        let outcome = delivery::deliver(&mut conn, &from, &to, &bytes, mark_data).await;
        let healthy = matches!(outcome, Outcome::Accepted { .. } | Outcome::Refused { .. });
        if healthy {
            self.idle
                .lock()
                .await
                .entry(creds.mailbox_id)
                .or_default()
                .push(conn);
        }
        self.record(&send, claim, &rendered, outcome).await
    }

    /// A mailbox's decrypted settings, read again only when the mailbox changed.
    async fn credentials(
        &self,
        mailbox_id: Uuid,
        updated_at: DateTime<Utc>,
    ) -> Result<SmtpCredentials> {
        if let Some((seen, creds)) = self.credentials.lock().expect("lock").get(&mailbox_id)
            && *seen == updated_at
        {
            return Ok(creds.clone());
        }
        let creds = mailboxes::credentials_for_worker(&self.pool, &self.vault, mailbox_id).await?;
        self.credentials
            .lock()
            .expect("lock")
            .insert(mailbox_id, (updated_at, creds.clone()));
        Ok(creds)
    }

    async fn lead(&self, send: &Claimed) -> Result<Lead> {
        let sql = format!("SELECT {} FROM leads WHERE id = $1", leads::COLUMNS);
        Ok(sqlx::query_as::<_, Lead>(sqlx::AssertSqlSafe(sql))
            .bind(send.lead_id)
            .fetch_one(&self.pool)
            .await?)
    }

    async fn render(
        &self,
        send: &Claimed,
        context: &Context,
        lead: &Lead,
        creds: &SmtpCredentials,
    ) -> std::result::Result<Rendered, String> {
        let step = context
            .steps
            .0
            .get(send.step as usize)
            .ok_or("the step no longer exists")?;
        let variant = step
            .variants
            .get(send.variant as usize)
            .or(step.variants.first())
            .ok_or("the step has no variant")?;
        let content = match variant.template_id {
            Some(template_id) => {
                let template: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT subject, body_html, body_text FROM templates WHERE id = $1 AND tenant_id = $2",
                )
                .bind(template_id)
                .bind(send.tenant_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(|err| err.to_string())?;
                let (subject, body_html, body_text) = template.ok_or("the template was deleted")?;
                let subject = if send.step > 0 && variant.subject.is_empty() {
                    String::new()
                } else {
                    subject
                };
                templates::Content {
                    subject,
                    body_html,
                    body_text,
                }
            }
            None => variant.content(),
        };
        // An empty subject renders as empty; the thread's subject, already final, replaces it.
        let thread_reply = send.step > 0 && content.subject.trim().is_empty();
        let system = SystemValues {
            sender_name: creds.name.clone(),
            sender_email: creds.email.clone(),
            signature: context.signature.clone(),
            unsubscribe_url: self.unsubscribe_url(send.id),
        };
        let mut rendered = templates::render(
            &content,
            lead,
            &system,
            (send.campaign_id, send.lead_id, send.step as u32),
        )
        .map_err(|err| err.to_string())?;
        if thread_reply {
            let original = match &context.thread_subject {
                Some(subject) => subject.clone(),
                None => self.first_subject(send, context, lead, &system).await?,
            };
            rendered.subject = if original.to_ascii_lowercase().starts_with("re:") {
                original
            } else {
                format!("Re: {original}")
            };
        }
        Ok(rendered)
    }

    /// The subject the lead's first step had, for a follow-up whose first message was never
    /// confirmed (its outcome was unknown and a person chose to go on). Rendering is seeded by
    /// campaign, lead and step, so this is the subject that was sent, if it was.
    async fn first_subject(
        &self,
        send: &Claimed,
        context: &Context,
        lead: &Lead,
        system: &SystemValues,
    ) -> std::result::Result<String, String> {
        let variant: Option<i32> = sqlx::query_scalar(
            "SELECT variant FROM sends WHERE campaign_id = $1 AND lead_id = $2 AND step = 0",
        )
        .bind(send.campaign_id)
        .bind(send.lead_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|err| err.to_string())?;
        let first = context.steps.0.first().ok_or("the campaign has no steps")?;
        let variant = first
            .variants
            .get(variant.unwrap_or(0) as usize)
            .or(first.variants.first());
        let Some(variant) = variant.filter(|v| v.template_id.is_none()) else {
            return Ok(String::new());
        };
        let content = templates::Content {
            subject: variant.subject.clone(),
            body_html: None,
            body_text: Some("-".into()),
        };
        let rendered =
            templates::render(&content, lead, system, (send.campaign_id, send.lead_id, 0))
                .map_err(|err| err.to_string())?;
        Ok(rendered.subject)
    }

    async fn connection(
        &self,
        creds: &SmtpCredentials,
    ) -> std::result::Result<AsyncSmtpConnection, delivery::ConnectFailure> {
        loop {
            let pooled = self
                .idle
                .lock()
                .await
                .get_mut(&creds.mailbox_id)
                .and_then(Vec::pop);
            match pooled {
                Some(mut conn) => {
                    if conn.test_connected().await {
                        return Ok(conn);
                    }
                }
                None => return delivery::connect(creds).await,
            }
        }
    }

    /// Gives the claim back without an attempt: the send waits for its campaign, tenant or
    /// mailbox to become active again.
    async fn release(&self, send: &Claimed, claim: Uuid) -> Result<()> {
        sqlx::query(
            "UPDATE sends SET status = $3, claim = NULL, attempts = attempts - 1, enqueued_at = now() \
             WHERE id = $1 AND claim = $2",
        )
        .bind(send.id)
        .bind(claim)
        .bind(&send.previous)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn cancel(
        &self,
        send: &Claimed,
        claim: Uuid,
        reason: &str,
        enrollment: Option<(&str, &str)>,
    ) -> Result<()> {
        self.finish(send, claim, "cancelled", None, reason, enrollment)
            .await
    }

    /// Ends the send with `status` and, when given, sets the enrollment's status and reason, in
    /// one statement: nothing happens unless this worker still holds the claim.
    async fn finish(
        &self,
        send: &Claimed,
        claim: Uuid,
        status: &str,
        code: Option<u16>,
        reply: &str,
        enrollment: Option<(&str, &str)>,
    ) -> Result<()> {
        let (enrollment_status, reason) = enrollment.unwrap_or(("active", ""));
        sqlx::query(
            "WITH s AS (UPDATE sends SET status = $3, finished_at = now(), smtp_code = $4, \
             smtp_reply = $5 WHERE id = $1 AND claim = $2 RETURNING enrollment_id) \
             UPDATE enrollments e SET current_send_id = NULL, status = $6, \
             reason = nullif($7, ''), updated_at = now() \
             FROM s WHERE e.id = s.enrollment_id AND e.current_send_id = $1",
        )
        .bind(send.id)
        .bind(claim)
        .bind(status)
        .bind(code.map(i32::from))
        .bind(truncate(reply))
        .bind(enrollment_status)
        .bind(reason)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn record(
        &self,
        send: &Claimed,
        claim: Uuid,
        rendered: &Rendered,
        outcome: Outcome,
    ) -> Result<SendResult> {
        match outcome {
            Outcome::Accepted { code, reply } => {
                self.sent(send, claim, rendered, code, &reply).await?;
                Ok(SendResult::Sent)
            }
            Outcome::Refused { phase, code, reply } if code >= 500 => {
                if phase == "mail" {
                    // The server refuses the sender: a mailbox problem, not the lead's.
                    let reason = format!("the server refused the sender: {reply}");
                    mailboxes::set_error(&self.pool, send.mailbox_id, &reason).await?;
                    self.release(send, claim).await?;
                    return Ok(SendResult::Released);
                }
                let reason = format!("bounced ({code}): {reply}");
                self.finish(
                    send,
                    claim,
                    "bounced",
                    Some(code),
                    &reply,
                    Some(("stopped", &reason)),
                )
                .await?;
                if phase == "rcpt" {
                    self.suppress(send, &reason).await?;
                }
                Ok(SendResult::Bounced)
            }
            Outcome::Refused { code, reply, .. } => {
                self.temporary(send, claim, Some(code), &reply).await
            }
            Outcome::NotSent { reason } => {
                if reason.contains("claim was released") {
                    return Ok(SendResult::Nothing);
                }
                self.temporary(send, claim, None, &reason).await
            }
            Outcome::Unknown { reason } => {
                let note = "the connection was lost after DATA; the message may or may not have been delivered; not resent";
                self.finish(
                    send,
                    claim,
                    "ambiguous",
                    None,
                    &reason,
                    Some(("attention", note)),
                )
                .await?;
                Ok(SendResult::Ambiguous)
            }
        }
    }

    /// A temporary failure: retry later with exponential backoff, or give up.
    async fn temporary(
        &self,
        send: &Claimed,
        claim: Uuid,
        code: Option<u16>,
        reply: &str,
    ) -> Result<SendResult> {
        if send.attempts >= MAX_ATTEMPTS {
            let reason = format!("gave up after {} attempts: {reply}", send.attempts);
            self.finish(
                send,
                claim,
                "failed",
                code,
                reply,
                Some(("failed", &reason)),
            )
            .await?;
            return Ok(SendResult::Failed);
        }
        let wait = self.retry_base * 2i32.pow((send.attempts - 1).clamp(0, 10) as u32);
        sqlx::query(
            "UPDATE sends SET status = 'deferred', claim = NULL, next_attempt_at = $3, \
             smtp_code = $4, smtp_reply = $5 WHERE id = $1 AND claim = $2",
        )
        .bind(send.id)
        .bind(claim)
        .bind(Utc::now() + wait)
        .bind(code.map(i32::from))
        .bind(truncate(reply))
        .execute(&self.pool)
        .await?;
        Ok(SendResult::Deferred)
    }

    /// Records an accepted message and moves the lead to its next step (or completes it), in
    /// one statement guarded by the claim.
    async fn sent(
        &self,
        send: &Claimed,
        claim: Uuid,
        rendered: &Rendered,
        code: u16,
        reply: &str,
    ) -> Result<()> {
        sqlx::query(
            "WITH s AS (UPDATE sends SET status = 'sent', finished_at = now(), smtp_code = $3, \
             smtp_reply = $4 WHERE id = $1 AND claim = $2 RETURNING enrollment_id) \
             UPDATE enrollments e SET current_send_id = NULL, next_step = $5, \
             next_at = CASE WHEN $6::bigint IS NULL THEN NULL \
                 ELSE now() + make_interval(mins => $6::int) END, \
             status = CASE WHEN $6::bigint IS NULL THEN 'completed' ELSE 'active' END, \
             reason = NULL, thread_subject = coalesce(thread_subject, $7), \
             message_ids = array_append(message_ids, $8), updated_at = now() \
             FROM s WHERE e.id = s.enrollment_id AND e.current_send_id = $1",
        )
        .bind(send.id)
        .bind(claim)
        .bind(i32::from(code))
        .bind(truncate(reply))
        .bind(send.step + 1)
        .bind(send.next_delay_minutes)
        .bind(&rendered.subject)
        .bind(&send.message_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn suppress(&self, send: &Claimed, reason: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let email: String = sqlx::query_scalar("SELECT email_key FROM leads WHERE id = $1")
            .bind(send.lead_id)
            .fetch_one(&mut *tx)
            .await?;
        crate::tenant::suppressions::suppress_address(
            &mut tx,
            send.tenant_id,
            &email,
            reason,
            "bounce",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(1000).collect()
}

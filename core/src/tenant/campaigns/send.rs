//! The send worker: reads a batch of due sends from the ledger, renders them, delivers them
//! over one connection per mailbox, and records the outcomes.
//!
//! Each message is claimed just before it goes out, with a compare-and-set in PostgreSQL (a
//! fresh claim token on a `queued` or `deferred` send that has none) that also marks it as
//! possibly delivered: a duplicated queue job, a retry or a second replica finds nothing to
//! claim, and a worker that dies leaves only the messages it had in flight with an unknown
//! outcome. See [`super::ledger`] for how these writes are gathered.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use futures::FutureExt;
use lettre::Address;
use lettre::transport::smtp::client::AsyncSmtpConnection;
use sqlx::PgPool;
use sqlx::types::Json;
use tokio::sync::Mutex;
use url::Url;
use uuid::Uuid;

use super::Step;
use super::ledger::{Ledger, NOT_CLAIMED, Verdict, Write};
use crate::crypto::Vault;
use crate::error::{Error, Result};
use crate::events::tracking::Tracker;
use crate::inbound;
use crate::notifications::guard::Allowlist;
use crate::smtp::delivery::{self, Outcome};
use crate::smtp::message::{self, Draft};
use crate::tenant::leads::{self, Lead};
use crate::tenant::mailboxes::{self, SmtpCredentials};
use crate::tenant::templates::{self, Content, SystemValues};

/// Temporary failures are retried this many times in all.
pub const MAX_ATTEMPTS: i32 = 5;

/// An idle SMTP connection older than this is closed rather than reused.
const IDLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Decrypted mailbox settings, each with the `updated_at` of the mailbox when it was read.
type CredentialCache = HashMap<Uuid, (DateTime<Utc>, SmtpCredentials)>;

/// Open connections by mailbox, each with the time it became idle.
type IdlePool = HashMap<Uuid, Vec<(Instant, AsyncSmtpConnection)>>;

/// A ledger write's error in a form that several waiters can share.
fn shareable(err: Error) -> Arc<sqlx::Error> {
    match err {
        Error::Database(err) => err,
        other => Arc::new(sqlx::Error::Protocol(other.to_string())),
    }
}

/// What the worker needs, shared by all its tasks.
#[derive(Clone)]
pub struct Sender {
    pool: PgPool,
    vault: Vault,
    tracker: Tracker,
    /// The first retry waits this long; each further one twice as long.
    retry_base: Duration,
    idle: Arc<Mutex<IdlePool>>,
    credentials: Arc<std::sync::Mutex<CredentialCache>>,
    ledger: Ledger,
    /// The private networks mailboxes' SMTP servers may be on (`PENGUIN_SMTP_ALLOWLIST`).
    smtp_allowlist: Arc<Allowlist>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

/// A due send, with everything the checks and rendering read with it.
#[derive(sqlx::FromRow)]
struct Due {
    id: Uuid,
    campaign_id: Uuid,
    tenant_id: Uuid,
    lead_id: Uuid,
    mailbox_id: Uuid,
    step: i32,
    variant: i32,
    message_id: String,
    attempts: i32,
    /// `queued` or `deferred`: restored when a claim is given back.
    status: String,
    campaign_status: String,
    steps: Json<Vec<Step>>,
    track_opens: bool,
    track_clicks: bool,
    tenant_active: bool,
    /// `None` when the mailbox was deleted.
    mailbox_status: Option<String>,
    mailbox_updated_at: Option<DateTime<Utc>>,
    signature: String,
    enrollment_status: String,
    thread_subject: Option<String>,
    message_ids: Vec<String>,
    lead_exists: bool,
    suppressed: bool,
}

/// A rendered message ready for SMTP.
struct Outgoing {
    send_id: Uuid,
    tenant_id: Uuid,
    lead_id: Uuid,
    /// Attempts including this one.
    attempts: i32,
    /// The status a claim given back restores.
    previous: String,
    subject: String,
    /// Minutes between this step and the next; `None` on the last step.
    next_delay: Option<i64>,
    from: Address,
    to: Address,
    bytes: Vec<u8>,
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

impl SendResult {
    pub fn label(self) -> &'static str {
        match self {
            Self::Nothing => "nothing",
            Self::Released => "released",
            Self::Sent => "sent",
            Self::Deferred => "deferred",
            Self::Bounced => "bounced",
            Self::Failed => "failed",
            Self::Ambiguous => "ambiguous",
            Self::Cancelled => "cancelled",
        }
    }
}

impl Sender {
    /// A sender for a worker process; its ledger writer runs on the current Tokio runtime.
    pub fn new(
        pool: PgPool,
        secret: &crate::secret::SecretKey,
        public_url: Url,
        retry_base: std::time::Duration,
        smtp_allowlist: Allowlist,
    ) -> Self {
        Self {
            ledger: Ledger::start(&pool),
            pool,
            vault: Vault::new(secret),
            tracker: Tracker::new(secret, &public_url),
            retry_base: Duration::from_std(retry_base).unwrap_or(Duration::minutes(1)),
            idle: Arc::default(),
            credentials: Arc::default(),
            smtp_allowlist: Arc::new(smtp_allowlist),
        }
    }

    /// The one-click unsubscribe URL of a send.
    pub fn unsubscribe_url(&self, send_id: Uuid) -> String {
        self.tracker.unsubscribe_url(send_id)
    }

    /// Processes a batch of sends, returning how each ended. Errors are infrastructure failures
    /// (the database); every SMTP outcome is recorded in the ledger. A send that is not due
    /// (already done, claimed elsewhere, waiting for a retry) ends as [`SendResult::Nothing`].
    pub async fn process(&self, send_ids: &[Uuid]) -> Result<Vec<SendResult>> {
        let claim = Uuid::new_v4();
        let due = self.due(send_ids).await?;
        let mut results = vec![SendResult::Nothing; send_ids.len() - due.len()];
        let mut ended = Vec::new();
        let mut ready = Vec::new();
        for send in due {
            match check(&send) {
                Check::Go => ready.push(send),
                // Left as it is: the dispatcher puts it on the queue again once it may go.
                Check::Wait => results.push(SendResult::Released),
                Check::End(verdict) => ended.push(verdict),
            }
        }
        let mut lead_by_id = self.leads(&ready).await?;
        let mut outgoing: HashMap<Uuid, (SmtpCredentials, Vec<Outgoing>)> = HashMap::new();
        let mut templates = HashMap::new();
        for send in ready {
            let (Some(lead), Some(updated_at)) =
                (lead_by_id.remove(&send.lead_id), send.mailbox_updated_at)
            else {
                ended.push(Verdict::end(
                    send.id,
                    SendResult::Cancelled,
                    "the mailbox or the lead no longer exists",
                    None,
                ));
                continue;
            };
            let creds = self.credentials(send.mailbox_id, updated_at).await?;
            match self.prepare(&send, &lead, &creds, &mut templates).await {
                Ok(message) => {
                    outgoing
                        .entry(send.mailbox_id)
                        .or_insert_with(|| (creds, Vec::new()))
                        .1
                        .push(message);
                }
                Err(verdict) => ended.push(verdict),
            }
        }
        let recorded: Vec<_> = ended
            .into_iter()
            .map(|verdict| {
                results.push(verdict.result);
                self.ledger.record(None, verdict)
            })
            .collect();
        for answer in recorded {
            answer.await?;
        }
        for (creds, messages) in outgoing.into_values() {
            results.extend(self.deliver_all(claim, &creds, messages).await?);
        }
        Ok(results)
    }

    /// The sends among `send_ids` that are due, with what the checks and rendering need.
    async fn due(&self, send_ids: &[Uuid]) -> Result<Vec<Due>> {
        Ok(sqlx::query_as::<_, Due>(
            "SELECT s.id, s.campaign_id, s.tenant_id, s.lead_id, s.mailbox_id, s.step, \
             s.variant, s.message_id, s.attempts, s.status, \
             c.status AS campaign_status, c.steps, c.track_opens, c.track_clicks, \
             (t.status = 'active' AND t.deleted_at IS NULL) AS tenant_active, \
             m.status AS mailbox_status, m.updated_at AS mailbox_updated_at, \
             coalesce(m.signature, '') AS signature, \
             e.status AS enrollment_status, e.thread_subject, e.message_ids, \
             l.id IS NOT NULL AS lead_exists, \
             EXISTS (SELECT 1 FROM suppressions x WHERE x.tenant_id = s.tenant_id AND ( \
                 (x.kind = 'address' AND x.value = l.email_key) OR \
                 (x.kind = 'domain' AND x.value = l.domain))) AS suppressed \
             FROM unnest($1::uuid[]) AS u(id) JOIN sends s ON s.id = u.id \
             JOIN campaigns c ON c.id = s.campaign_id \
             JOIN tenants t ON t.id = s.tenant_id \
             JOIN enrollments e ON e.id = s.enrollment_id \
             LEFT JOIN mailboxes m ON m.id = s.mailbox_id \
             LEFT JOIN leads l ON l.id = s.lead_id \
             WHERE s.status IN ('queued', 'deferred') AND s.claim IS NULL \
             AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= now())",
        )
        .bind(send_ids)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn leads(&self, sends: &[Due]) -> Result<HashMap<Uuid, Lead>> {
        let ids: Vec<Uuid> = sends.iter().map(|s| s.lead_id).collect();
        let sql = format!("SELECT {} FROM leads WHERE id = ANY($1)", leads::COLUMNS);
        Ok(sqlx::query_as::<_, Lead>(sqlx::AssertSqlSafe(sql))
            .bind(ids)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|lead| (lead.id, lead))
            .collect())
    }

    /// Renders and builds one message, or says why it cannot be sent.
    async fn prepare(
        &self,
        send: &Due,
        lead: &Lead,
        creds: &SmtpCredentials,
        templates: &mut HashMap<Uuid, Option<Content>>,
    ) -> std::result::Result<Outgoing, Verdict> {
        let rendered = match self.render(send, lead, creds, templates).await {
            Ok(rendered) => rendered,
            Err(reason) => {
                let stop = format!("cannot render step {}: {reason}", send.step + 1);
                return Err(Verdict::end(
                    send.id,
                    SendResult::Cancelled,
                    &stop,
                    Some(("attention", stop.clone())),
                ));
            }
        };
        let failed = |reason: &str| {
            Verdict::end(
                send.id,
                SendResult::Failed,
                reason,
                Some(("failed", reason.to_owned())),
            )
        };
        let unsubscribe_url = self.unsubscribe_url(send.id);
        let html = rendered.html.map(|html| {
            self.tracker.instrument(
                &html,
                send.id,
                Utc::now(),
                send.track_opens,
                send.track_clicks,
                &unsubscribe_url,
            )
        });
        let draft = Draft {
            from_name: creds.name.clone(),
            from_email: creds.email.clone(),
            to_name: lead.variable("full_name"),
            to_email: lead.email.clone(),
            subject: rendered.subject.clone(),
            html,
            text: rendered.text,
            message_id: send.message_id.clone(),
            thread: send.message_ids.clone(),
            unsubscribe_url,
        };
        let bytes = message::build(&draft).map_err(|reason| failed(&reason))?;
        let (Ok(from), Ok(to)) = (creds.email.parse(), lead.email.parse()) else {
            return Err(failed(
                "the sender or recipient address cannot be used in SMTP",
            ));
        };
        Ok(Outgoing {
            send_id: send.id,
            tenant_id: send.tenant_id,
            lead_id: send.lead_id,
            attempts: send.attempts + 1,
            previous: send.status.clone(),
            subject: rendered.subject,
            next_delay: send
                .steps
                .0
                .get(send.step as usize + 1)
                .map(|step| step.delay.as_minutes()),
            from,
            to,
            bytes,
        })
    }

    /// Delivers one mailbox's messages over one connection (a new one when it breaks). Each
    /// message's outcome is written together with the claim of the next one, while the next
    /// one's envelope goes out: a worker that dies leaves at most one message per connection
    /// whose outcome is unknown.
    async fn deliver_all(
        &self,
        claim: Uuid,
        creds: &SmtpCredentials,
        messages: Vec<Outgoing>,
    ) -> Result<Vec<SendResult>> {
        let mut results = Vec::with_capacity(messages.len());
        // The last message's verdict, and the reason to suppress its address, not yet written.
        let mut pending: Option<(Verdict, Option<String>, Outgoing)> = None;
        let mut conn: Option<AsyncSmtpConnection> = None;
        // Set when the mailbox itself fails: the rest of its messages wait.
        let mut mailbox_failed = false;
        for message in messages {
            if !mailbox_failed && conn.is_none() {
                conn = self.open(creds).await?;
                mailbox_failed = conn.is_none();
            }
            let Some(open) = conn.as_mut().filter(|_| !mailbox_failed) else {
                // Not claimed: it waits as it is until the mailbox works again.
                results.push(SendResult::Released);
                continue;
            };
            let previous = pending.take();
            let (record, written) = match previous {
                Some((verdict, suppress, message)) => {
                    (Some((Some(claim), verdict)), Some((suppress, message)))
                }
                None => (None, None),
            };
            let step = self
                .ledger
                .write(Write {
                    record,
                    claim: Some((message.send_id, claim)),
                })
                .map(|answer| answer.map_err(shareable))
                .boxed()
                .shared();
            // Started now, so that it travels while MAIL and RCPT do.
            tokio::spawn(step.clone());
            let claimed = step.clone().map(|answer| match answer {
                Ok(true) => Ok(()),
                Ok(false) => Err(NOT_CLAIMED.to_owned()),
                Err(err) => Err(err.to_string()),
            });
            let outcome =
                delivery::deliver(open, &message.from, &message.to, &message.bytes, claimed).await;
            if !matches!(outcome, Outcome::Accepted { .. } | Outcome::Refused { .. }) {
                conn = None;
            }
            // A server that refuses before DATA ends the delivery without waiting for the
            // step, which is on its way all the same: wait for it before going on.
            let claimed = step.await.map_err(Error::Database)?;
            if let Some((Some(reason), written)) = written {
                self.suppress(written.tenant_id, written.lead_id, &reason)
                    .await?;
            }
            if !claimed {
                // Another worker has it, or it is no longer due.
                results.push(SendResult::Nothing);
                continue;
            }
            let (verdict, suppress) = match outcome {
                Outcome::Refused {
                    phase: "mail",
                    code,
                    reply,
                } if code >= 500 => {
                    // The server refuses the sender: a mailbox problem, not the lead's.
                    let reason = format!("the server refused the sender: {reply}");
                    mailboxes::set_error(&self.pool, creds.mailbox_id, &reason).await?;
                    mailbox_failed = true;
                    (Verdict::release(message.send_id, &message.previous), None)
                }
                outcome => self.verdict(&message, outcome),
            };
            results.push(verdict.result);
            pending = Some((verdict, suppress, message));
        }
        if let Some(conn) = conn {
            let mut idle = self.idle.lock().await;
            idle.values_mut()
                .for_each(|conns| conns.retain(|(since, _)| since.elapsed() < IDLE_LIMIT));
            idle.entry(creds.mailbox_id)
                .or_default()
                .push((Instant::now(), conn));
        }
        if let Some((verdict, suppress, message)) = pending {
            self.ledger.record(Some(claim), verdict).await?;
            if let Some(reason) = suppress {
                self.suppress(message.tenant_id, message.lead_id, &reason)
                    .await?;
            }
        }
        Ok(results)
    }

    /// An open connection for a mailbox: an idle one that still answers, or a new one. When
    /// none can be made, the mailbox goes to `error` and `None` is returned.
    async fn open(&self, creds: &SmtpCredentials) -> Result<Option<AsyncSmtpConnection>> {
        loop {
            let pooled = self
                .idle
                .lock()
                .await
                .get_mut(&creds.mailbox_id)
                .and_then(Vec::pop);
            match pooled {
                Some((since, mut conn)) => {
                    if since.elapsed() < IDLE_LIMIT && conn.test_connected().await {
                        return Ok(Some(conn));
                    }
                }
                None => break,
            }
        }
        match delivery::connect(creds, &self.smtp_allowlist).await {
            Ok(conn) => Ok(Some(conn)),
            Err(failure) => {
                tracing::warn!(
                    mailbox.id = %creds.mailbox_id,
                    stage = ?failure.stage,
                    "mailbox cannot connect"
                );
                mailboxes::set_error(&self.pool, creds.mailbox_id, &failure.message).await?;
                Ok(None)
            }
        }
    }

    /// What an SMTP outcome means for the send and its enrollment, and the reason to suppress
    /// the address when the server refused the recipient.
    fn verdict(&self, message: &Outgoing, outcome: Outcome) -> (Verdict, Option<String>) {
        let verdict = match outcome {
            Outcome::Accepted { code, reply } => Verdict {
                reply: Some(reply),
                next_delay: message.next_delay,
                subject: Some(message.subject.clone()),
                ..Verdict::new(message.send_id, SendResult::Sent, "sent")
            }
            .with_code(Some(code)),
            Outcome::Refused { phase, code, reply } if code >= 500 => {
                // Read like a returned bounce: only a bad address is suppressed, not a refusal
                // of the sender or the content (a block list, a policy, a full mailbox).
                let diagnosis = inbound::classify_smtp_reply(code, &reply);
                let class = if diagnosis.hard { "hard" } else { "soft" };
                let reason = format!(
                    "bounced ({code} {}, {}, {class}): {reply}",
                    diagnosis.status,
                    diagnosis.reason.as_str()
                );
                let suppress = (phase == "rcpt" && diagnosis.hard).then(|| reason.clone());
                let mut verdict = Verdict::end(
                    message.send_id,
                    SendResult::Bounced,
                    &reply,
                    Some(("stopped", reason)),
                );
                verdict.hard = diagnosis.hard;
                return (verdict.with_code(Some(code)), suppress);
            }
            Outcome::Refused { code, reply, .. } => self.temporary(message, Some(code), &reply),
            Outcome::NotSent { reason } => self.temporary(message, None, &reason),
            Outcome::Unknown { reason } => Verdict::end(
                message.send_id,
                SendResult::Ambiguous,
                &reason,
                Some((
                    "attention",
                    "the connection was lost after DATA; the message may or may not have been \
                     delivered; not resent"
                        .to_owned(),
                )),
            ),
        };
        (verdict, None)
    }

    /// A temporary failure: retry later with exponential backoff, or give up.
    fn temporary(&self, message: &Outgoing, code: Option<u16>, reply: &str) -> Verdict {
        if message.attempts >= MAX_ATTEMPTS {
            let reason = format!("gave up after {} attempts: {reply}", message.attempts);
            return Verdict::end(
                message.send_id,
                SendResult::Failed,
                reply,
                Some(("failed", reason)),
            )
            .with_code(code);
        }
        let wait = self.retry_base * 2i32.pow((message.attempts - 1).clamp(0, 10) as u32);
        Verdict {
            reply: Some(reply.to_owned()),
            retry_at: Some(Utc::now() + wait),
            ..Verdict::new(message.send_id, SendResult::Deferred, "deferred")
        }
        .with_code(code)
    }

    async fn suppress(&self, tenant_id: Uuid, lead_id: Uuid, reason: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let email: String = sqlx::query_scalar("SELECT email_key FROM leads WHERE id = $1")
            .bind(lead_id)
            .fetch_one(&mut *tx)
            .await?;
        crate::tenant::suppressions::suppress_address(&mut tx, tenant_id, &email, reason, "bounce")
            .await?;
        tx.commit().await?;
        Ok(())
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

    /// A saved template's content, read once per batch.
    async fn template(
        &self,
        send: &Due,
        template_id: Uuid,
        cache: &mut HashMap<Uuid, Option<Content>>,
    ) -> std::result::Result<Content, String> {
        if let Some(content) = cache.get(&template_id) {
            return content
                .clone()
                .ok_or_else(|| "the template was deleted".to_owned());
        }
        let content = sqlx::query_as::<_, (String, Option<String>, Option<String>)>(
            "SELECT subject, body_html, body_text FROM templates WHERE id = $1 AND tenant_id = $2",
        )
        .bind(template_id)
        .bind(send.tenant_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|err| err.to_string())?
        .map(|(subject, body_html, body_text)| Content {
            subject,
            body_html,
            body_text,
        });
        cache.insert(template_id, content.clone());
        content.ok_or_else(|| "the template was deleted".to_owned())
    }

    async fn render(
        &self,
        send: &Due,
        lead: &Lead,
        creds: &SmtpCredentials,
        templates: &mut HashMap<Uuid, Option<Content>>,
    ) -> std::result::Result<templates::Rendered, String> {
        let step = send
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
                let mut content = self.template(send, template_id, templates).await?;
                if send.step > 0 && variant.subject.is_empty() {
                    content.subject = String::new();
                }
                content
            }
            None => variant.content(),
        };
        // An empty subject renders as empty; the thread's subject, already final, replaces it.
        let thread_reply = send.step > 0 && content.subject.trim().is_empty();
        let system = SystemValues {
            sender_name: creds.name.clone(),
            sender_email: creds.email.clone(),
            signature: send.signature.clone(),
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
            let original = match &send.thread_subject {
                Some(subject) => subject.clone(),
                None => self.first_subject(send, lead, &system).await?,
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
        send: &Due,
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
        let first = send.steps.0.first().ok_or("the campaign has no steps")?;
        let variant = first
            .variants
            .get(variant.unwrap_or(0) as usize)
            .or(first.variants.first());
        let Some(variant) = variant.filter(|v| v.template_id.is_none()) else {
            return Ok(String::new());
        };
        let content = Content {
            subject: variant.subject.clone(),
            body_html: None,
            body_text: Some("-".into()),
        };
        let rendered =
            templates::render(&content, lead, system, (send.campaign_id, send.lead_id, 0))
                .map_err(|err| err.to_string())?;
        Ok(rendered.subject)
    }
}

/// What the checks before sending decide.
enum Check {
    Go,
    /// The campaign, tenant or mailbox is not active: the send waits as it is.
    Wait,
    /// The send ends unsent.
    End(Verdict),
}

/// Whether a due send may go out now.
fn check(send: &Due) -> Check {
    let gone = send.mailbox_status.is_none() || !send.lead_exists;
    if gone {
        return Check::End(Verdict::end(
            send.id,
            SendResult::Cancelled,
            "the mailbox or the lead no longer exists",
            None,
        ));
    }
    if send.campaign_status != "active"
        || !send.tenant_active
        || send.mailbox_status.as_deref() != Some("active")
    {
        return Check::Wait;
    }
    if send.enrollment_status != "active" {
        return Check::End(Verdict::end(
            send.id,
            SendResult::Cancelled,
            "the enrollment stopped before this step was sent",
            None,
        ));
    }
    if send.suppressed {
        return Check::End(Verdict::end(
            send.id,
            SendResult::Cancelled,
            "the address is suppressed",
            Some(("stopped", "suppressed".to_owned())),
        ));
    }
    Check::Go
}

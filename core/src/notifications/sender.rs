//! Working the delivery outbox: claim due deliveries, post them signed, record the outcome.
//!
//! A claim gives due deliveries a fresh token and pushes their `next_attempt_at` past a lease,
//! in one statement that takes each row only while it is still due: another daemon does not
//! take them while the attempt runs; if this daemon dies, the lease ends
//! and any daemon tries again (with the same `webhook-id`). The outcome is recorded only while
//! the token still holds the delivery.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use url::{Host, Url};
use uuid::Uuid;

use super::guard::{Allowlist, GuardedResolver};
use super::schedule::RetrySchedule;
use super::signing::Secret;
use super::{NewNotice, notify};
use crate::audit::{self, Actor, Entry};
use crate::crypto::Vault;
use crate::error::Result;

/// The most of a response body read; the rest is dropped with the connection.
const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// Attempts one daemon has under way at once.
const IN_FLIGHT: usize = 32;

/// Attempts to one endpoint under way at once in one daemon: a slow endpoint holds at most
/// these slots while other endpoints' deliveries go on.
const PER_ENDPOINT: i64 = 4;

/// Logs an attempt that could not be recorded (it is attempted again once its lease ends);
/// answers the endpoint of a finished attempt.
fn report(done: std::result::Result<(Uuid, Result<()>), tokio::task::JoinError>) -> Option<Uuid> {
    match done {
        Ok((endpoint, Ok(()))) => Some(endpoint),
        Ok((endpoint, Err(err))) => {
            tracing::warn!(error = %err, "could not record a webhook attempt");
            Some(endpoint)
        }
        Err(err) => {
            tracing::error!(error = %err, "a webhook attempt panicked");
            None
        }
    }
}

/// How the delivery workers behave.
#[derive(Debug, Clone)]
pub struct Settings {
    pub schedule: RetrySchedule,
    pub allowlist: Arc<Allowlist>,
    /// The limit of one attempt, from connecting to the end of the answer.
    pub timeout: Duration,
    /// An endpoint whose attempts all failed for this long is disabled when another delivery
    /// to it runs out of attempts.
    pub disable_after: Duration,
}

/// The delivery worker of one daemon.
#[derive(Clone)]
pub struct Sender {
    pool: PgPool,
    vault: Vault,
    client: reqwest::Client,
    settings: Arc<Settings>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// A claimed delivery.
#[derive(sqlx::FromRow)]
struct Claimed {
    id: Uuid,
    endpoint_id: Uuid,
    tenant_id: Uuid,
    body: String,
    attempts: i32,
    url: String,
    secret: Vec<u8>,
}

/// What one attempt came to.
#[derive(Debug)]
struct Outcome {
    at: DateTime<Utc>,
    status_code: Option<u16>,
    duration: Duration,
    error: Option<String>,
}

impl Sender {
    pub fn new(pool: PgPool, vault: Vault, settings: Settings) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .dns_resolver(GuardedResolver::new(settings.allowlist.clone()))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .timeout(settings.timeout)
            .user_agent("PenguinMails-Webhooks/1")
            .build()?;
        Ok(Self {
            pool,
            vault,
            client,
            settings: Arc::new(settings),
        })
    }

    /// Works the outbox until `shutdown`: keeps up to [`IN_FLIGHT`] attempts going, claiming
    /// more as soon as any finishes, and never more than [`PER_ENDPOINT`] to one endpoint at
    /// once, so that a slow endpoint cannot hold back the others. Attempts under way when
    /// `shutdown` comes are finished and recorded.
    pub async fn run(&self, poll: Duration, shutdown: CancellationToken) {
        let mut in_flight: JoinSet<(Uuid, Result<()>)> = JoinSet::new();
        let mut busy: HashMap<Uuid, i64> = HashMap::new();
        let mut failing = false;
        loop {
            let free = IN_FLIGHT.saturating_sub(in_flight.len());
            let mut claimed_any = false;
            if free > 0 && !shutdown.is_cancelled() {
                match self.claim(free, &busy).await {
                    Ok((claim, deliveries)) => {
                        failing = false;
                        claimed_any = !deliveries.is_empty();
                        for delivery in deliveries {
                            *busy.entry(delivery.endpoint_id).or_default() += 1;
                            let sender = self.clone();
                            in_flight.spawn(async move {
                                let outcome = sender.attempt(&delivery).await;
                                let recorded = sender.record(&delivery, claim, &outcome).await;
                                (delivery.endpoint_id, recorded)
                            });
                        }
                    }
                    Err(err) => {
                        if !failing {
                            tracing::warn!(error = %err, "cannot claim webhook deliveries; retrying");
                        }
                        failing = true;
                    }
                }
            }
            if shutdown.is_cancelled() && in_flight.is_empty() {
                return;
            }
            if claimed_any && in_flight.len() < IN_FLIGHT {
                // More may be due at once.
                continue;
            }
            tokio::select! {
                Some(done) = in_flight.join_next() => {
                    if let Some(endpoint) = report(done)
                        && let Some(count) = busy.get_mut(&endpoint)
                    {
                        *count -= 1;
                        if *count <= 0 {
                            busy.remove(&endpoint);
                        }
                    }
                }
                () = tokio::time::sleep(poll) => {}
                () = shutdown.cancelled(), if !shutdown.is_cancelled() => {}
            }
        }
    }

    /// Claims up to `limit` due deliveries, leaving endpoints with [`PER_ENDPOINT`] attempts
    /// under way (`busy`) out.
    async fn claim(&self, limit: usize, busy: &HashMap<Uuid, i64>) -> Result<(Uuid, Vec<Claimed>)> {
        let claim = Uuid::new_v4();
        let lease = self.settings.timeout + Duration::from_secs(60);
        let (busy_ids, busy_counts): (Vec<Uuid>, Vec<i64>) =
            busy.iter().map(|(k, v)| (*k, *v)).unzip();
        // The candidates are read without locks (a window function cannot lock); the update
        // then takes each row only if it is still due, so that of two daemons reading the same
        // candidates, the second finds them pushed into the future and leaves them.
        let claimed = sqlx::query_as::<_, Claimed>(
            "WITH busy AS (SELECT * FROM unnest($5::uuid[], $6::int8[]) AS b(endpoint_id, n)), \
             candidates AS ( \
                 SELECT ranked.id FROM ( \
                     SELECT d.id, d.endpoint_id, d.next_attempt_at, row_number() OVER ( \
                         PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at) AS nth \
                     FROM webhook_deliveries d \
                     JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.enabled \
                     WHERE d.status = 'pending' AND d.next_attempt_at <= now()) ranked \
                 LEFT JOIN busy ON busy.endpoint_id = ranked.endpoint_id \
                 WHERE ranked.nth <= $4 - coalesce(busy.n, 0) \
                 ORDER BY ranked.next_attempt_at LIMIT $1) \
             UPDATE webhook_deliveries d SET claim = $2, attempts = d.attempts + 1, \
                 next_attempt_at = now() + make_interval(secs => $3) \
             FROM candidates, webhook_endpoints w WHERE d.id = candidates.id \
                 AND w.id = d.endpoint_id AND d.status = 'pending' AND d.next_attempt_at <= now() \
             RETURNING d.id, d.endpoint_id, d.tenant_id, d.payload::text AS body, d.attempts, \
                 w.url, w.secret",
        )
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(claim)
        .bind(lease.as_secs_f64())
        .bind(PER_ENDPOINT)
        .bind(busy_ids)
        .bind(busy_counts)
        .fetch_all(&self.pool)
        .await?;
        Ok((claim, claimed))
    }

    /// Posts one delivery.
    async fn attempt(&self, delivery: &Claimed) -> Outcome {
        let at = Utc::now();
        let started = Instant::now();
        let result = self.post(delivery, at).await;
        let duration = started.elapsed();
        let (status_code, error) = match result {
            Ok(code) if (200..300).contains(&code) => (Some(code), None),
            Ok(code) if (300..400).contains(&code) => (
                Some(code),
                Some(format!("HTTP {code}: redirects are not followed")),
            ),
            Ok(code) => (Some(code), Some(format!("HTTP {code}"))),
            Err(error) => (None, Some(error)),
        };
        Outcome {
            at,
            status_code,
            duration,
            error,
        }
    }

    async fn post(
        &self,
        delivery: &Claimed,
        at: DateTime<Utc>,
    ) -> std::result::Result<u16, String> {
        let url = Url::parse(&delivery.url).map_err(|err| format!("invalid URL: {err}"))?;
        super::guard::check_form(&url).map_err(|err| format!("refused: {err}"))?;
        // Names are checked by the client's resolver as it connects; literal addresses here.
        let literal = match url.host() {
            Some(Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal
            && !self.settings.allowlist.permits(&ip.to_string(), ip)
        {
            return Err(format!("refused: {ip} is not a public address"));
        }
        let secret = self
            .vault
            .open(delivery.endpoint_id, &delivery.secret)
            .map_err(|err| err.to_string())
            .and_then(|text| Secret::parse(&text).map_err(|err| err.to_string()))?;
        let id = delivery.id.to_string();
        let timestamp = at.timestamp();
        let signature = secret.sign(&id, timestamp, delivery.body.as_bytes());
        let mut response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(delivery.body.clone())
            .send()
            .await
            .map_err(|err| describe(&err))?;
        let status = response.status().as_u16();
        // Read a bounded amount of the answer, so the connection can be reused; never more.
        let mut read = 0;
        while read < MAX_RESPONSE_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => read += chunk.len(),
                Ok(None) | Err(_) => break,
            }
        }
        Ok(status)
    }

    /// Records an attempt: delivered; or failed, with the next attempt or dead-lettered. A
    /// dead letter on an endpoint that has failed for longer than allowed disables it.
    async fn record(&self, delivery: &Claimed, claim: Uuid, outcome: &Outcome) -> Result<()> {
        let entry = json!({
            "at": outcome.at,
            "status_code": outcome.status_code,
            "duration_ms": outcome.duration.as_millis() as i64,
            "error": outcome.error,
        });
        let duration_ms = i32::try_from(outcome.duration.as_millis()).unwrap_or(i32::MAX);
        let code = outcome.status_code.map(i32::from);
        let delivered = outcome.error.is_none();
        let wait = if delivered {
            None
        } else {
            self.settings.schedule.wait_after(delivery.attempts)
        };
        let status = match (delivered, wait) {
            (true, _) => "delivered",
            (false, Some(_)) => "pending",
            (false, None) => "failed",
        };
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query(
            "UPDATE webhook_deliveries SET status = $3, claim = NULL, \
             next_attempt_at = CASE WHEN $4::float8 IS NULL THEN next_attempt_at \
                 ELSE now() + make_interval(secs => $4) END, \
             delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END, \
             last_attempt_at = $5, last_status_code = $6, last_error = $7, \
             last_duration_ms = $8, attempt_log = attempt_log || jsonb_build_array($9::jsonb) \
             WHERE id = $1 AND claim = $2",
        )
        .bind(delivery.id)
        .bind(claim)
        .bind(status)
        .bind(wait.map(|w| w.as_secs_f64()))
        .bind(outcome.at)
        .bind(code)
        .bind(&outcome.error)
        .bind(duration_ms)
        .bind(&entry)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            // The lease ran out and another attempt took over; it records its own outcome.
            return Ok(());
        }
        metrics::counter!("penguin_webhook_attempts_total", "outcome" => status).increment(1);
        if delivered {
            sqlx::query(
                "UPDATE webhook_endpoints SET failing_since = NULL \
                 WHERE id = $1 AND failing_since IS NOT NULL",
            )
            .bind(delivery.endpoint_id)
            .execute(&mut *tx)
            .await?;
        } else {
            tracing::debug!(
                delivery.id = %delivery.id,
                endpoint.id = %delivery.endpoint_id,
                attempt = delivery.attempts,
                error = outcome.error.as_deref().unwrap_or_default(),
                "webhook delivery attempt failed"
            );
            let failing_since: DateTime<Utc> = sqlx::query_scalar(
                "UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2) \
                 WHERE id = $1 RETURNING failing_since",
            )
            .bind(delivery.endpoint_id)
            .bind(outcome.at)
            .fetch_one(&mut *tx)
            .await?;
            let failing_for = (Utc::now() - failing_since).to_std().unwrap_or_default();
            if status == "failed" && failing_for >= self.settings.disable_after {
                self.disable(&mut tx, delivery, failing_since).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn disable(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        delivery: &Claimed,
        failing_since: DateTime<Utc>,
    ) -> Result<()> {
        let reason = format!(
            "every delivery attempt failed since {}",
            failing_since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        let disabled: Option<String> = sqlx::query_scalar(
            "UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, \
             updated_at = now() WHERE id = $1 AND enabled RETURNING url",
        )
        .bind(delivery.endpoint_id)
        .bind(&reason)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(url) = disabled else {
            return Ok(());
        };
        tracing::info!(
            endpoint.id = %delivery.endpoint_id,
            tenant.id = %delivery.tenant_id,
            "webhook endpoint disabled after persistent failure"
        );
        notify(
            tx,
            NewNotice {
                tenant_id: delivery.tenant_id,
                kind: "webhook.disabled",
                title: "A webhook endpoint was disabled".to_owned(),
                body: format!(
                    "{url}: {reason}. Fix the receiver, enable the endpoint again and replay \
                     its failed deliveries."
                ),
                subject: Some(("webhook_endpoint", delivery.endpoint_id)),
                details: json!({ "url": url, "failing_since": failing_since }),
                dedup_key: format!(
                    "webhook:{}:disabled:{}",
                    delivery.endpoint_id,
                    failing_since.timestamp_micros()
                ),
            },
        )
        .await?;
        let actor = Actor {
            key_id: None,
            label: "system:webhooks".to_owned(),
            user: None,
            request_id: None,
        };
        audit::record(
            tx,
            &actor,
            Entry {
                tenant_id: Some(delivery.tenant_id),
                action: "webhook_endpoint.disable",
                target_type: "webhook_endpoint",
                target_id: Some(delivery.endpoint_id.to_string()),
                details: json!({ "reason": reason }),
            },
        )
        .await
    }
}

/// A request error with its causes, e.g. the guard's refusal inside a connect error. Never
/// contains the signing secret (it is not part of any request error).
fn describe(err: &reqwest::Error) -> String {
    let mut text = if err.is_timeout() {
        "timed out".to_owned()
    } else if err.is_connect() {
        "could not connect".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text.chars().take(500).collect()
}

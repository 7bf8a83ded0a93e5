//! The dispatcher: finds due enrollments in PostgreSQL, applies every limit, and writes the
//! sends that may go now into the ledger. It returns their ids for the caller to enqueue.
//!
//! It also repairs: sends whose queue job was lost (Redis flushed, a push failed) are returned
//! again, and claims abandoned by a dead worker are marked ambiguous (a claim is taken just
//! before the message goes out). Several replicas may call it; a transaction-scoped advisory
//! lock lets one run at a time.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::schedule::Schedule;
use super::{CampaignRow, Step};
use crate::error::Result;
use crate::notifications::fanout::CompletedCampaign;
use crate::smtp::message;
use crate::tenant::template;

/// An arbitrary constant naming the dispatcher's advisory lock.
const LOCK: i64 = 0x7065_6e67_7569_6e01;

/// Tuning of one dispatcher run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Enrollments considered per run.
    pub batch: i64,
    /// A queued send whose job has not run for this long is enqueued again.
    pub requeue_after: Duration,
    /// A claim older than this belongs to a worker that died.
    pub claim_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            batch: 2000,
            requeue_after: Duration::minutes(2),
            claim_timeout: Duration::minutes(5),
        }
    }
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Report {
    /// Sends to put on the queue, new and repaired, as (mailbox, send) pairs.
    pub enqueue: Vec<(Uuid, Uuid)>,
    pub created: usize,
    pub repaired: usize,
    /// The run examined as many enrollments as it may: more may be due at once.
    pub full: bool,
    /// Enrollments examined that had to wait, by reason.
    pub waiting: HashMap<&'static str, usize>,
}

#[derive(sqlx::FromRow)]
struct Candidate {
    id: Uuid,
    tenant_id: Uuid,
    campaign_id: Uuid,
    lead_id: Uuid,
    mailbox_id: Option<Uuid>,
    next_step: i32,
    email_key: String,
}

#[derive(sqlx::FromRow)]
struct MailboxState {
    id: Uuid,
    email: String,
    status: String,
    daily_limit: i32,
    min_gap_seconds: i32,
    sent_today: i64,
    last_at: Option<DateTime<Utc>>,
}

impl MailboxState {
    fn remaining(&self) -> i64 {
        i64::from(self.daily_limit) - self.sent_today
    }

    /// When the minimum gap lets this mailbox send again.
    fn free_at(&self) -> Option<DateTime<Utc>> {
        let gap = i64::from(self.min_gap_seconds);
        (gap > 0)
            .then_some(self.last_at?)
            .map(|last| last + Duration::seconds(gap))
    }
}

/// What happens to one enrollment in this run.
enum Decision {
    Send {
        mailbox: Uuid,
        variant: usize,
    },
    Wait {
        until: DateTime<Utc>,
        reason: &'static str,
    },
    Stop {
        reason: &'static str,
    },
}

/// What a dispatcher run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Repairs, new sends and completed campaigns.
    Everything,
    /// Everything but new sends: the send workers have enough to do.
    Repairs,
}

/// One dispatcher run at `now`.
pub async fn run(
    pool: &PgPool,
    settings: &Settings,
    now: DateTime<Utc>,
    scope: Scope,
) -> Result<Report> {
    let mut tx = pool.begin().await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
        .bind(LOCK)
        .fetch_one(&mut *tx)
        .await?;
    if !locked {
        return Ok(Report::default());
    }
    let mut report = Report::default();
    release_abandoned(&mut tx, settings, now).await?;
    report.enqueue = requeue_lost(&mut tx, settings, now).await?;
    report.repaired = report.enqueue.len();
    if scope == Scope::Everything {
        schedule_sends(&mut tx, settings, now, &mut report).await?;
    }
    complete_campaigns(&mut tx).await?;
    tx.commit().await?;
    Ok(report)
}

/// Claims whose worker died: a claim is taken just before the message goes out, so the
/// recipient may have it; it is never sent again.
async fn release_abandoned(
    tx: &mut Transaction<'_, Postgres>,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<()> {
    let cutoff = now - settings.claim_timeout;
    // A claimed send keeps its status, so the lookup goes through the indexes of waiting sends.
    // A claim leaves `enqueued_at` and `next_attempt_at` as they were, both set before it (the
    // dispatcher's clock, or the worker's for a retry, against the database's for the claim):
    // a claim older than the cutoff is found once the cutoff has passed them too, which skewed
    // clocks can delay but never prevent.
    let ambiguous: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "WITH waiting AS MATERIALIZED ( \
             SELECT id FROM sends WHERE status = 'queued' AND enqueued_at IS NULL \
             UNION ALL SELECT id FROM sends WHERE status = 'queued' AND enqueued_at < $1 \
             UNION ALL SELECT id FROM sends WHERE status = 'deferred' AND next_attempt_at < $1) \
         UPDATE sends s SET status = 'ambiguous', finished_at = $2, \
         smtp_reply = 'the worker stopped after DATA; the recipient may have the message' \
         FROM waiting WHERE s.id = waiting.id AND s.status IN ('queued', 'deferred') \
         AND s.claim IS NOT NULL AND s.claimed_at < $1 RETURNING s.id, s.enrollment_id",
    )
    .bind(cutoff)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    let (sends, ambiguous): (Vec<Uuid>, Vec<Uuid>) = ambiguous.into_iter().unzip();
    if !ambiguous.is_empty() {
        tracing::warn!(
            count = ambiguous.len(),
            "sends with an unknown outcome after a worker stopped"
        );
        sqlx::query(
            "UPDATE enrollments SET status = 'attention', current_send_id = NULL, updated_at = now(), \
             reason = 'the last message may or may not have been delivered; not resent' \
             WHERE id = ANY($1)",
        )
        .bind(&ambiguous)
        .execute(&mut **tx)
        .await?;
    }
    // Counter rows last, as everywhere else that writes them.
    crate::analytics::count_ambiguous(tx, &sends).await?;
    Ok(())
}

/// Sends that should be on the queue but may not be.
async fn requeue_lost(
    tx: &mut Transaction<'_, Postgres>,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, Uuid)>> {
    // A deferred send is due again once its retry time has come and it was not queued since,
    // or, like a queued one, when its job has been gone for `requeue_after` (released while
    // its campaign was paused, or lost with Redis).
    // The lost sends are found through the partial indexes first, then updated by primary key,
    // their campaign, tenant and mailbox read one row each: left to itself, the planner may
    // start from the mailboxes and read all of their sends.
    Ok(sqlx::query_as(
        "WITH lost AS MATERIALIZED ( \
             SELECT id FROM sends WHERE status = 'queued' AND enqueued_at IS NULL \
             UNION ALL SELECT id FROM sends WHERE status = 'queued' AND enqueued_at < $2 \
             UNION ALL SELECT id FROM sends WHERE status = 'deferred' AND next_attempt_at <= $1 \
                 AND (enqueued_at IS NULL OR enqueued_at < next_attempt_at \
                      OR enqueued_at < $2)) \
         UPDATE sends s SET enqueued_at = $1 FROM lost \
         WHERE s.id = lost.id AND s.claim IS NULL AND s.status IN ('queued', 'deferred') \
         AND (SELECT c.status = 'active' FROM campaigns c WHERE c.id = s.campaign_id) \
         AND (SELECT t.status = 'active' AND t.deleted_at IS NULL FROM tenants t \
              WHERE t.id = s.tenant_id) \
         AND (SELECT m.status = 'active' FROM mailboxes m WHERE m.id = s.mailbox_id) \
         RETURNING s.mailbox_id, s.id",
    )
    .bind(now)
    .bind(now - settings.requeue_after)
    .fetch_all(&mut **tx)
    .await?)
}

async fn schedule_sends(
    tx: &mut Transaction<'_, Postgres>,
    settings: &Settings,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<()> {
    let candidates = sqlx::query_as::<_, Candidate>(
        "SELECT e.id, e.tenant_id, e.campaign_id, e.lead_id, e.mailbox_id, e.next_step, l.email_key \
         FROM enrollments e \
         JOIN campaigns c ON c.id = e.campaign_id AND c.status = 'active' \
         JOIN tenants t ON t.id = e.tenant_id AND t.status = 'active' AND t.deleted_at IS NULL \
         JOIN leads l ON l.id = e.lead_id \
         WHERE e.status = 'active' AND e.current_send_id IS NULL \
         AND (e.next_at IS NULL OR e.next_at <= $1) \
         ORDER BY e.next_at NULLS FIRST, e.id LIMIT $2 FOR UPDATE OF e SKIP LOCKED",
    )
    .bind(now)
    .bind(settings.batch)
    .fetch_all(&mut **tx)
    .await?;
    if candidates.is_empty() {
        return Ok(());
    }
    report.full = candidates.len() as i64 >= settings.batch;

    let campaign_ids: Vec<Uuid> = candidates
        .iter()
        .map(|c| c.campaign_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let sql = format!("{} WHERE c.id = ANY($1)", super::SELECT);
    let campaigns: HashMap<Uuid, CampaignRow> =
        sqlx::query_as::<_, CampaignRow>(sqlx::AssertSqlSafe(sql))
            .bind(&campaign_ids)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    let schedules: HashMap<Uuid, Schedule> = campaigns
        .values()
        .filter_map(|c| {
            Schedule::parse("schedule", &c.schedule.0)
                .ok()
                .map(|s| (c.id, s))
        })
        .collect();
    let mut campaign_sent: HashMap<Uuid, i64> = HashMap::new();
    for (id, schedule) in &schedules {
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sends WHERE campaign_id = $1 AND created_at >= $2 AND status <> 'cancelled'",
        )
        .bind(id)
        .bind(schedule.day_start(now))
        .fetch_one(&mut **tx)
        .await?;
        campaign_sent.insert(*id, count);
    }
    let mut mailbox_ids: HashSet<Uuid> = campaigns
        .values()
        .flat_map(|c| c.mailbox_ids.iter().copied())
        .collect();
    mailbox_ids.extend(candidates.iter().filter_map(|c| c.mailbox_id));
    let utc_midnight = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    let mut mailboxes: HashMap<Uuid, MailboxState> = sqlx::query_as::<_, MailboxState>(
        "SELECT m.id, m.email, m.status, m.daily_limit, m.min_gap_seconds, \
         (SELECT count(*) FROM sends s WHERE s.mailbox_id = m.id AND s.created_at >= $2 \
          AND s.status <> 'cancelled') AS sent_today, \
         (SELECT max(s.created_at) FROM sends s WHERE s.mailbox_id = m.id) AS last_at \
         FROM mailboxes m WHERE m.id = ANY($1)",
    )
    .bind(mailbox_ids.into_iter().collect::<Vec<_>>())
    .bind(utc_midnight)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|m| (m.id, m))
    .collect();
    let keys: Vec<String> = candidates.iter().map(|c| c.email_key.clone()).collect();
    let mut suppressed = HashSet::new();
    for tenant_id in candidates
        .iter()
        .map(|c| c.tenant_id)
        .collect::<HashSet<_>>()
    {
        suppressed.extend(
            crate::tenant::suppressions::suppressed_among(&mut **tx, tenant_id, &keys).await?,
        );
    }
    let next_utc_midnight = utc_midnight + Duration::days(1);

    let mut writes = Writes::default();
    for candidate in &candidates {
        let (Some(campaign), Some(schedule)) = (
            campaigns.get(&candidate.campaign_id),
            schedules.get(&candidate.campaign_id),
        ) else {
            continue;
        };
        let steps: &[Step] = &campaign.steps.0;
        let decision = if candidate.next_step as usize >= steps.len() {
            Decision::Stop {
                reason: "completed",
            }
        } else if suppressed.contains(&candidate.email_key) {
            Decision::Stop {
                reason: "suppressed",
            }
        } else {
            decide(
                candidate,
                campaign,
                schedule,
                steps,
                now,
                &mut campaign_sent,
                &mut mailboxes,
                next_utc_midnight,
            )
        };
        match decision {
            Decision::Send { mailbox, variant } => {
                let send_id = Uuid::now_v7();
                writes.sends.push(NewSend {
                    id: send_id,
                    enrollment: candidate,
                    mailbox,
                    variant: variant as i32,
                    message_id: message::message_id(send_id, &mailboxes[&mailbox].email),
                });
            }
            Decision::Wait { until, reason } => {
                *report.waiting.entry(reason).or_default() += 1;
                writes.waits.push((candidate.id, until, reason));
            }
            Decision::Stop { reason } => {
                let status = if reason == "completed" {
                    "completed"
                } else {
                    "stopped"
                };
                writes.stops.push((candidate.id, status, reason));
            }
        }
    }
    writes.apply(tx, now, report).await
}

/// A send decided in this run.
struct NewSend<'a> {
    id: Uuid,
    enrollment: &'a Candidate,
    mailbox: Uuid,
    variant: i32,
    message_id: String,
}

/// What a run writes, gathered so that each kind takes one statement.
#[derive(Default)]
struct Writes<'a> {
    sends: Vec<NewSend<'a>>,
    waits: Vec<(Uuid, DateTime<Utc>, &'static str)>,
    stops: Vec<(Uuid, &'static str, &'static str)>,
}

impl Writes<'_> {
    async fn apply(
        self,
        tx: &mut Transaction<'_, Postgres>,
        now: DateTime<Utc>,
        report: &mut Report,
    ) -> Result<()> {
        if !self.sends.is_empty() {
            let sends = &self.sends;
            // The tenant and the campaign come from the enrollment: no foreign key checks the
            // send's copies of them (the enrollment's key cascades for all three).
            let inserted: Vec<(Uuid, Uuid)> = sqlx::query_as(
                "INSERT INTO sends (id, tenant_id, campaign_id, enrollment_id, lead_id, mailbox_id, \
                 step, variant, message_id, enqueued_at) \
                 SELECT *, $10::timestamptz FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], \
                 $4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::int[], $9::text[]) \
                 ON CONFLICT (enrollment_id, step) DO NOTHING RETURNING mailbox_id, id",
            )
            .bind(sends.iter().map(|s| s.id).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.enrollment.tenant_id).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.enrollment.campaign_id).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.enrollment.id).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.enrollment.lead_id).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.mailbox).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.enrollment.next_step).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.variant).collect::<Vec<_>>())
            .bind(sends.iter().map(|s| s.message_id.clone()).collect::<Vec<_>>())
            .bind(now)
            .fetch_all(&mut **tx)
            .await?;
            report.created += inserted.len();
            report.enqueue.extend(inserted);
            // Where the ledger already had the step, the enrollment follows that send instead
            // of a new one.
            sqlx::query(
                "UPDATE enrollments e SET current_send_id = s.id, mailbox_id = s.mailbox_id, \
                 reason = NULL, updated_at = now() \
                 FROM unnest($1::uuid[]) AS u(id), sends s \
                 WHERE e.id = u.id AND s.enrollment_id = e.id AND s.step = e.next_step",
            )
            .bind(sends.iter().map(|s| s.enrollment.id).collect::<Vec<_>>())
            .execute(&mut **tx)
            .await?;
        }
        if !self.waits.is_empty() {
            sqlx::query(
                "UPDATE enrollments e SET next_at = u.until, reason = u.reason, updated_at = now() \
                 FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS u(id, until, reason) \
                 WHERE e.id = u.id",
            )
            .bind(self.waits.iter().map(|w| w.0).collect::<Vec<_>>())
            .bind(self.waits.iter().map(|w| w.1).collect::<Vec<_>>())
            .bind(self.waits.iter().map(|w| w.2).collect::<Vec<_>>())
            .execute(&mut **tx)
            .await?;
        }
        if !self.stops.is_empty() {
            sqlx::query(
                "UPDATE enrollments e SET status = u.status, reason = u.reason, updated_at = now() \
                 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, status, reason) \
                 WHERE e.id = u.id",
            )
            .bind(self.stops.iter().map(|s| s.0).collect::<Vec<_>>())
            .bind(self.stops.iter().map(|s| s.1).collect::<Vec<_>>())
            .bind(self.stops.iter().map(|s| s.2).collect::<Vec<_>>())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
fn decide(
    candidate: &Candidate,
    campaign: &CampaignRow,
    schedule: &Schedule,
    steps: &[Step],
    now: DateTime<Utc>,
    campaign_sent: &mut HashMap<Uuid, i64>,
    mailboxes: &mut HashMap<Uuid, MailboxState>,
    next_utc_midnight: DateTime<Utc>,
) -> Decision {
    match schedule.next_open(now) {
        None => {
            return Decision::Stop {
                reason: "the campaign's end date has passed",
            };
        }
        Some(open) if open > now => {
            return Decision::Wait {
                until: open,
                reason: "outside the sending window",
            };
        }
        Some(_) => {}
    }
    let sent = campaign_sent.entry(campaign.id).or_default();
    if *sent >= i64::from(campaign.daily_limit) {
        let tomorrow = schedule.next_day_start(now);
        let until = schedule.next_open(tomorrow).unwrap_or(tomorrow);
        return Decision::Wait {
            until,
            reason: "campaign daily limit reached",
        };
    }

    let retry_soon = now + Duration::minutes(1);
    let mailbox = match candidate.mailbox_id.filter(|id| mailboxes.contains_key(id)) {
        Some(id) => {
            let state = &mailboxes[&id];
            if state.status == "paused" {
                return Decision::Wait {
                    until: retry_soon,
                    reason: "the lead's mailbox is paused",
                };
            }
            if state.status == "error" {
                return Decision::Wait {
                    until: retry_soon,
                    reason: "the lead's mailbox has an error",
                };
            }
            if state.remaining() <= 0 {
                return Decision::Wait {
                    until: next_utc_midnight,
                    reason: "mailbox daily limit reached",
                };
            }
            if let Some(free) = state.free_at().filter(|free| *free > now) {
                return Decision::Wait {
                    until: free,
                    reason: "mailbox minimum gap",
                };
            }
            id
        }
        None => {
            let usable: Vec<&MailboxState> = campaign
                .mailbox_ids
                .iter()
                .filter_map(|id| mailboxes.get(id))
                .filter(|m| m.status == "active")
                .collect();
            if usable.is_empty() {
                return Decision::Wait {
                    until: retry_soon,
                    reason: "no active mailbox in the campaign",
                };
            }
            let with_capacity: Vec<&&MailboxState> =
                usable.iter().filter(|m| m.remaining() > 0).collect();
            if with_capacity.is_empty() {
                return Decision::Wait {
                    until: next_utc_midnight,
                    reason: "mailbox daily limit reached",
                };
            }
            let free: Vec<&&&MailboxState> = with_capacity
                .iter()
                .filter(|m| m.free_at().is_none_or(|f| f <= now))
                .collect();
            match free
                .iter()
                .max_by_key(|m| (m.remaining(), std::cmp::Reverse(m.id)))
            {
                Some(best) => best.id,
                None => {
                    let until = with_capacity
                        .iter()
                        .filter_map(|m| m.free_at())
                        .min()
                        .unwrap_or(retry_soon);
                    return Decision::Wait {
                        until,
                        reason: "mailbox minimum gap",
                    };
                }
            }
        }
    };

    let step = candidate.next_step as usize;
    let variant = choose_variant(&steps[step], campaign.id, candidate.lead_id, step as u32);
    *sent += 1;
    let state = mailboxes.get_mut(&mailbox).expect("chosen from the map");
    state.sent_today += 1;
    state.last_at = Some(now);
    Decision::Send { mailbox, variant }
}

/// The variant a lead gets at a step: weighted, and the same on every run.
pub fn choose_variant(step: &Step, campaign: Uuid, lead: Uuid, index: u32) -> usize {
    let total: u64 = step
        .variants
        .iter()
        .map(|v| u64::from(v.weight.max(1)))
        .sum();
    if total == 0 {
        return 0;
    }
    let mut pick = template::seed(campaign, lead, index, "variant") % total;
    for (i, variant) in step.variants.iter().enumerate() {
        let weight = u64::from(variant.weight.max(1));
        if pick < weight {
            return i;
        }
        pick -= weight;
    }
    0
}

/// Active campaigns whose every enrollment has finished become completed.
/// Each is announced (notice and webhooks) in the same transaction.
async fn complete_campaigns(tx: &mut Transaction<'_, Postgres>) -> Result<()> {
    let completed = sqlx::query_as::<_, CompletedCampaign>(
        "UPDATE campaigns c SET status = 'completed', completed_at = now(), updated_at = now() \
         WHERE c.status = 'active' \
         AND EXISTS (SELECT 1 FROM enrollments e WHERE e.campaign_id = c.id) \
         AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.campaign_id = c.id \
                         AND e.status IN ('active', 'attention')) \
         RETURNING c.id, c.tenant_id, c.workspace_id, c.name, c.completed_at",
    )
    .fetch_all(&mut **tx)
    .await?;
    crate::notifications::fanout::campaigns_completed(tx, &completed).await
}

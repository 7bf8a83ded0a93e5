//! Writes to the send ledger from the send worker's tasks, gathered into rounds.
//!
//! Every message is claimed (and so marked as possibly delivered) just before its `DATA`, and
//! its outcome is recorded as soon as it is known: one row each, so that a worker that dies
//! leaves only the messages it had in flight with an unknown outcome. Doing that with a
//! statement per row would make PostgreSQL the bottleneck of sending, so requests from all tasks
//! queue up and each round serves all that waited, in one statement, while the tasks go on
//! talking SMTP.
//!
//! The statement that records outcomes also adds refusals, failures and unknown outcomes to
//! the analytics counters, grouped by counters row. Sent messages, the common case, are
//! counted when they become `sent` events (`events::sent`), so concurrent rounds of one
//! campaign do not queue on its counter rows.
//!
//! A claim sets the send's claim token and leaves its status (`queued` or `deferred`) as it
//! is: it writes no column that an index of `sends` reads, so PostgreSQL rewrites the row on
//! its own page without touching any index (a HOT update). `claim IS NOT NULL` on a waiting
//! send means it is in flight.

use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::send::SendResult;
use crate::error::{Error, Result};

/// Why a claim failed: another worker holds the send, or it is no longer due.
pub(super) const NOT_CLAIMED: &str = "the send is no longer due";

/// The most rows one round writes.
const ROUND_MAX: usize = 512;

/// What becomes of one claimed send: a row of a recording round.
#[derive(Debug)]
pub(super) struct Verdict {
    pub send_id: Uuid,
    pub result: SendResult,
    /// The send's new status.
    pub status: String,
    pub code: Option<u16>,
    pub reply: Option<String>,
    pub retry_at: Option<DateTime<Utc>>,
    /// For a send that ends without being sent: the enrollment's new status and reason
    /// (`None` leaves them).
    pub enrollment: Option<(&'static str, String)>,
    /// For a sent message: minutes until the next step (`None` on the last) and its subject,
    /// which the thread keeps.
    pub next_delay: Option<i64>,
    pub subject: Option<String>,
    /// For a refusal: whether it will not go away (counted as a hard bounce).
    pub hard: bool,
}

impl Verdict {
    pub fn new(send_id: Uuid, result: SendResult, status: &str) -> Self {
        Self {
            send_id,
            result,
            status: status.to_owned(),
            code: None,
            reply: None,
            retry_at: None,
            enrollment: None,
            next_delay: None,
            subject: None,
            hard: false,
        }
    }

    /// The claim goes back without counting as an attempt: the send waits for its campaign,
    /// tenant or mailbox to become active again.
    pub fn release(send_id: Uuid, previous: &str) -> Self {
        Self::new(send_id, SendResult::Released, previous)
    }

    /// The send ends unsent; the enrollment takes `enrollment` as status and reason.
    pub fn end(
        send_id: Uuid,
        result: SendResult,
        reply: &str,
        enrollment: Option<(&'static str, String)>,
    ) -> Self {
        let status = match result {
            SendResult::Failed => "failed",
            SendResult::Bounced => "bounced",
            SendResult::Ambiguous => "ambiguous",
            _ => "cancelled",
        };
        Self {
            reply: Some(reply.to_owned()),
            enrollment,
            ..Self::new(send_id, result, status)
        }
    }

    pub fn with_code(mut self, code: Option<u16>) -> Self {
        self.code = code;
        self
    }
}

/// A request with where to send its answer.
type Request<Q, A> = (Q, oneshot::Sender<A>);

/// The queue of a round loop.
type Queue<Q, A> = mpsc::UnboundedSender<Request<Q, Result<A>>>;

/// One request of a round: the outcome of a task's previous message and the claim of its next,
/// written together, so that a task never holds two messages whose outcome is unwritten.
pub(super) struct Write {
    /// A verdict, with the claim token that must still hold its send (`None`: the send must
    /// still be unclaimed).
    pub record: Option<(Option<Uuid>, Verdict)>,
    /// A send to claim, with the token to claim it with.
    pub claim: Option<(Uuid, Uuid)>,
}

/// The ledger writer of one worker process.
#[derive(Clone)]
pub(super) struct Ledger {
    /// A write → whether its claim was taken (false when it asked for none).
    writes: Queue<Write, bool>,
}

impl Ledger {
    /// Starts the writer on a thread of its own, with connections of its own made like
    /// `pool`'s; it ends when the last clone is dropped.
    ///
    /// Every message waits for a round before its `DATA`, so a round must start the moment the
    /// previous one ends: on the worker's runtime, the round loop would wait its turn behind
    /// the tasks rendering and talking SMTP, and that wait is added to every message.
    pub fn start(pool: &PgPool) -> Self {
        Self {
            writes: rounds(pool, write),
        }
    }

    /// Writes a step. The request is on its way when this returns. A claim marks its send as
    /// possibly delivered from then on; the answer says whether the send was still due and
    /// not claimed by anyone else. A verdict records the send's new status and, for a send
    /// that ended, its enrollment (moved to the next step, completed or stopped); nothing
    /// happens unless its claim still holds the send (a claim that outlived its timeout was
    /// made ambiguous, and stays so) or, without a claim, the send is still unclaimed.
    pub fn write(&self, write: Write) -> impl Future<Output = Result<bool>> + use<> {
        ask(&self.writes, write)
    }

    /// Records a verdict alone.
    pub fn record(
        &self,
        claim: Option<Uuid>,
        verdict: Verdict,
    ) -> impl Future<Output = Result<()>> + use<> {
        let written = self.write(Write {
            record: Some((claim, verdict)),
            claim: None,
        });
        async move { written.await.map(|_| ()) }
    }
}

fn ask<Q, A>(queue: &Queue<Q, A>, request: Q) -> impl Future<Output = Result<A>> + use<Q, A> {
    let (reply, answer) = oneshot::channel();
    let sent = queue.send((request, reply)).is_ok();
    async move {
        let stopped = || Error::Database(Arc::new(sqlx::Error::PoolClosed));
        if !sent {
            return Err(stopped());
        }
        answer.await.map_err(|_| stopped())?
    }
}

/// Connections of the round loop: one at a time is used; a second replaces one that is lost.
const ROUND_CONNECTIONS: u32 = 2;

/// Serves requests a round at a time with `serve`, which answers all of a round's requests
/// with one result. The loop runs on a thread of its own with its own connections, configured
/// like `pool`'s.
fn rounds<Q, A, F, Fut>(pool: &PgPool, serve: F) -> Queue<Q, A>
where
    Q: Send + 'static,
    A: Send + 'static,
    F: Fn(PgPool, Vec<Q>) -> Fut + Send + 'static,
    Fut: Future<Output = sqlx::Result<Vec<A>>>,
{
    let (queue, mut waiting) = mpsc::unbounded_channel::<Request<Q, Result<A>>>();
    let options = (*pool.connect_options()).clone();
    let spawned = std::thread::Builder::new()
        .name("send-ledger".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(err) => {
                    // Dropping `waiting` fails every write with "pool closed".
                    tracing::error!(error = %err, "the send ledger cannot start");
                    return;
                }
            };
            runtime.block_on(async move {
                let pool = PgPoolOptions::new()
                    .max_connections(ROUND_CONNECTIONS)
                    .test_before_acquire(false)
                    .connect_lazy_with(options);
                let mut round = Vec::with_capacity(ROUND_MAX);
                while waiting.recv_many(&mut round, ROUND_MAX).await > 0 {
                    let (requests, replies): (Vec<Q>, Vec<_>) = round.drain(..).unzip();
                    answer(replies, serve(pool.clone(), requests).await);
                }
                pool.close().await;
            });
        });
    if let Err(err) = spawned {
        tracing::error!(error = %err, "the send ledger cannot start");
    }
    queue
}

/// Hands each request of a round its answer, or all of them the round's error.
fn answer<A>(replies: Vec<oneshot::Sender<Result<A>>>, answers: sqlx::Result<Vec<A>>) {
    match answers {
        Ok(answers) => {
            for (reply, answer) in replies.into_iter().zip(answers) {
                let _ = reply.send(Ok(answer));
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, "a ledger write failed");
            let err = Arc::new(err);
            for reply in replies {
                let _ = reply.send(Err(Error::Database(err.clone())));
            }
        }
    }
}

/// One round, written again when its connection turns out to be lost (the worker's connections
/// are not checked before use; a failed one is closed, so the tries end on a live one). If a
/// try had in fact committed, its claims are not taken again: those sends were never sent and
/// end as unknown outcomes once their claims time out, which is never a duplicate.
async fn write(pool: PgPool, steps: Vec<Write>) -> sqlx::Result<Vec<bool>> {
    let mut tries = pool.options().get_max_connections() + 1;
    loop {
        match write_once(&pool, &steps).await {
            Err(err) if tries > 1 && crate::db::connection_lost(&err) => {
                tracing::info!(error = %err, "a ledger connection was lost; writing again");
                tries -= 1;
            }
            written => return written,
        }
    }
}

/// One round: the outcomes, then the claims, in one statement. Answers whether each step's
/// claim was taken.
async fn write_once(pool: &PgPool, steps: &[Write]) -> sqlx::Result<Vec<bool>> {
    let records: Vec<(Option<Uuid>, &Verdict)> = steps
        .iter()
        .filter_map(|step| {
            step.record
                .as_ref()
                .map(|(claim, verdict)| (*claim, verdict))
        })
        .collect();
    let claims: Vec<(Uuid, Uuid)> = steps.iter().filter_map(|step| step.claim).collect();
    let verdicts: Vec<&Verdict> = records.iter().map(|(_, verdict)| *verdict).collect();
    let text = |f: &dyn Fn(&Verdict) -> Option<String>| -> Vec<Option<String>> {
        verdicts.iter().map(|v| f(v)).collect()
    };
    // Counter rows are locked last (the enrollments are moved first: `counted` reads `moved`),
    // as `events::record` does, so that a round and a batch of events never wait on each other
    // in opposite orders. A refusal sets the send's bounced bit in `seen` (32, as
    // `analytics::seen_bit` has it), so a later bounce report of it is not counted again.
    // A send is never recorded and claimed in one round: a task records its previous message
    // and claims its next, and the claim finds only unclaimed sends. Two tasks may ask for the
    // same send in one round (it was on the queue twice): the row is updated once, with one of
    // the tokens, and only the task whose token was written holds the claim.
    let counts = verdicts
        .iter()
        .any(|v| COUNTED.contains(&v.status.as_str()));
    let statement = if counts { &COUNTING_ROUND } else { &ROUND };
    let claimed: Vec<(Uuid, Uuid)> = sqlx::query_as(statement.as_str())
        .bind(records.iter().map(|(claim, _)| *claim).collect::<Vec<_>>())
        .bind(verdicts.iter().map(|v| v.send_id).collect::<Vec<_>>())
        .bind(
            verdicts
                .iter()
                .map(|v| v.status.clone())
                .collect::<Vec<_>>(),
        )
        .bind(
            verdicts
                .iter()
                .map(|v| v.result == SendResult::Released)
                .collect::<Vec<_>>(),
        )
        .bind(
            verdicts
                .iter()
                .map(|v| v.code.map(i32::from))
                .collect::<Vec<_>>(),
        )
        .bind(text(&|v| v.reply.as_deref().map(truncate)))
        .bind(verdicts.iter().map(|v| v.retry_at).collect::<Vec<_>>())
        .bind(text(&|v| v.enrollment.as_ref().map(|e| e.0.to_owned())))
        .bind(text(&|v| v.enrollment.as_ref().map(|e| e.1.clone())))
        .bind(
            verdicts
                .iter()
                .map(|v| v.next_delay.map(|d| d.clamp(0, i64::from(i32::MAX)) as i32))
                .collect::<Vec<_>>(),
        )
        .bind(text(&|v| v.subject.clone()))
        .bind(claims.iter().map(|(id, _)| *id).collect::<Vec<_>>())
        .bind(claims.iter().map(|(_, claim)| *claim).collect::<Vec<_>>())
        .bind(verdicts.iter().map(|v| v.hard).collect::<Vec<_>>())
        .fetch_all(pool)
        .await?;
    let claimed: std::collections::HashSet<(Uuid, Uuid)> = claimed.into_iter().collect();
    Ok(steps
        .iter()
        .map(|step| step.claim.is_some_and(|claim| claimed.contains(&claim)))
        .collect())
}

// A round statement, in parts (a line break in these literals swallows the next line's
// indentation, so the indentation shows the SQL's structure only): the outcomes (`o`, `s`), ...
const ROUND_RECORD: &str = "WITH o AS ( \
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bool[], $5::int[], \
            $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::int[], $11::text[], \
            $14::bool[]) \
        AS o(claim, id, status, released, code, reply, retry_at, enrollment_status, \
             enrollment_reason, next_delay, subject, hard)), \
    s AS ( \
        UPDATE sends s SET status = o.status, \
        claim = CASE WHEN o.status IN ('queued', 'deferred') THEN NULL ELSE s.claim END, \
        data_at = CASE WHEN o.status IN ('queued', 'deferred') THEN NULL ELSE s.data_at END, \
        attempts = CASE WHEN o.released THEN s.attempts - 1 ELSE s.attempts END, \
        enqueued_at = CASE WHEN o.released THEN now() ELSE s.enqueued_at END, \
        next_attempt_at = coalesce(o.retry_at, s.next_attempt_at), \
        finished_at = CASE WHEN o.status IN ('queued', 'deferred') THEN NULL ELSE now() END, \
        smtp_code = CASE WHEN o.released THEN s.smtp_code ELSE o.code END, \
        smtp_reply = CASE WHEN o.released THEN s.smtp_reply ELSE o.reply END, \
        seen = CASE WHEN o.status = 'bounced' THEN s.seen | 32 ELSE s.seen END \
        FROM o WHERE s.id = o.id AND s.status IN ('queued', 'deferred') \
            AND (s.claim = o.claim OR (o.claim IS NULL AND s.claim IS NULL)) \
        RETURNING s.id, s.enrollment_id, s.step, s.message_id, o.status = 'sent' AS sent, \
        o.status AS outcome, o.enrollment_status, o.enrollment_reason, o.next_delay, \
        o.subject, o.hard, s.tenant_id, s.campaign_id, s.variant, s.mailbox_id, \
        s.lead_id), ";

// ... the enrollments they move, ...
const ROUND_MOVE: &str = "moved AS ( \
        UPDATE enrollments e SET current_send_id = NULL, updated_at = now(), \
        status = CASE WHEN s.sent AND s.next_delay IS NULL THEN 'completed' \
            WHEN s.sent THEN 'active' ELSE coalesce(s.enrollment_status, e.status) END, \
        reason = CASE WHEN s.sent THEN NULL \
            WHEN s.enrollment_status IS NULL THEN e.reason ELSE s.enrollment_reason END, \
        next_step = CASE WHEN s.sent THEN s.step + 1 ELSE e.next_step END, \
        next_at = CASE WHEN s.sent THEN now() + make_interval(mins => s.next_delay) \
            ELSE e.next_at END, \
        thread_subject = CASE WHEN s.sent THEN coalesce(e.thread_subject, s.subject) \
            ELSE e.thread_subject END, \
        message_ids = CASE WHEN s.sent THEN array_append(e.message_ids, s.message_id) \
            ELSE e.message_ids END \
        FROM s WHERE e.id = s.enrollment_id AND e.current_send_id = s.id \
            AND s.outcome NOT IN ('queued', 'deferred') RETURNING e.id), ";

// ... the analytics counters of the outcomes in [`COUNTED`], ...
const ROUND_COUNT: &str = "counted AS ( \
        INSERT INTO analytics_counters AS a (campaign_id, hour, step, variant, \
            mailbox_id, provider, tenant_id, workspace_id, refused, failed, \
            ambiguous, bounced_hard, bounced_soft) \
        SELECT s.campaign_id, date_trunc('hour', now(), 'UTC'), s.step, s.variant, \
            s.mailbox_id, analytics_provider(l.domain), s.tenant_id, cm.workspace_id, \
            count(*) FILTER (WHERE s.outcome = 'bounced'), \
            count(*) FILTER (WHERE s.outcome = 'failed'), \
            count(*) FILTER (WHERE s.outcome = 'ambiguous'), \
            count(*) FILTER (WHERE s.outcome = 'bounced' AND s.hard), \
            count(*) FILTER (WHERE s.outcome = 'bounced' AND NOT s.hard) \
        FROM s JOIN campaigns cm ON cm.id = s.campaign_id \
        LEFT JOIN leads l ON l.id = s.lead_id \
        WHERE s.outcome IN ('bounced', 'failed', 'ambiguous') \
            AND (SELECT count(*) FROM moved) >= 0 \
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6 \
        ON CONFLICT (campaign_id, hour, step, variant, mailbox_id, provider) DO UPDATE SET \
            refused = a.refused + EXCLUDED.refused, \
            failed = a.failed + EXCLUDED.failed, \
            ambiguous = a.ambiguous + EXCLUDED.ambiguous, \
            bounced_hard = a.bounced_hard + EXCLUDED.bounced_hard, \
            bounced_soft = a.bounced_soft + EXCLUDED.bounced_soft), ";

// ... and the claims.
const ROUND_CLAIM: &str = "c AS ( \
        UPDATE sends s SET claim = u.claim, claimed_at = now(), data_at = now(), \
        attempts = s.attempts + 1 \
        FROM unnest($12::uuid[], $13::uuid[]) AS u(id, claim) \
        WHERE s.id = u.id AND s.status IN ('queued', 'deferred') AND s.claim IS NULL \
            AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= now()) \
        RETURNING s.id, s.claim) \
    SELECT id, claim FROM c";

/// The outcomes the round adds to the analytics counters (the `WHERE` of `counted`). Sent
/// messages are counted as `sent` events instead, so the common round, where every message was
/// sent, is planned without the counters.
const COUNTED: [&str; 3] = ["bounced", "failed", "ambiguous"];

/// A round that counts nothing.
static ROUND: LazyLock<String> = LazyLock::new(|| [ROUND_RECORD, ROUND_MOVE, ROUND_CLAIM].concat());

/// A round with outcomes to count.
static COUNTING_ROUND: LazyLock<String> =
    LazyLock::new(|| [ROUND_RECORD, ROUND_MOVE, ROUND_COUNT, ROUND_CLAIM].concat());

/// SMTP replies are kept to a readable length.
fn truncate(text: &str) -> String {
    text.chars().take(1000).collect()
}

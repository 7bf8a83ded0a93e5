//! Job management: what operators see and steer in the daemon's queues.
//!
//! The queues are apalis-redis storages. Their own listing and metrics scripts disagree with
//! the way their workers file finished jobs (results go into plain sets that the metrics read
//! as sorted sets), and they cannot tell a failed job from a cancelled one, so the reads and
//! changes here are small Lua scripts of our own over the same keys: each runs atomically
//! inside Redis, so a job is never seen in two states or moved while a worker takes it.
//!
//! A job is in exactly one state:
//! - `pending`: waiting in the queue, or scheduled for a time that has come;
//! - `scheduled`: waiting for a later time (a retry's backoff, or a delayed job);
//! - `running`: taken by a worker;
//! - `done`: finished;
//! - `failed`: gave up after its last attempt;
//! - `killed`: cancelled by an operator before it ran.
//!
//! Pausing is a flag in Redis that every daemon watches: its workers stop taking jobs from
//! the queue (running ones finish), and keep their heartbeats.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redis::Script;
use serde::Serialize;
use serde_json::Value;

use super::Queues;
use crate::error::{Error, Result};

/// Every queue the daemon runs, by name.
pub const NAMED: &[&str] = &[super::maintenance::QUEUE, super::send::QUEUE];

/// How long pausing a queue waits for its workers to stop taking jobs.
const PAUSE_WAIT: Duration = Duration::from_secs(5);

/// The largest page of jobs.
pub const MAX_PAGE: u32 = 200;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Pending,
    Scheduled,
    Running,
    Done,
    Failed,
    Killed,
}

impl JobState {
    pub const ALL: [Self; 6] = [
        Self::Pending,
        Self::Scheduled,
        Self::Running,
        Self::Done,
        Self::Failed,
        Self::Killed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Scheduled => "scheduled",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Killed => "killed",
        }
    }

    /// Finished jobs are kept for the retention period, then purged.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed | Self::Killed)
    }
}

impl FromStr for JobState {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
            .ok_or_else(|| {
                Error::invalid(
                    "status",
                    "must be one of pending, scheduled, running, done, failed, killed",
                )
            })
    }
}

/// How many jobs a queue holds in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Counts {
    pub pending: u64,
    pub scheduled: u64,
    pub running: u64,
    pub done: u64,
    pub failed: u64,
    pub killed: u64,
}

/// One queue at a glance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueSummary {
    pub name: String,
    /// Workers take no new jobs from a paused queue.
    pub paused: bool,
    #[serde(flatten)]
    pub counts: Counts,
    /// Workers with a recent heartbeat.
    pub workers: u64,
}

/// One job, with its arguments (secrets redacted) and its history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Job {
    pub id: String,
    pub queue: String,
    pub state: JobState,
    /// The job's arguments; values of fields named like secrets are replaced.
    #[schema(value_type = Object)]
    pub args: Value,
    /// Attempts made so far.
    pub attempts: u32,
    /// The error of the last failed attempt.
    pub last_error: Option<String>,
    /// When a scheduled job becomes due.
    pub run_at: Option<DateTime<Utc>>,
    /// When a worker took it last, and which.
    pub started_at: Option<DateTime<Utc>>,
    pub worker: Option<String>,
    /// When it finished (done, failed or killed).
    pub finished_at: Option<DateTime<Utc>>,
}

/// One page of jobs. The cursor is opaque; finished jobs come in no particular order.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobPage {
    pub data: Vec<Job>,
    pub next_cursor: Option<String>,
}

/// A worker process's consumer of one queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Worker {
    pub name: String,
    pub queue: String,
    pub host: Option<String>,
    pub pid: Option<u32>,
    pub last_heartbeat: Option<DateTime<Utc>>,
    pub state: WorkerState,
    /// Jobs it holds now.
    pub running: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkerState {
    /// Heartbeating and taking jobs.
    Active,
    /// Heartbeating; its queue is paused and it has stopped taking jobs.
    Paused,
    /// Missed its heartbeats: its jobs go back to the queue at the next heartbeat of any
    /// other worker of the queue, or when a worker of its daemon starts again.
    Dead,
}

/// Handles on one named queue for inspecting and steering it.
#[derive(Debug, Clone)]
pub struct JobQueue {
    queues: Queues,
    name: &'static str,
    keys: apalis_redis::Config,
}

fn queue_error(err: redis::RedisError) -> Error {
    Error::Queue(std::sync::Arc::new(err))
}

impl Queues {
    /// One of the daemon's named queues; any other name is not found.
    pub fn job_queue(&self, name: &str) -> Result<JobQueue> {
        let name = NAMED
            .iter()
            .copied()
            .find(|known| *known == name)
            .ok_or_else(|| {
                Error::Missing(format!(
                    "no queue named {name:?}; the queues are {}",
                    NAMED.join(", ")
                ))
            })?;
        Ok(JobQueue {
            queues: self.clone(),
            name,
            keys: self.config(name),
        })
    }

    /// Every named queue.
    pub fn job_queues(&self) -> Vec<JobQueue> {
        NAMED
            .iter()
            .map(|name| self.job_queue(name).expect("named queues are known"))
            .collect()
    }

    /// The Redis set of paused queue names.
    fn paused_key(&self) -> String {
        format!("{}.paused-queues", self.namespace)
    }

    /// The Redis set of workers that have stopped taking jobs because their queue is paused.
    fn paused_workers_key(&self) -> String {
        format!("{}.paused-workers", self.namespace)
    }

    /// Records which of a daemon's workers have stopped taking jobs (`paused`) and which take
    /// them (`active`), so that pausing can wait until every worker has stopped.
    pub async fn report_paused(&self, paused: &[String], active: &[String]) -> Result<()> {
        let mut pipe = redis::pipe();
        if !paused.is_empty() {
            pipe.cmd("SADD")
                .arg(self.paused_workers_key())
                .arg(paused)
                .ignore();
        }
        if !active.is_empty() {
            pipe.cmd("SREM")
                .arg(self.paused_workers_key())
                .arg(active)
                .ignore();
        }
        if paused.is_empty() && active.is_empty() {
            return Ok(());
        }
        pipe.query_async::<()>(&mut self.conn.clone())
            .await
            .map_err(queue_error)
    }

    /// The names of the paused queues.
    pub async fn paused(&self) -> Result<Vec<String>> {
        redis::cmd("SMEMBERS")
            .arg(self.paused_key())
            .query_async(&mut self.conn.clone())
            .await
            .map_err(queue_error)
    }
}

impl JobQueue {
    pub fn name(&self) -> &'static str {
        self.name
    }

    fn conn(&self) -> redis::aio::ConnectionManager {
        self.queues.conn.clone()
    }

    fn meta_prefix(&self) -> String {
        self.keys.job_meta_hash()
    }

    /// Counts by state, whether paused, and live workers.
    pub async fn summary(&self) -> Result<QueueSummary> {
        let now = Utc::now().timestamp();
        let counts: Vec<u64> = Script::new(include_str!("lua/counts.lua"))
            .key(self.keys.active_jobs_list())
            .key(self.keys.scheduled_jobs_set())
            .key(self.keys.workers_set())
            .key(self.keys.done_jobs_set())
            .key(self.keys.dead_jobs_set())
            .arg(now)
            .arg(self.keys.inflight_jobs_set())
            .arg(self.meta_prefix())
            .invoke_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        let [pending, scheduled, running, done, failed, killed] = counts[..] else {
            return Err(Error::Conflict(
                "unexpected answer from the queue".to_owned(),
            ));
        };
        let paused = self.is_paused().await?;
        let workers = self
            .workers()
            .await?
            .iter()
            .filter(|worker| worker.state != WorkerState::Dead)
            .count() as u64;
        Ok(QueueSummary {
            name: self.name.to_owned(),
            paused,
            counts: Counts {
                pending,
                scheduled,
                running,
                done,
                failed,
                killed,
            },
            workers,
        })
    }

    /// How many jobs are waiting (due now) or held by a worker, the work ahead of the queue's
    /// workers; and how many of those workers are alive (their heartbeat is recent).
    pub async fn backlog(&self) -> Result<(u64, u64)> {
        let now = Utc::now().timestamp();
        let oldest_live = now - self.keys.orphaned_duration().as_secs() as i64;
        Script::new(include_str!("lua/backlog.lua"))
            .key(self.keys.active_jobs_list())
            .key(self.keys.scheduled_jobs_set())
            .key(self.keys.workers_set())
            .arg(now)
            .arg(self.keys.inflight_jobs_set())
            .arg(oldest_live)
            .invoke_async(&mut self.conn())
            .await
            .map_err(queue_error)
    }

    /// One page of jobs in `state`.
    pub async fn jobs(&self, state: JobState, cursor: Option<&str>, limit: u32) -> Result<JobPage> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(Error::invalid(
                "limit",
                format!("must be between 1 and {MAX_PAGE}"),
            ));
        }
        let cursor = match cursor.filter(|c| !c.is_empty()) {
            None => "0".to_owned(),
            Some(text) => decode_cursor(text)
                .ok_or_else(|| Error::invalid("cursor", "is not a cursor returned by this list"))?,
        };
        let reply: Vec<String> = Script::new(include_str!("lua/list.lua"))
            .key(self.keys.active_jobs_list())
            .key(self.keys.scheduled_jobs_set())
            .key(self.keys.workers_set())
            .key(self.keys.done_jobs_set())
            .key(self.keys.dead_jobs_set())
            .arg(state.as_str())
            .arg(&cursor)
            .arg(limit)
            .arg(Utc::now().timestamp())
            .arg(self.keys.inflight_jobs_set())
            .arg(self.meta_prefix())
            .invoke_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        let (next, ids) = reply
            .split_first()
            .ok_or_else(|| Error::Conflict("unexpected answer from the queue".to_owned()))?;
        let data = self.describe(ids).await?;
        Ok(JobPage {
            data,
            next_cursor: (next != "0").then(|| encode_cursor(next)),
        })
    }

    /// One job, in whatever state.
    pub async fn job(&self, id: &str) -> Result<Job> {
        self.describe(&[id.to_owned()])
            .await?
            .pop()
            .ok_or_else(|| Error::Missing(format!("no job {id:?} in any queue")))
    }

    /// Reads jobs' arguments and metadata; jobs that no longer exist are left out.
    async fn describe(&self, ids: &[String]) -> Result<Vec<Job>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        type Row = (String, Option<Vec<u8>>, Vec<String>, Option<f64>);
        let rows: Vec<Row> = Script::new(include_str!("lua/describe.lua"))
            .key(self.keys.job_data_hash())
            .key(self.keys.scheduled_jobs_set())
            .arg(self.meta_prefix())
            .arg(ids)
            .invoke_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        let mut jobs = Vec::with_capacity(rows.len());
        for (id, data, meta, run_at) in rows {
            let Some(data) = data else { continue };
            let meta: HashMap<String, String> = meta
                .chunks_exact(2)
                .map(|pair| (pair[0].clone(), pair[1].clone()))
                .collect();
            jobs.push(job_from_parts(self.name, id, &data, &meta, run_at));
        }
        Ok(jobs)
    }

    /// Runs a failed or killed job again, with its attempts reset.
    pub async fn retry(&self, id: &str) -> Result<Job> {
        let job = self.job(id).await?;
        if !matches!(job.state, JobState::Failed | JobState::Killed) {
            return Err(Error::Conflict(format!(
                "job {id} is {}; only failed or killed jobs can be retried",
                job.state.as_str()
            )));
        }
        let moved: i64 = Script::new(include_str!("lua/retry.lua"))
            .key(self.keys.dead_jobs_set())
            .key(self.keys.active_jobs_list())
            .key(self.keys.signal_list())
            .arg(self.meta_prefix())
            .arg(id)
            .arg(self.availability_channel())
            .invoke_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        if moved == 0 {
            return Err(Error::Conflict(format!(
                "job {id} changed state; look again"
            )));
        }
        self.job(id).await
    }

    /// Runs every failed job again. Returns how many were requeued.
    pub async fn retry_failed(&self) -> Result<u64> {
        let mut requeued = 0;
        loop {
            // Requeued jobs leave the failed set, so the first page is always the next one.
            let page = self.jobs(JobState::Failed, None, MAX_PAGE).await?;
            if page.data.is_empty() {
                return Ok(requeued);
            }
            for job in page.data {
                match self.retry(&job.id).await {
                    Ok(_) => requeued += 1,
                    Err(Error::Conflict(_) | Error::NotFound(_) | Error::Missing(_)) => {}
                    Err(err) => return Err(err),
                }
            }
        }
    }

    /// Cancels a job that has not started yet; it is kept as killed.
    pub async fn cancel(&self, id: &str) -> Result<Job> {
        let job = self.job(id).await?;
        if !matches!(job.state, JobState::Pending | JobState::Scheduled) {
            return Err(Error::Conflict(format!(
                "job {id} is {}; only pending or scheduled jobs can be cancelled",
                job.state.as_str()
            )));
        }
        let cancelled: i64 = Script::new(include_str!("lua/cancel.lua"))
            .key(self.keys.active_jobs_list())
            .key(self.keys.scheduled_jobs_set())
            .key(self.keys.dead_jobs_set())
            .arg(self.meta_prefix())
            .arg(id)
            .arg(Utc::now().timestamp())
            .invoke_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        if cancelled == 0 {
            return Err(Error::Conflict(format!(
                "job {id} was taken by a worker meanwhile"
            )));
        }
        self.job(id).await
    }

    /// Reads the age of a purge, such as `7d` or `12h`: a unit is required, since a bare
    /// number would silently mean seconds.
    pub fn purge_age(text: &str) -> Result<Duration> {
        let invalid = |message: String| Error::invalid("older_than", message);
        if text.trim().bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(format!(
                "'{text}' has no unit; write it like 30m, 12h or 7d"
            )));
        }
        crate::config::duration(text).map_err(|err| invalid(err.to_string()))
    }

    /// Removes finished jobs (done, failed, killed) that finished at least `older_than` ago.
    /// Returns how many were removed.
    pub async fn purge(&self, older_than: Duration) -> Result<u64> {
        let cutoff = Utc::now().timestamp() - older_than.as_secs() as i64;
        let script = Script::new(include_str!("lua/purge.lua"));
        let mut removed = 0;
        for set in [self.keys.done_jobs_set(), self.keys.dead_jobs_set()] {
            let mut cursor = "0".to_owned();
            loop {
                let (next, count): (String, u64) = script
                    .key(&set)
                    .key(self.keys.job_data_hash())
                    .arg(self.meta_prefix())
                    .arg(&cursor)
                    .arg(cutoff)
                    .arg(500)
                    .invoke_async(&mut self.conn())
                    .await
                    .map_err(queue_error)?;
                removed += count;
                if next == "0" {
                    break;
                }
                cursor = next;
            }
        }
        Ok(removed)
    }

    /// Settles the jobs of a worker of this queue that stopped: readable ones go back to the
    /// queue, unreadable ones (arguments that are not JSON) are filed as failed. Returns how
    /// many went each way.
    pub async fn settle_worker(&self, worker: &str) -> Result<(u64, u64)> {
        let (requeued, failed): (u64, u64) = Script::new(include_str!("lua/settle.lua"))
            .key(format!("{}:{worker}", self.keys.inflight_jobs_set()))
            .key(self.keys.job_data_hash())
            .key(self.keys.dead_jobs_set())
            .key(self.keys.active_jobs_list())
            .key(self.keys.signal_list())
            .key(self.keys.workers_set())
            .arg(self.meta_prefix())
            .arg(Utc::now().timestamp())
            .arg(worker)
            .invoke_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        Ok((requeued, failed))
    }

    pub async fn is_paused(&self) -> Result<bool> {
        redis::cmd("SISMEMBER")
            .arg(self.queues.paused_key())
            .arg(self.name)
            .query_async(&mut self.conn())
            .await
            .map_err(queue_error)
    }

    /// Stops every daemon's workers from taking new jobs from this queue, and waits (a few
    /// seconds at most) until each live worker has stopped. Answers whether they all did.
    pub async fn pause(&self) -> Result<bool> {
        self.set_paused(true).await?;
        let deadline = std::time::Instant::now() + PAUSE_WAIT;
        loop {
            let workers = self.workers().await?;
            if workers.iter().all(|w| w.state != WorkerState::Active) {
                return Ok(true);
            }
            if std::time::Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn resume(&self) -> Result<()> {
        self.set_paused(false).await?;
        // Workers that were idle while paused look for work at once.
        let _: i64 = redis::cmd("PUBLISH")
            .arg(self.availability_channel())
            .arg("resumed")
            .query_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        Ok(())
    }

    async fn set_paused(&self, paused: bool) -> Result<()> {
        let _: i64 = redis::cmd(if paused { "SADD" } else { "SREM" })
            .arg(self.queues.paused_key())
            .arg(self.name)
            .query_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        Ok(())
    }

    /// The channel that wakes the queue's workers (see [`Queues::push`]).
    fn availability_channel(&self) -> String {
        format!("tasks:{}:available", self.keys.active_jobs_list())
    }

    /// The queue's workers, newest heartbeat first.
    pub async fn workers(&self) -> Result<Vec<Worker>> {
        let beats: Vec<(String, f64)> = redis::cmd("ZRANGE")
            .arg(self.keys.workers_set())
            .arg(0)
            .arg(-1)
            .arg("WITHSCORES")
            .query_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        let paused = self.is_paused().await?;
        let stopped: std::collections::HashSet<String> = redis::cmd("SMEMBERS")
            .arg(self.queues.paused_workers_key())
            .query_async(&mut self.conn())
            .await
            .map_err(queue_error)?;
        let now = Utc::now().timestamp();
        let orphan_after = self.keys.orphaned_duration().as_secs() as i64;
        let mut workers = Vec::with_capacity(beats.len());
        for (name, beat) in beats {
            let running: u64 = redis::cmd("SCARD")
                .arg(format!("{}:{name}", self.keys.inflight_jobs_set()))
                .query_async(&mut self.conn())
                .await
                .map_err(queue_error)?;
            let beat = beat as i64;
            let state = if now - beat > orphan_after {
                WorkerState::Dead
            } else if paused && stopped.contains(&name) {
                WorkerState::Paused
            } else {
                WorkerState::Active
            };
            let (host, pid) = host_and_pid(&name);
            workers.push(Worker {
                queue: self.name.to_owned(),
                host,
                pid,
                last_heartbeat: DateTime::from_timestamp(beat, 0),
                state,
                running,
                name,
            });
        }
        workers.sort_by_key(|worker| std::cmp::Reverse(worker.last_heartbeat));
        Ok(workers)
    }
}

/// Worker names read `queue-index@host:pid:run` (see [`super::worker_name`]).
fn host_and_pid(name: &str) -> (Option<String>, Option<u32>) {
    let Some((_, place)) = name.split_once('@') else {
        return (None, None);
    };
    let mut parts = place.rsplitn(3, ':');
    let _run = parts.next();
    let pid = parts.next().and_then(|pid| pid.parse().ok());
    let host = parts.next().map(str::to_owned);
    (host, pid)
}

fn job_from_parts(
    queue: &str,
    id: String,
    data: &[u8],
    meta: &HashMap<String, String>,
    run_at: Option<f64>,
) -> Job {
    let field = |name: &str| meta.get(name).map(String::as_str);
    let time = |name: &str| {
        field(name)
            .and_then(|value| value.parse::<i64>().ok())
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
    };
    let now = Utc::now().timestamp() as f64;
    let state = match field("status") {
        Some("Done") => JobState::Done,
        Some("Running") => JobState::Running,
        Some("Killed") if meta.contains_key("cancelled_at") => JobState::Killed,
        // Failed jobs that will be tried again sit in the scheduled set.
        Some("Failed") | Some("Pending") | None if run_at.is_some_and(|at| at > now) => {
            JobState::Scheduled
        }
        Some("Failed" | "Killed") if run_at.is_none() => JobState::Failed,
        _ => JobState::Pending,
    };
    let args = serde_json::from_slice::<Value>(data)
        .map(redact)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(data).into_owned()));
    Job {
        id,
        queue: queue.to_owned(),
        state,
        args,
        attempts: field("attempts").and_then(|a| a.parse().ok()).unwrap_or(0),
        last_error: field("result").and_then(last_error),
        run_at: run_at.and_then(|at| DateTime::from_timestamp(at as i64, 0)),
        started_at: time("locked_at"),
        worker: field("locked_by").map(str::to_owned),
        finished_at: if state.is_finished() {
            time("done_at")
        } else {
            None
        },
    }
}

/// The error of a stored result such as `{"Err":"..."}`; none for a success.
fn last_error(result: &str) -> Option<String> {
    match serde_json::from_str::<Value>(result) {
        Ok(Value::Object(map)) => match map.get("Err") {
            Some(Value::String(err)) => Some(err.clone()),
            Some(other) => Some(other.to_string()),
            None => None,
        },
        Ok(Value::Null) => None,
        Ok(Value::String(text)) if !text.is_empty() => Some(text),
        Ok(_) => None,
        Err(_) => (!result.is_empty()).then(|| result.to_owned()),
    }
}

/// Replaces the values of fields whose names say they hold a secret.
fn redact(value: Value) -> Value {
    const SECRET: &[&str] = &["password", "secret", "token", "key", "credential", "auth"];
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(name, value)| {
                    let lower = name.to_ascii_lowercase();
                    if SECRET.iter().any(|word| lower.contains(word)) && !value.is_null() {
                        (name, Value::String("[redacted]".to_owned()))
                    } else {
                        (name, redact(value))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

/// Cursors stay below 2^53, where Lua's numbers are still exact.
const MAX_CURSOR: u64 = 1 << 53;

fn encode_cursor(raw: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn decode_cursor(text: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    let raw = String::from_utf8(bytes).ok()?;
    // Offsets and scan cursors alike are numbers the scripts handle exactly.
    let number: u64 = raw.parse().ok()?;
    (raw.bytes().all(|b| b.is_ascii_digit()) && number < MAX_CURSOR).then_some(raw)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secrets_in_arguments_are_redacted_at_any_depth() {
        let args = json!({"send_ids": ["a"], "smtp": {"password": "hunter2", "host": "mx"},
            "api_key": "pm_live_x", "items": [{"token": "t"}], "secret_ref": null});
        assert_eq!(
            redact(args),
            json!({"send_ids": ["a"], "smtp": {"password": "[redacted]", "host": "mx"},
                "api_key": "[redacted]", "items": [{"token": "[redacted]"}], "secret_ref": null})
        );
    }

    #[test]
    fn worker_names_give_host_and_pid() {
        assert_eq!(
            host_and_pid("send-3@mail-1.internal:4242:1a2b3c4d"),
            (Some("mail-1.internal".to_owned()), Some(4242))
        );
        assert_eq!(host_and_pid("someone-else"), (None, None));
    }

    #[test]
    fn stored_results_give_the_last_error() {
        assert_eq!(last_error(r#"{"Err":"boom"}"#), Some("boom".to_owned()));
        assert_eq!(last_error(r#"{"Ok":null}"#), None);
        assert_eq!(last_error("null"), None);
        assert_eq!(last_error("plain words"), Some("plain words".to_owned()));
    }

    #[test]
    fn cursors_only_round_trip_their_own_form() {
        assert_eq!(decode_cursor(&encode_cursor("120")), Some("120".to_owned()));
        assert_eq!(decode_cursor("not base64!"), None);
        assert_eq!(decode_cursor(&encode_cursor("1; DROP")), None);
        assert_eq!(decode_cursor(&encode_cursor("99999999999999999999")), None);
        assert_eq!(decode_cursor(&encode_cursor("+5")), None);
    }

    #[test]
    fn states_parse_from_their_names_only() {
        for state in JobState::ALL {
            assert_eq!(state.as_str().parse::<JobState>().unwrap(), state);
        }
        assert!("Failed".parse::<JobState>().is_err());
    }
}

//! The queue domain: background jobs on Redis (apalis), and job management over them.
//!
//! Every queue is named explicitly and lives under the deployment's Redis namespace, so that
//! several deployments (or tests) can share one Redis without seeing each other's jobs.

pub mod dispatch;
pub mod jobs;
pub mod maintenance;
pub mod send;

use std::time::Duration;

use apalis::prelude::{BoxDynError, TaskSink};
use apalis_core::backend::ext::poll_strategy::{PollWith, StreamStrategy};
use apalis_core::backend::factory::BackendFactory;
use apalis_redis::factory::{Pubsub, RedisStorageFactory};
use apalis_redis::{Config as RedisConfig, RedisStorage};
use redis::aio::{ConnectionManager, MultiplexedConnection};

/// What a worker consumes: a queue's storage that wakes as soon as any process pushes to it
/// (Redis pub/sub), instead of waiting for its next heartbeat.
pub type WorkerBackend<T> =
    PollWith<RedisStorage<T, MultiplexedConnection>, StreamStrategy<Pubsub>>;

/// The queues of one deployment.
#[derive(Clone)]
pub struct Queues {
    conn: ConnectionManager,
    factory: Option<RedisStorageFactory>,
    namespace: String,
}

impl std::fmt::Debug for Queues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queues")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

impl Queues {
    /// Queues for pushing and inspecting; see [`Queues::with_workers`] for consuming.
    pub fn new(conn: ConnectionManager, namespace: impl Into<String>) -> Self {
        Self {
            conn,
            factory: None,
            namespace: namespace.into(),
        }
    }

    /// Queues that can also hand out worker backends, which subscribe to push notifications.
    pub async fn with_workers(
        conn: ConnectionManager,
        client: redis::Client,
        namespace: impl Into<String>,
    ) -> Result<Self, redis::RedisError> {
        let factory = RedisStorageFactory::new(client).await?;
        Ok(Self {
            conn,
            factory: Some(factory),
            namespace: namespace.into(),
        })
    }

    /// The full Redis name of a queue, e.g. `penguin.maintenance`. (No colons: push
    /// notifications name the queue between colons.)
    pub fn qualified(&self, queue: &str) -> String {
        format!("{}.{queue}", self.namespace)
    }

    fn config(&self, queue: &str) -> RedisConfig {
        RedisConfig::default()
            .queue(self.qualified(queue))
            // A worker starts fetching only after its first heartbeat, and a dead worker's jobs
            // go back to the queue after this many missed ones: keep both short.
            .heartbeat_interval(Duration::from_secs(2))
            .missed_heartbeats(5)
            // Each fetch is a round trip to Redis; taking more jobs per fetch keeps busy
            // queues from being capped by it.
            .batch_size(100)
    }

    /// The storage of one named queue, for pushing and inspecting.
    pub fn storage<T>(&self, queue: &str) -> RedisStorage<T> {
        RedisStorage::new(self.conn.clone()).with_config(self.config(queue))
    }

    /// Pushes jobs onto a named queue and wakes its workers.
    ///
    /// The Redis backend files every new job as scheduled for the current time, which wakes
    /// no one: its workers would find the jobs only at their next heartbeat. A message on the
    /// queue's availability channel makes them fetch (and promote due jobs) at once.
    pub async fn push<T>(&self, queue: &str, jobs: Vec<T>) -> Result<(), BoxDynError>
    where
        T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + Unpin + 'static,
    {
        if jobs.is_empty() {
            return Ok(());
        }
        self.storage::<T>(queue)
            .push_bulk(jobs)
            .await
            .map_err(|err| Box::new(err) as BoxDynError)?;
        let channel = format!("tasks:{}:active:available", self.qualified(queue));
        let _: i64 = redis::cmd("PUBLISH")
            .arg(channel)
            .arg("pushed")
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    /// A worker's backend for one named queue. Panics when made with [`Queues::new`].
    pub fn worker_backend<T>(&self, queue: &str) -> WorkerBackend<T> {
        let mut factory = self
            .factory
            .clone()
            .expect("Queues::with_workers makes worker backends");
        <RedisStorageFactory as BackendFactory<T>>::create_with_config(
            &mut factory,
            self.config(queue),
        )
        .expect("creating a backend from a connected factory does not fail")
    }
}

/// How many attempts a job gets (`PENGUIN_JOB_ATTEMPTS`). Between attempts it waits in the
/// queue's scheduled set, a second longer after each one; after the last, it is filed as failed
/// and waits for an operator to retry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts(pub usize);

impl Attempts {
    /// The error a job returns: after its last attempt, marked final, so that the queue files
    /// the job as failed instead of scheduling it again.
    pub fn judge(self, attempt: &apalis::prelude::Attempt, err: BoxDynError) -> BoxDynError {
        if attempt.current() >= self.0 {
            Box::new(apalis_core::error::AbortError::new(err))
        } else {
            err
        }
    }
}

/// A job's arguments as a worker reads them: a job whose stored JSON does not fit the job's
/// type (written by another version of the daemon, or by hand) is still read, so that it
/// fails on its own instead of stopping the worker that fetched it.
#[derive(Debug, Clone)]
pub enum Decoded<T> {
    Job(T),
    /// Why the arguments do not fit.
    Unreadable(String),
}

impl<T> Decoded<T> {
    /// The job, or the final error that files it as failed.
    pub fn into_job(self) -> Result<T, BoxDynError> {
        match self {
            Self::Job(job) => Ok(job),
            Self::Unreadable(reason) => Err(Box::new(apalis_core::error::AbortError::new(
                format!("the job's arguments cannot be read: {reason}"),
            ))),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> serde::Deserialize<'de> for Decoded<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match serde_json::from_value(value) {
            Ok(job) => Self::Job(job),
            Err(err) => Self::Unreadable(err.to_string()),
        })
    }
}

impl<T: serde::Serialize> serde::Serialize for Decoded<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Job(job) => job.serialize(serializer),
            Self::Unreadable(_) => serializer.serialize_unit(),
        }
    }
}

/// A worker name unique to this process: two workers with one name confuse the queue's
/// bookkeeping of in-flight jobs.
pub fn worker_name(queue: &str, index: usize) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_owned());
    let run = uuid::Uuid::new_v4().simple().to_string();
    format!(
        "{queue}-{index}@{host}:{}:{}",
        std::process::id(),
        &run[..8]
    )
}

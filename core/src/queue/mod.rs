//! The queue domain: background jobs on Redis (apalis), and later events and notifications.
//!
//! Every queue is named explicitly and lives under the deployment's Redis namespace, so that
//! several deployments (or tests) can share one Redis without seeing each other's jobs.

pub mod maintenance;
pub mod send;

use std::time::Duration;

use apalis_redis::{Config as RedisConfig, RedisStorage};
use redis::aio::ConnectionManager;

/// The queues of one deployment.
#[derive(Clone)]
pub struct Queues {
    conn: ConnectionManager,
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
    pub fn new(conn: ConnectionManager, namespace: impl Into<String>) -> Self {
        Self {
            conn,
            namespace: namespace.into(),
        }
    }

    /// The full Redis name of a queue, e.g. `penguin:maintenance`.
    pub fn qualified(&self, queue: &str) -> String {
        format!("{}:{queue}", self.namespace)
    }

    /// The storage of one named queue.
    pub fn storage<T>(&self, queue: &str) -> RedisStorage<T> {
        let config = RedisConfig::default()
            .queue(self.qualified(queue))
            .heartbeat_interval(Duration::from_secs(10))
            .missed_heartbeats(3);
        RedisStorage::new(self.conn.clone()).with_config(config)
    }

    pub fn connection(&self) -> ConnectionManager {
        self.conn.clone()
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

//! The send queue. A job carries the ids of a few ledger rows of one mailbox; everything else
//! is read from PostgreSQL when it runs, so a lost or duplicated job changes nothing.

use std::collections::HashMap;

use apalis::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Attempts, Decoded, Queues};
use crate::tenant::campaigns::send::Sender;

/// The queue's name under the deployment namespace.
pub const QUEUE: &str = "send";

/// The most sends one job carries: they go out one after another over one connection.
pub const MAX_BATCH: usize = 50;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendJob {
    pub send_ids: Vec<Uuid>,
}

/// Runs one send job.
pub async fn run(
    job: Decoded<SendJob>,
    sender: Data<Sender>,
    attempts: Data<Attempts>,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
    let job = job.into_job()?;
    let results = sender
        .process(&job.send_ids)
        .await
        .map_err(|err| attempts.judge(&attempt, err.into()))?;
    for result in results {
        metrics::counter!("penguin_sends_total", "result" => result.label()).increment(1);
    }
    tracing::debug!(sends = job.send_ids.len(), "send job processed");
    Ok(())
}

/// Puts sends on the queue, given as (mailbox, send) pairs. A mailbox's sends are split into
/// jobs so that they spread over `workers` parallel workers, each job holding at most
/// [`MAX_BATCH`].
pub async fn enqueue(
    queues: &Queues,
    sends: &[(Uuid, Uuid)],
    workers: usize,
) -> Result<(), BoxDynError> {
    queues.push(QUEUE, batches(sends, workers)).await
}

fn batches(sends: &[(Uuid, Uuid)], workers: usize) -> Vec<SendJob> {
    let mut by_mailbox: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (mailbox, send) in sends {
        by_mailbox.entry(*mailbox).or_default().push(*send);
    }
    let mut jobs = Vec::new();
    for ids in by_mailbox.into_values() {
        let size = ids.len().div_ceil(workers.max(1)).clamp(1, MAX_BATCH);
        jobs.extend(ids.chunks(size).map(|chunk| SendJob {
            send_ids: chunk.to_vec(),
        }));
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_a_mailbox_over_the_workers_in_bounded_jobs() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let mut sends: Vec<(Uuid, Uuid)> = (0..300).map(|_| (a, Uuid::new_v4())).collect();
        sends.extend((0..3).map(|_| (b, Uuid::new_v4())));
        let jobs = batches(&sends, 4);
        let sizes_of = |mailbox: Uuid| -> Vec<usize> {
            jobs.iter()
                .filter(|job| {
                    sends
                        .iter()
                        .any(|s| s.0 == mailbox && s.1 == job.send_ids[0])
                })
                .map(|job| job.send_ids.len())
                .collect()
        };
        assert_eq!(sizes_of(a), vec![50; 6]);
        assert_eq!(sizes_of(b), vec![1, 1, 1]);
        let total: usize = jobs.iter().map(|j| j.send_ids.len()).sum();
        assert_eq!(total, 303);
    }
}

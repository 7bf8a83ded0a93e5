//! The send queue: one job per ledger row. The job only carries the send's id; everything else
//! is read from PostgreSQL when it runs, so a lost or duplicated job changes nothing.

use apalis::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Queues;
use crate::tenant::campaigns::send::{SendResult, Sender};

/// The queue's name under the deployment namespace.
pub const QUEUE: &str = "send";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendJob {
    pub send_id: Uuid,
}

/// Runs one send job.
pub async fn run(job: SendJob, sender: Data<Sender>) -> Result<(), BoxDynError> {
    let result = sender.process(job.send_id).await?;
    let label = match result {
        SendResult::Nothing => "nothing",
        SendResult::Released => "released",
        SendResult::Sent => "sent",
        SendResult::Deferred => "deferred",
        SendResult::Bounced => "bounced",
        SendResult::Failed => "failed",
        SendResult::Ambiguous => "ambiguous",
        SendResult::Cancelled => "cancelled",
    };
    metrics::counter!("penguin_sends_total", "result" => label).increment(1);
    tracing::debug!(send.id = %job.send_id, result = label, "send processed");
    Ok(())
}

/// Puts sends on the queue.
pub async fn enqueue(queues: &Queues, ids: &[Uuid]) -> Result<(), BoxDynError> {
    let mut storage = queues.storage::<SendJob>(QUEUE);
    for id in ids {
        storage
            .push(SendJob { send_id: *id })
            .await
            .map_err(|err| Box::new(err) as BoxDynError)?;
    }
    Ok(())
}

//! The Redis connection shared by the job queues, counters and readiness checks.

use std::time::Duration;

use redis::aio::ConnectionManager;
use url::Url;

/// Why Redis could not be used, worded for the operator.
#[derive(Debug, thiserror::Error)]
#[error("PENGUIN_REDIS_URL: cannot reach Redis at {target} ({reason}); start it or fix the URL")]
pub struct RedisError {
    target: String,
    reason: String,
}

/// Opens a managed connection that reconnects by itself after Redis restarts.
pub async fn connect(url: &Url) -> Result<ConnectionManager, RedisError> {
    let target = format!(
        "{}:{}",
        url.host_str().unwrap_or("localhost"),
        url.port().unwrap_or(6379)
    );
    let fail = |reason: String| RedisError {
        target: target.clone(),
        reason,
    };
    let client = redis::Client::open(url.as_str()).map_err(|err| fail(err.to_string()))?;
    let config = redis::aio::ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(5)))
        .set_response_timeout(Some(Duration::from_secs(5)))
        .set_number_of_retries(2);
    let mut conn = tokio::time::timeout(
        Duration::from_secs(10),
        ConnectionManager::new_with_config(client, config),
    )
    .await
    .map_err(|_| fail("timed out".to_owned()))?
    .map_err(|err| fail(err.to_string()))?;
    if !ping(&mut conn).await {
        return Err(fail("no answer to PING".to_owned()));
    }
    Ok(conn)
}

/// A client for the push-notification connection the job workers listen on (RESP3).
pub fn client(url: &Url) -> Result<redis::Client, RedisError> {
    let mut url = url.clone();
    if !url.query_pairs().any(|(key, _)| key == "protocol") {
        url.query_pairs_mut().append_pair("protocol", "resp3");
    }
    redis::Client::open(url.as_str()).map_err(|err| RedisError {
        target: url.host_str().unwrap_or("localhost").to_owned(),
        reason: err.to_string(),
    })
}

/// True when Redis answers PING within a second.
pub async fn ping(conn: &mut ConnectionManager) -> bool {
    let cmd = redis::cmd("PING");
    let ping = cmd.query_async::<String>(conn);
    matches!(
        tokio::time::timeout(Duration::from_secs(1), ping).await,
        Ok(Ok(_))
    )
}

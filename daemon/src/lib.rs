//! penguind: the PenguinMails HTTP API and background workers in one process.
//!
//! `main.rs` parses flags and reports start-up errors; [`run`] wires the parts together.

pub mod admin;
pub mod api;
pub mod app;
pub mod extract;
pub mod health;
pub mod problem;
pub mod recipient;
pub mod server;
pub mod telemetry;
pub mod workers;

use std::sync::Arc;

use anyhow::Context as _;
use penguin_core::config::{Config, redact_url};
use penguin_core::events::buffer::Buffer;
use penguin_core::events::tracking::Tracker;
use penguin_core::queue::Queues;
use penguin_core::secret::SecretSource;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::app::AppState;

/// Runs the daemon until SIGTERM or SIGINT, then drains and returns.
pub async fn run(config: Config) -> anyhow::Result<()> {
    report_secret_source(&config.secret_source);
    let metrics = telemetry::init_metrics().context("cannot install the metrics recorder")?;

    let pool = penguin_core::db::connect(&config.database_url, 20).await?;
    penguin_core::db::migrate(&pool).await?;
    let redis = penguin_core::redis::connect(&config.redis_url).await?;
    let client = penguin_core::redis::client(&config.redis_url)?;
    let queues = Queues::new(redis.clone(), config.redis_namespace.clone());
    let supply = workers::Supply {
        conn: redis.clone(),
        client,
        namespace: config.redis_namespace.clone(),
    };
    let worker_health = workers::Health::new();

    let events = Buffer::new(redis.clone(), &config.redis_namespace);

    // Installed before the daemon says it is listening: a SIGTERM sent once it answers is then
    // always a graceful shutdown, never the default action's immediate exit.
    let stop = StopSignals::install()?;
    let api_listener = bind(config.listen, "PENGUIN_LISTEN").await?;
    let admin_listener = bind(config.admin_listen, "PENGUIN_ADMIN_LISTEN").await?;
    tracing::info!(
        api = %api_listener.local_addr()?,
        admin = %admin_listener.local_addr()?,
        database = %redact_url(&config.database_url),
        redis = %redact_url(&config.redis_url),
        "listening"
    );

    let config = Arc::new(config);
    let shutdown = CancellationToken::new();
    let state = AppState::new(app::Shared {
        pool: pool.clone(),
        redis,
        queues,
        workers: worker_health.clone(),
        config: config.clone(),
        metrics,
        vault: penguin_core::crypto::Vault::new(&config.secret_key),
        events: events.clone(),
        tracker: Tracker::new(&config.secret_key, &config.public_url),
        shutdown: shutdown.clone(),
    });
    let webhook_settings = penguin_core::notifications::sender::Settings {
        schedule: config.webhook_retry_schedule.clone(),
        allowlist: Arc::new(config.webhook_allowlist.clone()),
        timeout: config.webhook_timeout,
        disable_after: config.webhook_disable_after,
    };
    let webhook_sender = penguin_core::notifications::sender::Sender::new(
        pool.clone(),
        state.vault.clone(),
        webhook_settings,
    )
    .context("cannot build the webhook HTTP client")?;
    // The workers' own connections, one per concurrent send task at most: their statements
    // have a fixed shape and run many times a second, so they plan each one once.
    let connections = u32::try_from(config.send_concurrency)
        .unwrap_or(u32::MAX)
        .clamp(2, 32);
    let workers_pool =
        penguin_core::db::connect_generic_plans(&config.database_url, connections).await?;
    let workers = workers::start(
        workers_pool,
        supply,
        &config,
        worker_health,
        shutdown.clone(),
    );
    // Buffered events are stored until the last request that could add one has been answered.
    let requests_done = CancellationToken::new();
    let drain = tokio::spawn(workers::drain_events(
        pool.clone(),
        events.clone(),
        requests_done.clone(),
    ));
    let webhooks = tokio::spawn(workers::deliver_webhooks(webhook_sender, shutdown.clone()));
    let sent = tokio::spawn(workers::record_sent(pool.clone(), shutdown.clone()));
    let alerts = tokio::spawn(workers::check_rates(
        pool.clone(),
        config.alert_thresholds,
        config.alert_interval,
        shutdown.clone(),
    ));
    let api = server::spawn(api_listener, app::router(state.clone()), shutdown.clone());
    let admin = server::spawn(admin_listener, admin::router(state), shutdown.clone());

    stop.received().await;
    tracing::info!(
        timeout_secs = config.shutdown_timeout.as_secs(),
        "shutting down: draining requests and jobs"
    );
    shutdown.cancel();
    let drained = tokio::time::timeout(config.shutdown_timeout, async {
        let _ = tokio::join!(api, admin);
        requests_done.cancel();
        let _ = tokio::join!(workers, drain, webhooks, sent, alerts);
    })
    .await;
    if drained.is_err() {
        tracing::warn!("drain timed out; exiting with work still in flight");
        // Opens and clicks already answered go to Redis at least, for the next start to store.
        if tokio::time::timeout(std::time::Duration::from_secs(2), events.flush())
            .await
            .is_err()
        {
            tracing::warn!("buffered opens and clicks could not all be handed to Redis");
        }
    }
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn bind(addr: std::net::SocketAddr, setting: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("{setting}: cannot listen on {addr}; choose a free address"))
}

/// SIGTERM and SIGINT, listened for from the moment they are installed.
struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate()).context("cannot handle SIGTERM")?,
                int: signal(SignalKind::interrupt()).context("cannot handle SIGINT")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Waits for the first of them.
    async fn received(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn report_secret_source(source: &SecretSource) {
    match source {
        SecretSource::Configured => {}
        SecretSource::DevelopmentFile { path, created } => tracing::warn!(
            path = %path.display(),
            created,
            "no PENGUIN_SECRET_KEY configured: using the development key file; \
             set PENGUIN_SECRET_KEY in production"
        ),
    }
}

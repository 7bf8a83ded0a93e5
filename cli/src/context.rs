//! What commands share: global flags, configuration, the database pool and confirmations.

use std::io::IsTerminal;

use penguin_core::config::{Config, Sources};
use penguin_core::queue::Queues;
use sqlx::PgPool;

use crate::args::{Global, OutputFormat};
use crate::{CliError, CliResult, exit};

#[derive(Debug)]
pub struct Context {
    pub global: Global,
    pool: Option<PgPool>,
    queues: Option<Queues>,
}

impl Context {
    pub fn new(global: Global) -> Self {
        Self {
            global,
            pool: None,
            queues: None,
        }
    }

    pub fn output(&self) -> OutputFormat {
        self.global.output
    }

    pub fn config(&self) -> CliResult<Config> {
        Config::load(&Sources::from_process(self.global.config.clone()))
            .map_err(|err| CliError::new(exit::UNAVAILABLE, err.to_string()))
    }

    /// The database, connected (and migrated) on first use.
    pub async fn pool(&mut self) -> CliResult<PgPool> {
        if let Some(pool) = &self.pool {
            return Ok(pool.clone());
        }
        let config = self.config()?;
        let unavailable =
            |err: penguin_core::db::DbError| CliError::new(exit::UNAVAILABLE, err.to_string());
        let pool = penguin_core::db::connect(&config.database_url, 2)
            .await
            .map_err(unavailable)?;
        penguin_core::db::migrate(&pool)
            .await
            .map_err(unavailable)?;
        self.pool = Some(pool.clone());
        Ok(pool)
    }

    /// The daemon's job queues in Redis, connected on first use.
    pub async fn queues(&mut self) -> CliResult<Queues> {
        if let Some(queues) = &self.queues {
            return Ok(queues.clone());
        }
        let config = self.config()?;
        let conn = penguin_core::redis::connect(&config.redis_url)
            .await
            .map_err(|err| CliError::new(exit::UNAVAILABLE, err.to_string()))?;
        let queues = Queues::new(conn, config.redis_namespace);
        self.queues = Some(queues.clone());
        Ok(queues)
    }

    /// Asks before a destructive action. `--yes` skips the question; without a terminal to ask
    /// on, the action is refused.
    pub fn confirm(&self, action: &str) -> CliResult {
        if self.global.yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(CliError::new(
                exit::NOT_CONFIRMED,
                format!("refusing to {action} without confirmation: pass --yes"),
            ));
        }
        let confirmed = dialoguer::Confirm::new()
            .with_prompt(format!("Really {action}?"))
            .default(false)
            .interact()
            .map_err(|err| CliError::new(exit::NOT_CONFIRMED, err.to_string()))?;
        if confirmed {
            Ok(())
        } else {
            Err(CliError::new(
                exit::NOT_CONFIRMED,
                format!("did not {action}: not confirmed"),
            ))
        }
    }
}

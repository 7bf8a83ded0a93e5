//! The PostgreSQL pool, first-start database creation, and the embedded migrations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};
use url::Url;

/// The migrations in `migrations/`, compiled in.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Why the database could not be used, worded for the operator.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "PENGUIN_DATABASE_URL: cannot reach PostgreSQL at {target} ({reason}); start it or fix the URL"
    )]
    Unreachable { target: String, reason: String },
    #[error(
        "PENGUIN_DATABASE_URL: cannot create database '{database}' ({reason}); create it or grant CREATEDB"
    )]
    Create { database: String, reason: String },
    #[error("database migration failed: {0}")]
    Migrate(String),
}

fn target(url: &Url) -> String {
    format!(
        "{}:{}{}",
        url.host_str().unwrap_or("localhost"),
        url.port().unwrap_or(5432),
        url.path()
    )
}

fn options(url: &Url) -> Result<PgConnectOptions, DbError> {
    PgConnectOptions::from_str(url.as_str())
        .map(|o| o.log_statements(tracing::log::LevelFilter::Trace))
        .map_err(|err| DbError::Unreachable {
            target: target(url),
            reason: err.to_string(),
        })
}

/// Connects, creating the database when it does not exist yet.
pub async fn connect(url: &Url, max_connections: u32) -> Result<PgPool, DbError> {
    connect_with(url, max_connections, options(url)?, true).await
}

/// Connects like [`connect`], for a component whose statements have a fixed shape and run many
/// times a second (the send worker): its connections plan each statement once, for any
/// parameters, instead of planning it again on every run, and are handed out without a round
/// trip to check them first. A connection that died while idle fails its next statement; the
/// callers retry (the ledger's rounds at once, jobs and loops on their schedule).
pub async fn connect_generic_plans(url: &Url, max_connections: u32) -> Result<PgPool, DbError> {
    let options = options(url)?.options([("plan_cache_mode", "force_generic_plan")]);
    connect_with(url, max_connections, options, false).await
}

async fn connect_with(
    url: &Url,
    max_connections: u32,
    options: PgConnectOptions,
    check_on_acquire: bool,
) -> Result<PgPool, DbError> {
    // One plain connection first: a pool would retry until its timeout and report only that,
    // while this one says at once what is wrong (refused, no such database, bad password).
    match sqlx::PgConnection::connect_with(&options).await {
        Ok(conn) => {
            let _ = conn.close().await;
        }
        Err(sqlx::Error::Database(err)) if err.code().as_deref() == Some("3D000") => {
            create_database(url, &options).await?;
        }
        Err(err) => return Err(unreachable(url, &err)),
    }
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire(check_on_acquire)
        .connect_with(options)
        .await
        .map_err(|err| unreachable(url, &err))
}

/// Whether a statement failed because its connection was gone: closed, or its session ended
/// by the server. Such a statement has almost always not run; whoever runs it again on another
/// connection must be safe in the rare case that it did.
pub fn connection_lost(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_) => true,
        // admin_shutdown, crash_shutdown: the server ended the session.
        sqlx::Error::Database(db) => matches!(db.code().as_deref(), Some("57P01" | "57P02")),
        _ => false,
    }
}

fn unreachable(url: &Url, err: &sqlx::Error) -> DbError {
    let reason = match err {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "timed out".to_owned(),
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    DbError::Unreachable {
        target: target(url),
        reason,
    }
}

async fn create_database(url: &Url, options: &PgConnectOptions) -> Result<(), DbError> {
    let database = options.get_database().unwrap_or("penguin").to_owned();
    let admin = options.clone().database("postgres");
    let mut conn = sqlx::PgConnection::connect_with(&admin)
        .await
        .map_err(|err| unreachable(url, &err))?;
    let statement = format!("CREATE DATABASE \"{}\"", database.replace('"', "\"\""));
    match sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
        .execute(&mut conn)
        .await
    {
        Ok(_) => {
            tracing::info!(database = %database, "created database");
            Ok(())
        }
        // Another process created it between our check and now.
        Err(sqlx::Error::Database(err)) if err.code().as_deref() == Some("42P04") => Ok(()),
        Err(err) => Err(DbError::Create {
            database,
            reason: err.to_string(),
        }),
    }
}

/// Applies pending migrations. Safe to run from several processes at once (sqlx takes an
/// advisory lock).
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    MIGRATOR
        .run(pool)
        .await
        .map_err(|err| DbError::Migrate(err.to_string()))
}

/// True when PostgreSQL answers a trivial query.
pub async fn ping(pool: &PgPool) -> bool {
    sqlx::query("SELECT 1").execute(pool).await.is_ok()
}

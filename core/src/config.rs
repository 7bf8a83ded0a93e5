//! Layered configuration shared by `penguind` and `penguin`.
//!
//! Defaults in code, then a TOML file (`--config` or `PENGUIN_CONFIG`), then the `PENGUIN_*`
//! environment variables. Every value is checked here, once, and an error names the setting that
//! is wrong and where it came from, so a binary can print one line and exit.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::analytics::alerts::Thresholds;
use crate::notifications::guard::Allowlist;
use crate::notifications::schedule::{self, RetrySchedule};
use crate::secret::{SecretKey, SecretSource};

/// The database used when nothing else is configured: the local PostgreSQL over TCP.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/penguin";
/// The Redis used when nothing else is configured.
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379";
/// The public API listener.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// The operators' admin listener.
pub const DEFAULT_ADMIN_LISTEN: &str = "127.0.0.1:8081";
/// The Redis queues give up on a job after this many attempts whatever it asks for.
pub const MAX_JOB_ATTEMPTS: usize = 25;

/// A configuration problem: which setting, where it came from, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {message}")]
pub struct ConfigError {
    /// The setting as a user would write it, e.g. `PENGUIN_LISTEN` or `listen in penguin.toml`.
    pub setting: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl ConfigError {
    fn new(setting: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            setting: setting.into(),
            message: message.into(),
        }
    }
}

/// The settings a TOML file may hold. Unknown keys are an error: a typo must not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    redis_url: Option<String>,
    redis_namespace: Option<String>,
    listen: Option<String>,
    admin_listen: Option<String>,
    public_url: Option<String>,
    secret_key: Option<String>,
    secret_key_file: Option<String>,
    shutdown_timeout_secs: Option<u64>,
    request_timeout_secs: Option<u64>,
    max_body_bytes: Option<usize>,
    job_retention_hours: Option<u64>,
    job_attempts: Option<usize>,
    dispatch_interval: Option<String>,
    send_concurrency: Option<usize>,
    send_retry_base: Option<String>,
    send_claim_timeout: Option<String>,
    send_requeue_after: Option<String>,
    webhook_retry_schedule: Option<String>,
    webhook_allowlist: Option<String>,
    smtp_allowlist: Option<String>,
    webhook_timeout: Option<String>,
    webhook_disable_after: Option<String>,
    alert_bounce_rate: Option<f64>,
    alert_complaint_rate: Option<f64>,
    alert_min_sent: Option<i64>,
    alert_interval: Option<String>,
}

/// Fully checked configuration.
#[derive(Clone)]
pub struct Config {
    pub database_url: Url,
    pub redis_url: Url,
    /// Prefix for every Redis key this deployment uses; replicas of one deployment share it.
    pub redis_namespace: String,
    pub listen: SocketAddr,
    pub admin_listen: SocketAddr,
    /// Base URL put into emails (tracking, unsubscribe links).
    pub public_url: Url,
    pub secret_key: SecretKey,
    /// Where the secret key came from, for the start-up log.
    pub secret_source: SecretSource,
    /// How long in-flight requests and jobs get to finish after SIGTERM.
    pub shutdown_timeout: Duration,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// How long finished background jobs are kept in Redis.
    pub job_retention: Duration,
    /// Attempts a background job gets before it counts as failed and waits for an operator.
    pub job_attempts: usize,
    /// How often the campaign dispatcher looks for due sends.
    pub dispatch_interval: Duration,
    /// Messages one daemon sends at the same time.
    pub send_concurrency: usize,
    /// The wait before the first retry of a temporary SMTP failure; doubled each time.
    pub send_retry_base: Duration,
    /// A send claimed longer ago than this belongs to a worker that died.
    pub send_claim_timeout: Duration,
    /// A queued send whose job has not run after this long is put on the queue again.
    pub send_requeue_after: Duration,
    /// The waits between attempts of a webhook delivery.
    pub webhook_retry_schedule: RetrySchedule,
    /// Non-public webhook targets let through anyway (hosts and CIDR ranges).
    pub webhook_allowlist: Allowlist,
    /// Private and reserved networks (or host names) mailboxes' SMTP servers may be on;
    /// public addresses and loopback are always allowed.
    pub smtp_allowlist: Allowlist,
    /// The limit of one webhook attempt.
    pub webhook_timeout: Duration,
    /// An endpoint failing for this long is disabled when a delivery runs out of attempts.
    pub webhook_disable_after: Duration,
    /// When a campaign's or a mailbox's bounce or complaint rate is worth a notice.
    pub alert_thresholds: Thresholds,
    /// How often the daemon looks at the rates.
    pub alert_interval: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("redis_url", &redact_url(&self.redis_url))
            .field("redis_namespace", &self.redis_namespace)
            .field("listen", &self.listen)
            .field("admin_listen", &self.admin_listen)
            .field("public_url", &self.public_url.as_str())
            .field("secret_key", &self.secret_key)
            .field("secret_source", &self.secret_source)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("job_retention", &self.job_retention)
            .field("job_attempts", &self.job_attempts)
            .field("dispatch_interval", &self.dispatch_interval)
            .field("send_concurrency", &self.send_concurrency)
            .field("send_retry_base", &self.send_retry_base)
            .field("send_claim_timeout", &self.send_claim_timeout)
            .field("send_requeue_after", &self.send_requeue_after)
            .field("webhook_retry_schedule", &self.webhook_retry_schedule)
            .field("webhook_allowlist", &self.webhook_allowlist)
            .field("smtp_allowlist", &self.smtp_allowlist)
            .field("webhook_timeout", &self.webhook_timeout)
            .field("webhook_disable_after", &self.webhook_disable_after)
            .field("alert_thresholds", &self.alert_thresholds)
            .field("alert_interval", &self.alert_interval)
            .finish()
    }
}

/// A URL with its password replaced, safe to log.
pub fn redact_url(url: &Url) -> String {
    let mut url = url.clone();
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    url.to_string()
}

/// Where to read settings from. The binaries fill this from their flags and the process
/// environment; tests fill it by hand.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// `--config`, which wins over `PENGUIN_CONFIG`.
    pub config_file: Option<PathBuf>,
    /// Environment variables, normally `std::env::vars()`.
    pub env: Vec<(String, String)>,
}

impl Sources {
    /// Settings from the process environment and an optional `--config` flag.
    pub fn from_process(config_file: Option<PathBuf>) -> Self {
        Self {
            config_file,
            env: std::env::vars().collect(),
        }
    }

    fn env(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One raw value and where it came from.
struct Raw<'a> {
    value: Option<String>,
    origin: String,
    env_name: &'a str,
}

impl Config {
    /// Reads and checks the configuration. The secret key is resolved too, which may create the
    /// development key file on first use.
    pub fn load(sources: &Sources) -> Result<Self, ConfigError> {
        let file_path = sources
            .config_file
            .clone()
            .or_else(|| sources.env("PENGUIN_CONFIG").map(PathBuf::from));
        let file = match &file_path {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        let file_name = file_path
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let pick = |env_name: &'static str, key: &str, from_file: Option<String>| {
            if let Some(value) = sources.env(env_name) {
                Raw {
                    value: Some(value.to_owned()),
                    origin: env_name.to_owned(),
                    env_name,
                }
            } else if let Some(value) = from_file {
                Raw {
                    value: Some(value),
                    origin: format!("{key} in {file_name}"),
                    env_name,
                }
            } else {
                Raw {
                    value: None,
                    origin: env_name.to_owned(),
                    env_name,
                }
            }
        };

        let database_url = parse_url(
            pick("PENGUIN_DATABASE_URL", "database_url", file.database_url),
            DEFAULT_DATABASE_URL,
            &["postgres", "postgresql"],
        )?;
        let redis_url = parse_url(
            pick("PENGUIN_REDIS_URL", "redis_url", file.redis_url),
            DEFAULT_REDIS_URL,
            &["redis", "rediss", "redis+unix", "unix"],
        )?;
        let namespace = pick(
            "PENGUIN_REDIS_NAMESPACE",
            "redis_namespace",
            file.redis_namespace,
        );
        let redis_namespace = namespace
            .value
            .clone()
            .unwrap_or_else(|| "penguin".to_owned());
        if redis_namespace.is_empty()
            || !redis_namespace
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(ConfigError::new(
                namespace.origin,
                "use letters, digits, '-', '_' or '.' only",
            ));
        }
        let listen = parse_addr(
            pick("PENGUIN_LISTEN", "listen", file.listen),
            DEFAULT_LISTEN,
        )?;
        let admin_listen = parse_addr(
            pick("PENGUIN_ADMIN_LISTEN", "admin_listen", file.admin_listen),
            DEFAULT_ADMIN_LISTEN,
        )?;
        let public = pick("PENGUIN_PUBLIC_URL", "public_url", file.public_url);
        let public_url = match public.value {
            Some(_) => parse_url(public, "", &["http", "https"])?,
            None => Url::parse(&format!("http://{listen}/")).expect("a socket address is a host"),
        };
        let secret = pick("PENGUIN_SECRET_KEY", "secret_key", file.secret_key);
        let secret_file = pick(
            "PENGUIN_SECRET_KEY_FILE",
            "secret_key_file",
            file.secret_key_file,
        );
        let (secret_key, secret_source) = match secret.value {
            Some(value) => (
                SecretKey::parse(&value).map_err(|why| ConfigError::new(&secret.origin, why))?,
                SecretSource::Configured,
            ),
            None => {
                let path = secret_file
                    .value
                    .map(PathBuf::from)
                    .unwrap_or_else(crate::secret::default_key_path);
                SecretKey::load_or_create(&path)
                    .map_err(|why| ConfigError::new(&secret_file.origin, why))?
            }
        };

        let seconds = |env: &'static str, key: &str, value: Option<u64>, default: u64| {
            parse_number(pick(env, key, value.map(|v| v.to_string())), default)
                .map(Duration::from_secs)
        };
        let shutdown_timeout = seconds(
            "PENGUIN_SHUTDOWN_TIMEOUT_SECS",
            "shutdown_timeout_secs",
            file.shutdown_timeout_secs,
            30,
        )?;
        let request_timeout = seconds(
            "PENGUIN_REQUEST_TIMEOUT_SECS",
            "request_timeout_secs",
            file.request_timeout_secs,
            30,
        )?;
        let retention = pick(
            "PENGUIN_JOB_RETENTION_HOURS",
            "job_retention_hours",
            file.job_retention_hours.map(|v| v.to_string()),
        );
        let origin = retention.origin.clone();
        let job_retention = parse_number::<u64>(retention, 7 * 24)?
            .checked_mul(3600)
            .filter(|secs| *secs <= 100 * 365 * 24 * 3600)
            .map(Duration::from_secs)
            .ok_or_else(|| ConfigError::new(origin, "must be at most 876000 hours (100 years)"))?;
        let max_body_bytes = parse_number(
            pick(
                "PENGUIN_MAX_BODY_BYTES",
                "max_body_bytes",
                file.max_body_bytes.map(|v| v.to_string()),
            ),
            2 * 1024 * 1024,
        )?;

        let duration = |env: &'static str, key: &str, value: Option<String>, default: u64| {
            parse_duration(pick(env, key, value), Duration::from_secs(default))
        };
        let dispatch_interval = duration(
            "PENGUIN_DISPATCH_INTERVAL",
            "dispatch_interval",
            file.dispatch_interval,
            5,
        )?;
        let send_retry_base = duration(
            "PENGUIN_SEND_RETRY_BASE",
            "send_retry_base",
            file.send_retry_base,
            60,
        )?;
        let send_claim_timeout = duration(
            "PENGUIN_SEND_CLAIM_TIMEOUT",
            "send_claim_timeout",
            file.send_claim_timeout,
            300,
        )?;
        let send_requeue_after = duration(
            "PENGUIN_SEND_REQUEUE_AFTER",
            "send_requeue_after",
            file.send_requeue_after,
            120,
        )?;
        let concurrency = pick(
            "PENGUIN_SEND_CONCURRENCY",
            "send_concurrency",
            file.send_concurrency.map(|v| v.to_string()),
        );
        let concurrency_origin = concurrency.origin.clone();
        let send_concurrency = parse_number::<usize>(concurrency, 16)?;
        if !(1..=1024).contains(&send_concurrency) {
            return Err(ConfigError::new(
                concurrency_origin,
                "must be between 1 and 1024",
            ));
        }

        let attempts = pick(
            "PENGUIN_JOB_ATTEMPTS",
            "job_attempts",
            file.job_attempts.map(|v| v.to_string()),
        );
        let attempts_origin = attempts.origin.clone();
        let job_attempts = parse_number::<usize>(attempts, 5)?;
        if !(1..=MAX_JOB_ATTEMPTS).contains(&job_attempts) {
            return Err(ConfigError::new(
                attempts_origin,
                format!("must be between 1 and {MAX_JOB_ATTEMPTS}"),
            ));
        }
        let retry = pick(
            "PENGUIN_WEBHOOK_RETRY_SCHEDULE",
            "webhook_retry_schedule",
            file.webhook_retry_schedule,
        );
        let webhook_retry_schedule =
            RetrySchedule::parse(retry.value.as_deref().unwrap_or(schedule::DEFAULT))
                .map_err(|err| ConfigError::new(&retry.origin, err.to_string()))?;
        let webhook_allowlist = parse_allowlist(pick(
            "PENGUIN_WEBHOOK_ALLOWLIST",
            "webhook_allowlist",
            file.webhook_allowlist,
        ))?;
        let smtp_allowlist = parse_allowlist(pick(
            "PENGUIN_SMTP_ALLOWLIST",
            "smtp_allowlist",
            file.smtp_allowlist,
        ))?;
        let webhook_timeout = duration(
            "PENGUIN_WEBHOOK_TIMEOUT",
            "webhook_timeout",
            file.webhook_timeout,
            10,
        )?;
        let webhook_disable_after = duration(
            "PENGUIN_WEBHOOK_DISABLE_AFTER",
            "webhook_disable_after",
            file.webhook_disable_after,
            5 * 86_400,
        )?;
        let defaults = Thresholds::default();
        let alert_thresholds = Thresholds {
            bounce_rate: parse_rate(
                pick(
                    "PENGUIN_ALERT_BOUNCE_RATE",
                    "alert_bounce_rate",
                    file.alert_bounce_rate.map(|v| v.to_string()),
                ),
                defaults.bounce_rate,
            )?,
            complaint_rate: parse_rate(
                pick(
                    "PENGUIN_ALERT_COMPLAINT_RATE",
                    "alert_complaint_rate",
                    file.alert_complaint_rate.map(|v| v.to_string()),
                ),
                defaults.complaint_rate,
            )?,
            min_sent: parse_number(
                pick(
                    "PENGUIN_ALERT_MIN_SENT",
                    "alert_min_sent",
                    file.alert_min_sent.map(|v| v.to_string()),
                ),
                defaults.min_sent,
            )?
            .max(1),
        };
        let alert_interval = duration(
            "PENGUIN_ALERT_INTERVAL",
            "alert_interval",
            file.alert_interval,
            60,
        )?;

        Ok(Self {
            database_url,
            redis_url,
            redis_namespace,
            listen,
            admin_listen,
            public_url,
            secret_key,
            secret_source,
            shutdown_timeout,
            request_timeout,
            max_body_bytes,
            job_retention,
            job_attempts,
            dispatch_interval,
            send_concurrency,
            send_retry_base,
            send_claim_timeout,
            send_requeue_after,
            webhook_retry_schedule,
            webhook_allowlist,
            smtp_allowlist,
            webhook_timeout,
            webhook_disable_after,
            alert_thresholds,
            alert_interval,
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let setting = format!("config file {}", path.display());
    let text = std::fs::read_to_string(path).map_err(|err| {
        ConfigError::new(
            &setting,
            format!("cannot read it ({err}); check --config / PENGUIN_CONFIG"),
        )
    })?;
    toml::from_str(&text).map_err(|err| {
        let message = err.message().to_owned();
        let line = err
            .span()
            .map(|span| text[..span.start].matches('\n').count() + 1);
        match line {
            Some(line) => ConfigError::new(format!("{setting}, line {line}"), message),
            None => ConfigError::new(setting, message),
        }
    })
}

fn parse_url(raw: Raw<'_>, default: &str, schemes: &[&str]) -> Result<Url, ConfigError> {
    let value = raw.value.as_deref().unwrap_or(default);
    let url = Url::parse(value).map_err(|err| {
        ConfigError::new(
            &raw.origin,
            format!(
                "not a valid URL ({err}); set {} to e.g. {}",
                raw.env_name,
                default_example(schemes)
            ),
        )
    })?;
    if !schemes.contains(&url.scheme()) {
        return Err(ConfigError::new(
            &raw.origin,
            format!(
                "unsupported scheme '{}'; expected {}",
                url.scheme(),
                schemes.join(" or ")
            ),
        ));
    }
    Ok(url)
}

fn default_example(schemes: &[&str]) -> &'static str {
    match schemes.first() {
        Some(&"postgres") => DEFAULT_DATABASE_URL,
        Some(&"redis") => DEFAULT_REDIS_URL,
        _ => "https://mail.example.com/",
    }
}

fn parse_addr(raw: Raw<'_>, default: &str) -> Result<SocketAddr, ConfigError> {
    let value = raw.value.as_deref().unwrap_or(default);
    value.parse().map_err(|_| {
        ConfigError::new(
            &raw.origin,
            format!("'{value}' is not an address like {default}"),
        )
    })
}

/// A duration such as `1s`, `500ms`, `5m`, `2h` or `1d`; a bare number is seconds.
fn parse_duration(raw: Raw<'_>, default: Duration) -> Result<Duration, ConfigError> {
    let Some(value) = raw.value else {
        return Ok(default);
    };
    duration(&value).map_err(|err| ConfigError::new(&raw.origin, err.to_string()))
}

/// Why text is not a [`duration`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("'{0}' is not a duration like 1s, 500ms, 5m, 2h or 7d")]
    Malformed(String),
    #[error("'{0}' must be more than 0 and at most a year")]
    OutOfRange(String),
}

/// Reads a duration such as `1s`, `500ms`, `5m`, `2h` or `7d`; a bare number is seconds.
/// It must be more than zero and at most a year.
pub fn duration(text: &str) -> Result<Duration, DurationError> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let malformed = || DurationError::Malformed(text.to_owned());
    let number: u64 = number.parse().map_err(|_| malformed())?;
    let millis = match unit.trim() {
        "ms" => Some(number),
        "" | "s" => number.checked_mul(1000),
        "m" => number.checked_mul(60_000),
        "h" => number.checked_mul(3_600_000),
        "d" => number.checked_mul(86_400_000),
        _ => return Err(malformed()),
    };
    match millis {
        Some(millis) if millis > 0 && millis <= 365 * 86_400_000 => {
            Ok(Duration::from_millis(millis))
        }
        _ => Err(DurationError::OutOfRange(text.to_owned())),
    }
}

/// A rate between 0 and 1, e.g. `0.05` for 5%.
fn parse_rate(raw: Raw<'_>, default: f64) -> Result<f64, ConfigError> {
    match raw.value {
        None => Ok(default),
        Some(value) => value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|rate| (0.0..=1.0).contains(rate))
            .ok_or_else(|| {
                ConfigError::new(
                    &raw.origin,
                    format!("'{value}' is not a rate between 0 and 1 (e.g. 0.05 for 5%)"),
                )
            }),
    }
}

/// A list of hosts and CIDR ranges; empty when not set.
fn parse_allowlist(raw: Raw<'_>) -> Result<Allowlist, ConfigError> {
    Allowlist::parse(raw.value.as_deref().unwrap_or_default())
        .map_err(|err| ConfigError::new(&raw.origin, err))
}

fn parse_number<T: std::str::FromStr>(raw: Raw<'_>, default: T) -> Result<T, ConfigError> {
    match raw.value {
        None => Ok(default),
        Some(value) => value.trim().parse().map_err(|_| {
            ConfigError::new(
                &raw.origin,
                format!("'{value}' is not a non-negative whole number"),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(env: &[(&str, &str)]) -> Sources {
        let mut env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if !env.iter().any(|(k, _)| k == "PENGUIN_SECRET_KEY") {
            env.push(("PENGUIN_SECRET_KEY".into(), "a".repeat(64)));
        }
        Sources {
            config_file: None,
            env,
        }
    }

    #[test]
    fn alert_thresholds_are_rates_between_zero_and_one() {
        let config = Config::load(&sources(&[])).unwrap();
        assert_eq!(config.alert_thresholds, Thresholds::default());
        let config = Config::load(&sources(&[
            ("PENGUIN_ALERT_BOUNCE_RATE", "0.1"),
            ("PENGUIN_ALERT_MIN_SENT", "3"),
        ]))
        .unwrap();
        assert_eq!(config.alert_thresholds.bounce_rate, 0.1);
        assert_eq!(config.alert_thresholds.min_sent, 3);
        let err = Config::load(&sources(&[("PENGUIN_ALERT_COMPLAINT_RATE", "5%")])).unwrap_err();
        assert_eq!(err.setting, "PENGUIN_ALERT_COMPLAINT_RATE");
    }

    #[test]
    fn defaults_need_nothing_set() {
        let config = Config::load(&sources(&[])).unwrap();
        assert_eq!(config.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(config.admin_listen.to_string(), DEFAULT_ADMIN_LISTEN);
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(config.database_url.as_str(), DEFAULT_DATABASE_URL);
    }

    #[test]
    fn environment_wins_over_file() {
        let dir = std::env::temp_dir().join(format!("penguin-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("penguin.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\nadmin_listen = \"127.0.0.1:9001\"\n",
        )
        .unwrap();
        let mut src = sources(&[("PENGUIN_LISTEN", "127.0.0.1:9100")]);
        src.config_file = Some(file);
        let config = Config::load(&src).unwrap();
        assert_eq!(config.listen.port(), 9100);
        assert_eq!(config.admin_listen.port(), 9001);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn bad_values_name_their_setting() {
        let err = Config::load(&sources(&[("PENGUIN_LISTEN", "nowhere")])).unwrap_err();
        assert_eq!(err.setting, "PENGUIN_LISTEN");
        let err = Config::load(&sources(&[("PENGUIN_DATABASE_URL", "mysql://x/y")])).unwrap_err();
        assert_eq!(err.setting, "PENGUIN_DATABASE_URL");
        assert!(err.message.contains("unsupported scheme"), "{err}");
        let err = Config::load(&sources(&[("PENGUIN_SECRET_KEY", "short")])).unwrap_err();
        assert_eq!(err.setting, "PENGUIN_SECRET_KEY");
    }

    #[test]
    fn durations_take_units() {
        let config = Config::load(&sources(&[
            ("PENGUIN_DISPATCH_INTERVAL", "1s"),
            ("PENGUIN_SEND_RETRY_BASE", "500ms"),
        ]))
        .unwrap();
        assert_eq!(config.dispatch_interval, Duration::from_secs(1));
        assert_eq!(config.send_retry_base, Duration::from_millis(500));
        for bad in ["fast", "0s", "1y", "-1s"] {
            let err = Config::load(&sources(&[("PENGUIN_DISPATCH_INTERVAL", bad)])).unwrap_err();
            assert_eq!(err.setting, "PENGUIN_DISPATCH_INTERVAL", "{bad}");
        }
    }

    #[test]
    fn webhook_settings_are_checked() {
        let config = Config::load(&sources(&[])).unwrap();
        assert_eq!(config.webhook_retry_schedule, RetrySchedule::default());
        assert_eq!(config.webhook_allowlist, Allowlist::default());
        let config = Config::load(&sources(&[
            ("PENGUIN_WEBHOOK_RETRY_SCHEDULE", "1s,2s"),
            ("PENGUIN_WEBHOOK_ALLOWLIST", "127.0.0.1/32"),
        ]))
        .unwrap();
        assert_eq!(config.webhook_retry_schedule.attempts(), 3);
        let err =
            Config::load(&sources(&[("PENGUIN_WEBHOOK_RETRY_SCHEDULE", "1s,soon")])).unwrap_err();
        assert_eq!(err.setting, "PENGUIN_WEBHOOK_RETRY_SCHEDULE");
        let err =
            Config::load(&sources(&[("PENGUIN_WEBHOOK_ALLOWLIST", "10.0.0.0/99")])).unwrap_err();
        assert_eq!(err.setting, "PENGUIN_WEBHOOK_ALLOWLIST");
    }

    #[test]
    fn malformed_file_names_the_line() {
        let dir = std::env::temp_dir().join(format!("penguin-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("penguin.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\nlisten_typo = 3\n").unwrap();
        let mut src = sources(&[]);
        src.config_file = Some(file);
        let err = Config::load(&src).unwrap_err();
        assert!(err.setting.ends_with("line 2"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn debug_output_hides_secrets() {
        let src = sources(&[("PENGUIN_DATABASE_URL", "postgres://u:hunter2@db/penguin")]);
        let config = Config::load(&src).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains(&"a".repeat(64)), "{shown}");
    }
}

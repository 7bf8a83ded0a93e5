//! Start-up errors, health, metrics, the admin listener and graceful shutdown.

use std::process::{Command, Stdio};

use penguin_tests::{Daemon, Env, TestDb, binary};

/// Starts penguind expecting it to fail; returns its stderr.
fn failed_start(env: &Env, extra: &[&str]) -> String {
    let mut command = Command::new(binary("penguind"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command.envs(env.vars.iter().map(|(k, v)| (k, v)));
    command
        .env("RUST_LOG", "off")
        .args(extra)
        .stdin(Stdio::null());
    let output = command.output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line, no backtrace: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn startup_errors_name_the_setting_in_one_line() {
    let db = TestDb::new();
    let base = Env::for_db(&db);

    let mut env = base.clone();
    env.set(
        "PENGUIN_DATABASE_URL",
        "postgres://postgres@127.0.0.1:1/penguin",
    );
    let stderr = failed_start(&env, &[]);
    assert!(
        stderr.starts_with("penguind: PENGUIN_DATABASE_URL: cannot reach PostgreSQL"),
        "{stderr}"
    );

    let mut env = base.clone();
    env.set("PENGUIN_REDIS_URL", "redis://127.0.0.1:1");
    let stderr = failed_start(&env, &[]);
    assert!(
        stderr.starts_with("penguind: PENGUIN_REDIS_URL: cannot reach Redis"),
        "{stderr}"
    );

    let mut env = base.clone();
    env.set("PENGUIN_DATABASE_URL", "not a url");
    let stderr = failed_start(&env, &[]);
    assert!(
        stderr.starts_with("penguind: PENGUIN_DATABASE_URL: not a valid URL"),
        "{stderr}"
    );

    let mut env = base.clone();
    env.set("PENGUIN_LISTEN", "localhost");
    let stderr = failed_start(&env, &[]);
    assert!(stderr.starts_with("penguind: PENGUIN_LISTEN:"), "{stderr}");

    let config = std::env::temp_dir().join(format!("penguin-{}.toml", uuid::Uuid::new_v4()));
    std::fs::write(&config, "listen = [oops\n").unwrap();
    let stderr = failed_start(&base, &["--config", config.to_str().unwrap()]);
    assert!(
        stderr.starts_with(&format!(
            "penguind: config file {}, line 1",
            config.display()
        )),
        "{stderr}"
    );
    std::fs::remove_file(config).unwrap();
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let daemon = Daemon::start().await;
    let (status, body) = daemon.call("GET", "/healthz", None, None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let (status, _) = daemon.call("GET", "/readyz", None, None).await;
    assert_eq!(status, 200);
    let _ = daemon
        .call("GET", "/api/v1/platform/tenants", None, None)
        .await;

    let metrics = daemon
        .http
        .get(daemon.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = metrics
        .lines()
        .find(|l| {
            l.starts_with("penguin_http_requests_total")
                && l.contains("route=\"/api/v1/platform/tenants\"")
        })
        .unwrap_or_else(|| panic!("no request counter by route template in:\n{metrics}"));
    assert!(line.contains("status=\"401\""), "{line}");
    assert!(metrics.contains("penguin_http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn readiness_fails_while_postgres_is_gone() {
    let db = TestDb::new();
    let env = Env::for_db(&db);
    let daemon = Daemon::start_with(db, env).await;
    // Drop the daemon's database from under it: PostgreSQL no longer answers its queries.
    let db_name = daemon
        .env
        .vars
        .iter()
        .find(|(k, _)| k == "PENGUIN_DATABASE_URL")
        .unwrap()
        .1
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let status = Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"])
        .arg(format!("DROP DATABASE \"{db_name}\" WITH (FORCE)"))
        .status()
        .unwrap();
    assert!(status.success());
    let (status, body) = daemon.call("GET", "/readyz", None, None).await;
    assert_eq!(status, 503, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("PostgreSQL"));
    let (status, _) = daemon.call("GET", "/healthz", None, None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn admin_listener_requires_a_platform_key() {
    let daemon = Daemon::start().await;
    let admin = daemon.platform_key("operator");
    let (_, owner) = daemon.tenant_with_key("Admin test", "owner");
    let metrics = format!("{}/metrics", daemon.admin);

    let response = daemon.http.get(&metrics).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("Basic")
    );
    let response = daemon
        .http
        .get(format!("{}/anything", daemon.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = daemon
        .http
        .get(&metrics)
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = daemon
        .http
        .get(&metrics)
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = daemon
        .http
        .get(&metrics)
        .basic_auth("ops", Some(&admin))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn sigterm_drains_and_exits_zero() {
    let mut daemon = Daemon::start().await;
    let (status, _) = daemon.call("GET", "/healthz", None, None).await;
    assert_eq!(status, 200);
    let exit = daemon.terminate();
    assert!(exit.success(), "{exit:?}");
    let log = daemon.log();
    assert!(log.iter().any(|l| l.contains("shutting down")), "{log:?}");
    assert!(
        log.iter().any(|l| l.contains("job workers stopped")),
        "{log:?}"
    );
    assert!(log.last().unwrap().contains("\"stopped\""), "{log:?}");
}

#[tokio::test]
async fn logs_never_show_keys_or_passwords() {
    let db = TestDb::new();
    let mut env = Env::for_db(&db);
    let url = format!("postgres://postgres:hunter2@127.0.0.1:5432/{}", db.name);
    env.set("PENGUIN_DATABASE_URL", &url);
    let daemon = Daemon::start_with(db, env).await;
    let key = daemon.platform_key("admin");
    daemon
        .call("GET", "/api/v1/platform/tenants", Some(&key), None)
        .await;
    daemon
        .call(
            "GET",
            "/api/v1/platform/tenants",
            Some("pmp_aaaaaaaa_bad"),
            None,
        )
        .await;
    // The request span is logged as the response goes out: the reader may see it a moment
    // after the client has the answer.
    let spanned = |log: &str| {
        log.contains("\"route\":\"/api/v1/platform/tenants\"") && log.contains("\"status\":200")
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !spanned(&daemon.log().join("\n")) && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let log = daemon.log().join("\n");
    assert!(!log.contains("hunter2"), "{log}");
    assert!(!log.contains(&key), "{log}");
    assert!(!log.contains(penguin_tests::SECRET_KEY));
    assert!(
        spanned(&log),
        "request spans carry the route template and status"
    );
}

//! Operators steering the job queues, over the API and the CLI, against real Redis and the
//! daemon's real workers.

use std::time::{Duration, Instant};

use penguin_tests::{Daemon, PrivateRedis, SmtpSink, TestDb, id, psql};
use serde_json::{Value, json};

use crate::campaign::{SEND_CONCURRENCY, Tenant, fast_env, generated};

/// Polls `GET /api/v1/queue/queues/{name}` until `done` holds, or fails after `secs`.
async fn wait_for_queue(
    daemon: &Daemon,
    key: &str,
    name: &str,
    secs: u64,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let (status, queue) = daemon
            .call(
                "GET",
                &format!("/api/v1/queue/queues/{name}"),
                Some(key),
                None,
            )
            .await;
        assert_eq!(status, 200, "{queue}");
        if done(&queue) {
            return queue;
        }
        assert!(
            Instant::now() < deadline,
            "queue {name} did not get there: {queue}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A one-step campaign over one mailbox that logs in to `sink` as alex.
async fn campaign_with_login(tenant: &Tenant<'_>, sink: &SmtpSink, leads: usize) -> String {
    let body = json!({
        "workspace_id": tenant.workspace, "email": "alex@sender.example", "name": "Alex",
        "daily_limit": 1000, "min_gap_seconds": 0,
        "smtp": { "host": "127.0.0.1", "port": sink.port, "username": "alex",
                  "password": "s3cret-pass", "tls": "none" }
    });
    let (status, mailbox) = tenant
        .call("POST", "/api/v1/tenant/mailboxes", Some(body))
        .await;
    assert_eq!(status, 201, "{mailbox}");
    one_step(tenant, &id(&mailbox), leads, "jobs.example").await
}

fn counts(queue: &Value, state: &str) -> u64 {
    queue[state]
        .as_u64()
        .unwrap_or_else(|| panic!("{state} in {queue}"))
}

/// A one-step campaign over `mailbox` with `leads` generated leads at `domain`, not started.
async fn one_step(tenant: &Tenant<'_>, mailbox: &str, leads: usize, domain: &str) -> String {
    let steps = json!([{ "delay": { "days": 0 }, "variants": [
        { "subject": "Hello {{first_name}}", "body_text": "A short note for {{company}}." }
    ]}]);
    let campaign = tenant.campaign(&[mailbox.to_owned()], steps, 1000).await;
    tenant.import(generated(leads, domain), &campaign).await;
    campaign
}

/// [`one_step`], started.
async fn started(tenant: &Tenant<'_>, mailbox: &str, leads: usize, domain: &str) {
    let campaign = one_step(tenant, mailbox, leads, domain).await;
    tenant.start(&campaign).await;
}

/// Waits until `/readyz` answers `status`; answers its body.
async fn wait_for_readiness(daemon: &Daemon, status: u16, secs: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let response = daemon.http.get(daemon.url("/readyz")).send().await.unwrap();
        if response.status() == status {
            return response.json().await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "readiness did not become {status}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The recipients of the sink's messages, each once, and how many messages there were.
fn recipients(sink: &SmtpSink) -> (Vec<String>, usize) {
    let mut recipients: Vec<String> = sink.messages().iter().map(|m| m.to[0].clone()).collect();
    let messages = recipients.len();
    recipients.sort();
    recipients.dedup();
    (recipients, messages)
}

#[tokio::test]
async fn operators_pause_cancel_retry_and_purge_jobs() {
    let db = TestDb::new();
    let mut env = fast_env(&db);
    env.set("PENGUIN_JOB_ATTEMPTS", "2");
    let daemon = Daemon::start_with(db, env).await;
    let sink = SmtpSink::start(&["--auth", "alex:s3cret-pass"]);
    let operator = daemon.platform_key("operator");
    let tenant = Tenant::new(&daemon).await;

    // Every named queue is listed with its counts by state; tenants see none of it.
    let listed = daemon.penguin_json(&["queue", "ls"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|queue| queue["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["maintenance", "send"]);
    for state in [
        "pending",
        "scheduled",
        "running",
        "done",
        "failed",
        "killed",
    ] {
        assert!(listed[1][state].is_u64(), "{state} in {listed}");
    }
    let (status, _) = tenant.call("GET", "/api/v1/queue/queues", None).await;
    assert_eq!(status, 403);
    let (status, body) = daemon
        .call("GET", "/api/v1/queue/queues/nope", Some(&operator), None)
        .await;
    assert_eq!(status, 404, "{body}");

    // Paused, the queue takes jobs in but no worker takes them out.
    let paused = daemon.penguin_json(&["queue", "pause", "send"]);
    assert_eq!(paused["paused"], true, "{paused}");
    let leads = 12;
    let campaign = campaign_with_login(&tenant, &sink, leads).await;
    tenant.start(&campaign).await;
    let queue = wait_for_queue(&daemon, &operator, "send", 30, |q| {
        counts(q, "pending") >= 1
    })
    .await;
    assert!(
        queue["worker_list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["state"] == "paused")
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(sink.messages().is_empty(), "a paused queue sent");

    // A pending job can be cancelled; it is kept as killed, and its sends are not lost: the
    // dispatcher puts them on the queue again.
    let path = "/api/v1/queue/queues/send/jobs?status=pending&limit=1";
    let (status, page) = daemon.call("GET", path, Some(&operator), None).await;
    assert_eq!(status, 200, "{page}");
    let job = page["data"][0].clone();
    let job_id = job["id"].as_str().unwrap().to_owned();
    assert_eq!(job["state"], "pending");
    assert!(
        job["args"]["send_ids"]
            .as_array()
            .is_some_and(|ids| !ids.is_empty()),
        "{job}"
    );
    let cancelled = daemon.penguin_json(&["queue", "cancel", "send", &job_id]);
    assert_eq!(cancelled["state"], "killed", "{cancelled}");
    let again = daemon.penguin(&["queue", "cancel", "send", &job_id]);
    assert_eq!(
        again.status.code(),
        Some(5),
        "only waiting jobs can be cancelled"
    );

    // The mailbox's stored password is damaged: every attempt fails, and after the last one
    // the job is filed as failed with its error.
    let url = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    let saved = psql(&url, "SELECT encode(smtp_password, 'hex') FROM mailboxes");
    psql(
        &url,
        "UPDATE mailboxes SET smtp_password = '\\x00ff'::bytea",
    );
    let (status, resumed) = daemon
        .call(
            "POST",
            "/api/v1/queue/queues/send/resume",
            Some(&operator),
            None,
        )
        .await;
    assert_eq!(
        (status, &resumed["paused"]),
        (200, &json!(false)),
        "{resumed}"
    );
    let queue = wait_for_queue(&daemon, &operator, "send", 60, |q| counts(q, "failed") >= 1).await;
    assert_eq!(counts(&queue, "killed"), 1, "{queue}");
    let (_, page) = daemon
        .call(
            "GET",
            "/api/v1/queue/queues/send/jobs?status=failed",
            Some(&operator),
            None,
        )
        .await;
    let failed = &page["data"][0];
    assert_eq!(failed["state"], "failed", "{page}");
    assert_eq!(failed["attempts"], 2, "{failed}");
    assert!(
        failed["last_error"].as_str().is_some_and(|e| !e.is_empty()),
        "{failed}"
    );
    assert!(sink.messages().is_empty());

    // Repaired, the failed jobs run again and every lead gets its message, once.
    psql(
        &url,
        &format!("UPDATE mailboxes SET smtp_password = '\\x{saved}'::bytea"),
    );
    let refused = daemon.penguin(&["queue", "retry", "send", "--all-failed"]);
    assert_eq!(refused.status.code(), Some(3), "bulk retry asks first");
    let retried = daemon.penguin_json(&["queue", "retry", "send", "--all-failed", "--yes"]);
    assert!(retried["requeued"].as_u64().unwrap() >= 1, "{retried}");
    sink.wait_for(60, |messages| messages.len() >= leads).await;
    let queue = wait_for_queue(&daemon, &operator, "send", 30, |q| {
        counts(q, "pending") + counts(q, "scheduled") + counts(q, "running") + counts(q, "failed")
            == 0
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (recipients, messages) = recipients(&sink);
    assert_eq!((recipients.len(), messages), (leads, leads));

    // Purging removes only finished jobs older than the age given.
    let finished = counts(&queue, "done") + counts(&queue, "killed");
    assert!(finished >= 2, "{queue}");
    let young = daemon.penguin_json(&["queue", "purge", "send", "--older-than", "1h", "--yes"]);
    assert_eq!(young["removed"], 0, "{young}");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, purged) = daemon
        .call(
            "POST",
            "/api/v1/queue/queues/send/purge",
            Some(&operator),
            Some(json!({"older_than": "1s"})),
        )
        .await;
    assert_eq!(status, 200, "{purged}");
    assert!(
        purged["removed"].as_u64().unwrap() >= finished,
        "{purged} {queue}"
    );
    let (status, gone) = daemon
        .call(
            "GET",
            &format!("/api/v1/queue/queues/send/jobs/{job_id}"),
            Some(&operator),
            None,
        )
        .await;
    assert_eq!(status, 404, "{gone}");
    let (status, bad) = daemon
        .call(
            "POST",
            "/api/v1/queue/queues/send/purge",
            Some(&operator),
            Some(json!({"older_than": "soon"})),
        )
        .await;
    assert_eq!(status, 422, "{bad}");
    let (status, bad) = daemon
        .call(
            "POST",
            "/api/v1/queue/queues/send/purge",
            Some(&operator),
            Some(json!({"older_than": "7"})),
        )
        .await;
    assert_eq!(
        status, 422,
        "a bare number is refused, not read as seconds: {bad}"
    );
    // A cursor this list never gave: too large for the scripts.
    let path = "/api/v1/queue/queues/send/jobs?status=done&cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTk";
    let (status, bad) = daemon.call("GET", path, Some(&operator), None).await;
    assert_eq!(
        (status, &bad["errors"][0]["field"]),
        (422, &json!("cursor")),
        "{bad}"
    );

    // Every change is in the audit log.
    let audit = daemon.penguin_json(&["audit", "ls", "--limit", "20"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect();
    for action in [
        "queue.pause",
        "job.cancel",
        "queue.resume",
        "queue.retry_failed",
        "queue.purge",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn a_killed_daemons_jobs_come_back_to_the_queue() {
    let db = TestDb::new();
    let env = fast_env(&db);
    let mut daemon = Daemon::start_with(db, env).await;
    let sink = SmtpSink::start(&["--auth", "alex:s3cret-pass", "--delay", "0.5"]);
    let operator = daemon.platform_key("operator");
    let leads = 3 * SEND_CONCURRENCY;
    let (campaign, tenant_key) = {
        let tenant = Tenant::new(&daemon).await;
        let campaign = campaign_with_login(&tenant, &sink, leads).await;
        tenant.start(&campaign).await;
        (campaign, tenant.key.clone())
    };
    let before = wait_for_queue(&daemon, &operator, "send", 30, |q| {
        counts(q, "running") >= 1
    })
    .await;
    let old_workers: Vec<String> = before["worker_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|worker| worker["name"].as_str().unwrap().to_owned())
        .collect();

    // The daemon dies with the job in flight; a new one finds it orphaned and runs it again.
    daemon.kill();
    daemon.restart().await;
    let after = wait_for_queue(&daemon, &operator, "send", 60, |q| {
        counts(q, "running") + counts(q, "pending") + counts(q, "scheduled") == 0
            && counts(q, "done") >= 1
    })
    .await;
    let (_, workers) = daemon
        .call("GET", "/api/v1/queue/workers", Some(&operator), None)
        .await;
    let names: Vec<&str> = workers
        .as_array()
        .unwrap()
        .iter()
        .map(|worker| worker["name"].as_str().unwrap())
        .collect();
    assert!(
        old_workers.iter().all(|old| !names.contains(&old.as_str())),
        "the dead workers are gone: {names:?}"
    );
    assert!(
        workers
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["queue"] == "send" && w["state"] == "active")
    );
    assert_eq!(counts(&after, "failed"), 0, "{after}");

    // Every lead is accounted for, none twice: only the messages in flight at the crash may
    // be of unknown outcome, and they are not sent again.
    let stats_path = format!("/api/v1/tenant/campaigns/{campaign}/stats");
    let deadline = Instant::now() + Duration::from_secs(60);
    let stats = loop {
        let (_, stats) = daemon
            .call("GET", &stats_path, Some(&tenant_key), None)
            .await;
        if stats["sent"].as_u64().unwrap() + stats["ambiguous"].as_u64().unwrap() == leads as u64 {
            break stats;
        }
        assert!(
            Instant::now() < deadline,
            "not every lead was accounted for: {stats}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let sent = stats["sent"].as_u64().unwrap() as usize;
    let ambiguous = stats["ambiguous"].as_u64().unwrap() as usize;
    assert!(ambiguous <= SEND_CONCURRENCY, "{stats}");
    let (recipients, delivered) = recipients(&sink);
    assert_eq!(recipients.len(), delivered, "no lead got two messages");
    assert!(
        delivered >= sent && delivered <= sent + ambiguous,
        "{delivered} delivered: {stats}"
    );
}

#[tokio::test]
async fn the_workers_recover_from_a_redis_restart_and_readiness_shows_the_outage() {
    let mut redis = PrivateRedis::start();
    let db = TestDb::new();
    let mut env = fast_env(&db);
    env.set("PENGUIN_REDIS_URL", &redis.url());
    let daemon = Daemon::start_with(db, env).await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let alex = tenant.mailbox("alex@sender.example", &sink, 1000).await;
    started(&tenant, &alex, 5, "before.example").await;
    sink.wait_for(30, |messages| messages.len() >= 5).await;

    // Redis goes away for longer than the client's timeouts: readiness says so.
    redis.kill();
    let body = wait_for_readiness(&daemon, 503, 10).await;
    assert!(body["detail"].as_str().unwrap().contains("Redis"), "{body}");
    tokio::time::sleep(Duration::from_secs(7)).await;

    // It comes back empty; the workers pick up again and new sends go out.
    redis.resume();
    wait_for_readiness(&daemon, 200, 20).await;
    started(&tenant, &alex, 5, "after.example").await;
    sink.wait_for(60, |messages| messages.len() >= 10).await;
    let (recipients, messages) = recipients(&sink);
    assert_eq!((recipients.len(), messages), (10, 10));
}

/// Puts a job on a queue as another program could: raw arguments, apalis' bookkeeping.
fn push_raw(daemon: &Daemon, queue: &str, id: &str, data: &str) {
    let namespace = daemon.env.get("PENGUIN_REDIS_NAMESPACE").unwrap();
    let prefix = format!("{namespace}.{queue}");
    for args in [
        vec![
            "HSET".to_owned(),
            format!("{prefix}:data"),
            id.to_owned(),
            data.to_owned(),
        ],
        vec![
            "HSET".to_owned(),
            format!("{prefix}:meta:{id}"),
            "attempts".to_owned(),
            "0".to_owned(),
            "max_attempts".to_owned(),
            "25".to_owned(),
            "status".to_owned(),
            "Pending".to_owned(),
        ],
        vec![
            "RPUSH".to_owned(),
            format!("{prefix}:active"),
            id.to_owned(),
        ],
        vec![
            "PUBLISH".to_owned(),
            format!("tasks:{prefix}:active:available"),
            id.to_owned(),
        ],
    ] {
        let status = std::process::Command::new("redis-cli")
            .args(["-h", "127.0.0.1", "-p", "6379"])
            .args(&args)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run redis-cli");
        assert!(status.success(), "redis-cli {args:?}");
    }
}

#[tokio::test]
async fn malformed_jobs_fail_on_their_own_and_the_workers_go_on() {
    let daemon = crate::campaign::fast_daemon().await;
    let operator = daemon.platform_key("operator");

    // Arguments of the wrong shape, then arguments that are not JSON at all.
    let wrong_shape = "01KBQ00000000000000000SHPE";
    let not_json = "01KBQ00000000000000000JS0N";
    push_raw(&daemon, "send", wrong_shape, r#"{"send_ids":"not a list"}"#);
    push_raw(&daemon, "send", not_json, "not json at all");
    let queue = wait_for_queue(&daemon, &operator, "send", 30, |q| counts(q, "failed") == 2).await;
    assert_eq!(
        counts(&queue, "pending") + counts(&queue, "running"),
        0,
        "{queue}"
    );
    for id in [wrong_shape, not_json] {
        let (status, job) = daemon
            .call(
                "GET",
                &format!("/api/v1/queue/queues/send/jobs/{id}"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(
            (status, job["state"].as_str()),
            (200, Some("failed")),
            "{job}"
        );
        assert!(
            job["last_error"]
                .as_str()
                .is_some_and(|e| e.contains("cannot be read")),
            "{job}"
        );
    }

    // The workers are back, and real work still goes through.
    wait_for_readiness(&daemon, 200, 20).await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let alex = tenant.mailbox("alex@sender.example", &sink, 1000).await;
    started(&tenant, &alex, 3, "after.example").await;
    sink.wait_for(30, |messages| messages.len() >= 3).await;
}

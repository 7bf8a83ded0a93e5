//! Send throughput: messages per second from enqueue to accepted by an SMTP server, for the
//! daemon with its send ledger, next to Postfix's `smtp-source` into the same `smtp-sink` in
//! the same run.
//!
//! Run: `cargo build --release --workspace && cargo run --release -p penguin-tests --bin
//! send-bench -- [MESSAGES] [CONCURRENCY]` (needs Debian's `postfix` package for `smtp-sink`
//! and `smtp-source`). Prints one row of the table in docs/BENCHMARKS.md.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use penguin_tests::{Daemon, id, psql};
use serde_json::json;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Messages per second of Postfix's `smtp-source` into the sink on `port`.
fn smtp_source(port: u16, messages: usize, concurrency: usize) -> f64 {
    let started = Instant::now();
    let status = Command::new("smtp-source")
        .args([
            "-s",
            &concurrency.to_string(),
            "-m",
            &messages.to_string(),
            "-l",
            "1500",
        ])
        .args([
            "-f",
            "bench@sender.example",
            "-t",
            "lead@lead.example",
            &format!("127.0.0.1:{port}"),
        ])
        .status()
        .expect("smtp-source");
    assert!(status.success());
    messages as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let messages: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);

    let port = free_port();
    let mut sink = Command::new("smtp-sink")
        .args(["-u", "nobody", &format!("127.0.0.1:{port}"), "1024"])
        .stdout(Stdio::null())
        .spawn()
        .expect("smtp-sink (apt-get install postfix)");
    std::thread::sleep(Duration::from_millis(300));

    // Baseline: smtp-source, same message count and parallelism, message size like ours,
    // before and after the daemon's run; the mean of the two is the baseline, so that a
    // change in the machine's load during the run weighs on both sides alike.
    let before = smtp_source(port, messages, concurrency);

    // The daemon: one mailbox, one campaign, `messages` leads, always-open schedule.
    let db = penguin_tests::TestDb::new();
    let mut env = penguin_tests::Env::for_db(&db);
    env.set("PENGUIN_DISPATCH_INTERVAL", "200ms");
    env.set("PENGUIN_SEND_CONCURRENCY", &concurrency.to_string());
    let log = std::env::var("RUST_LOG").unwrap_or_else(|_| "warn,penguin_daemon=info".into());
    env.set("RUST_LOG", &log);
    let daemon = Daemon::start_with(db, env).await;
    let (_, owner) = daemon.tenant_with_key("Bench", "owner");
    let key = Some(owner.as_str());
    let (_, ws) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            key,
            Some(json!({ "name": "B" })),
        )
        .await;
    let body = json!({
        "workspace_id": id(&ws), "email": "bench@sender.example", "name": "Bench", "daily_limit": 100_000,
        "smtp": { "host": "127.0.0.1", "port": port, "tls": "none" }
    });
    let (_, mailbox) = daemon
        .call("POST", "/api/v1/tenant/mailboxes", key, Some(body))
        .await;
    let body = json!({
        "workspace_id": id(&ws), "name": "Bench", "daily_limit": 1_000_000, "mailbox_ids": [id(&mailbox)],
        "steps": [{ "variants": [{ "subject": "{Hi|Hello} {{first_name}}", "body_html": "<p>Hello {{first_name}} at {{company}}, a short note about {Q1|Q2} plans.</p>" }] }]
    });
    let (_, campaign) = daemon
        .call("POST", "/api/v1/tenant/campaigns", key, Some(body))
        .await;
    let campaign = id(&campaign);
    let mut csv = String::from("email,first_name,company\n");
    for i in 0..messages {
        csv.push_str(&format!("lead{i}@lead.example,Lead{i},Company {i}\n"));
    }
    let url = daemon.url(&format!(
        "/api/v1/tenant/leads/import?workspace_id={}&campaign_id={campaign}",
        id(&ws)
    ));
    let response = daemon
        .http
        .post(url)
        .bearer_auth(&owner)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // A worker takes its first jobs after its first heartbeat (2 s after start): measure a
    // daemon that is up, as in production, not its start-up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    daemon
        .call(
            "POST",
            &format!("/api/v1/tenant/campaigns/{campaign}/start"),
            key,
            None,
        )
        .await;

    let database = daemon
        .env
        .get("PENGUIN_DATABASE_URL")
        .expect("the test database")
        .to_owned();
    // One connection, kept open: the poll must take as little as possible of the CPU the
    // daemon is measured on (a `psql` process per poll took about 3% of it).
    let mut poll = <sqlx::PgConnection as sqlx::Connection>::connect(&database)
        .await
        .expect("the test database");
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM sends WHERE status = 'sent'")
            .fetch_one(&mut poll)
            .await
            .expect("count sent");
        if sent as usize >= messages {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {sent} of {messages} sent after 10 minutes"
        );
        // The figure comes from the ledger's timestamps, not from this loop.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    drop(poll);
    let seconds: f64 = psql(
        &database,
        "SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM sends",
    )
    .parse()
    .unwrap();
    let ours = messages as f64 / seconds;
    let duplicates = psql(
        &database,
        "SELECT count(*) - count(DISTINCT enrollment_id) FROM sends",
    );
    let breakdown = psql(
        &database,
        "SELECT round(extract(epoch FROM max(enqueued_at) - min(created_at))::numeric, 2) || ' s to ledger, ' || \
         round(avg(extract(epoch FROM claimed_at - enqueued_at))::numeric * 1000) || ' ms queued, ' || \
         round(avg(extract(epoch FROM finished_at - claimed_at))::numeric * 1000) || ' ms sending (mean), ' || \
         'first claim after ' || round(extract(epoch FROM min(claimed_at) - min(enqueued_at))::numeric, 2) || ' s, ' || \
         'claims over ' || round(extract(epoch FROM max(claimed_at) - min(claimed_at))::numeric, 2) || ' s' FROM sends",
    );
    eprintln!("{breakdown}");
    if std::env::var_os("SEND_BENCH_TIMELINE").is_some() {
        eprintln!(
            "{}",
            psql(
                &database,
                "WITH b AS (SELECT min(created_at) AS t0 FROM sends) \
                 SELECT string_agg(k || ':' || c || '/' || e || '/' || f, ' ' ORDER BY k) FROM ( \
                 SELECT floor(extract(epoch FROM x.t - b.t0) * 4)::int AS k, \
                 count(*) FILTER (WHERE x.w = 'c') AS c, count(*) FILTER (WHERE x.w = 'e') AS e, \
                 count(*) FILTER (WHERE x.w = 'f') AS f \
                 FROM b, (SELECT claimed_at AS t, 'c' AS w FROM sends UNION ALL \
                 SELECT enqueued_at, 'e' FROM sends UNION ALL SELECT finished_at, 'f' FROM sends) x \
                 GROUP BY 1) y",
            )
        );
    }
    let after = smtp_source(port, messages, concurrency);
    eprintln!("smtp-source: {before:.0} msg/s before, {after:.0} msg/s after");
    let baseline = (before + after) / 2.0;
    let _ = sink.kill();
    let _ = sink.wait();

    println!(
        "| messages | concurrency | smtp-source msg/s | penguind msg/s (ledger on) | ratio | duplicates |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {messages} | {concurrency} | {baseline:.0} | {ours:.0} | {:.2} | {duplicates} |",
        ours / baseline
    );
}

//! Open-pixel throughput: requests per second to the open pixel under `wrk`, next to the same
//! daemon's `/healthz` in the same run, and then whether every open is durable in PostgreSQL.
//! Also the rate at which the drain wrote those event rows, next to a raw `COPY` of the same
//! rows into a copy of the table.
//!
//! Run: `cargo build --release --workspace && ./target/release/pixel-bench [SECONDS]
//! [CONNECTIONS]` (needs Debian's `wrk`). Prints one row of the table in docs/BENCHMARKS.md.

use std::process::Command;
use std::time::{Duration, Instant};

use penguin_tests::{Daemon, Env, SmtpSink, TestDb, id, psql};
use serde_json::json;

/// Runs `wrk` against `url`; returns (requests per second, requests completed, non-2xx).
fn wrk(url: &str, seconds: u64, connections: u32) -> (f64, u64, u64) {
    let out = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "-H",
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64) pixel-bench",
            url,
        ])
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let number_after = |label: &str| -> Option<f64> {
        let line = text.lines().find(|l| l.contains(label))?;
        line.split_whitespace()
            .find_map(|word| word.parse::<f64>().ok())
    };
    let rps = number_after("Requests/sec").expect("wrk output");
    let total = number_after("requests in").expect("wrk output") as u64;
    let failed = number_after("Non-2xx").unwrap_or(0.0) as u64;
    (rps, total, failed)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let connections: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);

    let sink = SmtpSink::start(&[]);
    let db = TestDb::new();
    let mut env = Env::for_db(&db);
    env.set("PENGUIN_DISPATCH_INTERVAL", "200ms");
    env.set("RUST_LOG", "warn,penguin_daemon=info");
    let daemon = Daemon::start_with(db, env).await;
    let database = daemon
        .env
        .get("PENGUIN_DATABASE_URL")
        .expect("the test database")
        .to_owned();

    // One real message, to get a real pixel.
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
        "workspace_id": id(&ws), "email": "bench@sender.example", "name": "Bench",
        "smtp": { "host": "127.0.0.1", "port": sink.port, "tls": "none" }
    });
    let (_, mailbox) = daemon
        .call("POST", "/api/v1/tenant/mailboxes", key, Some(body))
        .await;
    let body = json!({
        "workspace_id": id(&ws), "name": "Bench", "mailbox_ids": [id(&mailbox)],
        "steps": [{ "variants": [{ "subject": "Hi", "body_html": "<p>Hello {{first_name}}</p>" }] }]
    });
    let (_, campaign) = daemon
        .call("POST", "/api/v1/tenant/campaigns", key, Some(body))
        .await;
    let campaign = id(&campaign);
    let lead =
        json!({ "workspace_id": id(&ws), "email": "reader@lead.example", "first_name": "Rae" });
    let (_, lead) = daemon
        .call("POST", "/api/v1/tenant/leads", key, Some(lead))
        .await;
    daemon
        .call(
            "POST",
            &format!("/api/v1/tenant/campaigns/{campaign}/leads"),
            key,
            Some(json!({ "lead_ids": [id(&lead)] })),
        )
        .await;
    daemon
        .call(
            "POST",
            &format!("/api/v1/tenant/campaigns/{campaign}/start"),
            key,
            None,
        )
        .await;
    let messages = sink.wait_for(30, |m| !m.is_empty()).await;
    let html = messages[0].html().expect("an HTML part");
    let start = html.find("/o/").expect("an open pixel");
    let end = start + html[start..].find('"').unwrap();
    let pixel = daemon.url(&html[start..end]);

    // Warm up both routes, then measure them one after the other.
    wrk(&daemon.url("/healthz"), 1, connections);
    let (healthz, _, _) = wrk(&daemon.url("/healthz"), seconds, connections);
    let opened = || -> u64 {
        psql(
            &database,
            "SELECT count(*) FROM events WHERE kind = 'opened'",
        )
        .parse()
        .unwrap()
    };
    wrk(&pixel, 1, connections);
    let mut warm_up = opened();
    loop {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let now = opened();
        if now == warm_up {
            break;
        }
        warm_up = now;
    }
    let (opens, total, failed) = wrk(&pixel, seconds, connections);
    assert_eq!(failed, 0, "every pixel request answered 200");

    // Every answered request is stored, within seconds.
    let deadline = Instant::now() + Duration::from_secs(120);
    let stored = loop {
        let stored = opened();
        if stored >= warm_up + total || Instant::now() > deadline {
            break stored;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let measured = stored - warm_up;
    let drain_rate: f64 = psql(
        &database,
        "SELECT count(*) / greatest(extract(epoch FROM max(recorded_at) - min(recorded_at)), 0.001) \
         FROM events WHERE kind = 'opened'",
    )
    .parse()
    .unwrap();

    // A raw COPY of the same rows into a copy of the table, for comparison.
    let dump = std::env::temp_dir().join(format!("pixel-bench-{}.copy", std::process::id()));
    let dump = dump.display().to_string();
    psql(
        &database,
        &format!("\\copy (SELECT * FROM events WHERE kind = 'opened') TO '{dump}'"),
    );
    psql(
        &database,
        "CREATE TABLE events_copy (LIKE events INCLUDING ALL)",
    );
    let copy_started = Instant::now();
    psql(&database, &format!("\\copy events_copy FROM '{dump}'"));
    let copy_rate = stored as f64 / copy_started.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&dump);

    println!(
        "| pixel req/s | /healthz req/s | ratio | requests | opens stored | drain rows/s | COPY rows/s |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {opens:.0} | {healthz:.0} | {:.2} | {total} | {measured} | {drain_rate:.0} | {copy_rate:.0} |",
        opens / healthz
    );
    // wrk stops counting with requests in flight, which the daemon still answers and stores:
    // up to one per connection more than wrk reports.
    assert!(
        measured >= total && measured <= total + u64::from(connections),
        "every answered pixel request is durable: {measured} stored, {total} answered"
    );
}

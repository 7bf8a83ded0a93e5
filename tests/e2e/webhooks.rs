//! Tenant webhooks against a real HTTP receiver on loopback: signatures checked by an
//! implementation of the Standard Webhooks scheme written here, retries on the configured
//! schedule, the outbox across a restart, the SSRF guard, tenant isolation, dead letters and
//! automatic disabling; and the in-app notices.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use penguin_tests::{Daemon, Env, SmtpSink, TestDb, id};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::campaign::{Tenant, generated};
use crate::events::{bounce_for, unsubscribe_path};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Hit {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
    at: Instant,
}

impl Hit {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

#[derive(Debug, Default)]
struct Script {
    /// Statuses to answer, in order; then `otherwise`.
    next: VecDeque<u16>,
    otherwise: u16,
    hits: Vec<Hit>,
}

/// A webhook receiver on 127.0.0.1 that records every request and answers as scripted.
#[derive(Debug, Clone)]
struct Receiver {
    addr: SocketAddr,
    script: Arc<Mutex<Script>>,
}

impl Receiver {
    async fn start(first: &[u16], otherwise: u16) -> Self {
        let script = Arc::new(Mutex::new(Script {
            next: first.iter().copied().collect(),
            otherwise,
            hits: Vec::new(),
        }));
        let app = axum::Router::new()
            .fallback(receive)
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { addr, script }
    }

    fn url(&self) -> String {
        format!("http://{}/hooks/penguin", self.addr)
    }

    fn answer(&self, status: u16) {
        self.script.lock().unwrap().otherwise = status;
    }

    fn hits(&self) -> Vec<Hit> {
        self.script.lock().unwrap().hits.clone()
    }

    /// Waits until `n` requests came, and returns them.
    async fn wait_for(&self, n: usize, secs: u64) -> Vec<Hit> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let hits = self.hits();
            if hits.len() >= n {
                return hits;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {n} webhook requests; got {hits:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

async fn receive(
    State(script): State<Arc<Mutex<Script>>>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut script = script.lock().unwrap();
    script.hits.push(Hit {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body,
        at: Instant::now(),
    });
    let status = script.next.pop_front().unwrap_or(script.otherwise);
    StatusCode::from_u16(status).unwrap()
}

/// Checks a request's signature the way a receiver would, from the scheme's definition:
/// HMAC-SHA256 keyed with the base64-decoded secret over `id.timestamp.body`, sent as
/// `v1,<base64>` (possibly among several, space-separated), with a fresh timestamp.
fn verifies(secret: &str, hit: &Hit) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").expect("whsec_ prefix"))
        .expect("base64 secret");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", hit.id, hit.timestamp, hit.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let timestamp: i64 = hit.timestamp.parse().expect("unix seconds");
    (now - timestamp).abs() < 300 && hit.signature.split(' ').any(|s| s == expected)
}

/// A daemon that dispatches every second, with the webhook settings given.
async fn daemon_with(settings: &[(&str, &str)]) -> Daemon {
    let db = TestDb::new();
    let mut env = Env::for_db(&db);
    env.set("PENGUIN_DISPATCH_INTERVAL", "1s");
    env.set("PENGUIN_WEBHOOK_ALLOWLIST", "127.0.0.1/32");
    env.set("PENGUIN_WEBHOOK_RETRY_SCHEDULE", "1s,1s");
    env.set("PENGUIN_WEBHOOK_TIMEOUT", "5s");
    for (name, value) in settings {
        env.set(name, value);
    }
    Daemon::start_with(db, env).await
}

const HOOKS: &str = "/api/v1/queue/notifications/webhooks";

/// Registers an endpoint; returns its id and secret.
async fn register(daemon: &Daemon, key: &str, url: &str, events: &[&str]) -> (String, String) {
    let body = json!({ "url": url, "events": events, "description": "CRM sync" });
    let (status, created) = daemon.call("POST", HOOKS, Some(key), Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let secret = created["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (id(&created), secret)
}

/// Asks for a test delivery to an endpoint; returns the status and the queued delivery.
async fn ping(daemon: &Daemon, key: &str, endpoint: &str) -> (u16, Value) {
    daemon
        .call("POST", &format!("{HOOKS}/{endpoint}/test"), Some(key), None)
        .await
}

/// Polls the API until `check` holds for the JSON at `path`, and returns that JSON.
async fn until(
    daemon: &Daemon,
    key: &str,
    path: &str,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = daemon.call("GET", path, Some(key), None).await;
        assert_eq!(status, 200, "{body}");
        if check(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_campaigns_events_arrive_signed_and_completion_is_notified() {
    let daemon = daemon_with(&[]).await;
    let receiver = Receiver::start(&[], 204).await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let (endpoint, secret) = register(
        &daemon,
        &tenant.key,
        &receiver.url(),
        &[
            "email.sent",
            "lead.unsubscribed",
            "email.bounced",
            "campaign.completed",
        ],
    )
    .await;
    let (status, shown) = tenant
        .call("GET", &format!("{HOOKS}/{endpoint}"), None)
        .await;
    assert_eq!(status, 200);
    assert!(
        shown.get("secret").is_none(),
        "the secret is shown once: {shown}"
    );
    assert_eq!(shown["enabled"], true);

    let mailbox = tenant.mailbox("alex@sender.example", &sink, 100).await;
    let steps = json!([{ "delay": { "days": 0 }, "variants": [{ "subject": "Hi", "body_text": "Hello {{first_name}}" }] }]);
    let campaign = tenant.campaign(&[mailbox], steps, 100).await;
    tenant
        .import(generated(2, "hooks.example"), &campaign)
        .await;
    tenant.start(&campaign).await;
    sink.wait_for(30, |m| m.len() >= 2).await;

    // Two sent messages and the completed campaign.
    let hits = receiver.wait_for(3, 30).await;
    for hit in &hits {
        assert!(verifies(&secret, hit), "signature must verify: {hit:?}");
        assert!(!verifies(
            &format!("whsec_{}", STANDARD.encode([7u8; 32])),
            hit
        ));
    }
    let of_type = |hits: &[Hit], kind: &str| -> Vec<Value> {
        hits.iter()
            .map(Hit::json)
            .filter(|body| body["type"] == kind)
            .collect()
    };
    let sent = of_type(&hits, "email.sent");
    assert_eq!(sent.len(), 2, "{hits:?}");
    let mut leads: Vec<&str> = sent
        .iter()
        .map(|body| body["data"]["lead_email"].as_str().unwrap())
        .collect();
    leads.sort_unstable();
    assert_eq!(leads, ["lead0@hooks.example", "lead1@hooks.example"]);
    assert_eq!(sent[0]["data"]["campaign_id"], campaign.as_str());
    assert_eq!(sent[0]["data"]["step"], 0);
    assert!(sent[0]["timestamp"].as_str().unwrap().ends_with('Z'));
    let completed = receiver.wait_for(3, 30).await;
    let completed = of_type(&completed, "campaign.completed");
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0]["data"]["campaign_id"], campaign.as_str());
    assert_eq!(completed[0]["data"]["name"], "Q1 outreach");

    // A one-click unsubscribe and a bounce become deliveries too, once each.
    let messages = sink.messages();
    let path = unsubscribe_path(&messages[0]);
    for _ in 0..2 {
        let done = daemon
            .http
            .post(daemon.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 200);
    }
    let operator = daemon.platform_key("operator");
    let bounce = daemon
        .http
        .post(daemon.url("/api/v1/queue/events/inbound"))
        .bearer_auth(&operator)
        .header("content-type", "message/rfc822")
        .body(bounce_for(&messages[1]))
        .send()
        .await
        .unwrap();
    assert_eq!(bounce.status(), 202);
    let hits = receiver.wait_for(5, 30).await;
    let unsubscribed = of_type(&hits, "lead.unsubscribed");
    assert_eq!(unsubscribed.len(), 1, "{hits:?}");
    assert_eq!(
        unsubscribed[0]["data"]["lead_email"],
        messages[0].to[0].as_str()
    );
    let bounced = of_type(&hits, "email.bounced");
    assert_eq!(bounced.len(), 1, "{hits:?}");
    assert_eq!(
        bounced[0]["data"]["details"]["hard"], true,
        "{}",
        bounced[0]
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(receiver.hits().len(), 5, "nothing is delivered twice");
    let mut ids: Vec<String> = receiver.hits().into_iter().map(|h| h.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "one webhook-id per delivery");

    // The delivery log, one page at a time.
    let (status, page) = tenant
        .call(
            "GET",
            &format!("{HOOKS}/{endpoint}/deliveries?limit=3"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["data"].as_array().unwrap().len(), 3);
    let cursor = page["next_cursor"].as_str().expect("a second page");
    let (_, rest) = tenant
        .call(
            "GET",
            &format!("{HOOKS}/{endpoint}/deliveries?limit=3&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(rest["data"].as_array().unwrap().len(), 2, "{rest}");
    assert!(rest["next_cursor"].is_null());
    let first = &page["data"][0];
    assert_eq!(first["status"], "delivered", "{first}");
    assert_eq!(first["attempts"], 1);
    assert_eq!(first["last_status_code"], 204);
    assert_eq!(first["attempt_log"][0]["status_code"], 204);
    assert!(first["attempt_log"][0]["duration_ms"].is_number());

    // The completed campaign is also an in-app notice.
    let notices = "/api/v1/queue/notifications";
    let list = until(&daemon, &tenant.key, notices, "a notice", |body| {
        body["data"].as_array().is_some_and(|d| !d.is_empty())
    })
    .await;
    let notice = &list["data"][0];
    assert_eq!(notice["kind"], "campaign.completed", "{list}");
    assert_eq!(notice["subject_id"], campaign.as_str());
    assert_eq!(notice["read"], false);
    let (status, read) = tenant
        .call("POST", &format!("{notices}/{}/read", id(notice)), None)
        .await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["read"], true);
    let (_, unread) = tenant
        .call("GET", &format!("{notices}?unread=true"), None)
        .await;
    assert_eq!(unread["data"], json!([]));
    let (status, all) = tenant
        .call("POST", &format!("{notices}/read-all"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(all["marked"], 0);

    // A rotated secret signs from then on; the old one no longer verifies.
    let (status, rotated) = tenant
        .call("POST", &format!("{HOOKS}/{endpoint}/rotate-secret"), None)
        .await;
    assert_eq!(status, 200, "{rotated}");
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    let (status, test) = tenant
        .call("POST", &format!("{HOOKS}/{endpoint}/test"), None)
        .await;
    assert_eq!(status, 202, "{test}");
    let hits = receiver.wait_for(6, 30).await;
    let ping = &hits[5];
    assert_eq!(ping.id, id(&test));
    assert_eq!(ping.json()["type"], "webhook.test");
    assert!(verifies(&new_secret, ping));
    assert!(!verifies(&secret, ping));

    // The signing secret is stored sealed and logged nowhere.
    let stored = penguin_tests::psql(
        daemon.env.get("PENGUIN_DATABASE_URL").unwrap(),
        "SELECT encode(secret, 'escape') FROM webhook_endpoints",
    );
    assert!(!stored.contains(&new_secret[6..]));
    assert!(
        !daemon
            .log()
            .iter()
            .any(|line| line.contains(&new_secret[6..]))
    );
}

#[tokio::test]
async fn a_failed_attempt_is_retried_on_schedule_with_the_same_id() {
    let daemon = daemon_with(&[("PENGUIN_WEBHOOK_RETRY_SCHEDULE", "2s,2s")]).await;
    let receiver = Receiver::start(&[500], 200).await;
    let (_, key) = daemon.tenant_with_key("Retry Co", "owner");
    let (endpoint, secret) = register(&daemon, &key, &receiver.url(), &["email.sent"]).await;

    let (status, queued) = ping(&daemon, &key, &endpoint).await;
    assert_eq!(status, 202, "{queued}");
    assert_eq!(queued["status"], "pending");

    let hits = receiver.wait_for(2, 20).await;
    assert_eq!(
        hits[0].id, hits[1].id,
        "the same webhook-id on every attempt"
    );
    assert_eq!(hits[0].id, id(&queued));
    assert_eq!(hits[0].body, hits[1].body);
    let gap = hits[1].at - hits[0].at;
    assert!(
        gap >= Duration::from_millis(1900),
        "the retry waited {gap:?}"
    );
    assert!(gap < Duration::from_secs(6), "the retry waited {gap:?}");
    assert!(hits.iter().all(|hit| verifies(&secret, hit)));

    let delivery = until(
        &daemon,
        &key,
        &format!("{HOOKS}/deliveries/{}", id(&queued)),
        "the delivery to be recorded",
        |d| d["status"] == "delivered",
    )
    .await;
    assert_eq!(delivery["attempts"], 2, "{delivery}");
    assert_eq!(delivery["attempt_log"][0]["status_code"], 500);
    assert_eq!(delivery["attempt_log"][0]["error"], "HTTP 500");
    assert_eq!(delivery["attempt_log"][1]["status_code"], 200);
    assert!(delivery["attempt_log"][1]["error"].is_null());
    assert!(delivery["next_attempt_at"].is_null());
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        receiver.hits().len(),
        2,
        "a delivered webhook is not sent again"
    );
}

#[tokio::test]
async fn a_pending_delivery_survives_a_daemon_restart() {
    let mut daemon = daemon_with(&[("PENGUIN_WEBHOOK_RETRY_SCHEDULE", "4s")]).await;
    let receiver = Receiver::start(&[500], 200).await;
    let (_, key) = daemon.tenant_with_key("Durable Co", "owner");
    let (endpoint, secret) = register(&daemon, &key, &receiver.url(), &["email.sent"]).await;
    let (status, queued) = ping(&daemon, &key, &endpoint).await;
    assert_eq!(status, 202);

    // The first attempt fails; the daemon stops while the retry waits.
    receiver.wait_for(1, 20).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(daemon.terminate().success());
    let url = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    let row = penguin_tests::psql(
        &url,
        &format!(
            "SELECT status || ' ' || attempts FROM webhook_deliveries WHERE id = '{}'",
            id(&queued)
        ),
    );
    assert_eq!(row, "pending 1");

    daemon.restart().await;
    let hits = receiver.wait_for(2, 30).await;
    assert_eq!(hits[1].id, hits[0].id);
    assert!(verifies(&secret, &hits[1]));
    until(
        &daemon,
        &key,
        &format!("{HOOKS}/deliveries/{}", id(&queued)),
        "the delivery to be recorded",
        |d| d["status"] == "delivered",
    )
    .await;
}

#[tokio::test]
async fn the_guard_refuses_non_public_targets_when_saved_and_when_delivering() {
    let mut daemon = daemon_with(&[("PENGUIN_WEBHOOK_ALLOWLIST", "127.0.0.1/32,localhost")]).await;
    let receiver = Receiver::start(&[], 200).await;
    let (_, key) = daemon.tenant_with_key("Guarded Co", "owner");

    // Allowlisted for this daemon: the loopback receiver is accepted, by address and by name.
    let (endpoint, _) = register(&daemon, &key, &receiver.url(), &["email.sent"]).await;
    let by_name = format!("http://localhost:{}/hooks", receiver.addr.port());
    let (named, _) = register(&daemon, &key, &by_name, &["email.sent"]).await;

    // Without the allowlist, non-public targets are refused when saved...
    assert!(daemon.terminate().success());
    daemon.env.set("PENGUIN_WEBHOOK_ALLOWLIST", "");
    daemon.restart().await;
    for url in [
        receiver.url(),
        "http://127.0.0.1/hook".to_owned(),
        "http://10.0.0.8/hook".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://192.168.1.10:8080/".to_owned(),
        "http://100.64.0.1/".to_owned(),
        "http://[::1]:8080/".to_owned(),
        "http://[fd00::1]/".to_owned(),
        "http://[::ffff:127.0.0.1]/".to_owned(),
        "http://0.0.0.0/".to_owned(),
        "http://localhost:9/".to_owned(),
        "ftp://8.8.8.8/".to_owned(),
        "not a url".to_owned(),
        "http://8.8.8.8:0/".to_owned(),
        "http://8.8.8.8/a\nX-Injected: 1".to_owned(),
        format!("http://8.8.8.8/{}", "\u{1F600}".repeat(490)),
    ] {
        let body = json!({ "url": url, "events": ["email.sent"] });
        let (status, problem) = daemon.call("POST", HOOKS, Some(&key), Some(body)).await;
        assert_eq!(status, 422, "{url}: {problem}");
        assert_eq!(problem["errors"][0]["field"], "url", "{url}: {problem}");
    }
    let patch = json!({ "url": "http://169.254.169.254/" });
    let (status, problem) = daemon
        .call(
            "PATCH",
            &format!("{HOOKS}/{endpoint}"),
            Some(&key),
            Some(patch),
        )
        .await;
    assert_eq!(status, 422, "{problem}");

    // ...unknown event types too, pointing at the field...
    let body = json!({ "url": "https://8.8.8.8/", "events": ["email.sent", "email.exploded"] });
    let (status, problem) = daemon.call("POST", HOOKS, Some(&key), Some(body)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "events[1]", "{problem}");
    let body = json!({ "url": "https://8.8.8.8/", "events": [] });
    let (status, problem) = daemon.call("POST", HOOKS, Some(&key), Some(body)).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "events", "{problem}");

    // ...and endpoints saved earlier are refused when delivering, without a request: the
    // literal address before connecting, the name once resolved.
    for saved in [&endpoint, &named] {
        let (status, queued) = ping(&daemon, &key, saved).await;
        assert_eq!(status, 202);
        let delivery = until(
            &daemon,
            &key,
            &format!("{HOOKS}/deliveries/{}", id(&queued)),
            "the attempt",
            |d| d["attempts"].as_i64() >= Some(1) && !d["last_error"].is_null(),
        )
        .await;
        let error = delivery["last_error"].as_str().unwrap();
        assert!(error.contains("public address"), "{delivery}");
        assert!(
            !error.contains("127.0.0.1") || saved == &endpoint,
            "names do not say where they point: {delivery}"
        );
        assert!(delivery["last_status_code"].is_null());
    }
    assert!(
        receiver.hits().is_empty(),
        "no request reached the receiver"
    );
}

#[tokio::test]
async fn another_tenant_can_neither_see_nor_replay_webhooks() {
    let daemon = daemon_with(&[]).await;
    let receiver = Receiver::start(&[], 200).await;
    let (owner_id, owner) = daemon.tenant_with_key("Owner Co", "owner");
    let (_, other) = daemon.tenant_with_key("Other Co", "owner");
    let (endpoint, _) = register(&daemon, &owner, &receiver.url(), &["email.opened"]).await;
    let (_, queued) = ping(&daemon, &owner, &endpoint).await;
    receiver.wait_for(1, 20).await;
    let delivery = id(&queued);

    let (status, list) = daemon.call("GET", HOOKS, Some(&other), None).await;
    assert_eq!(status, 200);
    assert_eq!(list["data"], json!([]));
    for (method, path) in [
        ("GET", format!("{HOOKS}/{endpoint}")),
        ("DELETE", format!("{HOOKS}/{endpoint}")),
        ("POST", format!("{HOOKS}/{endpoint}/rotate-secret")),
        ("POST", format!("{HOOKS}/{endpoint}/test")),
        ("GET", format!("{HOOKS}/{endpoint}/deliveries")),
        ("POST", format!("{HOOKS}/{endpoint}/replay-failed")),
        ("GET", format!("{HOOKS}/deliveries/{delivery}")),
        ("POST", format!("{HOOKS}/deliveries/{delivery}/replay")),
    ] {
        let (status, body) = daemon.call(method, &path, Some(&other), None).await;
        assert_eq!(status, 404, "{method} {path}: {body}");
    }
    let (status, _) = daemon
        .call(
            "PATCH",
            &format!("{HOOKS}/{endpoint}"),
            Some(&other),
            Some(json!({ "enabled": false })),
        )
        .await;
    assert_eq!(status, 404);

    // The owner still has it, unchanged, and can replay it.
    let (status, shown) = daemon
        .call("GET", &format!("{HOOKS}/{endpoint}"), Some(&owner), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(shown["enabled"], true);
    let (status, _) = daemon
        .call(
            "POST",
            &format!("{HOOKS}/deliveries/{delivery}/replay"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(status, 202);
    let hits = receiver.wait_for(2, 20).await;
    assert_eq!(hits[0].id, hits[1].id, "a replay keeps its webhook-id");

    // A viewer may read but not change.
    let viewer = daemon.penguin_json(&[
        "admin", "keys", "create", "--tenant", &owner_id, "--role", "viewer",
    ]);
    let viewer = viewer["key"].as_str().unwrap();
    let body = json!({ "url": receiver.url(), "events": ["email.sent"] });
    let (status, _) = daemon.call("POST", HOOKS, Some(viewer), Some(body)).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_dead_letter_disables_a_failing_endpoint_and_tells_the_tenant() {
    let daemon = daemon_with(&[
        ("PENGUIN_WEBHOOK_RETRY_SCHEDULE", "1s"),
        ("PENGUIN_WEBHOOK_DISABLE_AFTER", "1s"),
    ])
    .await;
    let receiver = Receiver::start(&[], 503).await;
    let (_, key) = daemon.tenant_with_key("Failing Co", "owner");
    let (endpoint, secret) = register(&daemon, &key, &receiver.url(), &["email.sent"]).await;
    let (_, queued) = ping(&daemon, &key, &endpoint).await;

    let dead = until(
        &daemon,
        &key,
        &format!("{HOOKS}/deliveries/{}", id(&queued)),
        "the dead letter",
        |d| d["status"] == "failed",
    )
    .await;
    assert_eq!(dead["attempts"], 2, "{dead}");
    assert_eq!(dead["last_status_code"], 503);
    assert_eq!(receiver.hits().len(), 2);
    let (_, shown) = daemon
        .call("GET", &format!("{HOOKS}/{endpoint}"), Some(&key), None)
        .await;
    assert_eq!(shown["enabled"], false, "{shown}");
    assert!(
        shown["disabled_reason"]
            .as_str()
            .unwrap()
            .contains("failed")
    );
    let (_, notices) = daemon
        .call("GET", "/api/v1/queue/notifications", Some(&key), None)
        .await;
    assert_eq!(notices["data"][0]["kind"], "webhook.disabled", "{notices}");
    assert_eq!(notices["data"][0]["subject_id"], endpoint.as_str());
    let (status, _) = ping(&daemon, &key, &endpoint).await;
    assert_eq!(status, 409, "a disabled endpoint is not tested");

    // The receiver is fixed: enable the endpoint and replay what failed, same id.
    receiver.answer(200);
    let (status, _) = daemon
        .call(
            "PATCH",
            &format!("{HOOKS}/{endpoint}"),
            Some(&key),
            Some(json!({ "enabled": true })),
        )
        .await;
    assert_eq!(status, 200);
    let (status, replayed) = daemon
        .call(
            "POST",
            &format!("{HOOKS}/{endpoint}/replay-failed"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(status, 202);
    assert_eq!(replayed["replayed"], 1);
    let hits = receiver.wait_for(3, 20).await;
    assert_eq!(hits[2].id, id(&queued));
    assert!(verifies(&secret, &hits[2]));
    until(
        &daemon,
        &key,
        &format!("{HOOKS}/{endpoint}/deliveries?status=failed"),
        "no failed deliveries",
        |page| page["data"] == json!([]),
    )
    .await;
    let (status, _) = daemon
        .call("DELETE", &format!("{HOOKS}/{endpoint}"), Some(&key), None)
        .await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn a_mailbox_in_error_is_announced_by_webhook_and_notice() {
    let daemon = daemon_with(&[]).await;
    let receiver = Receiver::start(&[], 200).await;
    let tenant = Tenant::new(&daemon).await;
    let (_, secret) = register(&daemon, &tenant.key, &receiver.url(), &["mailbox.error"]).await;
    // A port nothing listens on: connecting is refused and the mailbox goes into error.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let body = json!({
        "workspace_id": tenant.workspace, "email": "broken@sender.example",
        "smtp": { "host": "127.0.0.1", "port": closed, "tls": "none" }
    });
    let (status, mailbox) = tenant
        .call("POST", "/api/v1/tenant/mailboxes", Some(body))
        .await;
    assert_eq!(status, 201, "{mailbox}");
    let steps = json!([{ "delay": { "days": 0 }, "variants": [{ "subject": "Hi", "body_text": "Hello" }] }]);
    let campaign = tenant.campaign(&[id(&mailbox)], steps, 100).await;
    tenant
        .import(generated(1, "broken.example"), &campaign)
        .await;
    tenant.start(&campaign).await;

    let hits = receiver.wait_for(1, 30).await;
    assert!(verifies(&secret, &hits[0]));
    let body = hits[0].json();
    assert_eq!(body["type"], "mailbox.error", "{body}");
    assert_eq!(body["data"]["mailbox_id"], id(&mailbox).as_str());
    assert_eq!(body["data"]["email"], "broken@sender.example");
    assert!(!body["data"]["reason"].as_str().unwrap().is_empty());
    let notices = until(
        &daemon,
        &tenant.key,
        "/api/v1/queue/notifications?unread=true",
        "the notice",
        |page| page["data"].as_array().is_some_and(|d| !d.is_empty()),
    )
    .await;
    assert_eq!(notices["data"][0]["kind"], "mailbox.error", "{notices}");
    assert_eq!(notices["data"][0]["subject_id"], id(&mailbox).as_str());

    // Repaired, the mailbox sends what waited for it at once, not after the requeue delay.
    let sink = SmtpSink::start(&[]);
    let repair = json!({
        "status": "active",
        "smtp": { "host": "127.0.0.1", "port": sink.port, "tls": "none" }
    });
    let (status, repaired) = tenant
        .call(
            "PATCH",
            &format!("/api/v1/tenant/mailboxes/{}", id(&mailbox)),
            Some(repair),
        )
        .await;
    assert_eq!(status, 200, "{repaired}");
    sink.wait_for(15, |messages| messages.len() == 1).await;
}

#[tokio::test]
async fn two_replicas_deliver_each_webhook_once() {
    let daemon = daemon_with(&[]).await;
    let replica = daemon.replica().await;
    let receiver = Receiver::start(&[], 200).await;
    let (_, key) = daemon.tenant_with_key("Replicated Co", "owner");
    let (endpoint, secret) = register(&daemon, &key, &receiver.url(), &["email.sent"]).await;

    let mut queued = Vec::new();
    for _ in 0..40 {
        let (status, delivery) = ping(&daemon, &key, &endpoint).await;
        assert_eq!(status, 202);
        queued.push(id(&delivery));
    }
    receiver.wait_for(40, 30).await;
    // Time for a second, duplicate attempt to show, if there were one.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let hits = receiver.hits();
    let mut ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    ids.sort();
    queued.sort();
    assert_eq!(ids, queued, "every delivery arrives exactly once");
    assert!(hits.iter().all(|hit| verifies(&secret, hit)));
    drop(replica);
}

#[tokio::test]
async fn a_slow_endpoint_does_not_hold_back_another_tenants_deliveries() {
    let daemon = daemon_with(&[("PENGUIN_WEBHOOK_TIMEOUT", "5s")]).await;
    // An endpoint that accepts connections and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_url = format!("http://{}/hook", silent.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let (_, slow_key) = daemon.tenant_with_key("Slow Co", "owner");
    let (slow, _) = register(&daemon, &slow_key, &silent_url, &["email.sent"]).await;
    for _ in 0..40 {
        let (status, _) = ping(&daemon, &slow_key, &slow).await;
        assert_eq!(status, 202);
    }
    tokio::time::sleep(Duration::from_millis(700)).await;

    let receiver = Receiver::start(&[], 200).await;
    let (_, fast_key) = daemon.tenant_with_key("Fast Co", "owner");
    let (fast, secret) = register(&daemon, &fast_key, &receiver.url(), &["email.sent"]).await;
    let queued = Instant::now();
    let (status, _) = ping(&daemon, &fast_key, &fast).await;
    assert_eq!(status, 202);
    let hits = receiver.wait_for(1, 30).await;
    assert!(verifies(&secret, &hits[0]));
    let waited = hits[0].at.duration_since(queued);
    assert!(
        waited < Duration::from_secs(3),
        "waited {waited:?} behind another tenant's slow endpoint (its timeout is 5 s)"
    );
}

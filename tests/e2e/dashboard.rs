//! The job dashboard on the admin listener: who may see it, whether its numbers agree with job
//! management, and what a real browser shows.

use std::time::{Duration, Instant};

use penguin_tests::{Browser, Daemon};
use serde_json::Value;

/// A daemon whose queues hold jobs in two states: the maintenance job it files at start, done;
/// and a replica's, pending, because the maintenance queue is paused first. Returns both
/// daemons (the replica must stay up) and an operator key.
async fn daemon_with_jobs() -> (Daemon, Daemon, String) {
    let daemon = Daemon::start().await;
    let key = daemon.platform_key("operator");
    wait_for_counts(&daemon, &key, "done", 1).await;

    let (status, body) = daemon
        .call(
            "POST",
            "/api/v1/queue/queues/maintenance/pause",
            Some(&key),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Each daemon looks for paused queues every second.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let replica = daemon.replica().await;
    wait_for_counts(&daemon, &key, "pending", 1).await;
    (daemon, replica, key)
}

/// Waits until the maintenance queue counts `count` jobs in `state`, by job management.
async fn wait_for_counts(daemon: &Daemon, key: &str, state: &str, count: u64) {
    let started = Instant::now();
    loop {
        let maintenance = &queue_summaries(daemon, key).await["maintenance"];
        if maintenance[state].as_u64() == Some(count) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "maintenance never had {count} {state} jobs: {maintenance}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `GET /api/v1/queue/queues` on the public listener, by queue name.
async fn queue_summaries(daemon: &Daemon, key: &str) -> Value {
    let (status, body) = daemon
        .call("GET", "/api/v1/queue/queues", Some(key), None)
        .await;
    assert_eq!(status, 200, "{body}");
    let by_name = body
        .as_array()
        .expect("a list of queues")
        .iter()
        .map(|queue| (queue["name"].as_str().unwrap().to_owned(), queue.clone()))
        .collect();
    Value::Object(by_name)
}

/// Sends a GET to the admin listener with an optional `Authorization` header.
async fn admin_get(daemon: &Daemon, path: &str, authorization: Option<&str>) -> reqwest::Response {
    let mut request = daemon.http.get(format!("{}{path}", daemon.admin));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.unwrap()
}

/// The sign-in form's body type. Keys need no escaping in it: they are letters, digits, `_`
/// and `-`.
const FORM: &str = "application/x-www-form-urlencoded";

/// A board statistic's value by title.
fn stat(stats: &Value, title: &str) -> u64 {
    stats
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("no {title} in {stats}"))["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn dashboard_api_needs_a_platform_key_and_agrees_with_job_management() {
    let (daemon, _replica, key) = daemon_with_jobs().await;
    let (_, tenant_key) = daemon.tenant_with_key("Dashboard test", "owner");
    let bearer = format!("Bearer {key}");

    // Without a key: 401 with a challenge, for the API, the pages and the UI's files alike.
    for path in [
        "/api/v1/queues",
        "/api/v1/overview",
        "/summary",
        "/",
        "/queues/send",
    ] {
        let response = admin_get(&daemon, path, None).await;
        assert_eq!(response.status(), 401, "{path}");
        let challenge = response.headers()["www-authenticate"].to_str().unwrap();
        assert!(challenge.contains("Basic"), "{path}: {challenge}");
        let body = response.text().await.unwrap();
        assert!(
            !body.contains("maintenance"),
            "{path} leaks queue data: {body}"
        );
    }
    let response = admin_get(&daemon, "/api/v1/queues", Some("Bearer pmp_aaaaaaaa_bad")).await;
    assert_eq!(response.status(), 401);
    let response = admin_get(
        &daemon,
        "/api/v1/queues",
        Some(&format!("Bearer {tenant_key}")),
    )
    .await;
    assert_eq!(response.status(), 403);
    // A forged session cookie is no key.
    let response = daemon
        .http
        .get(format!("{}/api/v1/queues", daemon.admin))
        .header(
            "cookie",
            "penguin_admin_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    // With the key, as Bearer or as Basic password: the board's queues, with our counts.
    let truth = queue_summaries(&daemon, &key).await;
    let response = daemon
        .http
        .get(format!("{}/api/v1/queues", daemon.admin))
        .basic_auth("ops", Some(&key))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let board: Value = response.json().await.unwrap();
    let names: Vec<&str> = board
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["maintenance", "send"]);
    for queue in board.as_array().unwrap() {
        let ours = &truth[queue["name"].as_str().unwrap()];
        let stats = &queue["stats"];
        for (title, state) in [
            ("PENDING_JOBS", "pending"),
            ("RUNNING_JOBS", "running"),
            ("DONE_JOBS", "done"),
            ("FAILED_JOBS", "failed"),
            ("KILLED_JOBS", "killed"),
        ] {
            assert_eq!(
                stat(stats, title),
                ours[state].as_u64().unwrap(),
                "{title}: {queue}"
            );
        }
        let total: u64 = [
            "pending",
            "scheduled",
            "running",
            "done",
            "failed",
            "killed",
        ]
        .iter()
        .map(|state| ours[state].as_u64().unwrap())
        .sum();
        assert_eq!(stat(stats, "TOTAL_JOBS"), total, "{queue}");
        assert_eq!(
            queue["workers"].as_array().unwrap().len() as u64,
            ours["workers"].as_u64().unwrap()
        );
    }
    let maintenance = &truth["maintenance"];
    assert_eq!(
        (
            maintenance["done"].as_u64(),
            maintenance["pending"].as_u64()
        ),
        (Some(1), Some(1)),
        "{maintenance}"
    );

    let response = admin_get(&daemon, "/api/v1/queues/maintenance/stats", Some(&bearer)).await;
    let stats: Value = response.json().await.unwrap();
    assert_eq!(
        (stat(&stats, "DONE_JOBS"), stat(&stats, "PENDING_JOBS")),
        (1, 1)
    );
    let response = admin_get(&daemon, "/api/v1/overview", Some(&bearer)).await;
    let overview: Value = response.json().await.unwrap();
    assert_eq!(stat(&overview, "DONE_JOBS"), 1);

    // Jobs by the board's states: its `Done` and `Pending` tabs list ours.
    let response = admin_get(
        &daemon,
        "/api/v1/queues/maintenance/tasks?status=Done&page=1&page_size=10",
        Some(&bearer),
    )
    .await;
    assert_eq!(response.status(), 200);
    let done: Value = response.json().await.unwrap();
    let done = done.as_array().unwrap();
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0]["ctx"]["status"], "Done");
    assert_eq!(done[0]["args"]["kind"], "vacuum_finished_jobs");
    let id = done[0]["ctx"]["task_id"].as_str().unwrap();
    let response = admin_get(
        &daemon,
        &format!("/api/v1/queues/maintenance/tasks/{id}"),
        Some(&bearer),
    )
    .await;
    let task: Value = response.json().await.unwrap();
    assert_eq!(task["ctx"]["task_id"], id);
    let response = admin_get(&daemon, "/api/v1/tasks?status=Pending", Some(&bearer)).await;
    let pending: Value = response.json().await.unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
    let response = admin_get(&daemon, "/api/v1/workers", Some(&bearer)).await;
    let workers: Value = response.json().await.unwrap();
    assert!(workers.as_array().unwrap().len() >= 4, "{workers}");

    // Unknown queues are not found; the board cannot push jobs.
    let response = admin_get(&daemon, "/api/v1/queues/nope/stats", Some(&bearer)).await;
    assert_eq!(response.status(), 404);
    let response = daemon
        .http
        .put(format!("{}/api/v1/queues/send/tasks", daemon.admin))
        .bearer_auth(&key)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);

    // The summary page shows every state and the paused flag.
    let response = admin_get(&daemon, "/summary", Some(&bearer)).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("<td data-state=\"pending\">1</td>"), "{page}");
    assert!(page.contains("<td data-state=\"done\">1</td>"), "{page}");
    assert!(page.contains("data-paused=\"true\""), "{page}");
}

#[tokio::test]
async fn sessions_come_from_the_sign_in_form_and_only_read() {
    let daemon = Daemon::start().await;
    let created = daemon.penguin_json(&[
        "admin",
        "keys",
        "create",
        "--platform",
        "--role",
        "operator",
        "--name",
        "browser",
    ]);
    let key = created["key"].as_str().unwrap().to_owned();
    let key_id = created["id"].as_str().unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = format!("{}/login", daemon.admin);

    let response = http.get(&login).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let response = http
        .post(&login)
        .header("content-type", FORM)
        .body("key=pmp_aaaaaaaa_bad")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().get("set-cookie").is_none());
    let response = http
        .post(&login)
        .header("origin", "http://elsewhere.example")
        .header("content-type", FORM)
        .body(format!("key={key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    let response = http
        .post(&login)
        .header("content-type", FORM)
        .body(format!("key={key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains(&key) && !cookie.contains("Secure"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();

    let response = http
        .get(format!("{}/api/v1/queues", daemon.admin))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // A session only reads.
    let response = http
        .post(format!("{}/api/v1/queues", daemon.admin))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Behind an HTTPS proxy the cookie is Secure.
    let response = http
        .post(&login)
        .header("x-forwarded-proto", "https")
        .header("content-type", FORM)
        .body(format!("key={key}"))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );

    // Revoking the key ends its sessions.
    let revoked = daemon.penguin(&["admin", "keys", "revoke", key_id, "--yes"]);
    assert!(revoked.status.success(), "{revoked:?}");
    let response = http
        .get(format!("{}/api/v1/queues", daemon.admin))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let log = daemon.log().join("\n");
    assert!(!log.contains(&key), "the daemon logged the key: {log}");
}

#[tokio::test]
async fn a_browser_sees_the_queues_and_their_counts_only_after_signing_in() {
    let (daemon, _replica, key) = daemon_with_jobs().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let admin = &daemon.admin;

    // Without a key: the sign-in hint, no queue data.
    browser.goto(&format!("{admin}/")).await;
    let page = browser.source().await;
    assert!(page.contains("Sign in needed"), "{page}");
    assert!(!page.contains("maintenance"), "{page}");
    browser.goto(&format!("{admin}/summary")).await;
    let page = browser.source().await;
    assert!(!page.contains("data-queue"), "{page}");

    // Sign in with the form; the board loads and lists both queues.
    browser.goto(&format!("{admin}/login")).await;
    browser.fill("#key", &key).await;
    browser.click("button[type=submit]").await;
    let page = browser
        .wait_for(30, "the board's queues", |page| {
            page.contains(">maintenance<") && page.contains(">send<")
        })
        .await;
    assert!(page.contains("Done Jobs"), "{page}");
    assert_eq!(browser.url().await, format!("{admin}/"));
    let cookies = browser.cookies().await;
    let session = cookies
        .iter()
        .find(|c| c["name"] == "penguin_admin_session")
        .expect("a session cookie");
    assert_eq!(session["httpOnly"], true);
    assert_eq!(session["sameSite"], "Strict");
    assert!(!session["value"].as_str().unwrap().contains(&key));
    if let Some(dir) = std::env::var_os("DASHBOARD_SCREENSHOTS") {
        browser
            .screenshot(&std::path::Path::new(&dir).join("board.png"))
            .await;
    }

    // The board's Done and Pending tabs list the jobs job management counts.
    let truth = queue_summaries(&daemon, &key).await;
    let (_, done) = daemon
        .call(
            "GET",
            "/api/v1/queue/queues/maintenance/jobs?status=done",
            Some(&key),
            None,
        )
        .await;
    let done_id = done["data"][0]["id"].as_str().unwrap().to_owned();
    browser
        .goto(&format!("{admin}/queues/maintenance/Done"))
        .await;
    browser
        .wait_for(30, "the done job in the board", |page| {
            page.contains(&done_id[..10])
        })
        .await;

    // The summary page: every queue, every state, the same numbers.
    browser.goto(&format!("{admin}/summary")).await;
    let page = browser.source().await;
    if let Some(dir) = std::env::var_os("DASHBOARD_SCREENSHOTS") {
        browser
            .screenshot(&std::path::Path::new(&dir).join("summary.png"))
            .await;
    }
    for name in ["maintenance", "send"] {
        let row = page
            .split(&format!("<tr data-queue=\"{name}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("no row for {name}: {page}"));
        let row = row.split("</tr>").next().unwrap();
        for state in [
            "pending",
            "scheduled",
            "running",
            "done",
            "failed",
            "killed",
        ] {
            let count = truth[name][state].as_u64().unwrap();
            let cell = format!("<td data-state=\"{state}\">{count}</td>");
            let linked = format!(
                "<td data-state=\"{state}\"><a href=\"/queues/{name}/Failed\">{count}</a></td>"
            );
            assert!(
                row.contains(&cell) || row.contains(&linked),
                "{name} {state}: {row}"
            );
        }
    }

    // Signing out ends the session in this browser.
    browser.click("form[action='/logout'] button").await;
    browser.goto(&format!("{admin}/summary")).await;
    let page = browser.source().await;
    assert!(page.contains("Sign in needed"), "{page}");
}

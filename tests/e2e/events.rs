//! Events from a real sent campaign: one-click unsubscribe, inbound bounces and replies, and
//! what they change (suppression, stopped leads, stats).

use std::time::{Duration, Instant};

use penguin_tests::{Daemon, Received, SmtpSink, psql};
use serde_json::{Value, json};

use crate::campaign::{Tenant, fast_daemon, generated};

/// A first step now and a follow-up a day later, so replies can stop the follow-up.
fn with_follow_up() -> Value {
    json!([
        { "delay": { "days": 0 }, "variants": [{ "subject": "Hi {{first_name}}", "body_html": "<p>Hello {{first_name}}</p>" }] },
        { "delay": { "days": 1 }, "variants": [{ "subject": "", "body_text": "Following up." }] }
    ])
}

/// The path of a message's one-click unsubscribe URL.
pub(crate) fn unsubscribe_path(message: &Received) -> String {
    let header = message
        .header("List-Unsubscribe")
        .expect("List-Unsubscribe");
    let url = header.trim().trim_start_matches('<').trim_end_matches('>');
    let path = url.split_once("/u/").expect("an unsubscribe URL").1;
    format!("/u/{path}")
}

/// Waits up to 30 s for `check` to hold.
pub(crate) async fn wait_for(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Posts a raw message to the inbound route as `key`; answers the classification.
pub(crate) async fn ingest(daemon: &Daemon, key: &str, raw: String) -> Value {
    let response = daemon
        .http
        .post(daemon.url("/api/v1/queue/events/inbound"))
        .bearer_auth(key)
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    response.json().await.unwrap()
}

/// A DSN (RFC 3464) for `message`: the address does not exist.
pub(crate) fn bounce_for(message: &Received) -> String {
    dsn_for(
        message,
        1,
        "5.1.1",
        "550 5.1.1 <{to}>: Recipient address rejected: User unknown",
    )
}

/// A DSN for `message`, the `n`th of its reporting MTA, with `status` and `diagnostic` (where
/// `{to}` stands for the address).
fn dsn_for(message: &Received, n: u32, status: &str, diagnostic: &str) -> String {
    let message_id = message.header("Message-ID").unwrap();
    let to = &message.to[0];
    let diagnostic = diagnostic.replace("{to}", to);
    format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.lead.example>\r\n\
         To: {from}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
         Message-ID: <dsn-{n}@mx.lead.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain\r\n\r\nThe address does not exist.\r\n\
         --b1\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; mx.lead.example\r\n\r\n\
         Final-Recipient: rfc822; {to}\r\nAction: failed\r\nStatus: {status}\r\n\
         Diagnostic-Code: smtp; {diagnostic}\r\n\r\n\
         --b1\r\nContent-Type: text/rfc822-headers\r\n\r\n\
         From: {from}\r\nTo: {to}\r\nMessage-ID: {message_id}\r\nSubject: Hi\r\n\r\n\
         --b1--\r\n",
        from = message.from,
    )
}

fn reply_to(message: &Received) -> String {
    format!(
        "From: {to}\r\nTo: {from}\r\nSubject: Re: Hi\r\nMessage-ID: <reply-1@lead.example>\r\n\
         In-Reply-To: {id}\r\nReferences: {id}\r\n\r\nSounds interesting, call me tomorrow.\r\n",
        to = message.to[0],
        from = message.from,
        id = message.header("Message-ID").unwrap(),
    )
}

#[tokio::test]
async fn unsubscribes_bounces_and_replies_flow_into_suppression_and_stats() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("alex@sender.example", &sink, 100).await;
    let campaign = tenant.campaign(&[mailbox], with_follow_up(), 100).await;
    tenant.import(generated(4, "flow.example"), &campaign).await;
    tenant.start(&campaign).await;
    sink.wait_for(30, |m| m.len() >= 4).await;
    let mut messages = sink.messages();
    messages.sort_by(|a, b| a.to[0].cmp(&b.to[0]));
    let [unsubscriber, bouncer, replier, _quiet] = &messages[..4] else {
        panic!("four messages");
    };
    assert!(unsubscriber.header("X-Penguin-Send").is_some());

    // The page a link opens asks first, and changes nothing by itself (scanners fetch links).
    let path = unsubscribe_path(unsubscriber);
    let page = daemon.http.get(daemon.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("name=\"List-Unsubscribe\" value=\"One-Click\""),
        "{html}"
    );
    let tampered = format!("{path}x");
    let bad = daemon.http.get(daemon.url(&tampered)).send().await.unwrap();
    assert_eq!(bad.status(), 404);
    assert!(
        bad.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "people get a page, not JSON"
    );
    let wrong_method = daemon.http.delete(daemon.url(&path)).send().await.unwrap();
    assert_eq!(wrong_method.status(), 405);
    assert!(
        wrong_method.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let one_click = async |path: &str| {
        daemon
            .http
            .post(daemon.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap()
    };
    assert_eq!(one_click(&tampered).await.status(), 404);
    let empty = daemon.http.post(daemon.url(&path)).send().await.unwrap();
    assert_eq!(empty.status(), 400, "a POST must ask for the unsubscribe");
    assert!(empty.text().await.unwrap().contains("Nothing was changed"));
    // Paths no route serves, under the routes for people, are pages too.
    for (method, path) in [
        ("GET", format!("{path}/")),
        ("POST", format!("{path}/")),
        ("GET", "/c/".to_owned()),
        ("GET", "/o/x/y.gif".to_owned()),
        ("POST", "/o/x.gif".to_owned()),
    ] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let answer = daemon
            .http
            .request(method, daemon.url(&path))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_client_error(), "{path}");
        let html = answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html");
        let text = answer.text().await.unwrap();
        assert!(html && !text.contains("<button"), "{path}: {text}");
    }

    // RFC 8058 one-click: 200, no redirect; twice is the same as once.
    for _ in 0..2 {
        let done = one_click(&path).await;
        assert_eq!(done.status(), 200);
        assert!(done.headers().get("location").is_none());
    }

    // Inbound mail, as an operator pipes it from a bounce mailbox.
    let operator = daemon.platform_key("operator");
    let ingest = async |raw: String| ingest(&daemon, &operator, raw).await;
    let bounced = ingest(bounce_for(bouncer)).await;
    assert_eq!(bounced["kind"], "bounce", "{bounced}");
    assert_eq!(bounced["recipients"][0]["status"], "5.1.1");
    assert_eq!(bounced["recipients"][0]["hard"], true);
    assert_eq!(bounced["events"], 1, "{bounced}");
    let again = ingest(bounce_for(bouncer)).await;
    assert_eq!(
        again["events"], 0,
        "the same message twice counts once: {again}"
    );
    let replied = ingest(reply_to(replier)).await;
    assert_eq!(replied["kind"], "other");
    assert_eq!(replied["events"], 1, "{replied}");

    // A tenant key cannot feed inbound mail.
    let (status, _) = tenant
        .call("POST", "/api/v1/queue/events/inbound", None)
        .await;
    assert_eq!(status, 403);

    // The buffered unsubscribe reaches PostgreSQL within seconds, and sent messages are
    // counted as they become `sent` events, within a second; then everything shows.
    wait_for("the unsubscribe and the sends to be counted", async || {
        let stats = tenant.stats(&campaign).await;
        stats["unsubscribed"] == 1 && stats["sent"] == 4
    })
    .await;
    let stats = tenant.stats(&campaign).await;
    assert_eq!(stats["sent"], 4, "{stats}");
    assert_eq!(stats["bounced"], 1, "{stats}");
    assert_eq!(stats["replied"], 1, "{stats}");
    assert_eq!(stats["complained"], 0, "{stats}");
    assert_eq!(
        stats["enrollments"]["stopped"], 3,
        "unsubscribe, hard bounce and reply stop the lead: {stats}"
    );

    let (_, suppressed) = tenant
        .call(
            "GET",
            "/api/v1/tenant/suppressions?search=flow.example",
            None,
        )
        .await;
    let mut entries: Vec<(String, String)> = suppressed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["value"].as_str().unwrap().to_owned(),
                s["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        vec![
            (unsubscriber.to[0].to_lowercase(), "unsubscribe".to_owned()),
            (bouncer.to[0].to_lowercase(), "bounce".to_owned()),
        ],
        "a reply does not suppress; an unsubscribe and a hard bounce do"
    );

    // Every message that left is a `sent` event too, read from the ledger within a second.
    let sent_events = format!("/api/v1/queue/events?campaign_id={campaign}&kind=sent");
    wait_for("sent events", async || {
        let (_, sent) = tenant.call("GET", &sent_events, None).await;
        sent["data"].as_array().is_some_and(|data| data.len() == 4)
    })
    .await;
    let (_, sent) = tenant.call("GET", &sent_events, None).await;
    let first = &sent["data"][0];
    assert_eq!(first["step"], 0);
    assert_eq!(first["details"]["smtp_code"], 250);
    assert!(first["details"]["message_id"].as_str().is_some());
    let (status, events) = tenant
        .call(
            "GET",
            &format!("/api/v1/queue/events?campaign_id={campaign}"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let mut kinds: Vec<&str> = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "bounced",
            "replied",
            "sent",
            "sent",
            "sent",
            "sent",
            "unsubscribed"
        ]
    );

    // Another tenant sees none of them.
    let (_, other) = daemon.tenant_with_key("Other Co", "owner");
    let (_, theirs) = daemon
        .call("GET", "/api/v1/queue/events", Some(&other), None)
        .await;
    assert_eq!(theirs["data"], json!([]));
}

#[tokio::test]
async fn a_soft_bounce_after_acceptance_is_sent_again_then_fails() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("sam@sender.example", &sink, 100).await;
    let campaign = tenant.campaign(&[mailbox], with_follow_up(), 100).await;
    tenant.import(generated(1, "full.example"), &campaign).await;
    tenant.start(&campaign).await;
    sink.wait_for(30, |m| !m.is_empty()).await;
    let first = sink.messages().remove(0);
    let send = first.header("X-Penguin-Send").unwrap();
    let database = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    let operator = daemon.platform_key("operator");
    let mailbox_full = async |n: u32| {
        let dsn = dsn_for(&first, n, "4.2.2", "452 4.2.2 <{to}>: Mailbox full");
        let response = daemon
            .http
            .post(daemon.url("/api/v1/queue/events/inbound"))
            .bearer_auth(&operator)
            .header("content-type", "message/rfc822")
            .body(dsn)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
        let verdict: Value = response.json().await.unwrap();
        assert_eq!(verdict["recipients"][0]["hard"], false, "{verdict}");
        assert_eq!(verdict["events"], 1, "{verdict}");
    };
    let enrollment = async || {
        let (_, page) = tenant
            .call(
                "GET",
                &format!("/api/v1/tenant/campaigns/{campaign}/enrollments"),
                None,
            )
            .await;
        page["data"][0].clone()
    };

    // Two soft bounces: each time the same message goes out again once its wait is over (the
    // test moves the wait along), and the follow-up waits for it.
    for n in 1..=2 {
        mailbox_full(n).await;
        let row = psql(
            &database,
            &format!(
                "SELECT status, soft_bounces, next_attempt_at > now() + interval '50 minutes' \
                 FROM sends WHERE id = '{send}'"
            ),
        );
        assert_eq!(row, format!("deferred|{n}|t"), "a later try is scheduled");
        let waiting = enrollment().await;
        assert_eq!(waiting["status"], "active", "{waiting}");
        assert!(
            waiting["reason"]
                .as_str()
                .unwrap()
                .contains("soft bounce (4.2.2)"),
            "{waiting}"
        );
        psql(
            &database,
            &format!("UPDATE sends SET next_attempt_at = now() WHERE id = '{send}'"),
        );
        sink.wait_for(30, |m| m.len() > n as usize).await;
        let again = sink.messages().remove(n as usize);
        assert_eq!(again.header("X-Penguin-Send").unwrap(), send);
        assert_eq!(again.header("Message-ID"), first.header("Message-ID"));
        assert_eq!(again.header("Subject"), first.header("Subject"));
        wait_for("the message to be recorded as sent again", async || {
            enrollment().await["next_step"] == 1
        })
        .await;
    }

    // The third fails the message and the lead's sequence; nothing is sent any more.
    mailbox_full(3).await;
    let failed = enrollment().await;
    assert_eq!(failed["status"], "failed", "{failed}");
    assert!(
        failed["reason"]
            .as_str()
            .unwrap()
            .contains("soft bounced 3 times"),
        "{failed}"
    );
    let row = psql(
        &database,
        &format!("SELECT status FROM sends WHERE id = '{send}'"),
    );
    assert_eq!(row, "failed");
    let suppressions = tenant
        .call("GET", "/api/v1/tenant/suppressions", None)
        .await
        .1;
    assert_eq!(
        suppressions["data"],
        json!([]),
        "a soft bounce never suppresses"
    );
    assert_eq!(sink.messages().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_open_answered_before_sigterm_is_stored() {
    let mut daemon = fast_daemon().await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("pat@sender.example", &sink, 100).await;
    let steps = json!([{ "variants": [{ "subject": "Hi", "body_html": "<p>Hello</p>" }] }]);
    let campaign = tenant.campaign(&[mailbox], steps, 100).await;
    tenant.import(generated(1, "open.example"), &campaign).await;
    tenant.start(&campaign).await;
    let messages = sink.wait_for(30, |m| !m.is_empty()).await;
    let html = messages[0].html().expect("an HTML part");
    let pixel = daemon.url(&path_of(&html, "/o/"));

    // Eight clients open the pixel as fast as they can until the daemon is gone.
    let clients: Vec<_> = (0..8)
        .map(|_| {
            let http = daemon.http.clone();
            let pixel = pixel.clone();
            tokio::spawn(async move {
                let mut answered = 0u64;
                while let Ok(response) = http.get(&pixel).send().await {
                    if response.status() != 200 {
                        break;
                    }
                    answered += 1;
                }
                answered
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let exit = tokio::task::block_in_place(|| daemon.terminate());
    assert!(exit.success(), "{exit:?}");
    let mut answered = 0;
    for client in clients {
        answered += client.await.unwrap();
    }
    assert!(answered > 50, "only {answered} opens were answered");
    let database = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    let stored: u64 = psql(
        &database,
        "SELECT count(*) FROM events WHERE kind = 'opened'",
    )
    .parse()
    .unwrap();
    assert_eq!(
        stored, answered,
        "every answered open is stored before the daemon exits"
    );
}

#[tokio::test]
async fn while_redis_is_away_opens_answer_at_once_and_unsubscribes_fail_fast() {
    let mut redis = penguin_tests::PrivateRedis::start();
    let db = penguin_tests::TestDb::new();
    let mut env = crate::campaign::fast_env(&db);
    env.set("PENGUIN_REDIS_URL", &redis.url());
    let daemon = penguin_tests::Daemon::start_with(db, env).await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("pat@sender.example", &sink, 100).await;
    let steps = json!([{ "variants": [{ "subject": "Hi", "body_html": "<p>Hello</p>" }] }]);
    let campaign = tenant.campaign(&[mailbox], steps, 100).await;
    tenant.import(generated(1, "away.example"), &campaign).await;
    tenant.start(&campaign).await;
    let messages = sink.wait_for(30, |m| !m.is_empty()).await;
    let pixel = daemon.url(&path_of(&messages[0].html().unwrap(), "/o/"));
    let unsubscribe = daemon.url(&unsubscribe_path(&messages[0]));
    let one_click = async || {
        daemon
            .http
            .post(&unsubscribe)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap()
            .status()
    };

    redis.kill();
    for _ in 0..3 {
        let started = Instant::now();
        let opened = daemon.http.get(&pixel).send().await.unwrap();
        assert_eq!(opened.status(), 200);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the image does not wait"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // The opens wait in the appender's retries; the unsubscribe does not queue behind them.
    let started = Instant::now();
    assert_eq!(one_click().await, 503, "not taken, and the person is told");
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(4), "answered after {waited:?}");

    redis.resume();
    wait_for("the unsubscribe", async || one_click().await == 200).await;
    // The opens were appended once Redis was back, and stored.
    let database = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    wait_for("the opens", async || {
        psql(
            &database,
            "SELECT count(*) FROM events WHERE kind = 'opened'",
        ) == "3"
    })
    .await;
}

#[tokio::test]
async fn the_cli_classifies_corpus_files_without_a_database() {
    let daemon = fast_daemon().await;
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
    let bounce = format!("{corpus}/bounces/eml/lhost-postfix-01.eml");
    let complaint = format!("{corpus}/complaints-arf/eml/arf-01.eml");
    let classified = daemon.penguin_json(&["events", "classify", &bounce, &complaint]);
    assert_eq!(classified[0]["file"], bounce.as_str());
    assert_eq!(classified[0]["kind"], "bounce");
    assert!(classified[0]["recipients"][0]["status"].is_string());
    assert_eq!(classified[1]["kind"], "complaint");
    assert_eq!(classified[1]["feedback_type"], "abuse");

    let missing = daemon.penguin(&["events", "classify", "/nonexistent.eml"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent.eml"));
}

/// The path of the first tracking URL in `html` whose path starts with `route`.
pub(crate) fn path_of(html: &str, route: &str) -> String {
    let start = html
        .find(route)
        .unwrap_or_else(|| panic!("no {route} URL in {html}"));
    let rest = &html[start..];
    let end = rest.find(['"', '\'']).unwrap_or(rest.len());
    rest[..end].replace("&amp;", "&")
}

#[tokio::test]
async fn opens_and_clicks_are_tracked_and_machines_told_apart() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("alex@sender.example", &sink, 100).await;
    let steps = json!([{ "variants": [{ "subject": "Hi {{first_name}}",
        "body_html": "<html><body><p>Hello {{first_name}}, see <a href=\"https://acme.example/pricing?plan=pro&amp;ref=mail\">our pricing</a> or <a href=\"{{unsubscribe_url}}\">unsubscribe</a>.</p></body></html>" }] }]);
    let tracked = tenant
        .campaign(std::slice::from_ref(&mailbox), steps.clone(), 100)
        .await;
    let body = json!({
        "workspace_id": tenant.workspace, "name": "Untracked", "mailbox_ids": [mailbox],
        "track_opens": false, "track_clicks": false, "steps": steps
    });
    let (status, untracked) = tenant
        .call("POST", "/api/v1/tenant/campaigns", Some(body))
        .await;
    assert_eq!(status, 201, "{untracked}");
    let untracked = penguin_tests::id(&untracked);
    tenant.import(generated(1, "track.example"), &tracked).await;
    tenant
        .import(generated(1, "plain.example"), &untracked)
        .await;
    tenant.start(&tracked).await;
    tenant.start(&untracked).await;
    sink.wait_for(30, |m| m.len() >= 2).await;
    let messages = sink.messages();
    let html_to = |domain: &str| {
        messages
            .iter()
            .find(|m| m.to[0].ends_with(domain))
            .and_then(Received::html)
            .expect("an HTML part")
    };

    // Switched off: nothing is rewritten and there is no pixel.
    let plain = html_to("plain.example");
    assert!(
        plain.contains("https://acme.example/pricing?plan=pro"),
        "{plain}"
    );
    assert!(!plain.contains("/o/") && !plain.contains("/c/"), "{plain}");

    let html = html_to("track.example");
    assert!(
        !html.contains("acme.example"),
        "the link goes through the click route: {html}"
    );
    assert!(
        html.contains("/u/"),
        "the unsubscribe link is left alone: {html}"
    );
    let pixel_path = path_of(&html, "/o/");
    let click_path = path_of(&html, "/c/");

    let browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = async |path: &str, agent: &str| {
        no_redirects
            .get(daemon.url(path))
            .header("user-agent", agent)
            .send()
            .await
            .unwrap()
    };

    // Right after sending, a fetch is a scanner's, whoever it claims to be.
    let scanned = get(&click_path, browser).await;
    assert_eq!(scanned.status(), 302);
    assert_eq!(
        scanned.headers()["location"],
        "https://acme.example/pricing?plan=pro&ref=mail"
    );
    let proxied = get(&pixel_path, "Mozilla/5.0 (via ggpht.com GoogleImageProxy)").await;
    assert_eq!(proxied.status(), 200);
    assert_eq!(proxied.headers()["content-type"], "image/gif");
    assert!(
        proxied.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );

    // A tampered token is refused: never an open redirect.
    let tampered = format!("{}AA", &click_path[..click_path.len() - 2]);
    assert_eq!(get(&tampered, browser).await.status(), 404);
    assert_eq!(get("/c/not-a-token", browser).await.status(), 404);
    assert_eq!(get("/o/not-a-token.gif", browser).await.status(), 404);

    // Later, a person opens and clicks twice.
    tokio::time::sleep(Duration::from_secs(11)).await;
    assert_eq!(get(&pixel_path, browser).await.status(), 200);
    assert_eq!(get(&click_path, browser).await.status(), 302);
    assert_eq!(get(&click_path, browser).await.status(), 302);

    wait_for("tracking events to be stored", async || {
        let stats = tenant.stats(&tracked).await;
        stats["clicks_total"] == 2 && stats["machine_opens"] == 1
    })
    .await;
    let stats = tenant.stats(&tracked).await;
    assert_eq!(stats["opened"], 1, "{stats}");
    assert_eq!(stats["opens_total"], 1, "{stats}");
    assert_eq!(stats["machine_opens"], 1, "{stats}");
    assert_eq!(stats["clicked"], 1, "{stats}");
    assert_eq!(stats["clicks_total"], 2, "{stats}");
    assert_eq!(stats["machine_clicks"], 1, "{stats}");
    let untouched = tenant.stats(&untracked).await;
    assert_eq!(untouched["opened"], 0, "{untouched}");
}

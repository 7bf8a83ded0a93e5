//! Analytics kept as counters: a campaign sent through a real SMTP server, then opens, clicks,
//! an unsubscribe, a hard bounce and a complaint, read back per campaign, day, mailbox,
//! workspace and across tenants, and the bounce-rate notice they raise.

use std::time::Duration;

use penguin_tests::{Daemon, Received, SmtpSink, TestDb};
use serde_json::{Value, json};

use crate::campaign::{Tenant, fast_env, generated};
use crate::events::{bounce_for, ingest, path_of, unsubscribe_path, wait_for};

/// An RFC 5965 feedback report: the recipient of `message` marked it as spam.
fn complaint_for(message: &Received) -> String {
    format!(
        "From: Feedback Loop <fbl@mx.lead.example>\r\nTo: abuse@sender.example\r\n\
         Subject: Abuse report\r\nMessage-ID: <fbl-1@mx.lead.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=feedback-report; boundary=\"f1\"\r\n\r\n\
         --f1\r\nContent-Type: text/plain\r\n\r\nA recipient reported this message as spam.\r\n\
         --f1\r\nContent-Type: message/feedback-report\r\n\r\n\
         Feedback-Type: abuse\r\nUser-Agent: LeadFBL/1.0\r\nVersion: 1\r\n\
         Original-Rcpt-To: {to}\r\n\r\n\
         --f1\r\nContent-Type: message/rfc822\r\n\r\n\
         From: {from}\r\nTo: {to}\r\nMessage-ID: {id}\r\nSubject: Hi\r\n\r\nHello\r\n\
         --f1--\r\n",
        from = message.from,
        to = message.to[0],
        id = message.header("Message-ID").unwrap(),
    )
}

/// The counters every view of this test's campaign must agree on.
fn assert_counts(view: &Value) {
    for (field, expected) in [
        ("sent", 5),
        ("bounced", 1),
        ("bounced_hard", 1),
        ("bounced_soft", 0),
        ("refused", 0),
        ("failed", 0),
        ("opened", 1),
        ("opens_total", 2),
        ("machine_opens", 1),
        ("clicked", 1),
        ("clicks_total", 1),
        ("machine_clicks", 0),
        ("replied", 0),
        ("unsubscribed", 1),
        ("complained", 1),
    ] {
        assert_eq!(view[field], expected, "{field} in {view}");
    }
    // 1 bounce in 5 attempts; 4 messages reached a mailbox.
    assert_eq!(view["rates"]["bounce_rate"], 0.2, "{view}");
    assert_eq!(view["rates"]["open_rate"], 0.25, "{view}");
    assert_eq!(view["rates"]["click_rate"], 0.25, "{view}");
    assert_eq!(view["rates"]["unsubscribe_rate"], 0.25, "{view}");
    assert_eq!(view["rates"]["complaint_rate"], 0.25, "{view}");
    assert_eq!(view["rates"]["reply_rate"], 0.0, "{view}");
}

fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

#[tokio::test]
async fn counters_follow_sends_and_events_into_every_view() {
    let db = TestDb::new();
    let mut env = fast_env(&db);
    env.set("PENGUIN_ALERT_INTERVAL", "1s");
    env.set("PENGUIN_ALERT_MIN_SENT", "3");
    env.set("PENGUIN_ALERT_BOUNCE_RATE", "0.1");
    let daemon = Daemon::start_with(db, env).await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("alex@sender.example", &sink, 100).await;
    let steps = json!([{ "variants": [{ "subject": "Hi {{first_name}}",
        "body_html": "<html><body><p>Hello {{first_name}}, see <a href=\"https://acme.example/pricing\">our pricing</a>.</p></body></html>" }] }]);
    let campaign = tenant
        .campaign(std::slice::from_ref(&mailbox), steps, 100)
        .await;
    tenant.import(generated(3, "gmail.com"), &campaign).await;
    tenant.import(generated(2, "lead.example"), &campaign).await;
    tenant.start(&campaign).await;
    sink.wait_for(30, |m| m.len() >= 5).await;
    // Sent messages are counted as they become `sent` events, within a second: the rates the
    // alerts judge below are over all five.
    wait_for("the sent counter", async || {
        tenant.stats(&campaign).await["sent"] == 5
    })
    .await;
    let mut messages = sink.messages();
    messages.sort_by(|a, b| a.to[0].cmp(&b.to[0]));
    let [reader, unsubscriber, complainer, bouncer, _quiet] = &messages[..5] else {
        panic!("five messages");
    };
    assert!(reader.to[0].ends_with("@gmail.com") && bouncer.to[0].ends_with("@lead.example"));

    let browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = async |path: &str, agent: &str| {
        let response = no_redirects
            .get(daemon.url(path))
            .header("user-agent", agent)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success() || response.status().is_redirection());
    };
    let html = reader.html().expect("an HTML part");
    let pixel = path_of(&html, "/o/");
    let click = path_of(&html, "/c/");
    // An image proxy fetches the pixel at once: a machine open.
    get(&pixel, "Mozilla/5.0 (via ggpht.com GoogleImageProxy)").await;

    // An unsubscribe, a hard bounce posted twice and a complaint.
    let unsubscribed = daemon
        .http
        .post(daemon.url(&unsubscribe_path(unsubscriber)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(unsubscribed.status(), 200);
    let operator = daemon.platform_key("operator");
    let ingest = async |raw: String| ingest(&daemon, &operator, raw).await;
    assert_eq!(ingest(bounce_for(bouncer)).await["events"], 1);
    assert_eq!(ingest(bounce_for(bouncer)).await["events"], 0);
    let complained = ingest(complaint_for(complainer)).await;
    assert_eq!(complained["kind"], "complaint", "{complained}");
    assert_eq!(complained["events"], 1, "{complained}");

    // Later a person opens twice and clicks once.
    tokio::time::sleep(Duration::from_secs(11)).await;
    get(&pixel, browser).await;
    get(&pixel, browser).await;
    get(&click, browser).await;

    wait_for("buffered events to be counted", async || {
        let stats = tenant.stats(&campaign).await;
        stats["unsubscribed"] == 1 && stats["opens_total"] == 2 && stats["clicks_total"] == 1
    })
    .await;
    let stats = tenant.stats(&campaign).await;
    assert_counts(&stats);
    assert_eq!(stats["in_flight"], 0, "{stats}");
    assert_counts(&stats["steps"][0]);
    assert_counts(&stats["steps"][0]["variants"][0]);

    // The daily series, in the campaign's time zone: every day of the range, the events today.
    let daily_path = format!("/api/v1/tenant/campaigns/{campaign}/stats/daily");
    let (status, daily) = tenant.call("GET", &daily_path, None).await;
    assert_eq!(status, 200, "{daily}");
    assert_eq!(daily["timezone"], "Europe/Berlin");
    assert_eq!(daily["days"].as_array().unwrap().len(), 30);
    assert_counts(&daily["totals"]);
    let today = daily["days"].as_array().unwrap().last().unwrap();
    assert_eq!(today["date"], daily["to"]);
    assert_counts(today);
    let (status, _) = tenant
        .call(
            "GET",
            &format!("{daily_path}?from=2026-02-01&to=2026-01-01"),
            None,
        )
        .await;
    assert_eq!(status, 422, "a range must not end before it starts");

    // The mailbox and its workspace agree with the campaign.
    let mailbox_path = format!("/api/v1/tenant/mailboxes/{mailbox}/stats");
    let (status, by_mailbox) = tenant.call("GET", &mailbox_path, None).await;
    assert_eq!(status, 200, "{by_mailbox}");
    assert_eq!(by_mailbox["email"], "alex@sender.example");
    assert_counts(&by_mailbox["totals"]);
    let workspace_path = format!("/api/v1/tenant/workspaces/{}/stats", tenant.workspace);
    let (status, by_workspace) = tenant.call("GET", &workspace_path, None).await;
    assert_eq!(status, 200, "{by_workspace}");
    assert_counts(&by_workspace["totals"]);
    assert_eq!(by_workspace["mailboxes"][0]["mailbox_id"], mailbox.as_str());
    assert_counts(&by_workspace["mailboxes"][0]);

    // Another tenant sees none of it.
    let (_, other) = daemon.tenant_with_key("Other Co", "owner");
    for path in [
        format!("/api/v1/tenant/campaigns/{campaign}/stats"),
        daily_path.clone(),
        mailbox_path.clone(),
        workspace_path.clone(),
    ] {
        let (status, _) = daemon.call("GET", &path, Some(&other), None).await;
        assert_eq!(status, 404, "{path}");
    }

    // Operators see every tenant, by sending domain and by recipient provider.
    let overview_path = "/api/v1/platform/analytics/overview";
    let (status, overview) = daemon
        .call("GET", overview_path, Some(&operator), None)
        .await;
    assert_eq!(status, 200, "{overview}");
    assert_counts(&overview["totals"]);
    let ours = overview["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Outbound Co")
        .unwrap_or_else(|| panic!("the tenant in {overview}"));
    assert_counts(ours);
    assert_counts(named(&overview["sending_domains"], "sender.example"));
    let gmail = named(&overview["recipient_providers"], "gmail");
    assert_eq!(
        (&gmail["sent"], &gmail["complained"], &gmail["bounced"]),
        (&json!(3), &json!(1), &json!(0)),
        "{gmail}"
    );
    let other_domain = named(&overview["recipient_providers"], "lead.example");
    assert_eq!(other_domain["sent"], 2, "{other_domain}");
    assert_eq!(other_domain["rates"]["bounce_rate"], 0.5, "{other_domain}");
    let finished: i64 = overview["throughput"]["per_hour"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["finished"].as_i64().unwrap())
        .sum();
    assert_eq!(finished, 5, "{overview}");
    let (status, _) = tenant.call("GET", overview_path, None).await;
    assert_eq!(status, 403, "tenant keys do not see other tenants");

    let cli = daemon.penguin_json(&["analytics", "overview"]);
    assert_eq!(cli["totals"], overview["totals"], "{cli}");
    assert_eq!(cli["tenants"], overview["tenants"], "{cli}");
    assert_eq!(cli["recipient_providers"], overview["recipient_providers"]);
    let cli_stats = daemon.penguin_json(&["campaign", "stats", &campaign]);
    assert_counts(&cli_stats);
    let table = daemon.penguin(&["campaign", "stats", &campaign, "-o", "table"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("bounce_rate") && table.contains("20.0%"),
        "{table}"
    );
    let table = daemon.penguin(&["analytics", "overview", "-o", "table"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("Outbound Co")
            && table.contains("gmail")
            && table.contains("sender.example"),
        "{table}"
    );

    // One bounce in five crosses the 10% threshold set for this daemon: one notice per campaign
    // and per mailbox, however often the rates are looked at.
    let notices = async || -> Vec<Value> {
        let (_, page) = tenant
            .call("GET", "/api/v1/queue/notifications", None)
            .await;
        page["data"].as_array().unwrap().clone()
    };
    let of_kind = |all: &[Value], kind: &str| all.iter().filter(|n| n["kind"] == kind).count();
    wait_for("the bounce-rate notices", async || {
        let all = notices().await;
        of_kind(&all, "campaign.bounce_rate") == 1 && of_kind(&all, "mailbox.bounce_rate") == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let all = notices().await;
    assert_eq!(of_kind(&all, "campaign.bounce_rate"), 1, "{all:?}");
    let notice = all
        .iter()
        .find(|n| n["kind"] == "campaign.bounce_rate")
        .unwrap();
    assert_eq!(notice["subject_id"], campaign.as_str());
    assert!(
        notice["title"].as_str().unwrap().contains("20.0%"),
        "{notice}"
    );
    assert_eq!(of_kind(&all, "campaign.complaint_rate"), 1, "{all:?}");
}

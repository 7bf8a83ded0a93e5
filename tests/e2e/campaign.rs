//! A campaign end to end: real leads from a CRM export, two steps over two mailboxes, sent
//! through a real SMTP server, and the faults a sender meets.

use std::collections::{HashMap, HashSet};

use penguin_tests::{Daemon, Env, Received, SmtpSink, TestDb, id};
use serde_json::{Value, json};

const HUBSPOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/lead-csv/hubspot-contacts-export.csv"
);

/// Sends one daemon has in flight at once in these tests.
pub(crate) const SEND_CONCURRENCY: usize = 8;

/// A daemon that dispatches every second and retries temporary failures after a second.
pub(crate) async fn fast_daemon() -> Daemon {
    let db = TestDb::new();
    let env = fast_env(&db);
    Daemon::start_with(db, env).await
}

/// The environment of [`fast_daemon`].
pub(crate) fn fast_env(db: &TestDb) -> Env {
    let mut env = Env::for_db(db);
    env.set("PENGUIN_DISPATCH_INTERVAL", "1s");
    env.set("PENGUIN_SEND_RETRY_BASE", "1s");
    env.set("PENGUIN_SEND_CLAIM_TIMEOUT", "8s");
    env.set("PENGUIN_SEND_REQUEUE_AFTER", "3s");
    env.set("PENGUIN_SEND_CONCURRENCY", &SEND_CONCURRENCY.to_string());
    env
}

pub(crate) struct Tenant<'a> {
    pub(crate) daemon: &'a Daemon,
    pub(crate) key: String,
    pub(crate) workspace: String,
}

impl<'a> Tenant<'a> {
    pub(crate) async fn new(daemon: &'a Daemon) -> Self {
        let (_, key) = daemon.tenant_with_key("Outbound Co", "owner");
        let body = json!({ "name": "Main", "timezone": "Europe/Berlin" });
        let (status, ws) = daemon
            .call("POST", "/api/v1/tenant/workspaces", Some(&key), Some(body))
            .await;
        assert_eq!(status, 201);
        Self {
            daemon,
            key,
            workspace: id(&ws),
        }
    }

    pub(crate) async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.daemon.call(method, path, Some(&self.key), body).await
    }

    pub(crate) async fn mailbox(&self, email: &str, sink: &SmtpSink, daily_limit: u32) -> String {
        let body = json!({
            "workspace_id": self.workspace, "email": email, "name": email.split('@').next().unwrap().to_uppercase(),
            "daily_limit": daily_limit, "min_gap_seconds": 0,
            "smtp": { "host": "127.0.0.1", "port": sink.port, "username": null, "password": null, "tls": "none" }
        });
        let (status, mailbox) = self
            .call("POST", "/api/v1/tenant/mailboxes", Some(body))
            .await;
        assert_eq!(status, 201, "{mailbox}");
        id(&mailbox)
    }

    pub(crate) async fn campaign(
        &self,
        mailboxes: &[String],
        steps: Value,
        daily_limit: u32,
    ) -> String {
        let body = json!({
            "workspace_id": self.workspace, "name": "Q1 outreach",
            "schedule": { "timezone": "Europe/Berlin", "days": ["mon","tue","wed","thu","fri","sat","sun"], "start": "00:00", "end": "24:00" },
            "daily_limit": daily_limit, "mailbox_ids": mailboxes, "stop_on_reply": true, "steps": steps
        });
        let (status, campaign) = self
            .call("POST", "/api/v1/tenant/campaigns", Some(body))
            .await;
        assert_eq!(status, 201, "{campaign}");
        id(&campaign)
    }

    pub(crate) async fn import(&self, csv: String, campaign: &str) -> Value {
        let url = self.daemon.url(&format!(
            "/api/v1/tenant/leads/import?workspace_id={}&campaign_id={campaign}",
            self.workspace
        ));
        let response = self
            .daemon
            .http
            .post(url)
            .bearer_auth(&self.key)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub(crate) async fn start(&self, campaign: &str) {
        let (status, body) = self
            .call(
                "POST",
                &format!("/api/v1/tenant/campaigns/{campaign}/start"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// The campaign's stats once `sent` messages are counted: a sent message is counted
    /// within about a second of being sent.
    pub(crate) async fn stats_with_sent(&self, campaign: &str, sent: usize) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let stats = self.stats(campaign).await;
            if stats["sent"].as_u64().unwrap_or(0) as usize >= sent
                || std::time::Instant::now() > deadline
            {
                return stats;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }

    pub(crate) async fn stats(&self, campaign: &str) -> Value {
        self.call(
            "GET",
            &format!("/api/v1/tenant/campaigns/{campaign}/stats"),
            None,
        )
        .await
        .1
    }
}

fn two_steps() -> Value {
    json!([
        { "delay": { "days": 0 }, "variants": [
            { "subject": "Hi {{first_name | \"there\"}}", "body_html": "<p>{Hello|Hi} {{first_name | \"there\"}}, a question about {{company | \"your team\"}}.</p>" },
            { "subject": "Quick question, {{first_name | \"friend\"}}", "body_text": "Hey {{first_name | \"friend\"}}, one question.", "weight": 1 }
        ]},
        { "delay": { "minutes": 0 }, "variants": [{ "subject": "", "body_text": "Following up on my note, {{first_name | \"there\"}}." }] }
    ])
}

/// Messages grouped by recipient, in the order received.
/// One step with one plain-text variant.
fn one_step() -> Value {
    json!([{ "variants": [{ "subject": "Hi {{first_name}}", "body_text": "Hello" }] }])
}

fn by_recipient(messages: &[Received]) -> HashMap<String, Vec<Received>> {
    let mut grouped: HashMap<String, Vec<Received>> = HashMap::new();
    for message in messages {
        assert_eq!(message.to.len(), 1);
        grouped
            .entry(message.to[0].to_lowercase())
            .or_default()
            .push(message.clone());
    }
    grouped
}

#[tokio::test]
async fn a_two_step_campaign_sends_each_step_once_through_sticky_rotating_mailboxes() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let alex = tenant.mailbox("alex@sender.example", &sink, 100).await;
    let blair = tenant.mailbox("blair@sender.example", &sink, 100).await;
    let campaign = tenant.campaign(&[alex, blair], two_steps(), 500).await;

    // One lead of the file is suppressed before the import.
    let body = json!({ "value": "demo@bellsouth.example", "reason": "asked us to stop" });
    let (status, _) = tenant
        .call("POST", "/api/v1/tenant/suppressions", Some(body))
        .await;
    assert_eq!(status, 201);
    let report = tenant
        .import(std::fs::read_to_string(HUBSPOT).unwrap(), &campaign)
        .await;
    let buckets = ["imported", "updated", "duplicate", "suppressed", "no_email"];
    let counted: u64 = buckets
        .iter()
        .map(|b| report[b].as_u64().unwrap())
        .sum::<u64>()
        + report["invalid_count"].as_u64().unwrap();
    assert_eq!(counted, 34, "every record in one bucket: {report}");
    assert_eq!(report["suppressed"], 1, "{report}");
    assert_eq!(report["no_email"], 1, "{report}");
    let leads = report["imported"].as_u64().unwrap() as usize;
    assert_eq!(report["enrolled"].as_u64().unwrap() as usize, leads);

    tenant.start(&campaign).await;
    sink.wait_for(90, |m| m.len() >= 2 * leads).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let messages = sink.messages();
    assert_eq!(messages.len(), 2 * leads, "exactly two messages per lead");

    let grouped = by_recipient(&messages);
    assert_eq!(grouped.len(), leads);
    assert!(
        !grouped.contains_key("demo@bellsouth.example"),
        "nothing to suppressed addresses"
    );
    let mut senders = HashSet::new();
    for (recipient, thread) in &grouped {
        assert_eq!(thread.len(), 2, "{recipient}");
        let (first, follow_up) = (&thread[0], &thread[1]);
        assert_eq!(first.from, follow_up.from, "a lead sticks to one mailbox");
        senders.insert(first.from.clone());

        let first_id = first.header("Message-ID").unwrap();
        assert!(first_id.ends_with("@sender.example>"), "{first_id}");
        assert!(first.header("Date").is_some());
        assert!(first.header("From").unwrap().contains(&first.from));
        assert!(
            first
                .header("List-Unsubscribe")
                .unwrap()
                .starts_with("<http://127.0.0.1:")
        );
        assert_eq!(
            first.header("List-Unsubscribe-Post").unwrap(),
            "List-Unsubscribe=One-Click"
        );
        assert!(
            !first.raw.contains("{{") && !first.raw.contains("|\""),
            "rendered: {}",
            first.raw
        );
        let subject = first.header("Subject").unwrap();
        assert!(
            subject.starts_with("Hi ") || subject.starts_with("Quick question, "),
            "{subject}"
        );
        assert!(
            !subject.ends_with(' ') && !subject.contains(" ,"),
            "no holes: {subject}"
        );

        assert_eq!(
            follow_up.header("Subject").unwrap(),
            format!("Re: {subject}")
        );
        assert_eq!(follow_up.header("In-Reply-To").unwrap(), first_id);
        assert_eq!(follow_up.header("References").unwrap(), first_id);
        assert!(follow_up.raw.contains("Following up on my note"));
    }
    assert_eq!(senders.len(), 2, "both mailboxes send");
    assert!(
        messages
            .iter()
            .any(|m| m.raw.contains("multipart/alternative"))
    );

    let stats = tenant.stats_with_sent(&campaign, 2 * leads).await;
    assert_eq!(
        stats["sent"].as_u64().unwrap() as usize,
        2 * leads,
        "{stats}"
    );
    assert_eq!(stats["steps"][1]["sent"].as_u64().unwrap() as usize, leads);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, campaign) = tenant
            .call("GET", &format!("/api/v1/tenant/campaigns/{campaign}"), None)
            .await;
        if campaign["status"] == "completed" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the campaign never completed: {campaign}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}

/// A CSV of `n` generated leads.
pub(crate) fn generated(n: usize, domain: &str) -> String {
    let mut csv = String::from("Email,First Name,Company\n");
    for i in 0..n {
        csv.push_str(&format!("lead{i}@{domain},Lead{i},Company {i}\n"));
    }
    csv
}

#[tokio::test]
async fn daily_limits_hold_and_waiting_leads_say_why() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("limited@sender.example", &sink, 3).await;
    let one_step = json!([{ "variants": [{ "subject": "Hi {{first_name}}", "body_text": "Hello {{first_name}}" }] }]);
    let campaign = tenant.campaign(&[mailbox], one_step, 100).await;
    // Through the CLI this time.
    let file = std::env::temp_dir().join(format!("leads-{campaign}.csv"));
    std::fs::write(&file, generated(8, "limits.example")).unwrap();
    let report = daemon.penguin_json(&[
        "leads",
        "import",
        file.to_str().unwrap(),
        "--workspace",
        &tenant.workspace,
        "--campaign",
        &campaign,
    ]);
    assert_eq!(
        (report["imported"].as_u64(), report["enrolled"].as_u64()),
        (Some(8), Some(8)),
        "{report}"
    );
    std::fs::remove_file(file).unwrap();
    let started = daemon.penguin_json(&["campaign", "start", &campaign]);
    assert_eq!(started["status"], "active");

    sink.wait_for(30, |m| m.len() >= 3).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(sink.messages().len(), 3, "the mailbox's daily limit holds");
    tenant.stats_with_sent(&campaign, 3).await;
    let stats = daemon.penguin_json(&["campaign", "stats", &campaign]);
    assert_eq!(stats["sent"], 3, "{stats}");
    assert_eq!(
        stats["waiting"]["mailbox daily limit reached"], 5,
        "{stats}"
    );
    let (_, enrollments) = tenant
        .call(
            "GET",
            &format!("/api/v1/tenant/campaigns/{campaign}/enrollments?status=active"),
            None,
        )
        .await;
    let waiting = enrollments["data"].as_array().unwrap();
    assert!(
        waiting
            .iter()
            .all(|e| e["reason"] == "mailbox daily limit reached" && e["next_at"].is_string()),
        "{enrollments}"
    );

    let listed = daemon.penguin_json(&["campaign", "ls", "--workspace", &tenant.workspace]);
    assert_eq!(listed[0]["id"], campaign.as_str());
    let paused = daemon.penguin_json(&["campaign", "pause", &campaign]);
    assert_eq!(paused["status"], "paused");
    let again = daemon.penguin(&["campaign", "pause", &campaign]);
    assert_eq!(
        again.status.code(),
        Some(5),
        "pausing a paused campaign is a conflict"
    );
}

#[tokio::test]
async fn temporary_failures_retry_and_permanent_ones_bounce_and_suppress() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&["--defer", "1", "--reject", "bounce", "--block", "blocked"]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("alex@sender.example", &sink, 100).await;
    let campaign = tenant.campaign(&[mailbox], two_steps(), 100).await;
    let mut csv = generated(4, "ok.example");
    csv.push_str("bounce1@gone.example,Gone,Nowhere\nbounce2@gone.example,Gone,Nowhere\n");
    csv.push_str("blocked@listed.example,Listed,Elsewhere\n");
    tenant.import(csv, &campaign).await;
    tenant.start(&campaign).await;

    // Every good lead gets both steps, each once, after a greylisting 451.
    sink.wait_for(60, |m| m.len() >= 8).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let messages = sink.messages();
    let grouped = by_recipient(&messages);
    assert_eq!(messages.len(), 8);
    assert!(grouped.values().all(|thread| thread.len() == 2));
    assert!(grouped.keys().all(|to| to.ends_with("@ok.example")));

    let stats = tenant.stats_with_sent(&campaign, 8).await;
    assert_eq!(
        (stats["sent"].as_u64(), stats["bounced"].as_u64()),
        (Some(8), Some(3)),
        "{stats}"
    );
    assert_eq!(
        stats["enrollments"]["stopped"], 3,
        "bounced leads stop: {stats}"
    );
    let (_, suppressed) = tenant
        .call(
            "GET",
            "/api/v1/tenant/suppressions?search=gone.example",
            None,
        )
        .await;
    let values: Vec<&str> = suppressed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_str().unwrap())
        .collect();
    assert_eq!(values.len(), 2, "hard bounces are suppressed: {suppressed}");
    assert!(suppressed["data"][0]["source"] == "bounce");

    // A block list refusing the sender says nothing about the address: it is not suppressed,
    // and the lead says why it stopped.
    let (_, listed) = tenant
        .call(
            "GET",
            "/api/v1/tenant/suppressions?search=listed.example",
            None,
        )
        .await;
    assert_eq!(listed["data"], json!([]), "{listed}");
    let (_, enrollments) = tenant
        .call(
            "GET",
            &format!("/api/v1/tenant/campaigns/{campaign}/enrollments?limit=200"),
            None,
        )
        .await;
    let blocked = enrollments["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["email"] == "blocked@listed.example")
        .expect("the blocked lead");
    let reason = blocked["reason"].as_str().unwrap();
    assert!(
        reason.contains("5.7.1") && reason.contains("soft"),
        "{reason}"
    );
}

/// Asserts no lead got a step twice, and returns how many (lead, step) pairs arrived.
fn assert_no_duplicates(messages: &[Received]) -> usize {
    let mut seen = HashSet::new();
    for message in messages {
        let step = if message.header("In-Reply-To").is_some() {
            1
        } else {
            0
        };
        let key = (message.to[0].clone(), step);
        assert!(seen.insert(key.clone()), "duplicate: {key:?}");
    }
    seen.len()
}

#[tokio::test]
async fn a_crash_and_a_second_replica_neither_duplicate_nor_lose_sends() {
    let mut daemon = fast_daemon().await;
    let sink = SmtpSink::start(&["--delay", "0.02"]);
    let tenant_key;
    let campaign;
    let leads = 120;
    {
        let tenant = Tenant::new(&daemon).await;
        let alex = tenant.mailbox("alex@sender.example", &sink, 1000).await;
        let blair = tenant.mailbox("blair@sender.example", &sink, 1000).await;
        campaign = tenant.campaign(&[alex, blair], two_steps(), 1000).await;
        tenant
            .import(generated(leads, "crash.example"), &campaign)
            .await;
        tenant.start(&campaign).await;
        tenant_key = tenant.key.clone();
    }

    // Kill the daemon mid-campaign, without any chance to drain.
    sink.wait_for(60, |m| m.len() >= 40).await;
    daemon.kill();
    let at_crash = sink.messages().len();
    assert!(at_crash < 2 * leads, "the campaign was still running");

    // Restart it, with a second replica beside it.
    daemon.restart().await;
    let replica = daemon.replica().await;
    let stats_path = format!("/api/v1/tenant/campaigns/{campaign}/stats");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let (_, stats) = daemon
            .call("GET", &stats_path, Some(&tenant_key), None)
            .await;
        let done = stats["sent"].as_u64().unwrap() + stats["ambiguous"].as_u64().unwrap();
        if done as usize >= 2 * leads
            || (stats["enrollments"]["active"].is_null() && stats["sends"].is_null())
        {
            break;
        }
        let attention = stats["enrollments"]["attention"].as_u64().unwrap_or(0) as usize;
        if done as usize + attention >= 2 * leads && stats["in_flight"] == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the campaign did not finish after the restart: {stats}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    drop(replica);
    // Sent messages are counted within a second of being sent: read the counters again now
    // that nothing is in flight.
    let stats = daemon
        .call("GET", &stats_path, Some(&tenant_key), None)
        .await
        .1;

    let messages = sink.messages();
    let delivered = assert_no_duplicates(&messages);
    let sent = stats["sent"].as_u64().unwrap() as usize;
    let ambiguous = stats["ambiguous"].as_u64().unwrap() as usize;
    // Every step is accounted for: sent, or recorded as of unknown outcome (never resent). Only
    // sends that had begun DATA when the process died can be of unknown outcome.
    assert!(
        ambiguous <= SEND_CONCURRENCY,
        "at most the sends in flight at the crash: {stats}"
    );
    assert_eq!(
        stats["enrollments"]["attention"].as_u64().unwrap_or(0) as usize,
        ambiguous,
        "each one is surfaced: {stats}"
    );
    assert!(
        delivered >= sent && delivered <= sent + ambiguous,
        "delivered {delivered}, sent {sent}, ambiguous {ambiguous}"
    );
    let expected_steps = 2 * leads - ambiguous;
    assert!(sent + ambiguous >= expected_steps, "{stats}");

    // A person decides for the leads whose first message may or may not have arrived: skip it,
    // and their follow-up goes out, once.
    let path =
        format!("/api/v1/tenant/campaigns/{campaign}/enrollments?status=attention&limit=200");
    let (_, attention) = daemon.call("GET", &path, Some(&tenant_key), None).await;
    let waiting = attention["data"].as_array().unwrap().clone();
    for enrollment in &waiting {
        let resolve = format!(
            "/api/v1/tenant/campaigns/{campaign}/enrollments/{}/resolve",
            id(enrollment)
        );
        let (status, body) = daemon
            .call(
                "POST",
                &resolve,
                Some(&tenant_key),
                Some(json!({ "action": "skip" })),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        let (status, _) = daemon
            .call(
                "POST",
                &resolve,
                Some(&tenant_key),
                Some(json!({ "action": "skip" })),
            )
            .await;
        assert_eq!(status, 409, "only leads in attention can be resolved");
    }
    let messages = sink
        .wait_for(60, |m| m.len() >= delivered + waiting.len())
        .await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_no_duplicates(&sink.messages());
    assert_eq!(messages.len(), delivered + waiting.len());
    for message in messages
        .iter()
        .filter(|m| m.header("In-Reply-To").is_some())
    {
        let subject = message.header("Subject").unwrap();
        assert!(
            subject.starts_with("Re: ") && subject.len() > 8,
            "threaded subject: {subject}"
        );
    }
}

#[tokio::test]
async fn sessions_ended_by_the_database_mid_campaign_lose_and_duplicate_nothing() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&["--delay", "0.02"]);
    let tenant = Tenant::new(&daemon).await;
    let alex = tenant.mailbox("alex@sender.example", &sink, 1000).await;
    let blair = tenant.mailbox("blair@sender.example", &sink, 1000).await;
    let campaign = tenant.campaign(&[alex, blair], two_steps(), 1000).await;
    let leads = 150;
    tenant
        .import(generated(leads, "cut.example"), &campaign)
        .await;
    tenant.start(&campaign).await;

    // The database ends every session of the daemon, twice, while it sends: as a restart of
    // PostgreSQL or a connection pooler would.
    let database = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    let end_sessions = || {
        penguin_tests::psql(
            &database,
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
    };
    sink.wait_for(60, |m| m.len() >= 40).await;
    let ended = end_sessions();
    assert_ne!(ended, "0", "the daemon had sessions to end");
    sink.wait_for(60, |m| m.len() >= 150).await;
    end_sessions();

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let stats = loop {
        let stats = tenant.stats(&campaign).await;
        let done = stats["sent"].as_u64().unwrap() + stats["ambiguous"].as_u64().unwrap();
        if done as usize >= 2 * leads || std::time::Instant::now() > deadline {
            break stats;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let messages = sink.messages();
    assert_eq!(stats["ambiguous"], 0, "no outcome was lost: {stats}");
    assert_eq!(stats["sent"], 2 * leads, "{stats}");
    assert_eq!(assert_no_duplicates(&messages), 2 * leads);
}

#[tokio::test]
async fn a_dispatcher_run_longer_than_its_interval_stops_no_worker() {
    let daemon = fast_daemon().await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("slow@sender.example", &sink, 100).await;
    let campaign = tenant
        .campaign(std::slice::from_ref(&mailbox), one_step(), 100)
        .await;
    tenant.import(generated(3, "slow.example"), &campaign).await;

    // Another session locks the mailbox for four seconds. The dispatcher's run waits for it
    // (the enrollment's mailbox is a foreign key), so it lasts four dispatch intervals.
    let database = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    let holder = std::process::Command::new("psql")
        .args([
            &database,
            "-Atc",
            &format!(
                "BEGIN; SELECT 1 FROM mailboxes WHERE id = '{mailbox}' FOR UPDATE; \
                 SELECT pg_sleep(4); ROLLBACK;"
            ),
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    tenant.start(&campaign).await;

    sink.wait_for(30, |m| !m.is_empty()).await;
    assert!(
        started.elapsed() > std::time::Duration::from_secs(3),
        "the dispatcher's run was held"
    );
    sink.wait_for(30, |m| m.len() >= 3).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(assert_no_duplicates(&sink.messages()), 3);
    let log = daemon.log().join("\n");
    assert!(
        !log.contains("job worker failed") && !log.contains("job workers stopped"),
        "a long dispatcher run stopped the workers:\n{log}"
    );
    assert!(holder.wait_with_output().unwrap().status.success());
}

#[tokio::test]
async fn the_dispatcher_waits_while_the_send_queue_has_enough_to_do() {
    // One send task: the dispatcher holds back once the queue has four unfinished jobs.
    let db = TestDb::new();
    let mut env = fast_env(&db);
    env.set("PENGUIN_SEND_CONCURRENCY", "1");
    let daemon = Daemon::start_with(db, env).await;
    let sink = SmtpSink::start(&[]);
    let tenant = Tenant::new(&daemon).await;
    let mailbox = tenant.mailbox("busy@sender.example", &sink, 1000).await;
    let big = tenant
        .campaign(std::slice::from_ref(&mailbox), one_step(), 1000)
        .await;
    let small = tenant
        .campaign(std::slice::from_ref(&mailbox), one_step(), 1000)
        .await;
    tenant.import(generated(250, "big.example"), &big).await;
    tenant.import(generated(3, "small.example"), &small).await;
    let database = daemon.env.get("PENGUIN_DATABASE_URL").unwrap().to_owned();
    let sends_of = |campaign: &str| {
        penguin_tests::psql(
            &database,
            &format!("SELECT count(*) FROM sends WHERE campaign_id = '{campaign}'"),
        )
    };

    // With the queue paused, the big campaign's five jobs of fifty stay on it...
    let paused = daemon.penguin_json(&["queue", "pause", "send"]);
    assert_eq!(paused["paused"], true, "{paused}");
    tenant.start(&big).await;
    crate::events::wait_for("the big campaign's sends", async || sends_of(&big) == "250").await;
    // ... and the small one, started after, waits for them: nothing is written for it.
    tenant.start(&small).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(
        sends_of(&small),
        "0",
        "the dispatcher ran ahead of a full queue"
    );

    daemon.penguin_json(&["queue", "resume", "send"]);
    sink.wait_for(60, |m| m.len() >= 253).await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(assert_no_duplicates(&sink.messages()), 253);
}

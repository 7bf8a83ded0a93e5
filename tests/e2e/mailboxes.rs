//! Mailboxes: encrypted credentials and the connection test, against a real SMTP server.

use penguin_tests::{Daemon, SmtpSink, id};
use serde_json::{Value, json};

async fn mailbox(
    daemon: &Daemon,
    key: &str,
    workspace: &str,
    email: &str,
    smtp: Value,
) -> (u16, Value) {
    let body = json!({ "workspace_id": workspace, "email": email, "name": "Alex", "smtp": smtp });
    daemon
        .call("POST", "/api/v1/tenant/mailboxes", Some(key), Some(body))
        .await
}

#[tokio::test]
async fn mailbox_tests_say_what_failed_and_passwords_never_come_back() {
    let daemon = Daemon::start().await;
    let sink = SmtpSink::start(&["--auth", "alex:s3cret-pass"]);
    let (_, key) = daemon.tenant_with_key("Senders", "owner");
    let (_, ws) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            Some(&key),
            Some(json!({ "name": "W" })),
        )
        .await;
    let workspace = id(&ws);

    let good = json!({ "host": "127.0.0.1", "port": sink.port, "username": "alex", "password": "s3cret-pass", "tls": "none" });
    let (status, created) = mailbox(&daemon, &key, &workspace, "alex@sender.example", good).await;
    assert_eq!(status, 201, "{created}");
    assert!(!created.to_string().contains("s3cret-pass"));
    assert_eq!(created["smtp"]["password_set"], true);
    let path = format!("/api/v1/tenant/mailboxes/{}", id(&created));
    let (_, shown) = daemon.call("GET", &path, Some(&key), None).await;
    assert!(!shown.to_string().contains("s3cret-pass"));
    let (status, report) = daemon
        .call("POST", &format!("{path}/test"), Some(&key), None)
        .await;
    assert_eq!(
        (status, report["ok"].as_bool()),
        (200, Some(true)),
        "{report}"
    );

    // A port that accepts connections and never speaks SMTP (a database, a cache).
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let cases = [
        (
            json!({ "host": "127.0.0.1", "port": sink.port, "username": "alex", "password": "wrong", "tls": "none" }),
            "auth",
        ),
        (
            json!({ "host": "127.0.0.1", "port": silent_port, "tls": "none" }),
            "greeting",
        ),
        (
            json!({ "host": "127.0.0.1", "port": 1, "tls": "none" }),
            "connect",
        ),
        (
            json!({ "host": "no-such-host.invalid", "port": 25, "tls": "none" }),
            "dns",
        ),
        // A reserved address (documentation range) is refused before any connection is made.
        (
            json!({ "host": "192.0.2.10", "port": 25, "tls": "none" }),
            "connect",
        ),
        (
            json!({ "host": "127.0.0.1", "port": sink.port, "tls": "starttls" }),
            "tls",
        ),
    ];
    for (n, (smtp, stage)) in cases.into_iter().enumerate() {
        let reserved = smtp["host"] == "192.0.2.10";
        let (status, created) = mailbox(
            &daemon,
            &key,
            &workspace,
            &format!("m{n}@sender.example"),
            smtp,
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let (_, report) = daemon
            .call(
                "POST",
                &format!("/api/v1/tenant/mailboxes/{}/test", id(&created)),
                Some(&key),
                None,
            )
            .await;
        assert_eq!(report["ok"], false, "{report}");
        assert_eq!(report["stage"], stage, "{report}");
        let message = report["message"].as_str().unwrap();
        assert!(message.len() > 10);
        if reserved {
            assert_eq!(
                message,
                "192.0.2.10 is a private or reserved address; SMTP servers on such networks \
                 need the operator's permission (PENGUIN_SMTP_ALLOWLIST)"
            );
        } else {
            assert!(!message.contains("PENGUIN_SMTP_ALLOWLIST"), "{report}");
        }
    }

    // Stored encrypted: the password is not in the table in clear.
    let db = daemon
        .env
        .vars
        .iter()
        .find(|(k, _)| k == "PENGUIN_DATABASE_URL")
        .unwrap()
        .1
        .clone();
    let dump = std::process::Command::new("psql")
        .args([
            db.as_str(),
            "-Atc",
            "SELECT encode(smtp_password, 'escape') FROM mailboxes",
        ])
        .output()
        .unwrap();
    assert!(dump.status.success());
    assert!(!String::from_utf8_lossy(&dump.stdout).contains("s3cret-pass"));
    assert!(
        !daemon.log().join("\n").contains("s3cret-pass"),
        "never in the log"
    );

    let (status, body) = mailbox(
        &daemon,
        &key,
        &workspace,
        "not-an-address",
        json!({ "host": "x", "port": 0, "password": "p", "tls": "none" }),
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "smtp.port", "smtp.username"]);
}

#[tokio::test]
async fn every_corpus_csv_imports_with_the_expected_counts() {
    let daemon = Daemon::start().await;
    let (_, key) = daemon.tenant_with_key("Importer", "owner");
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/lead-csv");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{corpus}/expected.json")).unwrap())
            .unwrap();
    let files: Vec<(String, Value)> = match &expected {
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| v.is_object())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        Value::Array(items) => items
            .iter()
            .map(|v| (v["file"].as_str().unwrap_or_default().to_owned(), v.clone()))
            .collect(),
        _ => panic!("unexpected expected.json shape"),
    };
    assert!(files.len() >= 7, "{expected}");
    for (n, (file, expect)) in files.iter().enumerate() {
        let path = format!("{corpus}/{file}");
        let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
        let (_, ws) = daemon
            .call(
                "POST",
                "/api/v1/tenant/workspaces",
                Some(&key),
                Some(json!({ "name": format!("ws{n}") })),
            )
            .await;
        let url = daemon.url(&format!(
            "/api/v1/tenant/leads/import?workspace_id={}",
            id(&ws)
        ));
        let request = daemon
            .http
            .post(url)
            .bearer_auth(&key)
            .header("content-type", "text/csv");
        let response = request.body(bytes).send().await.unwrap();
        assert_eq!(response.status(), 200, "{file}");
        let report: Value = response.json().await.unwrap();
        let with_email = ["imported", "updated", "duplicate", "suppressed"]
            .iter()
            .map(|b| report[b].as_u64().unwrap())
            .sum::<u64>()
            + report["invalid_count"].as_u64().unwrap();
        let records = with_email + report["no_email"].as_u64().unwrap();
        assert_eq!(
            records,
            expect["data_records"].as_u64().unwrap(),
            "{file}: {report}"
        );
        eprintln!("{file}: {report}");
    }
}

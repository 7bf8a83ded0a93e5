//! Every error answer is an RFC 9457 problem, never a bare status or a 500.

use penguin_tests::Daemon;
use serde_json::{Value, json};

fn assert_problem(status: u16, headers: &reqwest::header::HeaderMap, body: &Value, expected: u16) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "{body}"
    );
    assert!(headers.contains_key("x-request-id"));
    assert_eq!(body["status"], expected);
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:penguinmails:problem:"),
        "{body}"
    );
    assert!(body["title"].is_string(), "{body}");
}

/// POSTs over a raw connection, ignoring write errors, and reads the answer's status,
/// content type and body.
async fn raw_post(daemon: &Daemon, path: &str, key: &str, body: &str) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = daemon.api.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let writer = tokio::spawn(async move {
        let _ = write.write_all(request.as_bytes()).await;
    });
    let mut answer = Vec::new();
    let _ = read.read_to_end(&mut answer).await;
    writer.abort();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        })
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    (status, content_type, body.to_owned())
}

async fn send(request: reqwest::RequestBuilder) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, headers, body)
}

#[tokio::test]
async fn malformed_requests_get_problem_details() {
    let daemon = Daemon::start().await;
    let admin = daemon.platform_key("admin");
    let tenants = daemon.url("/api/v1/platform/tenants");
    let http = &daemon.http;

    let malformed = http
        .post(&tenants)
        .bearer_auth(&admin)
        .header("content-type", "application/json");
    let (status, headers, body) = send(malformed.body("{\"name\": ")).await;
    assert_problem(status, &headers, &body, 400);

    let (status, headers, body) = send(
        http.post(&tenants)
            .bearer_auth(&admin)
            .header("content-type", "text/plain")
            .body("x"),
    )
    .await;
    assert_problem(status, &headers, &body, 415);

    let (status, headers, body) =
        send(http.get(daemon.url("/api/v1/nowhere")).bearer_auth(&admin)).await;
    assert_problem(status, &headers, &body, 404);

    let (status, headers, body) = send(http.put(&tenants).bearer_auth(&admin)).await;
    assert_problem(status, &headers, &body, 405);

    // The daemon answers before reading a body that is too large, and may close the connection
    // while a client is still writing, so this one goes over a raw socket.
    let huge = json!({ "name": "x".repeat(3 * 1024 * 1024) }).to_string();
    let (status, content_type, body) =
        raw_post(&daemon, "/api/v1/platform/tenants", &admin, &huge).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(content_type, "application/problem+json");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["status"], 413);

    let (status, headers, body) = send(
        http.post(&tenants)
            .bearer_auth(&admin)
            .json(&json!({ "name": "   " })),
    )
    .await;
    assert_problem(status, &headers, &body, 422);
    assert_eq!(body["errors"][0]["field"], "name");

    let (status, headers, body) = send(
        http.post(&tenants)
            .bearer_auth(&admin)
            .json(&json!({ "name": 7 })),
    )
    .await;
    assert_problem(status, &headers, &body, 422);

    let (status, headers, body) = send(
        http.post(&tenants)
            .bearer_auth(&admin)
            .json(&json!({ "nme": "typo" })),
    )
    .await;
    assert_problem(status, &headers, &body, 422);

    let missing = daemon.url(&format!(
        "/api/v1/platform/tenants/{}",
        uuid::Uuid::now_v7()
    ));
    let (status, headers, body) = send(http.get(&missing).bearer_auth(&admin)).await;
    assert_problem(status, &headers, &body, 404);

    let (status, headers, body) = send(
        http.get(daemon.url("/api/v1/platform/tenants/not-a-uuid"))
            .bearer_auth(&admin),
    )
    .await;
    assert_problem(status, &headers, &body, 400);

    let (status, headers, body) =
        send(http.get(format!("{tenants}?limit=0")).bearer_auth(&admin)).await;
    assert_problem(status, &headers, &body, 422);
    let (status, headers, body) = send(
        http.get(format!("{tenants}?limit=many"))
            .bearer_auth(&admin),
    )
    .await;
    assert_problem(status, &headers, &body, 400);

    let first = send(
        http.post(&tenants)
            .bearer_auth(&admin)
            .json(&json!({ "name": "Twice" })),
    )
    .await;
    assert_eq!(first.0, 201);
    let (status, headers, body) = send(
        http.post(&tenants)
            .bearer_auth(&admin)
            .json(&json!({ "name": "twice" })),
    )
    .await;
    assert_problem(status, &headers, &body, 409);

    let (status, headers, body) = send(http.get(&tenants)).await;
    assert_problem(status, &headers, &body, 401);
    assert_eq!(headers["www-authenticate"], "Bearer");

    let (_, owner) = daemon.tenant_with_key("Forbidden Co", "owner");
    let (status, headers, body) = send(http.get(&tenants).bearer_auth(&owner)).await;
    assert_problem(status, &headers, &body, 403);

    // Nothing above reached a 500.
    assert!(
        !daemon
            .log()
            .iter()
            .any(|line| line.contains("\"status\":500"))
    );
}

#[tokio::test]
async fn request_ids_are_kept_or_made() {
    let daemon = Daemon::start().await;
    let response = daemon
        .http
        .get(daemon.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    let response = daemon
        .http
        .get(daemon.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"].len(), 36);
}

#[tokio::test]
async fn bodies_are_checked_after_permissions_and_must_be_objects() {
    let daemon = Daemon::start().await;
    let admin = daemon.platform_key("admin");
    let (_, owner) = daemon.tenant_with_key("Shapes", "owner");
    let http = &daemon.http;
    let keys = daemon.url("/api/v1/platform/api-keys");

    // Without the right key, the body's shape is never looked at.
    let (status, _, body) = send(
        http.post(&keys)
            .bearer_auth(&owner)
            .json(&json!({ "nme": 1 })),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    let (status, _, _) = send(
        http.post(&keys)
            .bearer_auth(&owner)
            .header("content-type", "application/json")
            .body("{"),
    )
    .await;
    assert_eq!(status, 403);

    // Arrays and other shapes are not objects, and wrong types are validation errors.
    let (status, headers, body) = send(
        http.post(&keys)
            .bearer_auth(&admin)
            .json(&json!(["platform", "admin", "x"])),
    )
    .await;
    assert_problem(status, &headers, &body, 422);
    for kind in [
        json!(1),
        json!(null),
        json!({ "platform": null }),
        json!(["platform"]),
    ] {
        let request = json!({ "kind": kind, "role": "admin", "name": "x" });
        let (status, headers, body) =
            send(http.post(&keys).bearer_auth(&admin).json(&request)).await;
        assert_problem(status, &headers, &body, 422);
        assert_eq!(body["errors"][0]["field"], "kind", "{body}");
        assert!(
            !body.to_string().contains("struct"),
            "no Rust type names: {body}"
        );
    }

    // Text PostgreSQL cannot store is refused, not a 500.
    let audit = daemon.url("/api/v1/platform/audit?action=%00");
    let (status, headers, body) = send(http.get(audit).bearer_auth(&admin)).await;
    assert_problem(status, &headers, &body, 422);
    let (status, headers, body) = send(
        http.post(daemon.url("/api/v1/platform/tenants"))
            .bearer_auth(&admin)
            .json(&json!({ "name": "a\u{0}b" })),
    )
    .await;
    assert_problem(status, &headers, &body, 422);

    // Names that only look different are refused.
    let (status, _, _) = send(
        http.post(daemon.url("/api/v1/platform/tenants"))
            .bearer_auth(&admin)
            .json(&json!({ "name": "Shapes\u{200b}" })),
    )
    .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn clients_cannot_grow_metrics_or_forge_request_ids() {
    let daemon = Daemon::start().await;
    for n in 0..5 {
        let method = reqwest::Method::from_bytes(format!("INVENTED{n}").as_bytes()).unwrap();
        daemon
            .http
            .request(method, daemon.url("/healthz"))
            .send()
            .await
            .unwrap();
    }
    let metrics = daemon
        .http
        .get(daemon.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!metrics.contains("INVENTED"), "{metrics}");
    assert!(metrics.contains("method=\"other\""));

    let forged = "abc status=500 tenant.id=0";
    let response = daemon
        .http
        .get(daemon.url("/healthz"))
        .header("x-request-id", forged)
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(id, forged);
    assert_eq!(id.len(), 36, "a fresh id replaces it");
}

#[tokio::test]
async fn connections_that_never_send_headers_are_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let daemon = Daemon::start().await;
    let address = daemon.api.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buffer = Vec::new();
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stream.read_to_end(&mut buffer),
    )
    .await;
    assert!(
        closed.is_ok(),
        "the half-sent request was still open after 30 s"
    );
}

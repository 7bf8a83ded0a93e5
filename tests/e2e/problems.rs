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

    let huge = json!({ "name": "x".repeat(3 * 1024 * 1024) });
    let (status, headers, body) = send(http.post(&tenants).bearer_auth(&admin).json(&huge)).await;
    assert_problem(status, &headers, &body, 413);

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

//! The OpenAPI document: valid, complete, and matching what the daemon serves.

use penguin_tests::Daemon;
use serde_json::Value;

#[tokio::test]
async fn every_documented_operation_is_served_and_documents_its_errors() {
    let daemon = Daemon::start().await;
    let (status, doc) = daemon.call("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert!(doc["components"]["securitySchemes"]["api_key"].is_object());
    // The webhook body is part of the contract.
    for schema in [
        "WebhookPayload",
        "EmailData",
        "CampaignData",
        "MailboxData",
        "EventType",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} is not documented"
        );
    }

    let paths = doc["paths"].as_object().unwrap();
    for expected in [
        "/api/v1/platform/tenants",
        "/api/v1/platform/tenants/{id}",
        "/api/v1/platform/tenants/{id}/suspend",
        "/api/v1/platform/tenants/{id}/resume",
        "/api/v1/platform/tenants/{id}/purge",
        "/api/v1/platform/tenants/{id}/api-keys",
        "/api/v1/platform/api-keys",
        "/api/v1/platform/api-keys/{id}",
        "/api/v1/platform/audit",
        "/api/v1/tenant/workspaces",
        "/api/v1/tenant/workspaces/{id}",
        "/api/v1/queue/events",
        "/api/v1/queue/events/inbound",
        "/api/v1/queue/notifications",
        "/api/v1/queue/notifications/{id}/read",
        "/api/v1/queue/notifications/read-all",
        "/api/v1/queue/notifications/webhooks",
        "/api/v1/queue/notifications/webhooks/{id}",
        "/api/v1/queue/notifications/webhooks/{id}/rotate-secret",
        "/api/v1/queue/notifications/webhooks/{id}/test",
        "/api/v1/queue/notifications/webhooks/{id}/deliveries",
        "/api/v1/queue/notifications/webhooks/{id}/replay-failed",
        "/api/v1/queue/notifications/webhooks/deliveries/{id}",
        "/api/v1/queue/notifications/webhooks/deliveries/{id}/replay",
        "/u/{token}",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(paths.contains_key(expected), "{expected} is not documented");
    }

    let mut operations = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.contains_key("500"), "{method} {path}");
            if path.starts_with("/api/v1/") {
                assert!(responses.contains_key("401"), "{method} {path}");
                assert!(operation["security"].is_array(), "{method} {path}");
            }
            resolve_refs(&doc, operation);

            // The route is served: without a key it answers 401 (or 200 for public routes),
            // never 404 or 405; a recipient link with a made-up token answers its documented
            // 404.
            let uuid = uuid::Uuid::now_v7().to_string();
            let concrete = path
                .replace("{id}", &uuid)
                .replace("{enrollment_id}", &uuid)
                .replace("{token}", "made-up");
            let (status, body) = daemon
                .call(&method.to_uppercase(), &concrete, None, None)
                .await;
            let documented_404 =
                status == 404 && !path.starts_with("/api/v1/") && responses.contains_key("404");
            assert!(
                ![404, 405].contains(&status) || documented_404,
                "{method} {path} is documented but answers {status}: {body}"
            );
        }
    }
    assert!(operations >= 17, "{operations}");
}

/// Fails when a `$ref` points nowhere.
fn resolve_refs(doc: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let pointer = reference.trim_start_matches('#');
                assert!(doc.pointer(pointer).is_some(), "dangling $ref {reference}");
            }
            map.values().for_each(|v| resolve_refs(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| resolve_refs(doc, v)),
        _ => {}
    }
}

#[tokio::test]
async fn docs_page_works_offline() {
    let daemon = Daemon::start().await;
    let response = daemon
        .http
        .get(daemon.url("/api/v1/docs/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        !html.contains("https://"),
        "the page must not load assets from elsewhere:\n{html}"
    );
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        assert!(html.contains(asset), "{asset} missing from the page");
        let response = daemon
            .http
            .get(daemon.url(&format!("/api/v1/docs/{asset}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{asset}");
    }
}

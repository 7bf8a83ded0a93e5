//! Who may call what: the auth matrix and tenant isolation.

use penguin_tests::{Daemon, id};
use serde_json::{Value, json};

#[tokio::test]
async fn auth_matrix_answers_401_and_403_as_documented() {
    let daemon = Daemon::start().await;
    let admin = daemon.platform_key("admin");
    let operator = daemon.platform_key("operator");
    let (_, owner) = daemon.tenant_with_key("Matrix", "owner");
    let (viewer_tenant, viewer) = daemon.tenant_with_key("Viewer Co", "viewer");

    // No key, a malformed key, an unknown well-formed key.
    let (status, body) = daemon
        .call("GET", "/api/v1/platform/tenants", None, None)
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (401, Some("urn:penguinmails:problem:unauthorized"))
    );
    let (status, _) = daemon
        .call("GET", "/api/v1/platform/tenants", Some("nonsense"), None)
        .await;
    assert_eq!(status, 401);
    let forged = format!("pmp_{}_{}", &admin[4..12], "A".repeat(43));
    let (status, _) = daemon
        .call("GET", "/api/v1/platform/tenants", Some(&forged), None)
        .await;
    assert_eq!(status, 401);

    // Wrong kind both ways.
    let (status, body) = daemon
        .call("GET", "/api/v1/platform/tenants", Some(&owner), None)
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&admin), None)
        .await;
    assert_eq!(status, 403);

    // Wrong role: operators read tenants but do not create them; viewers do not write.
    let (status, _) = daemon
        .call("GET", "/api/v1/platform/tenants", Some(&operator), None)
        .await;
    assert_eq!(status, 200);
    let create = json!({ "name": "Nope" });
    let (status, body) = daemon
        .call(
            "POST",
            "/api/v1/platform/tenants",
            Some(&operator),
            Some(create),
        )
        .await;
    assert_eq!(status, 403);
    assert!(
        body["detail"].as_str().unwrap().contains("admin role"),
        "{body}"
    );
    let ws = json!({ "name": "Sales" });
    let (status, _) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            Some(&viewer),
            Some(ws.clone()),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&viewer), None)
        .await;
    assert_eq!(status, 200);

    // Suspension takes effect at once, with a problem that says so; resuming restores access.
    let path = format!("/api/v1/platform/tenants/{viewer_tenant}/suspend");
    let (status, _) = daemon.call("POST", &path, Some(&admin), None).await;
    assert_eq!(status, 200);
    let (status, body) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&viewer), None)
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["type"], "urn:penguinmails:problem:tenant-suspended");
    assert!(body["detail"].as_str().unwrap().contains("suspended"));
    let path = format!("/api/v1/platform/tenants/{viewer_tenant}/resume");
    daemon.call("POST", &path, Some(&admin), None).await;
    let (status, _) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&viewer), None)
        .await;
    assert_eq!(status, 200);

    // Revocation takes effect at once.
    let keys = daemon.penguin_json(&["admin", "keys", "ls", "--tenant", &viewer_tenant]);
    let key_id = id(&keys[0]);
    let (status, _) = daemon
        .call(
            "DELETE",
            &format!("/api/v1/platform/api-keys/{key_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, _) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&viewer), None)
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn service_keys_act_for_the_named_tenant_and_user() {
    let daemon = Daemon::start().await;
    let service = daemon.penguin_json(&["admin", "keys", "create", "--service", "--name", "bff"]);
    let service = service["key"].as_str().unwrap().to_owned();
    let tenant = daemon.penguin_json(&["tenant", "create", "--name", "Served"]);
    let tenant_id = id(&tenant);

    let (status, body) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&service), None)
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("X-Penguin-Tenant")
    );

    let response = daemon
        .http
        .post(daemon.url("/api/v1/tenant/workspaces"))
        .bearer_auth(&service)
        .header("X-Penguin-Tenant", &tenant_id)
        .header("X-Penguin-User", "ada@example.com")
        .json(&json!({ "name": "Outbound", "timezone": "Europe/Berlin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let ws: Value = response.json().await.unwrap();
    assert_eq!(ws["tenant_id"], tenant_id.as_str());

    let unknown = uuid::Uuid::new_v4().to_string();
    let response = daemon
        .http
        .get(daemon.url("/api/v1/tenant/workspaces"))
        .bearer_auth(&service)
        .header("X-Penguin-Tenant", &unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    let audit = daemon.penguin_json(&["audit", "ls", "--action", "workspace.create"]);
    assert_eq!(audit[0]["actor_user"], "ada@example.com");
    assert_eq!(audit[0]["tenant_id"], tenant_id.as_str());
}

#[tokio::test]
async fn another_tenants_workspace_answers_exactly_like_a_missing_one() {
    let daemon = Daemon::start().await;
    let (_, alice) = daemon.tenant_with_key("Alice Agency", "owner");
    let (_, bob) = daemon.tenant_with_key("Bob Agency", "owner");
    let body = json!({ "name": "Secret clients" });
    let (status, ws) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            Some(&alice),
            Some(body),
        )
        .await;
    assert_eq!(status, 201);
    let theirs = format!("/api/v1/tenant/workspaces/{}", id(&ws));
    let missing = format!("/api/v1/tenant/workspaces/{}", uuid::Uuid::now_v7());

    for (method, body) in [
        ("GET", None),
        ("PATCH", Some(json!({ "name": "Mine" }))),
        ("DELETE", None),
    ] {
        let (status, answer) = daemon.call(method, &theirs, Some(&bob), body.clone()).await;
        let (missing_status, missing_answer) =
            daemon.call(method, &missing, Some(&bob), body).await;
        assert_eq!(status, 404, "{method} {answer}");
        assert_eq!(
            (status, &answer),
            (missing_status, &missing_answer),
            "{method}"
        );
    }
    let (_, list) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&bob), None)
        .await;
    assert_eq!(list["data"], json!([]));

    // Still there, unchanged, for its owner.
    let (status, mine) = daemon.call("GET", &theirs, Some(&alice), None).await;
    assert_eq!(
        (status, mine["name"].as_str()),
        (200, Some("Secret clients"))
    );
}

#[tokio::test]
async fn every_tenant_resource_hides_other_tenants_objects() {
    let daemon = Daemon::start().await;
    let (_, alice) = daemon.tenant_with_key("Alice Outreach", "owner");
    let (_, bob) = daemon.tenant_with_key("Bob Outreach", "owner");
    let (_, ws) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            Some(&alice),
            Some(json!({ "name": "A" })),
        )
        .await;
    let workspace = id(&ws);
    let smtp = json!({ "host": "127.0.0.1", "port": 2525, "tls": "none" });
    let mailbox = json!({ "workspace_id": workspace, "email": "a@sender.example", "smtp": smtp });
    let lead =
        json!({ "workspace_id": workspace, "email": "lead@lead.example", "first_name": "Li" });
    let template = json!({ "workspace_id": workspace, "name": "T", "subject": "Hi {{first_name}}", "body_text": "Hello" });
    let campaign = json!({ "workspace_id": workspace, "name": "C", "steps": [{ "variants": [{ "subject": "Hi", "body_text": "Hello" }] }] });
    let suppression = json!({ "value": "competitor.example" });
    let resources = [
        ("mailboxes", mailbox, json!({ "name": "Mine" })),
        ("leads", lead, json!({ "first_name": "Mine" })),
        ("templates", template, json!({ "name": "Mine" })),
        ("campaigns", campaign, json!({ "name": "Mine" })),
    ];
    for (resource, body, change) in resources {
        let (status, created) = daemon
            .call(
                "POST",
                &format!("/api/v1/tenant/{resource}"),
                Some(&alice),
                Some(body),
            )
            .await;
        assert_eq!(status, 201, "{resource}: {created}");
        let theirs = format!("/api/v1/tenant/{resource}/{}", id(&created));
        let missing = format!("/api/v1/tenant/{resource}/{}", uuid::Uuid::now_v7());
        for (method, body) in [
            ("GET", None),
            ("PATCH", Some(change.clone())),
            ("DELETE", None),
        ] {
            let answer = daemon.call(method, &theirs, Some(&bob), body.clone()).await;
            let missing_answer = daemon.call(method, &missing, Some(&bob), body).await;
            assert_eq!(answer.0, 404, "{method} {resource}: {}", answer.1);
            assert_eq!(answer, missing_answer, "{method} {resource}");
        }
        let (_, list) = daemon
            .call(
                "GET",
                &format!("/api/v1/tenant/{resource}"),
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(list["data"], json!([]), "{resource}");
        let (status, _) = daemon.call("DELETE", &theirs, Some(&alice), None).await;
        assert_eq!(status, 204, "{resource}");
        let (status, _) = daemon.call("GET", &theirs, Some(&alice), None).await;
        assert_eq!(status, 404, "{resource}");
    }
    let (status, entry) = daemon
        .call(
            "POST",
            "/api/v1/tenant/suppressions",
            Some(&alice),
            Some(suppression),
        )
        .await;
    assert_eq!(status, 201);
    let path = format!("/api/v1/tenant/suppressions/{}", id(&entry));
    assert_eq!(daemon.call("DELETE", &path, Some(&bob), None).await.0, 404);
    let (_, list) = daemon
        .call("GET", "/api/v1/tenant/suppressions", Some(&bob), None)
        .await;
    assert_eq!(list["data"], json!([]));
    assert_eq!(
        daemon.call("DELETE", &path, Some(&alice), None).await.0,
        204
    );
}

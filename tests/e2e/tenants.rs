//! Tenants, keys, workspaces and the audit log over the API.

use penguin_tests::{Daemon, id};
use serde_json::json;

#[tokio::test]
async fn tenant_lifecycle_from_create_to_purge() {
    let daemon = Daemon::start().await;
    let admin = daemon.platform_key("admin");
    let key = Some(admin.as_str());

    let (status, tenant) = daemon
        .call(
            "POST",
            "/api/v1/platform/tenants",
            key,
            Some(json!({ "name": "Acme" })),
        )
        .await;
    assert_eq!(status, 201);
    let tenant_id = id(&tenant);
    let path = format!("/api/v1/platform/tenants/{tenant_id}");

    let (status, renamed) = daemon
        .call("PATCH", &path, key, Some(json!({ "name": "Acme Ltd" })))
        .await;
    assert_eq!((status, renamed["name"].as_str()), (200, Some("Acme Ltd")));

    let (status, created) = daemon
        .call(
            "POST",
            &format!("{path}/api-keys"),
            key,
            Some(json!({ "role": "owner", "name": "crm" })),
        )
        .await;
    assert_eq!(status, 201);
    let owner = created["key"].as_str().unwrap().to_owned();
    assert!(owner.starts_with("pmt_"));
    let (_, listed) = daemon
        .call("GET", &format!("{path}/api-keys"), key, None)
        .await;
    assert_eq!(listed["data"][0]["prefix"], created["prefix"]);
    assert!(
        !listed.to_string().contains(&owner),
        "secrets are never listed"
    );

    let (status, ws) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            Some(&owner),
            Some(json!({ "name": "EU", "timezone": "Europe/Paris" })),
        )
        .await;
    assert_eq!(
        (status, ws["timezone"].as_str()),
        (201, Some("Europe/Paris"))
    );

    let (status, _) = daemon
        .call("POST", &format!("{path}/purge"), key, None)
        .await;
    assert_eq!(status, 409, "purge needs a delete first");
    let (status, _) = daemon.call("DELETE", &path, key, None).await;
    assert_eq!(status, 204);
    let (status, body) = daemon
        .call("GET", "/api/v1/tenant/workspaces", Some(&owner), None)
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (403, Some("urn:penguinmails:problem:tenant-deleted"))
    );
    let (_, live) = daemon
        .call("GET", "/api/v1/platform/tenants", key, None)
        .await;
    assert!(
        live["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != tenant_id.as_str())
    );
    let (_, all) = daemon
        .call(
            "GET",
            "/api/v1/platform/tenants?include_deleted=true",
            key,
            None,
        )
        .await;
    assert!(
        all["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == tenant_id.as_str())
    );

    let (status, report) = daemon
        .call("POST", &format!("{path}/purge"), key, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (report["workspaces"].as_i64(), report["api_keys"].as_i64()),
        (Some(1), Some(1))
    );
    let (status, _) = daemon.call("GET", &path, key, None).await;
    assert_eq!(status, 404);

    let (_, audit) = daemon
        .call(
            "GET",
            &format!("/api/v1/platform/audit?tenant_id={tenant_id}"),
            key,
            None,
        )
        .await;
    let actions: Vec<&str> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "tenant.purge",
            "tenant.delete",
            "workspace.create",
            "api_key.create",
            "tenant.rename",
            "tenant.create"
        ]
    );
    assert!(
        audit["data"][0]["actor"]
            .as_str()
            .unwrap()
            .starts_with("key:")
    );
}

#[tokio::test]
async fn lists_page_with_cursors() {
    let daemon = Daemon::start().await;
    let admin = daemon.platform_key("admin");
    for n in 0..5 {
        let body = json!({ "name": format!("Tenant {n}") });
        daemon
            .call("POST", "/api/v1/platform/tenants", Some(&admin), Some(body))
            .await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/platform/tenants?limit=2".to_owned();
    loop {
        let (status, page) = daemon.call("GET", &path, Some(&admin), None).await;
        assert_eq!(status, 200);
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["name"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/platform/tenants?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        (0..5).map(|n| format!("Tenant {n}")).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn workspaces_validate_names_and_time_zones() {
    let daemon = Daemon::start().await;
    let (_, owner) = daemon.tenant_with_key("Zones", "owner");
    let key = Some(owner.as_str());

    let (status, body) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            key,
            Some(json!({ "name": "", "timezone": "Mars/Base" })),
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "timezone"]);

    let (status, ws) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            key,
            Some(json!({ "name": "Main" })),
        )
        .await;
    assert_eq!((status, ws["timezone"].as_str()), (201, Some("UTC")));
    let path = format!("/api/v1/tenant/workspaces/{}", id(&ws));
    let (status, ws) = daemon
        .call(
            "PATCH",
            &path,
            key,
            Some(json!({ "timezone": "America/New_York" })),
        )
        .await;
    assert_eq!(
        (status, ws["timezone"].as_str(), ws["name"].as_str()),
        (200, Some("America/New_York"), Some("Main"))
    );
    let (status, _) = daemon
        .call(
            "POST",
            "/api/v1/tenant/workspaces",
            key,
            Some(json!({ "name": "MAIN" })),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = daemon.call("DELETE", &path, key, None).await;
    assert_eq!(status, 204);
    let (status, _) = daemon.call("GET", &path, key, None).await;
    assert_eq!(status, 404);
}

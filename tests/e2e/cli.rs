//! The CLI in both output formats, its confirmations and its errors.

use penguin_tests::{Env, TestDb, penguin, penguin_json};

#[test]
fn cli_manages_tenants_and_workspaces_in_both_formats() {
    let db = TestDb::new();
    let env = Env::for_db(&db);

    let migrated = penguin_json(&env, &["migrate"]);
    assert_eq!(migrated["status"], "up to date");

    let tenant = penguin_json(&env, &["tenant", "create", "--name", "Globex"]);
    let id = tenant["id"].as_str().unwrap().to_owned();
    assert_eq!(tenant["status"], "active");

    let table = penguin(&env, &["tenant", "ls"]);
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Globex") && table.contains(&id), "{table}");

    // Global flags go anywhere.
    let ws = penguin_json(
        &env,
        &[
            "-o",
            "json",
            "workspace",
            "create",
            "--tenant",
            &id,
            "--name",
            "NA",
            "--timezone",
            "America/Chicago",
        ],
    );
    assert_eq!(ws["timezone"], "America/Chicago");
    let list = penguin_json(&env, &["workspace", "ls", "--tenant", &id]);
    assert_eq!(list.as_array().unwrap().len(), 1);

    let key = penguin_json(
        &env,
        &[
            "admin", "keys", "create", "--tenant", &id, "--role", "owner",
        ],
    );
    assert!(key["key"].as_str().unwrap().starts_with("pmt_"));
    assert!(key["id"].is_string());
    let keys = penguin_json(&env, &["admin", "keys", "ls"]);
    assert!(!keys.to_string().contains(key["key"].as_str().unwrap()));

    let suspended = penguin_json(&env, &["tenant", "suspend", &id, "--yes"]);
    assert_eq!(suspended["status"], "suspended");
    let resumed = penguin_json(&env, &["tenant", "resume", &id]);
    assert_eq!(resumed["status"], "active");

    let audit = penguin_json(&env, &["audit", "ls"]);
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"].as_str().unwrap().starts_with("cli:"))
    );
    assert!(audit.as_array().unwrap().len() >= 5);
}

#[test]
fn destructive_commands_need_yes_off_a_terminal() {
    let db = TestDb::new();
    let env = Env::for_db(&db);
    let tenant = penguin_json(&env, &["tenant", "create", "--name", "Initech"]);
    let id = tenant["id"].as_str().unwrap();

    let refused = penguin(&env, &["tenant", "delete", id]);
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(
        stderr.starts_with("penguin: refusing to delete tenant"),
        "{stderr}"
    );
    assert_eq!(
        penguin_json(&env, &["tenant", "show", id])["deleted_at"],
        serde_json::Value::Null
    );

    let purged = penguin_json(&env, &["tenant", "delete", id, "--purge", "--yes"]);
    assert_eq!(purged["purged"], true);
    let gone = penguin(&env, &["tenant", "show", id]);
    assert_eq!(gone.status.code(), Some(4));
    assert_eq!(
        String::from_utf8(gone.stderr).unwrap(),
        "penguin: tenant not found\n"
    );
}

#[test]
fn cli_errors_are_one_line_with_documented_codes() {
    let db = TestDb::new();
    let mut env = Env::for_db(&db);

    let invalid = penguin(
        &env,
        &[
            "workspace",
            "create",
            "--tenant",
            &uuid::Uuid::new_v4().to_string(),
            "--name",
            "x",
            "--timezone",
            "Nowhere/Land",
        ],
    );
    assert_eq!(invalid.status.code(), Some(5));
    let usage = penguin(&env, &["tenant", "create"]);
    assert_eq!(usage.status.code(), Some(2));
    // Queues and jobs are named in their not-found errors, with the queues that exist.
    let queue = penguin(&env, &["queue", "jobs", "sendd"]);
    assert_eq!(queue.status.code(), Some(4));
    assert_eq!(
        String::from_utf8(queue.stderr).unwrap(),
        "penguin: no queue named \"sendd\"; the queues are maintenance, send\n"
    );
    let job = penguin(&env, &["queue", "show", "send", "no-such-job"]);
    assert_eq!(job.status.code(), Some(4));
    assert_eq!(
        String::from_utf8(job.stderr).unwrap(),
        "penguin: no job \"no-such-job\" in any queue\n"
    );

    env.set(
        "PENGUIN_DATABASE_URL",
        "postgres://postgres@127.0.0.1:1/penguin",
    );
    let down = penguin(&env, &["tenant", "ls"]);
    assert_eq!(down.status.code(), Some(6));
    let stderr = String::from_utf8(down.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("penguin: PENGUIN_DATABASE_URL: cannot reach PostgreSQL"),
        "{stderr}"
    );

    let completions = penguin(&env, &["completions", "bash"]);
    assert!(completions.status.success());
    assert!(
        String::from_utf8(completions.stdout)
            .unwrap()
            .contains("penguin")
    );
}

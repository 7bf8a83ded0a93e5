//! The OpenAPI document built from the router's definitions is complete and well-formed.

#[test]
fn every_operation_has_an_id_a_tag_and_documented_errors() {
    let (_, doc) = penguin_daemon::api::router();
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["openapi"], "3.1.0");
    let mut ids = std::collections::HashSet::new();
    for (path, item) in json["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}"));
            assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            assert!(
                operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path}"
            );
            assert!(operation["responses"]["500"].is_object(), "{method} {path}");
            let described =
                operation["summary"].is_string() || operation["description"].is_string();
            assert!(described, "{method} {path} has no summary");
        }
    }
}

//! The served OpenAPI document describes exactly the routes the server has, with the right
//! authentication on each.

mod common;

use std::collections::BTreeSet;

use common::TestServer;
use keyfob_server::routes::{route_specs, Access};

#[tokio::test]
async fn the_document_matches_the_route_table() {
    let server = TestServer::start().await;
    let answer = server
        .client()
        .send_raw(reqwest::Method::GET, "openapi.json", None, None)
        .await
        .expect("document");
    assert_eq!(answer.status, 200);
    let doc = answer.body;
    assert!(doc["openapi"]
        .as_str()
        .unwrap_or_default()
        .starts_with("3."));

    let mut documented = BTreeSet::new();
    let paths = doc["paths"].as_object().expect("paths");
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().expect("operations") {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            documented.insert((method.to_uppercase(), path.clone(), secured));
        }
    }
    let served: BTreeSet<_> = route_specs()
        .into_iter()
        .map(|route| {
            let secured = matches!(
                route.access,
                Access::Account | Access::Member(_) | Access::Owner(_)
            );
            (route.method.to_string(), route.path.to_owned(), secured)
        })
        .collect();
    let missing: Vec<_> = served.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "undocumented: {missing:?}\nnot served: {extra:?}"
    );

    // Every schema a path refers to is defined.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap_or_default();
        assert!(
            schemas.contains_key(name),
            "schema {name} is referenced but not defined"
        );
    }
    assert!(schemas.contains_key("ApiError"));
    assert!(schemas.contains_key("ErrorCode"));
}

#[tokio::test]
async fn unknown_routes_methods_fields_and_oversized_bodies_get_coded_errors() {
    let server = TestServer::start().await;
    let raw = server.client();
    let answer = raw
        .send_raw(reqwest::Method::GET, "v1/nothing-here", None, None)
        .await
        .expect("answer");
    assert_eq!(
        (answer.status, answer.body["code"].as_str()),
        (404, Some("route_not_found"))
    );
    let answer = raw
        .send_raw(reqwest::Method::PUT, "v1/sessions", None, None)
        .await
        .expect("answer");
    assert_eq!(
        (answer.status, answer.body["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    let answer = raw
        .send_raw(
            reqwest::Method::POST,
            "v1/sessions",
            None,
            Some(serde_json::json!({"email": "a@example.com", "password": "x", "remember": true})),
        )
        .await
        .expect("answer");
    assert_eq!(
        (answer.status, answer.body["code"].as_str()),
        (400, Some("bad_request"))
    );
    assert!(answer.body["message"]
        .as_str()
        .unwrap_or_default()
        .contains("remember"));
    let huge = "x".repeat(keyfob_server::BODY_LIMIT_BYTES + 1);
    let answer = raw
        .send_raw(
            reqwest::Method::POST,
            "v1/accounts/forgot-password",
            None,
            Some(serde_json::json!({"email": huge})),
        )
        .await
        .expect("answer");
    assert_eq!(
        (answer.status, answer.body["code"].as_str()),
        (413, Some("payload_too_large"))
    );
}

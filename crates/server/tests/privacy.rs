//! No answer tells whether an email address has an account.

mod common;

use common::{register_request, TestServer, PASSWORD};
use keyfob_core::account::Region;
use serde_json::json;

/// Status and body of a raw call, with the address replaced so two answers compare equal.
async fn answer(
    server: &TestServer,
    path: &str,
    email: &str,
    body: serde_json::Value,
) -> (u16, String) {
    let response = server
        .client()
        .send_raw(reqwest::Method::POST, path, None, Some(body))
        .await
        .expect("answer");
    (
        response.status,
        response.body.to_string().replace(email, "<email>"),
    )
}

#[tokio::test]
async fn registered_and_unknown_addresses_get_identical_answers() {
    let server = TestServer::start().await;
    server.signed_in("known@example.com", Region::Eu).await;
    for (path, body) in [
        ("v1/accounts/forgot-password", json!({"email": "{}"})),
        ("v1/accounts/resend-confirmation", json!({"email": "{}"})),
        (
            "v1/sessions",
            json!({"email": "{}", "password": "Wrong-Password-77"}),
        ),
    ] {
        let with = |email: &str| {
            serde_json::from_str::<serde_json::Value>(&body.to_string().replace("{}", email))
                .expect("json")
        };
        let known = answer(
            &server,
            path,
            "known@example.com",
            with("known@example.com"),
        )
        .await;
        let unknown = answer(
            &server,
            path,
            "nobody@example.com",
            with("nobody@example.com"),
        )
        .await;
        assert_eq!(known, unknown, "{path}");
    }
    // Registering a taken address answers like a new one, and the owner is told by email.
    let taken = server
        .client()
        .send_raw(
            reqwest::Method::POST,
            "v1/accounts",
            None,
            Some(
                serde_json::to_value(register_request("known@example.com", Region::Eu))
                    .expect("json"),
            ),
        )
        .await
        .expect("answer");
    let fresh = server
        .client()
        .send_raw(
            reqwest::Method::POST,
            "v1/accounts",
            None,
            Some(
                serde_json::to_value(register_request("fresh@example.com", Region::Eu))
                    .expect("json"),
            ),
        )
        .await
        .expect("answer");
    assert_eq!(taken.status, 202);
    assert_eq!(
        taken
            .body
            .to_string()
            .replace("known@example.com", "<email>"),
        fresh
            .body
            .to_string()
            .replace("fresh@example.com", "<email>")
    );
    server
        .message(
            "known@example.com",
            "Someone tried to create a Keyfob account",
        )
        .await;
    // The original password still works: nothing was overwritten.
    server
        .client()
        .login("known@example.com", PASSWORD)
        .await
        .expect("login");
}

//! Access tokens, refresh-token rotation and its reuse detection, signing out.

mod common;

use common::{code, TestServer, PASSWORD};
use keyfob_core::{account::Region, ErrorCode};

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_revokes_the_family() {
    let server = TestServer::start().await;
    let client = server.signed_in("rotate@example.com", Region::Eu).await;
    let first = client.session_tokens().expect("signed in");
    let second = client.refresh().await.expect("refresh");
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_ne!(second.access_token, first.access_token);
    // A thief replays the first refresh token: the whole session ends, for both holders.
    let thief = server.client();
    let replay = thief
        .send_raw(
            reqwest::Method::POST,
            "v1/sessions/refresh",
            None,
            Some(serde_json::json!({"refreshToken": first.refresh_token})),
        )
        .await
        .expect("answer");
    assert_eq!(replay.status, 401);
    assert_eq!(replay.body["code"], "refresh_token_reused");
    assert_eq!(code(client.me().await), ErrorCode::SessionRevoked);
    assert_eq!(code(client.refresh().await), ErrorCode::SessionRevoked);
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_by_the_client() {
    let server = TestServer::start().await;
    let client = server.signed_in("expiry@example.com", Region::Uk).await;
    let before = client.session_tokens().expect("signed in");
    server.advance(15 * 60);
    let raw = server
        .client()
        .send_raw(
            reqwest::Method::GET,
            "v1/me",
            Some(&before.access_token),
            None,
        )
        .await
        .expect("answer");
    assert_eq!(raw.body["code"], "token_expired");
    // The client notices, refreshes and retries without the caller seeing it.
    client.me().await.expect("me after refresh");
    let after = client.session_tokens().expect("still signed in");
    assert_ne!(after.access_token, before.access_token);
}

#[tokio::test]
async fn a_session_ends_thirty_days_after_sign_in_whatever_the_refreshes() {
    let server = TestServer::start().await;
    let client = server.signed_in("month@example.com", Region::Us).await;
    for _ in 0..29 {
        server.advance(24 * 3600);
        client.refresh().await.expect("refresh within 30 days");
    }
    server.advance(24 * 3600);
    assert_eq!(code(client.refresh().await), ErrorCode::SessionExpired);
}

#[tokio::test]
async fn logout_ends_this_session_and_logout_everywhere_ends_all() {
    let server = TestServer::start().await;
    let phone = server.signed_in("twice@example.com", Region::Jp).await;
    let laptop = server.client();
    laptop
        .login("twice@example.com", PASSWORD)
        .await
        .expect("login");
    let tablet = server.client();
    tablet
        .login("twice@example.com", PASSWORD)
        .await
        .expect("login");
    let phone_tokens = phone.session_tokens().expect("signed in");
    phone.logout().await.expect("logout");
    assert!(phone.session_tokens().is_none());
    let raw = server
        .client()
        .send_raw(
            reqwest::Method::GET,
            "v1/me",
            Some(&phone_tokens.access_token),
            None,
        )
        .await
        .expect("answer");
    assert_eq!(raw.body["code"], "session_revoked");
    laptop.me().await.expect("laptop still signed in");
    laptop.logout_everywhere().await.expect("everywhere");
    assert_eq!(code(tablet.me().await), ErrorCode::SessionRevoked);
}

#[tokio::test]
async fn wrong_or_missing_tokens_are_refused_as_unauthenticated() {
    let server = TestServer::start().await;
    let raw = server.client();
    for bearer in [None, Some("not-a-token"), Some("")] {
        let answer = raw
            .send_raw(reqwest::Method::GET, "v1/me", bearer, None)
            .await
            .expect("answer");
        assert_eq!(answer.status, 401);
        assert_eq!(answer.body["code"], "unauthenticated");
    }
    // Without a session the client does not even ask.
    assert!(matches!(
        server.client().me().await,
        Err(keyfob_client::ClientError::NotSignedIn)
    ));
}

#[tokio::test]
async fn the_sandboxs_seeded_accounts_are_confirmed_and_can_sign_in() {
    let server = TestServer::start().await;
    for (email, password) in [
        ("demo@sandbox.keyfob.test", "Sandbox-Demo-2026"),
        ("previous.owner@sandbox.keyfob.test", "Previous-Owner-2018"),
    ] {
        let client = server.client();
        let tokens = client.login(email, password).await.expect(email);
        assert!(tokens.account.email_confirmed, "{email} starts confirmed");
    }
}

use std::sync::Arc;

use keyfob_nissanconnect::fake::{AuthorizationKind, Failure, FakeEndpoint};
use keyfob_nissanconnect::{Error, Session, Tokens};
use time::Duration;

use crate::common::{world, EMAIL, PASSWORD, T0};

#[tokio::test]
async fn refresh_keeps_the_old_refresh_token_when_none_is_returned() {
    let w = world().await;
    let tokens = w.client.sign_in(EMAIL, PASSWORD).await.expect("signed in");
    w.fake.set_refresh_rotation(false);
    w.clock.advance(Duration::minutes(5));
    let fresh = w.client.refresh(&tokens).await.expect("refreshed");
    assert_ne!(fresh.access_token, tokens.access_token);
    assert_eq!(fresh.refresh_token, tokens.refresh_token);
    assert_eq!(
        fresh.expires_at,
        (T0 + Duration::minutes(5)).unix_timestamp() + 1800
    );

    let refresh = &w.fake.requests_to(FakeEndpoint::RefreshToken)[0];
    assert_eq!(refresh.authorization, AuthorizationKind::Raw);
    assert_eq!(
        refresh.content_type.as_deref(),
        Some("application/vnd.api+json")
    );
    assert_eq!(
        refresh.json(),
        Some(serde_json::json!({"scope": "openid profile vehicles"}))
    );
}

#[tokio::test]
async fn refresh_takes_a_rotated_refresh_token() {
    let w = world().await;
    let tokens = w.client.sign_in(EMAIL, PASSWORD).await.expect("signed in");
    let fresh = w.client.refresh(&tokens).await.expect("refreshed");
    assert_ne!(fresh.refresh_token, tokens.refresh_token);
    // The old one is spent.
    assert_eq!(w.client.refresh(&tokens).await, Err(Error::ReauthRequired));
}

#[tokio::test]
async fn a_refused_refresh_requires_a_new_sign_in() {
    let w = world().await;
    let tokens = w.client.sign_in(EMAIL, PASSWORD).await.expect("signed in");
    w.fake
        .fail_next(FakeEndpoint::RefreshToken, Failure::status(400));
    assert_eq!(w.client.refresh(&tokens).await, Err(Error::ReauthRequired));
    w.fake.fail_next(
        FakeEndpoint::RefreshToken,
        Failure::ErrorsWithOk {
            code: "invalid_grant".into(),
            detail: "x".into(),
        },
    );
    assert_eq!(w.client.refresh(&tokens).await, Err(Error::ReauthRequired));
    // A refresh endpoint that is down is not a refusal.
    w.fake
        .fail_next(FakeEndpoint::RefreshToken, Failure::status(503));
    assert_eq!(
        w.client.refresh(&tokens).await,
        Err(Error::ServiceUnavailable { retry_after: None })
    );
}

#[tokio::test]
async fn a_401_refreshes_once_and_the_call_succeeds() {
    let w = world().await;
    let session = w.session().await;
    let before = session.tokens();
    w.fake.expire_access_tokens();
    let user_id = session.user_id().await.expect("succeeds after one refresh");
    assert!(!user_id.is_empty());
    assert_eq!(w.fake.count(FakeEndpoint::RefreshToken), 1);
    assert_eq!(w.fake.count(FakeEndpoint::CurrentUser), 2);
    let after = session.tokens();
    assert_ne!(after, before, "the caller learns the new tokens");
    assert_eq!(
        w.fake.requests_to(FakeEndpoint::CurrentUser)[1].authorization,
        AuthorizationKind::Bearer
    );
}

#[tokio::test]
async fn a_401_after_the_refresh_ends_the_session() {
    let w = world().await;
    let session = w.session().await;
    w.fake
        .fail_next(FakeEndpoint::CurrentUser, Failure::Unauthorized);
    w.fake
        .fail_next(FakeEndpoint::CurrentUser, Failure::Unauthorized);
    assert_eq!(session.user_id().await, Err(Error::ReauthRequired));
    assert_eq!(w.fake.count(FakeEndpoint::RefreshToken), 1);
    assert_eq!(w.fake.count(FakeEndpoint::CurrentUser), 2);
}

#[tokio::test]
async fn a_refused_refresh_during_a_call_is_reauth_required() {
    let w = world().await;
    let session = w.session().await;
    w.fake.expire_access_tokens();
    w.fake.revoke_refresh_tokens();
    assert_eq!(session.user_id().await, Err(Error::ReauthRequired));
    // After signing in again the same session carries on.
    let tokens = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect("signed in again");
    session.set_tokens(tokens);
    assert!(session.user_id().await.is_ok());
}

#[tokio::test]
async fn an_expired_token_is_refreshed_before_sending() {
    let w = world().await;
    let session = w.session().await;
    w.clock.advance(Duration::minutes(31));
    session.user_id().await.expect("succeeds");
    assert_eq!(w.fake.count(FakeEndpoint::RefreshToken), 1);
    assert_eq!(
        w.fake.count(FakeEndpoint::CurrentUser),
        1,
        "no request went out with the stale token"
    );
    assert_eq!(
        session.tokens().expires_at,
        (T0 + Duration::minutes(31)).unix_timestamp() + 1800
    );
}

#[tokio::test]
async fn concurrent_401s_share_one_refresh() {
    let w = world().await;
    let session = Arc::new(w.session().await);
    let user_id = session.user_id().await.expect("user");
    w.fake.expire_access_tokens();
    let calls = (0..4).map(|_| {
        let session = Arc::clone(&session);
        let user_id = user_id.clone();
        tokio::spawn(async move { session.cars(&user_id).await.map(|cars| cars.len()) })
    });
    for call in calls {
        assert_eq!(call.await.expect("task"), Ok(4));
    }
    assert_eq!(w.fake.count(FakeEndpoint::RefreshToken), 1);
}

#[tokio::test]
async fn tokens_serialize_and_their_debug_is_redacted() {
    let w = world().await;
    let session: Session = w.session().await;
    let tokens = session.tokens();
    let shown = format!("{tokens:?} {session:?}");
    assert!(
        !shown.contains(&tokens.access_token) && !shown.contains(&tokens.refresh_token),
        "{shown}"
    );
    let json = serde_json::to_string(&tokens).expect("serializes");
    let back: Tokens = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, tokens);
}

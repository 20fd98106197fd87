use std::time::Duration;

use keyfob_nissanconnect::fake::{
    AuthorizationKind, Failure, FakeEndpoint, FakeNissan, LoginQuirk,
};
use keyfob_nissanconnect::Error;
use url::Url;

use crate::common::{client_for, world, world_with_timeouts, EMAIL, PASSWORD, T0};

/// Neither the message nor the debug form of an error may carry the password.
fn assert_no_password(error: &Error) {
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
}

#[tokio::test]
async fn sign_in_runs_the_oneid_flow_and_exchanges_the_raw_id_token() {
    let w = world().await;
    let tokens = w.client.sign_in(EMAIL, PASSWORD).await.unwrap_or_else(|e| {
        panic!(
            "sign-in failed: {e:?}; the fake saw {:#?}",
            w.fake.requests()
        )
    });
    assert!(!tokens.access_token.is_empty() && !tokens.refresh_token.is_empty());
    assert_eq!(tokens.expires_at, T0.unix_timestamp() + 1800);

    let endpoints: Vec<_> = w.fake.requests().iter().map(|r| r.endpoint).collect();
    assert_eq!(
        endpoints,
        [
            Some(FakeEndpoint::Authorize),
            Some(FakeEndpoint::LoginPage),
            Some(FakeEndpoint::CommonAuth),
            Some(FakeEndpoint::Authorize),
            Some(FakeEndpoint::Token),
            Some(FakeEndpoint::KamereonToken),
        ]
    );
    let authorize = &w.fake.requests_to(FakeEndpoint::Authorize)[0];
    let query = authorize.query.clone().expect("authorize has a query");
    assert!(
        query.contains("code_challenge_method=S256") && query.contains("client=mynissanapp"),
        "{query}"
    );

    let post = &w.fake.requests_to(FakeEndpoint::CommonAuth)[0];
    assert!(
        post.had_cookie,
        "the session cookie goes back with the credentials"
    );
    assert_eq!(
        post.origin.as_deref(),
        Some(w.fake.base_url().origin().ascii_serialization().as_str())
    );
    let form: Vec<(String, String)> = url::form_urlencoded::parse(post.body.as_bytes())
        .into_owned()
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(field("username"), Some("NG/driver@example.com"));
    assert_eq!(field("userName"), Some(EMAIL));
    assert_eq!(field("regionCode"), Some("NG"));
    assert!(field("sessionDataKey").is_some_and(|k| !k.is_empty()));
    assert_eq!(
        field("password"),
        Some("<redacted>"),
        "the fake redacts what it records"
    );

    let token = &w.fake.requests_to(FakeEndpoint::Token)[0];
    assert!(token.body.contains("code_verifier="), "{}", token.body);
    assert!(!token.body.contains("client_secret"));

    let exchange = &w.fake.requests_to(FakeEndpoint::KamereonToken)[0];
    assert_eq!(
        exchange.authorization,
        AuthorizationKind::Raw,
        "the id_token goes without Bearer"
    );
    assert_eq!(
        exchange.content_type.as_deref(),
        Some("application/vnd.api+json")
    );
    assert_eq!(exchange.query.as_deref(), Some("platform=Android"));
    assert_eq!(w.fake.pending_logins(), 0);
}

#[tokio::test]
async fn an_empty_region_code_sends_the_plain_email() {
    let w = world().await;
    w.fake.set_region_code("");
    w.client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect("sign-in succeeds");
    let post = &w.fake.requests_to(FakeEndpoint::CommonAuth)[0];
    assert!(
        post.body.contains("username=driver%40example.com"),
        "{}",
        post.body
    );
}

#[tokio::test]
async fn a_wrong_password_is_invalid_credentials() {
    let w = world().await;
    let error = w
        .client
        .sign_in(EMAIL, "not-the-password")
        .await
        .expect_err("refused");
    assert_eq!(error, Error::InvalidCredentials);
    assert_eq!(error.code(), "invalid_credentials");
    assert_eq!(w.fake.count(FakeEndpoint::Token), 0);
    // The failure page was fetched: the form came back with authFailure in the address.
    let pages = w.fake.requests_to(FakeEndpoint::LoginPage);
    assert!(pages
        .last()
        .and_then(|p| p.query.clone())
        .is_some_and(|q| q.contains("authFailure=true")));
}

#[tokio::test]
async fn an_unknown_account_is_invalid_credentials() {
    let w = world().await;
    let error = w
        .client
        .sign_in("nobody@example.com", PASSWORD)
        .await
        .expect_err("refused");
    assert_eq!(error, Error::InvalidCredentials);
    assert_no_password(&error);
}

#[tokio::test]
async fn a_locked_account_is_reported() {
    let w = world().await;
    w.fake.set_account_locked(EMAIL, true);
    let error = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("refused");
    assert_eq!(error, Error::AccountLocked);
    assert_eq!(error.code(), "account_locked");
    assert_no_password(&error);
}

#[tokio::test]
async fn a_pending_consent_page_is_login_incomplete() {
    let w = world().await;
    w.fake.set_consent_pending(EMAIL, true);
    let error = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("stops at the terms");
    match &error {
        Error::LoginIncomplete { reason } => assert!(reason.contains("Updated terms"), "{reason}"),
        other => panic!("expected LoginIncomplete, got {other:?}"),
    }
    assert_no_password(&error);
}

#[tokio::test]
async fn an_access_denied_callback_is_invalid_credentials() {
    let w = world().await;
    w.fake
        .set_login_quirk(LoginQuirk::CallbackError("access_denied".into()));
    assert_eq!(
        w.client.sign_in(EMAIL, PASSWORD).await,
        Err(Error::InvalidCredentials)
    );
}

#[tokio::test]
async fn a_stopped_service_is_unavailable() {
    let w = world().await;
    let client = w.client.clone();
    w.fake.stop().await;
    let error = client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("nothing listens");
    assert_eq!(error, Error::ServiceUnavailable { retry_after: None });
    assert!(error.is_temporary());
}

#[tokio::test]
async fn a_503_during_sign_in_is_unavailable_with_retry_after() {
    let w = world().await;
    w.fake.fail_next(
        FakeEndpoint::Authorize,
        Failure::Status {
            status: 503,
            retry_after_seconds: Some(120),
        },
    );
    let error = w.client.sign_in(EMAIL, PASSWORD).await.expect_err("down");
    assert_eq!(
        error,
        Error::ServiceUnavailable {
            retry_after: Some(Duration::from_secs(120))
        }
    );
}

#[tokio::test]
async fn a_429_on_the_credentials_post_is_rate_limited() {
    let w = world().await;
    w.fake.fail_next(
        FakeEndpoint::CommonAuth,
        Failure::RateLimited {
            retry_after_seconds: 30,
        },
    );
    let error = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("limited");
    assert_eq!(
        error,
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(30))
        }
    );
    assert_no_password(&error);
}

#[tokio::test]
async fn a_slow_login_service_times_out_as_unavailable() {
    let w = world_with_timeouts(Duration::from_millis(300), Duration::from_secs(10)).await;
    w.fake.fail_next(
        FakeEndpoint::LoginPage,
        Failure::Slow(Duration::from_secs(3)),
    );
    let error = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("too slow");
    assert_eq!(error, Error::ServiceUnavailable { retry_after: None });
    assert_eq!(w.fake.count(FakeEndpoint::CommonAuth), 0);
}

#[tokio::test]
async fn a_state_mismatch_is_refused_before_the_code_is_used() {
    let w = world().await;
    w.fake.set_login_quirk(LoginQuirk::WrongState);
    let error = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, Error::Protocol(m) if m.contains("state")),
        "{error:?}"
    );
    assert_eq!(w.fake.count(FakeEndpoint::Token), 0);
}

async fn foreign_site() -> (FakeNissan, Url) {
    let foreign = FakeNissan::start().await.expect("a second server starts");
    let address = foreign.base_url().join("auth/commonauth").expect("joins");
    (foreign, address)
}

#[tokio::test]
async fn a_form_posting_to_another_host_is_refused_and_gets_no_password() {
    let w = world().await;
    let (foreign, address) = foreign_site().await;
    w.fake.set_login_quirk(LoginQuirk::FormActionTo(address));
    let error = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, Error::Protocol(m) if m.contains("password was not sent")),
        "{error:?}"
    );
    assert!(
        foreign.requests().is_empty(),
        "nothing reached the other host"
    );
    assert_eq!(w.fake.count(FakeEndpoint::CommonAuth), 0);
    assert_no_password(&error);
}

#[tokio::test]
async fn redirects_to_another_host_are_not_followed() {
    for quirk in [
        LoginQuirk::AuthorizeRedirectTo as fn(Url) -> LoginQuirk,
        LoginQuirk::SuccessRedirectTo,
    ] {
        let w = world().await;
        let (foreign, address) = foreign_site().await;
        w.fake.set_login_quirk(quirk(address));
        let error = w
            .client
            .sign_in(EMAIL, PASSWORD)
            .await
            .expect_err("refused");
        assert!(
            matches!(&error, Error::Protocol(m) if m.contains("another site")),
            "{error:?}"
        );
        assert!(
            foreign.requests().is_empty(),
            "nothing reached the other host"
        );
        assert_eq!(w.fake.count(FakeEndpoint::Token), 0);
    }
}

#[tokio::test]
async fn a_token_answer_without_id_token_fails() {
    let w = world().await;
    w.fake.set_login_quirk(LoginQuirk::NoIdToken);
    let error = w
        .client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect_err("no id_token");
    assert!(
        matches!(&error, Error::Protocol(m) if m.contains("id_token")),
        "{error:?}"
    );
    assert_eq!(w.fake.count(FakeEndpoint::KamereonToken), 0);
}

#[tokio::test]
async fn empty_credentials_are_refused_locally() {
    let w = world().await;
    assert!(matches!(
        w.client.sign_in(" ", PASSWORD).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        w.client.sign_in(EMAIL, "").await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(w.fake.requests().is_empty());
}

#[tokio::test]
async fn each_attempt_starts_a_fresh_login_session() {
    let w = world().await;
    let _ = w.client.sign_in(EMAIL, "wrong").await;
    w.client
        .sign_in(EMAIL, PASSWORD)
        .await
        .expect("the second attempt succeeds");
    // A shared client with one cookie jar per attempt: both attempts began with no cookie.
    let authorizes = w.fake.requests_to(FakeEndpoint::Authorize);
    assert!(!authorizes[0].had_cookie);
    let second_start = authorizes
        .iter()
        .filter(|r| r.query.as_deref().is_some_and(|q| q.contains("client_id")))
        .nth(1);
    assert!(second_start.is_some_and(|r| !r.had_cookie));
}

#[tokio::test]
async fn http_endpoints_off_loopback_are_refused() {
    let base = Url::parse("http://nissan.example/").expect("valid");
    assert!(matches!(
        keyfob_nissanconnect::Endpoints::from_base(&base),
        Err(Error::InvalidArgument(_))
    ));
    // And the client for the fake is fine with loopback http.
    let w = world().await;
    let _ = client_for(
        &w.fake,
        &w.clock,
        Duration::from_secs(1),
        Duration::from_secs(1),
    );
}

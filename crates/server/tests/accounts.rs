//! Registration, email confirmation, password reset and the account's own settings.

mod common;

use common::{code, register_request, TestServer, PASSWORD};
use keyfob_core::{account::Region, api::account::UpdateProfileRequest, ErrorCode};

#[tokio::test]
async fn register_confirm_and_sign_in() {
    let server = TestServer::start().await;
    let client = server.client();
    let done = client
        .register(&register_request("anna@example.com", Region::Eu))
        .await
        .expect("register");
    assert!(done.message.contains("anna@example.com"));
    // Not confirmed yet: the right password is told to confirm first.
    assert_eq!(
        code(client.login("anna@example.com", PASSWORD).await),
        ErrorCode::EmailNotConfirmed
    );
    let token = server
        .link_token("anna@example.com", "Confirm your Keyfob account")
        .await;
    client.confirm_email(&token).await.expect("confirm");
    // The link is single-use.
    assert_eq!(
        code(client.confirm_email(&token).await),
        ErrorCode::ConfirmationTokenInvalid
    );
    let session = client
        .login("ANNA@example.com", PASSWORD)
        .await
        .expect("login, address case ignored");
    assert!(session.account.email_confirmed);
    assert_eq!(session.account.region, Region::Eu);
    let me = client.me().await.expect("me");
    assert_eq!(me.email, "anna@example.com");
}

#[tokio::test]
async fn every_rule_of_core_refuses_registration_with_its_code() {
    let server = TestServer::start().await;
    let client = server.client();
    let base = register_request("rules@example.com", Region::Uk);
    let cases = [
        (
            keyfob_core::api::account::RegisterRequest {
                email: "not-an-address".into(),
                ..base.clone()
            },
            ErrorCode::EmailInvalid,
        ),
        (
            keyfob_core::api::account::RegisterRequest {
                password: "Short1".into(),
                ..base.clone()
            },
            ErrorCode::PasswordTooShort,
        ),
        (
            keyfob_core::api::account::RegisterRequest {
                password: "no capitals here 42".into(),
                ..base.clone()
            },
            ErrorCode::PasswordNoCapital,
        ),
        (
            keyfob_core::api::account::RegisterRequest {
                password: "Password1".into(),
                ..base.clone()
            },
            ErrorCode::PasswordCommon,
        ),
        (
            keyfob_core::api::account::RegisterRequest {
                nickname: "a b".into(),
                ..base.clone()
            },
            ErrorCode::NicknameCharacter,
        ),
        (
            keyfob_core::api::account::RegisterRequest {
                phone: Some("0770 090".into()),
                ..base.clone()
            },
            ErrorCode::PhoneInvalid,
        ),
    ];
    for (request, expected) in cases {
        assert_eq!(code(client.register(&request).await), expected);
    }
    // Nothing was created by the refusals.
    assert!(client
        .sandbox_outbox("rules@example.com")
        .await
        .expect("outbox")
        .is_empty());
}

#[tokio::test]
async fn confirmation_links_expire_after_a_day_and_can_be_resent_at_a_limited_pace() {
    let server = TestServer::start().await;
    let client = server.client();
    client
        .register(&register_request("late@example.com", Region::Us))
        .await
        .expect("register");
    let token = server
        .link_token("late@example.com", "Confirm your Keyfob account")
        .await;
    server.advance(24 * 3600);
    assert_eq!(
        code(client.confirm_email(&token).await),
        ErrorCode::ConfirmationTokenExpired
    );
    client
        .resend_confirmation("late@example.com")
        .await
        .expect("resend");
    let limited = client.resend_confirmation("late@example.com").await;
    let error = limited.as_ref().err().and_then(|e| e.api_error()).cloned();
    let error = error.expect("rate limited");
    assert_eq!(error.code, ErrorCode::ResendTooSoon);
    assert_eq!(error.retry_after_seconds, Some(60));
    let fresh = server
        .link_token("late@example.com", "Confirm your Keyfob account")
        .await;
    assert_ne!(fresh, token);
    client.confirm_email(&fresh).await.expect("confirm");
    server.advance(61);
    // Once confirmed, a resend sends nothing new but answers the same.
    client
        .resend_confirmation("late@example.com")
        .await
        .expect("resend");
    let confirm_mails = client
        .sandbox_outbox("late@example.com")
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.subject.contains("Confirm"))
        .count();
    assert_eq!(confirm_mails, 2);
}

#[tokio::test]
async fn password_reset_is_single_use_expires_in_an_hour_and_signs_out_everywhere() {
    let server = TestServer::start().await;
    let phone = server.signed_in("reset@example.com", Region::Ca).await;
    let laptop = server.client();
    laptop
        .login("reset@example.com", PASSWORD)
        .await
        .expect("second device");
    let client = server.client();
    client
        .forgot_password("reset@example.com")
        .await
        .expect("forgot");
    let stale = server
        .link_token("reset@example.com", "Reset your Keyfob password")
        .await;
    server.advance(3600);
    assert_eq!(
        code(client.reset_password(&stale, "Brand-New-Harbour-7").await),
        ErrorCode::ResetTokenExpired
    );
    client
        .forgot_password("reset@example.com")
        .await
        .expect("forgot again");
    let token = server
        .link_token("reset@example.com", "Reset your Keyfob password")
        .await;
    assert_eq!(
        code(client.reset_password(&token, "password").await),
        ErrorCode::PasswordNoCapital
    );
    client
        .reset_password(&token, "Brand-New-Harbour-7")
        .await
        .expect("reset");
    assert_eq!(
        code(client.reset_password(&token, "Another-New-Harbour-8").await),
        ErrorCode::ResetTokenInvalid
    );
    // Every earlier session ended.
    assert_eq!(code(phone.me().await), ErrorCode::SessionRevoked);
    assert_eq!(code(laptop.me().await), ErrorCode::SessionRevoked);
    assert_eq!(
        code(client.login("reset@example.com", PASSWORD).await),
        ErrorCode::InvalidCredentials
    );
    client
        .login("reset@example.com", "Brand-New-Harbour-7")
        .await
        .expect("new password works");
    server
        .message("reset@example.com", "Your Keyfob password was changed")
        .await;
}

#[tokio::test]
async fn change_password_checks_the_current_one_and_signs_out_other_devices() {
    let server = TestServer::start().await;
    let client = server.signed_in("change@example.com", Region::Jp).await;
    let other = server.client();
    other
        .login("change@example.com", PASSWORD)
        .await
        .expect("other device");
    assert_eq!(
        code(
            client
                .change_password("Wrong-Password-1", "Lighthouse-Keeper-3")
                .await
        ),
        ErrorCode::WrongPassword
    );
    assert_eq!(
        code(client.change_password(PASSWORD, PASSWORD).await),
        ErrorCode::PasswordUnchanged
    );
    client
        .change_password(PASSWORD, "Lighthouse-Keeper-3")
        .await
        .expect("change");
    client.me().await.expect("this device stays signed in");
    assert_eq!(code(other.me().await), ErrorCode::SessionRevoked);
}

#[tokio::test]
async fn profile_changes_nickname_and_phone_and_refuses_bad_values() {
    let server = TestServer::start().await;
    let client = server.signed_in("profile@example.com", Region::Ru).await;
    let updated = client
        .update_profile(&UpdateProfileRequest {
            nickname: Some("Road.Runner".into()),
            phone: Some("+7 912 345-67-89".into()),
            current_password: Some(PASSWORD.into()),
        })
        .await
        .expect("update");
    assert_eq!(updated.nickname, "Road.Runner");
    assert_eq!(updated.phone.as_deref(), Some("+79123456789"));
    assert_eq!(
        code(
            client
                .update_profile(&UpdateProfileRequest {
                    nickname: Some("xy".into()),
                    ..Default::default()
                })
                .await
        ),
        ErrorCode::NicknameLength
    );
    let cleared = client
        .update_profile(&UpdateProfileRequest {
            nickname: None,
            phone: Some(String::new()),
            current_password: Some(PASSWORD.into()),
        })
        .await
        .expect("clear phone");
    assert_eq!(cleared.phone, None);
    assert_eq!(cleared.nickname, "Road.Runner");
}

#[tokio::test]
async fn deleting_the_account_needs_the_password_and_ends_everything() {
    let server = TestServer::start().await;
    let client = server.signed_in("leaving@example.com", Region::Uk).await;
    assert_eq!(
        code(client.delete_account("Not-My-Password-9").await),
        ErrorCode::WrongPassword
    );
    client.delete_account(PASSWORD).await.expect("delete");
    let again = server.client();
    assert_eq!(
        code(again.login("leaving@example.com", PASSWORD).await),
        ErrorCode::InvalidCredentials
    );
    // The address is free again.
    again
        .register(&register_request("leaving@example.com", Region::Uk))
        .await
        .expect("register again");
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_with_a_countdown() {
    let server = TestServer::start().await;
    server.signed_in("target@example.com", Region::Eu).await;
    let attacker = server.client();
    for _ in 0..5 {
        assert_eq!(
            code(attacker.login("target@example.com", "Guess-Guess-1").await),
            ErrorCode::InvalidCredentials
        );
    }
    let locked = attacker.login("target@example.com", PASSWORD).await;
    let error = locked
        .as_ref()
        .err()
        .and_then(|e| e.api_error())
        .cloned()
        .expect("locked");
    assert_eq!(error.code, ErrorCode::TooManyAttempts);
    let wait = error.retry_after_seconds.expect("a countdown");
    assert!(error.message.contains(&format!("{wait} s")));
    server.advance(i64::from(wait));
    attacker
        .login("target@example.com", PASSWORD)
        .await
        .expect("unlocked after the wait");
}

#[tokio::test]
async fn sign_in_is_throttled_per_address_across_accounts() {
    let server = TestServer::start().await;
    let attacker = server.client();
    for n in 0..20 {
        assert_eq!(
            code(
                attacker
                    .login(&format!("victim{n}@example.com"), "Guess-Guess-1")
                    .await
            ),
            ErrorCode::InvalidCredentials
        );
    }
    assert_eq!(
        code(
            attacker
                .login("victim99@example.com", "Guess-Guess-1")
                .await
        ),
        ErrorCode::TooManyAttempts
    );
}

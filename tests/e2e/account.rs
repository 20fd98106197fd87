//! Account scenarios: sign-up with the confirmation from the sandbox mailbox or the deep link,
//! the live password policy, and a forgotten password.

use keyfob_e2e::{scenario, Page, Result};

pub const DEMO_EMAIL: &str = "demo@sandbox.keyfob.test";
pub const DEMO_PASSWORD: &str = "Sandbox-Demo-2026";
const NEW_PASSWORD: &str = "Quiet-Harbour-Lantern-58";

/// Fills and sends the registration form, then waits for the confirmation screen.
pub async fn register(page: &Page, email: &str, region: &str) -> Result {
    page.click("nav-register").await?;
    page.fill("register-email", email).await?;
    page.fill("register-password-input", NEW_PASSWORD).await?;
    page.wait_for_attribute("register-password-rule-not_common", "data-met", "true")
        .await?;
    page.fill("register-nickname", "Qashqai_2023").await?;
    page.choose("register-region", region).await?;
    page.click("register-submit").await?;
    page.element("screen-confirm-email").await?;
    page.wait_for_text("screen-confirm-email", email).await?;
    Ok(())
}

/// Opens the newest message to `to` in the sandbox mailbox whose subject has `subject`, and
/// follows its link.
async fn follow_mail_link(page: &Page, subject: &str) -> Result {
    page.wait_until(&format!("a mail about {subject:?}"), |page| {
        let subject = subject.to_owned();
        async move {
            Ok(page
                .text("mailbox-message-subject")
                .await?
                .contains(&subject))
        }
    })
    .await?;
    page.click("mailbox-message-action").await
}

/// Registers an account, confirms it from the sandbox mailbox and signs in.
pub async fn new_confirmed_account(page: &Page, email: &str, region: &str) -> Result {
    register(page, email, region).await?;
    page.click("confirm-email-open-mailbox").await?;
    page.element("screen-mailbox").await?;
    follow_mail_link(page, "Confirm your Keyfob account").await?;
    page.wait_for_text("mailbox-action-result", "confirmed")
        .await?;
    page.sign_in(email, NEW_PASSWORD).await
}

#[tokio::test]
async fn register_confirm_from_the_mailbox_and_sign_in() {
    scenario("register_confirm_sign_in", |page| async move {
        page.start_sandbox().await?;
        new_confirmed_account(&page, "new.owner@example.com", "EU").await?;
        page.wait_for_attribute("header-account", "aria-label", "Account: Qashqai_2023")
            .await?;
        page.element("vehicles-empty").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn signing_in_before_confirming_says_what_to_do() {
    scenario("sign_in_unconfirmed", |page| async move {
        page.start_sandbox().await?;
        register(&page, "early.bird@example.com", "UK").await?;
        page.click("nav-sign-in").await?;
        page.fill("sign-in-email", "early.bird@example.com").await?;
        page.fill("sign-in-password", NEW_PASSWORD).await?;
        page.click("sign-in-submit").await?;
        page.wait_for_attribute("sign-in-error", "data-code", "email_not_confirmed")
            .await?;
        page.click("sign-in-confirm-email").await?;
        page.element("screen-confirm-email").await?;
        // The code pasted by hand: a wrong one is refused on the field, nothing else changes.
        page.fill("confirm-email-code", "0123456789abcdef").await?;
        page.click("confirm-email-submit").await?;
        page.element("confirm-email-error").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_confirmation_link_opens_the_running_app_and_confirms() {
    scenario("verify_deep_link", |page| async move {
        page.start_sandbox().await?;
        register(&page, "linked.owner@example.com", "EU").await?;
        page.click("confirm-email-open-mailbox").await?;
        let link = page
            .element("mailbox-message-action")
            .await?
            .attr("href")
            .await?
            .ok_or("the mail's link has no address")?;
        assert!(link.starts_with("keyfob://verify?token="), "{link}");
        page.open_link(&link).await?;
        page.element("screen-confirm-email").await?;
        page.wait_for_text("confirm-email-success", "confirmed")
            .await?;
        page.click("confirm-email-sign-in").await?;
        page.fill("sign-in-email", "linked.owner@example.com")
            .await?;
        page.fill("sign-in-password", NEW_PASSWORD).await?;
        page.click("sign-in-submit").await?;
        page.element("screen-vehicles").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_weak_or_common_password_is_refused_live() {
    scenario("register_password_policy", |page| async move {
        page.start_sandbox().await?;
        page.click("nav-register").await?;
        page.fill("register-email", "careful@example.com").await?;
        page.fill("register-password-input", "password").await?;
        page.wait_for_attribute("register-password-rule-capital", "data-met", "false")
            .await?;
        page.wait_for_attribute("register-password-rule-not_common", "data-met", "false")
            .await?;
        page.fill("register-password-input", "Password1").await?;
        page.wait_for_attribute("register-password-rule-capital", "data-met", "true")
            .await?;
        page.wait_for_attribute("register-password-rule-not_common", "data-met", "false")
            .await?;
        page.fill("register-nickname", "careful_driver").await?;
        page.click("register-submit").await?;
        // Refused: still on the form, the password field says why, the rest is kept.
        page.element("register-password-error").await?;
        page.element("screen-register").await?;
        let email = page.element("register-email").await?.prop("value").await?;
        assert_eq!(email.as_deref(), Some("careful@example.com"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_from_the_mailbox() {
    scenario("forgot_and_reset_password", |page| async move {
        page.start_sandbox().await?;
        page.click("nav-sign-in").await?;
        page.click("sign-in-forgot").await?;
        page.fill("forgot-email", DEMO_EMAIL).await?;
        page.click("forgot-submit").await?;
        page.element("forgot-sent").await?;
        page.click("nav-mailbox").await?;
        page.fill("mailbox-address", DEMO_EMAIL).await?;
        page.click("mailbox-refresh").await?;
        follow_mail_link(&page, "Reset your Keyfob password").await?;
        page.element("screen-reset-password").await?;
        page.fill("reset-password-input", NEW_PASSWORD).await?;
        page.click("reset-submit").await?;
        page.element("reset-success").await?;
        // The old password no longer works; the new one does.
        page.click("nav-sign-in").await?;
        page.fill("sign-in-email", DEMO_EMAIL).await?;
        page.fill("sign-in-password", DEMO_PASSWORD).await?;
        page.click("sign-in-submit").await?;
        page.element("sign-in-error").await?;
        page.fill("sign-in-password", NEW_PASSWORD).await?;
        page.click("sign-in-submit").await?;
        page.element("screen-vehicles").await?;
        Ok(())
    })
    .await;
}

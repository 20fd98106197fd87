//! Head-unit authentication keys end to end: the owner generates a key in the app, types it with
//! hyphens at the car's head unit (the sandbox's car window), where it is accepted; three wrong
//! entries then lock the head unit until the dealer's unlock.

use keyfob_e2e::{scenario, Page, Result};

use crate::account::{DEMO_EMAIL, DEMO_PASSWORD};
use crate::vehicles::confirm_in_the_car;

/// Firmware 2.9.3: the key alone, no SMS step.
const XTRAIL_2019: &str = "SJNTAAT33KU184562";

async fn keys_screen_of_active_xtrail(page: &Page) -> Result {
    page.start_sandbox().await?;
    page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
    page.link_car(XTRAIL_2019, "XT32-0184562").await?;
    confirm_in_the_car(page).await?;
    page.click("nav-dashboard").await?;
    page.wait_for_text("dashboard-title", "X-Trail").await?;
    page.click("dashboard-auth-keys").await?;
    page.element("auth-keys-screen").await?;
    Ok(())
}

/// "Ab3dEfG7hJ2mN4qR" → "Ab3d-EfG7-hJ2m-N4qR", as a person might copy it.
fn with_hyphens(key: &str) -> String {
    key.chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

async fn enter_key(page: &Page, typed: &str) -> Result {
    page.fill("head-unit-key-input", typed).await?;
    page.click("head-unit-key-submit").await
}

#[tokio::test]
async fn a_key_from_the_app_is_accepted_at_the_head_unit_and_three_wrong_ones_lock_it() {
    scenario("auth_key_at_the_head_unit", |page| async move {
        keys_screen_of_active_xtrail(&page).await?;
        page.click("auth-key-reason-software_update").await?;
        page.click("auth-key-generate").await?;
        page.element("auth-key-value").await?;
        let key = page
            .attr("auth-key-value", "data-key")
            .await?
            .ok_or("the key's characters")?;
        assert_eq!(key.len(), 16, "{key}");
        page.element("auth-key-countdown").await?;

        // At the car: typed with hyphens, accepted.
        let app_window = page.switch_to_window_with("head-unit-key-input").await?;
        enter_key(&page, &with_hyphens(&key)).await?;
        page.wait_for_attribute("head-unit-key-result", "data-outcome", "accepted")
            .await?;

        // Used once: the same key again is a wrong entry, and so are two typos; then locked.
        enter_key(&page, &key).await?;
        page.wait_for_attribute("head-unit-key-result", "data-outcome", "invalid_key")
            .await?;
        enter_key(&page, "Ab3dEfG7hJ2mN4qR").await?;
        page.wait_for_text("head-unit-key-result", "1 try left")
            .await?;
        enter_key(&page, "Ab3dEfG7hJ2mN4qT").await?;
        page.element("head-unit-locked").await?;

        // The dealer's tool unlocks it; the prompt is back.
        page.click("head-unit-dealer-unlock").await?;
        page.element("head-unit-key-input").await?;
        page.switch_to_window(app_window).await?;

        // In the app the key is listed as used.
        page.click("nav-dashboard").await?;
        page.click("dashboard-auth-keys").await?;
        page.wait_for_attribute("auth-key-item", "data-state", "used")
            .await?;
        Ok(())
    })
    .await;
}

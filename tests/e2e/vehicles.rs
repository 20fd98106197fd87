//! Vehicle scenarios: linking with its confirmation on the head unit, every linking refusal,
//! two cars on one account, removing a car, and everything still there after a restart.

use keyfob_e2e::{scenario, scenario_in, Page, Result};

use crate::account::{new_confirmed_account, DEMO_EMAIL, DEMO_PASSWORD};

/// Enters a VIN in the wizard and waits for the lookup (or its error).
async fn look_up(page: &Page, vin: &str) -> Result {
    page.fill("link-vin-input", vin).await?;
    page.click("link-vin-lookup").await?;
    Ok(())
}

/// Presses Confirm on the head-unit window and waits for the app to show the car active.
pub async fn confirm_in_the_car(page: &Page) -> Result {
    page.wait_for_attribute("activation-step-pending", "data-status", "current")
        .await?;
    page.click("activation-open-head-unit").await?;
    let app_window = page.switch_to_window_with("screen-head-unit").await?;
    page.element("head-unit-prompt").await?;
    page.wait_for_text("head-unit-owner", "demo_owner").await?;
    page.click("head-unit-confirm").await?;
    page.element("head-unit-active").await?;
    page.switch_to_window(app_window).await?;
    page.wait_for_attribute("activation-step-active", "data-status", "done")
        .await?;
    Ok(())
}

pub const QASHQAI: &str = "SJNTAAJ11SU512207";
pub const ARIYA: &str = "JN1FAAFE1PT067315";

#[tokio::test]
async fn a_car_is_linked_confirmed_in_the_car_and_active() {
    scenario("link_and_activate", |page| async move {
        page.start_sandbox().await?;
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
        page.click("vehicles-link").await?;
        look_up(&page, QASHQAI).await?;
        page.wait_for_text("link-lookup-model", "Qashqai").await?;
        page.wait_for_text("link-lookup-year", "2025").await?;
        page.click("link-continue").await?;
        page.element("link-proof-where").await?;
        // A wrong proof is refused with its guidance; the right one links.
        page.choose("link-proof-kind", "body_number").await?;
        page.fill("link-proof-value", "QJ12-0000000").await?;
        page.click("link-submit").await?;
        page.wait_for_attribute("link-error", "data-code", "proof_wrong")
            .await?;
        page.fill("link-proof-value", "QJ12-0512207").await?;
        page.click("link-submit").await?;
        page.element("activation-steps").await?;
        confirm_in_the_car(&page).await?;
        page.click("link-finish").await?;
        page.element("screen-vehicles").await?;
        let card = page.element("vehicle-card").await?;
        assert_eq!(card.attr("data-state").await?.as_deref(), Some("active"));
        let vin = page.text("vehicle-card-vin").await?;
        assert!(
            vin.ends_with("512207") && !vin.contains(QASHQAI),
            "masked: {vin}"
        );
        Ok(())
    })
    .await;
}

/// A fresh wizard, from the vehicle list.
async fn start_linking(page: &Page) -> Result {
    page.click("nav-vehicles").await?;
    page.click("vehicles-link").await?;
    page.element("link-vin-input").await?;
    Ok(())
}

#[tokio::test]
async fn every_linking_refusal_is_explained() {
    scenario("linking_errors", |page| async move {
        page.start_sandbox().await?;
        new_confirmed_account(&page, "us.owner@example.com", "US").await?;
        // A 2015 car with NissanConnect 1.0/2.0: shown as unsupported at the lookup.
        start_linking(&page).await?;
        look_up(&page, "3N1AB7AP1FL447213").await?;
        page.element("link-unsupported").await?;
        // A Canadian car for a US account: refused at the lookup.
        start_linking(&page).await?;
        look_up(&page, "5N1BT3BB8SC473206").await?;
        page.wait_for_attribute("link-error", "data-code", "market_mismatch")
            .await?;
        page.element("link-error-guidance").await?;
        // The others are found, then refused when linking, each with its code and guidance.
        for (vin, proof, code) in [
            ("3N1CP5DV0SL726350", "KP16-0726350", "sim_not_activated"),
            (
                "5N1AT2MV3JC862041",
                "RT32-0862041",
                "vehicle_already_linked",
            ),
            ("1N6ED1EK4TN094415", "FD41-9999999", "proof_wrong"),
        ] {
            start_linking(&page).await?;
            look_up(&page, vin).await?;
            page.element("link-lookup").await?;
            page.click("link-continue").await?;
            page.choose("link-proof-kind", "body_number").await?;
            page.fill("link-proof-value", proof).await?;
            page.click("link-submit").await?;
            page.wait_for_attribute("link-error", "data-code", code)
                .await?;
            page.element("link-error-guidance").await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn two_cars_one_removed_and_everything_kept_across_a_restart() {
    let folder = tempfile::tempdir().expect("folder");
    scenario_in("two_cars_first_launch", folder.path(), |page| async move {
        page.start_sandbox().await?;
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
        page.link_car(QASHQAI, "QJ12-0512207").await?;
        page.click("nav-vehicles").await?;
        page.link_car(ARIYA, "AFE0-0067315").await?;
        page.click("nav-vehicles").await?;
        page.wait_until("two cars listed", |page| async move {
            Ok(page.count("vehicle-card").await? == 2)
        })
        .await?;
        // Switch to the Ariya.
        card_button(&page, "Ariya", "vehicle-card-select").await?;
        page.wait_until("the Ariya selected", |page| async move {
            let selected = page
                .element_css("[data-testid='vehicle-card'][data-selected='true'] [data-testid='vehicle-card-model']")
                .await?;
            Ok(selected.text().await?.contains("Ariya"))
        })
        .await?;
        Ok(())
    })
    .await;

    // After a restart: still signed in, both cars there without signing in again.
    scenario_in("two_cars_after_restart", folder.path(), |page| async move {
        page.element("screen-vehicles").await?;
        page.wait_until("two cars after the restart", |page| async move {
            Ok(page.count("vehicle-card").await? == 2)
        })
        .await?;
        // Selling the Qashqai: the password again, then it is gone with a reminder.
        card_button(&page, "Qashqai", "vehicle-card-open").await?;
        page.element("screen-vehicle").await?;
        page.click("vehicle-remove-open").await?;
        page.fill("vehicle-remove-password", "not-my-password")
            .await?;
        page.click("vehicle-remove-confirm").await?;
        page.element("vehicle-remove-error").await?;
        page.fill("vehicle-remove-password", DEMO_PASSWORD).await?;
        page.click("vehicle-remove-confirm").await?;
        page.wait_for_text("vehicles-removed-notice", "reset")
            .await?;
        page.wait_until("one car left", |page| async move {
            Ok(page.count("vehicle-card").await? == 1)
        })
        .await?;
        page.wait_for_text("vehicle-card-model", "Ariya").await?;
        let store = std::fs::read(page.data_dir().join("settings.json"))?;
        assert_store_hides_secrets(&store);
        Ok(())
    })
    .await;
}

/// Clicks a button of the card whose model is `model`, once the list shows it (the list is
/// read from the server after the screen opens, so a car linked a moment ago comes a little later).
pub async fn card_button(page: &Page, model: &str, button: &str) -> Result {
    let started = std::time::Instant::now();
    loop {
        if click_card_button(page, model, button).await? {
            return Ok(());
        }
        if started.elapsed() > keyfob_e2e::WAIT {
            return Err(format!("no card for {model}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn click_card_button(page: &Page, model: &str, button: &str) -> Result<bool> {
    for card in page
        .client()
        .find_all(fantoccini::Locator::Css("[data-testid='vehicle-card']"))
        .await?
    {
        let Ok(name) = card
            .find(fantoccini::Locator::Css(
                "[data-testid='vehicle-card-model']",
            ))
            .await
        else {
            continue;
        };
        // A card replaced while it is read is simply looked at again on the next round.
        if name.text().await.is_ok_and(|text| text.contains(model)) {
            let css = format!("[data-testid='{button}']");
            card.find(fantoccini::Locator::Css(&css))
                .await?
                .click()
                .await?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// The store is sealed: no email, VIN, token field name or long hex run (a token) readable.
fn assert_store_hides_secrets(store: &[u8]) {
    assert!(store.starts_with(b"KFV1"), "sealed by keyfob-vault");
    let text = String::from_utf8_lossy(store);
    for plain in [
        DEMO_EMAIL,
        "demo_owner",
        ARIYA,
        "067315",
        "accessToken",
        "refresh",
    ] {
        assert!(
            !text.contains(plain),
            "{plain:?} readable in the store file"
        );
    }
    let longest_hex_run = text
        .split(|c: char| !c.is_ascii_hexdigit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(
        longest_hex_run < 32,
        "a token-like hex run in the store file"
    );
}

//! An electric car from the dashboard: plugged in at the car, charging started, the level
//! rising live on the dashboard, charging stopped.

use keyfob_e2e::{scenario, Page, Result};

use crate::account::{DEMO_EMAIL, DEMO_PASSWORD};
use crate::vehicles::{confirm_in_the_car, ARIYA};

fn level(text: &str) -> Option<u32> {
    text.trim().trim_end_matches('%').trim().parse().ok()
}

async fn at_the_car(page: &Page, charger: Option<&str>) -> Result {
    let app_window = page.switch_to_window_with("car-controls").await?;
    match charger {
        Some(speed) => {
            page.choose("car-plug-charger", speed).await?;
            page.click("car-plug-in").await?;
        }
        None => page.click("car-unplug").await?,
    }
    page.switch_to_window(app_window).await?;
    Ok(())
}

#[tokio::test]
async fn an_ev_plugged_in_at_the_car_charges_live_and_stops_when_told() {
    scenario("ev_charging", |page| async move {
        page.start_sandbox().await?;
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
        page.link_car(ARIYA, "AFE0-0067315").await?;
        confirm_in_the_car(&page).await?;
        page.click("nav-dashboard").await?;
        page.wait_for_text("dashboard-title", "Ariya").await?;
        // An EV: charging and climate instead of the engine.
        page.wait_for_attribute("charging-state", "data-state", "unplugged")
            .await?;
        page.element("climate-card").await?;
        assert!(!page.is_present("engine-start").await?);
        page.wait_for_attribute("charging-problem", "data-code", "not_plugged_in")
            .await?;

        at_the_car(&page, Some("fast")).await?;
        page.wait_for_attribute("charging-state", "data-state", "plugged")
            .await?;
        let before = level(&page.text("charging-level").await?).unwrap_or(0);
        page.click("command-charge-start").await?;
        page.wait_for_attribute("charging-card-timeline", "data-outcome", "succeeded")
            .await?;
        page.wait_for_attribute("charging-state", "data-state", "charging")
            .await?;
        page.wait_until("the level rising live", |page| async move {
            Ok(level(&page.text("charging-level").await?).unwrap_or(0) >= before + 2)
        })
        .await?;

        page.click("command-charge-stop").await?;
        page.wait_for_attribute("charging-state", "data-state", "plugged")
            .await?;
        at_the_car(&page, None).await?;
        page.wait_for_attribute("charging-state", "data-state", "unplugged")
            .await?;
        Ok(())
    })
    .await;
}

//! A car reported stolen: the owner reports it with the password, every remote control is
//! greyed with the reason before any tap while the dashboard keeps showing the car, the owner
//! is emailed, and withdrawing the report (the password again) gives the controls back.

use keyfob_e2e::{scenario, Result};

use crate::account::DEMO_PASSWORD;
use crate::commands::dashboard_of_active_qashqai;

async fn open_vehicle_page(page: &keyfob_e2e::Page) -> Result {
    page.click("nav-vehicles").await?;
    page.click("vehicle-card-open").await?;
    page.element("screen-vehicle").await?;
    Ok(())
}

#[tokio::test]
async fn a_stolen_report_blocks_the_remote_controls_until_it_is_withdrawn() {
    scenario("stolen_report_and_undo", |page| async move {
        dashboard_of_active_qashqai(&page).await?;
        page.wait_for_attribute("engine-card", "data-access", "available")
            .await?;

        open_vehicle_page(&page).await?;
        page.element("stolen-explain").await?;
        page.fill("stolen-password", "not-my-password").await?;
        page.click("stolen-report").await?;
        page.wait_for_text("stolen-error", "not your current password")
            .await?;
        page.fill("stolen-password", DEMO_PASSWORD).await?;
        page.click("stolen-report").await?;
        page.element("stolen-notice").await?;
        page.wait_for_text("stolen-notice", "police").await?;

        // The dashboard still shows the car; every remote control is greyed with the reason.
        page.click("stolen-dashboard").await?;
        page.wait_for_text("dashboard-title", "Qashqai").await?;
        page.element("status-position").await?;
        for card in ["engine-card", "locks-card", "signal-card"] {
            page.wait_for_attribute(card, "data-access", "locked")
                .await?;
        }
        page.wait_for_attribute("engine-lock", "data-reason", "reported_stolen")
            .await?;
        page.wait_for_text("engine-lock", "stolen").await?;

        // The owner was told by email.
        page.click("nav-mailbox").await?;
        page.element("screen-mailbox").await?;
        page.wait_until("the stolen report's email", |page| async move {
            Ok(page
                .text("mailbox-message-subject")
                .await?
                .contains("is reported stolen"))
        })
        .await?;

        // Got it back: withdraw with the password, and the controls return.
        open_vehicle_page(&page).await?;
        page.fill("stolen-withdraw-password", DEMO_PASSWORD).await?;
        page.click("stolen-withdraw").await?;
        page.wait_until("the report withdrawn", |page| async move {
            Ok(!page.is_present("stolen-notice").await?)
        })
        .await?;
        page.click("nav-dashboard").await?;
        page.wait_for_attribute("engine-card", "data-access", "available")
            .await?;
        page.wait_for_attribute("locks-card", "data-access", "available")
            .await?;
        Ok(())
    })
    .await;
}

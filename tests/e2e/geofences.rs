//! Geofences end to end: the owner draws a circle around the parked car, the car drives out of
//! it in the car's window, and the alert reaches the app (banner and history) and, because the
//! owner chose email, the sandbox mailbox, each with the zone's name.

use keyfob_e2e::{scenario, Page, Result};

use crate::commands::dashboard_of_active_qashqai;

/// Signs in, links the Qashqai, confirms it in the car and opens its Geofences screen.
async fn geofences_of_active_qashqai(page: &Page) -> Result {
    dashboard_of_active_qashqai(page).await?;
    page.click("dashboard-geofences").await?;
    page.element("geofences-screen").await?;
    Ok(())
}

#[tokio::test]
async fn a_circle_around_the_parked_car_alerts_in_the_app_and_by_email_when_it_drives_out() {
    scenario("geofence_drive_out", |page| async move {
        geofences_of_active_qashqai(&page).await?;

        // Email me alerts for this car.
        page.click("alert-email").await?;
        page.click("settings-save").await?;
        page.element("settings-saved").await?;

        // A 600 m circle around where the car stands, alerting when it leaves.
        page.click("geofence-add-circle").await?;
        page.fill("zone-name", "Home").await?;
        page.fill("zone-radius", "600").await?;
        page.click("zone-alert-exit").await?;
        page.click("zone-save").await?;
        page.wait_for_text("zone-list", "Home").await?;
        page.wait_until("one zone listed", |page| async move {
            Ok(page.count("zone-item").await? == 1)
        })
        .await?;

        // In the car's window: drive 3 km north.
        let app_window = page.switch_to_window_with("car-controls").await?;
        page.choose("car-route", "away").await?;
        page.click("car-drive").await?;
        page.wait_for_attribute("car-driving", "data-driving", "true")
            .await?;
        page.switch_to_window(app_window).await?;

        // The app shows it at once, with the zone's name, and keeps it in the history.
        page.wait_for_text("alert-banner", "Left Home").await?;
        page.click("alert-banner-open").await?;
        page.element("alerts-screen").await?;
        page.wait_for_text("alert-item", "Left Home").await?;
        assert_eq!(
            page.count("alert-item").await?,
            1,
            "one crossing, one alert"
        );

        // And the owner's mailbox has it.
        page.click("nav-mailbox").await?;
        page.element("screen-mailbox").await?;
        page.wait_until("the alert email", |page| async move {
            if page.is_present("mailbox-refresh").await? {
                page.click("mailbox-refresh").await?;
            }
            Ok(page.is_present("mailbox-message-subject").await?
                && page
                    .text("mailbox-message-subject")
                    .await?
                    .contains("Left Home"))
        })
        .await?;
        Ok(())
    })
    .await;
}

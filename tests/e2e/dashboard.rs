//! The dashboard: the car's status as it is now, with changes pushed by the server.

use keyfob_e2e::scenario;

use crate::account::{DEMO_EMAIL, DEMO_PASSWORD};
use crate::vehicles::{confirm_in_the_car, QASHQAI};

#[tokio::test]
async fn a_change_at_the_car_reaches_the_dashboard_without_a_click() {
    scenario("dashboard_live_update", |page| async move {
        page.start_sandbox().await?;
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
        page.link_car(QASHQAI, "QJ12-0512207").await?;
        confirm_in_the_car(&page).await?;
        page.click("nav-dashboard").await?;
        page.wait_for_text("dashboard-title", "Qashqai").await?;
        page.wait_for_attribute("status-locks", "data-state", "locked")
            .await?;
        page.wait_for_attribute("status-doors", "data-state", "closed")
            .await?;

        // At the car: unlock, open the driver's door.
        let app_window = page.switch_to_window_with("car-controls").await?;
        page.click("car-locks").await?;
        page.wait_for_attribute("car-locks", "aria-pressed", "false")
            .await?;
        page.click("car-door-front_left").await?;
        page.wait_for_attribute("car-door-front_left", "aria-pressed", "true")
            .await?;
        page.switch_to_window(app_window).await?;

        // The dashboard follows by itself.
        page.wait_for_attribute("status-locks", "data-state", "unlocked")
            .await?;
        page.wait_for_attribute("status-doors", "data-state", "open")
            .await?;
        Ok(())
    })
    .await;
}

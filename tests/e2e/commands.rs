//! Remote commands from the dashboard against the sandbox's simulated cars: remote start with
//! its countdown, the refusals the last status already shows, lock and unlock behind the
//! password, an expired command, entitlements, and a route sent to the car.

use keyfob_e2e::{scenario, scenario_at_scale, Page, Result};

use crate::account::{DEMO_EMAIL, DEMO_PASSWORD};
use crate::vehicles::{card_button, confirm_in_the_car, QASHQAI};

/// Trial over on a NissanConnect 3.0 car: remote services Locked, Premium offered.
const XTRAIL_2019: &str = "SJNTAAT33KU184562";
/// NissanConnect 2.0: remote services Unsupported.
const PULSAR_2016: &str = "VSKFAAC17GB320964";

/// Signs in, links the Qashqai, confirms it in the car and opens its dashboard.
pub async fn dashboard_of_active_qashqai(page: &Page) -> Result {
    page.start_sandbox().await?;
    page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
    page.link_car(QASHQAI, "QJ12-0512207").await?;
    confirm_in_the_car(page).await?;
    page.click("nav-dashboard").await?;
    page.wait_for_text("dashboard-title", "Qashqai").await?;
    page.wait_for_attribute("status-locks", "data-state", "locked")
        .await?;
    Ok(())
}

/// Does something in the car's window (the head unit's simulator), then comes back.
async fn at_the_car<F, Fut>(page: &Page, act: F) -> Result
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result>,
{
    let app_window = page.switch_to_window_with("car-controls").await?;
    act().await?;
    page.switch_to_window(app_window).await?;
    Ok(())
}

async fn confirm_password(page: &Page) -> Result {
    page.fill("identity-password", DEMO_PASSWORD).await?;
    page.click("identity-submit").await?;
    Ok(())
}

fn seconds_left(value: Option<String>) -> u32 {
    value.and_then(|v| v.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn remote_start_runs_counts_down_extends_stops_and_the_limit_holds() {
    // A 10-minute run lasts 20 s at this scale: time to extend and stop it.
    scenario_at_scale("remote_start_countdown", "30", |page| async move {
        dashboard_of_active_qashqai(&page).await?;
        page.choose("engine-climate", "22").await?;
        page.click("engine-start").await?;
        confirm_password(&page).await?;
        page.wait_for_attribute("engine-timeline", "data-outcome", "running")
            .await?;
        page.wait_for_attribute("engine-timeline-step-running", "data-state", "done")
            .await?;
        page.element("engine-countdown").await?;
        page.wait_for_attribute("status-engine", "data-state", "running")
            .await?;
        // Ten vehicle minutes are 20 s here.
        let before = seconds_left(page.attr("engine-countdown", "data-seconds").await?);
        assert!(
            (1..=20).contains(&before),
            "the run counts down from 10 min: {before}"
        );

        page.click("engine-extend").await?;
        page.wait_for_attribute("engine-timeline", "data-outcome", "succeeded")
            .await?;
        page.wait_until("ten more minutes", |page| async move {
            Ok(seconds_left(page.attr("engine-countdown", "data-seconds").await?) > before + 10)
        })
        .await?;

        page.click("engine-stop").await?;
        page.wait_for_attribute("engine-timeline", "data-outcome", "succeeded")
            .await?;
        page.wait_until("the countdown gone", |page| async move {
            Ok(!page.is_present("engine-countdown").await?)
        })
        .await?;
        page.wait_for_attribute("status-engine", "data-state", "off")
            .await?;

        // A start and its extension used the car's two remote starts of this ignition cycle.
        page.click("engine-start").await?;
        page.wait_for_attribute("engine-timeline", "data-outcome", "not_sent")
            .await?;
        page.wait_for_text("engine-timeline-error", "two remote starts")
            .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_last_status_shows_why_a_start_would_be_refused_and_coverage_off_expires() {
    scenario("start_refusals_and_expiry", |page| async move {
        dashboard_of_active_qashqai(&page).await?;
        page.wait_until("the start offered", |page| async move {
            Ok(page.element("engine-start").await?.is_enabled().await?)
        })
        .await?;

        for (control, code) in [("car-hood", "hood_open"), ("car-locks", "doors_unlocked")] {
            at_the_car(&page, || async {
                page.click(control).await?;
                Ok(())
            })
            .await?;
            page.wait_for_attribute("engine-problem", "data-code", code)
                .await?;
            assert!(!page.element("engine-start").await?.is_enabled().await?);
            at_the_car(&page, || async {
                page.click(control).await?;
                Ok(())
            })
            .await?;
            page.wait_until("the problem cleared", |page| async move {
                Ok(!page.is_present("engine-problems").await?)
            })
            .await?;
        }

        at_the_car(&page, || async {
            page.fill("car-battery-input", "11.6").await?;
            page.click("car-battery-set").await?;
            page.wait_for_text("car-state", "11.6 V").await?;
            Ok(())
        })
        .await?;
        page.wait_for_attribute("engine-problem", "data-code", "battery_low")
            .await?;
        page.wait_for_text("engine-problem", "11.60 V").await?;
        assert!(!page.element("engine-start").await?.is_enabled().await?);

        // Out of coverage the car never gets the command: it expires, and the app says so.
        at_the_car(&page, || async {
            page.click("car-coverage").await?;
            page.wait_for_attribute("car-coverage", "aria-pressed", "false")
                .await?;
            Ok(())
        })
        .await?;
        page.click("command-horn-lights").await?;
        page.wait_for_attribute("signal-card-timeline", "data-outcome", "expired")
            .await?;
        page.wait_for_text("signal-card-timeline-explanation", "never received")
            .await?;
        page.element("signal-card-timeline-check-status").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn unlock_asks_for_the_password_once_and_lock_does_not() {
    scenario("lock_unlock_password", |page| async move {
        dashboard_of_active_qashqai(&page).await?;
        page.click("command-unlock").await?;
        page.element("identity-dialog").await?;
        page.fill("identity-password", "not-my-password").await?;
        page.click("identity-submit").await?;
        page.wait_for_text("identity-password-error", "not your current password")
            .await?;
        confirm_password(&page).await?;
        page.wait_for_attribute("locks-card-timeline", "data-outcome", "succeeded")
            .await?;
        page.wait_for_attribute("status-locks", "data-state", "unlocked")
            .await?;

        page.click("command-lock").await?;
        page.wait_for_attribute("locks-card-timeline", "data-outcome", "succeeded")
            .await?;
        page.wait_for_attribute("status-locks", "data-state", "locked")
            .await?;
        // Confirmed a moment ago: the next unlock goes without asking.
        page.click("command-unlock").await?;
        page.wait_for_attribute("locks-card-timeline", "data-outcome", "succeeded")
            .await?;
        assert!(!page.is_present("identity-dialog").await?);
        page.wait_for_attribute("status-locks", "data-state", "unlocked")
            .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn locked_and_unsupported_controls_are_greyed_with_the_reason_before_any_tap() {
    scenario("entitlements_greyed", |page| async move {
        page.start_sandbox().await?;
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;

        // The 2016 Pulsar: remote services do not exist on its generation.
        page.click("vehicles-link").await?;
        page.fill("link-vin-input", PULSAR_2016).await?;
        page.click("link-vin-lookup").await?;
        page.click("link-unsupported-continue").await?;
        page.choose("link-proof-kind", "body_number").await?;
        page.fill("link-proof-value", "PC13-0320964").await?;
        page.click("link-submit").await?;
        page.element("activation-steps").await?;
        page.click("nav-dashboard").await?;
        page.wait_for_text("dashboard-title", "Pulsar").await?;
        page.wait_for_attribute("engine-card", "data-access", "unsupported")
            .await?;
        assert!(!page.element("engine-start").await?.is_enabled().await?);
        page.wait_for_text("engine-lock", "no remote services")
            .await?;
        assert!(!page.element("command-unlock").await?.is_enabled().await?);

        // The 2019 X-Trail: its trial is over, so remote start is Locked with the way out.
        page.click("nav-vehicles").await?;
        page.link_car(XTRAIL_2019, "XT32-0184562").await?;
        confirm_in_the_car(&page).await?;
        page.click("nav-vehicles").await?;
        card_button(&page, "X-Trail", "vehicle-card-select").await?;
        page.click("nav-dashboard").await?;
        page.wait_for_text("dashboard-title", "X-Trail").await?;
        page.wait_for_attribute("engine-card", "data-access", "locked")
            .await?;
        assert!(!page.element("engine-start").await?.is_enabled().await?);
        page.wait_for_text("engine-lock", "Trial or Premium")
            .await?;
        assert!(!page.element("command-lock").await?.is_enabled().await?);

        // Premium, bought in the sandbox, unlocks it.
        page.click("engine-lock-subscribe").await?;
        page.wait_for_attribute("subscription-tier", "data-tier", "basic")
            .await?;
        page.choose("subscription-years", "1").await?;
        page.click("subscription-buy").await?;
        page.element("subscription-bought").await?;
        page.wait_for_attribute("subscription-tier", "data-tier", "premium")
            .await?;
        page.click("nav-dashboard").await?;
        page.wait_for_attribute("engine-card", "data-access", "available")
            .await?;
        page.wait_until("the start offered", |page| async move {
            Ok(page.element("engine-start").await?.is_enabled().await?)
        })
        .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_two_waypoint_route_reaches_the_cars_navigation() {
    scenario("send_route", |page| async move {
        dashboard_of_active_qashqai(&page).await?;
        page.click("dashboard-send-to-car").await?;
        page.element("screen-send-to-car").await?;
        page.fill("send-name-1", "Louvre").await?;
        page.fill("send-lat-1", "48.8606").await?;
        page.fill("send-lon-1", "2.3376").await?;
        page.click("send-add").await?;
        page.fill("send-name-2", "Gare de Lyon").await?;
        // Pasted as one "lat, lon" pair, as people copy them from a map.
        page.fill("send-lat-2", "48.8443, 2.3744").await?;
        page.click("send-submit").await?;
        page.wait_for_attribute("send-timeline", "data-outcome", "succeeded")
            .await?;

        at_the_car(&page, || async {
            page.wait_until("the route on the car's screen", |page| async move {
                Ok(page.count("headunit-navigation-item").await? == 2)
            })
            .await?;
            let items = page
                .client()
                .find_all(fantoccini::Locator::Css(
                    "[data-testid='headunit-navigation-item']",
                ))
                .await?;
            assert!(items[0].text().await?.contains("Louvre"));
            assert!(items[1].text().await?.contains("Gare de Lyon"));
            Ok(())
        })
        .await?;
        Ok(())
    })
    .await;
}

//! Personal mode against a fake of Nissan's service: no Keyfob account, the owner signs in with
//! NissanConnect, links their car, sees its battery, range and position, turns the climate on
//! and sees the outcome read from the car.

use keyfob_e2e::scenario_with_env;
use keyfob_nissanconnect::{
    fake::{FakeCar, FakeNissan},
    ManualClock,
};

const NC_EMAIL: &str = "owner@example.com";
const NC_PASSWORD: &str = "Leaf-owner-2026";
const LEAF: &str = "SJNFAAZE0U6000001";

#[tokio::test]
async fn an_owner_signs_in_with_nissanconnect_links_their_leaf_and_turns_the_climate_on() {
    // The app runs on the wall clock, so the fake does too (whatever the day).
    let now = time::OffsetDateTime::now_utc();
    let fake = FakeNissan::start_with_clock(ManualClock::new(now))
        .await
        .expect("the fake NissanConnect starts");
    fake.add_account(
        NC_EMAIL,
        NC_PASSWORD,
        vec![FakeCar::leaf(LEAF, now - time::Duration::minutes(5))],
    );
    let env = [
        (
            "KEYFOB_NISSANCONNECT_BASE_URL".to_owned(),
            fake.base_url().to_string(),
        ),
        (
            "KEYFOB_NISSANCONNECT_OUTCOME_SECONDS".to_owned(),
            "1".to_owned(),
        ),
    ];
    scenario_with_env("personal_mode", &env, |page| async move {
        page.click("start-personal").await?;
        // A wrong password is Nissan's answer, shown on the field; nothing else changes.
        page.fill("nc-email", NC_EMAIL).await?;
        page.fill("nc-password", "not-my-password").await?;
        page.click("nc-connect").await?;
        page.element("nc-password-error").await?;
        page.fill("nc-password", NC_PASSWORD).await?;
        page.click("nc-connect").await?;
        page.wait_for_text("nc-email-hint", "o•••@example.com")
            .await?;
        page.element(&format!("nc-car-{LEAF}")).await?;
        page.click(&format!("nc-link-{LEAF}")).await?;

        page.wait_for_text("dashboard-title", "Leaf").await?;
        page.wait_for_text("charging-level", "80").await?;
        page.element("charging-range").await?;
        page.element("status-position").await?;
        assert!(!page.is_present("status-position-not-reported").await?);
        assert!(!page.is_present("engine-start").await?);

        page.click("command-climate-on").await?;
        page.wait_for_attribute("climate-card-timeline", "data-outcome", "succeeded")
            .await?;
        page.wait_for_attribute("climate-state", "data-state", "on")
            .await?;
        Ok(())
    })
    .await;
    assert!(
        fake.count(keyfob_nissanconnect::fake::FakeEndpoint::Action) >= 1,
        "the climate action reached the service"
    );
}

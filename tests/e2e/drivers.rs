//! Drivers: the owner invites by email, the driver accepts, both see each other by nickname.

use keyfob_e2e::{scenario, Result};

use crate::account::{new_confirmed_account, DEMO_EMAIL, DEMO_PASSWORD};
use crate::vehicles::{confirm_in_the_car, QASHQAI};

const DRIVER_EMAIL: &str = "second.driver@example.com";

#[tokio::test]
async fn an_owner_invites_a_driver_who_accepts() {
    scenario("drivers_invite_accept", |page| async move {
        page.start_sandbox().await?;
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
        page.link_car(QASHQAI, "QJ12-0512207").await?;
        // Drivers are invited to an active car: confirmed in the car and synchronised.
        confirm_in_the_car(&page).await?;
        page.click("nav-vehicles").await?;
        page.click("vehicle-card-open").await?;
        page.fill("drivers-invite-email", DRIVER_EMAIL).await?;
        page.click("drivers-invite-submit").await?;
        page.element("drivers-invite-done").await?;
        page.wait_for_text("drivers-invitation-email", DRIVER_EMAIL)
            .await?;
        sign_out(&page).await?;

        new_confirmed_account(&page, DRIVER_EMAIL, "EU").await?;
        page.click("nav-invitations").await?;
        page.wait_for_text("invitation-owner", "demo_owner").await?;
        page.click("invitation-accept").await?;
        page.element("screen-vehicle").await?;
        page.wait_for_attribute("vehicle-role", "data-role", "driver")
            .await?;
        // A driver does not manage drivers or remove the car; they may leave it.
        assert!(!page.is_present("drivers-invite-email").await?);
        assert!(!page.is_present("vehicle-remove-open").await?);
        page.element("vehicle-leave").await?;
        sign_out(&page).await?;

        // The owner sees the driver by nickname and can remove them.
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
        page.click("vehicle-card-open").await?;
        page.wait_for_text("driver-nickname", "Qashqai_2023")
            .await?;
        page.click("driver-remove").await?;
        page.click("driver-remove-confirm").await?;
        page.element("drivers-none").await?;
        Ok(())
    })
    .await;
}

async fn sign_out(page: &keyfob_e2e::Page) -> Result {
    page.click("header-account").await?;
    page.click("account-sign-out").await?;
    page.element("screen-welcome").await?;
    Ok(())
}

//! A restarted server on the same database loses nothing.

mod common;

use common::{body_proof, linkable_car, TestServer, PASSWORD};
use keyfob_core::{account::Region, activation::ActivationState, api::vehicle::LinkVehicleRequest};

#[tokio::test]
async fn accounts_sessions_links_drivers_and_mail_survive_a_restart() {
    let mut server = TestServer::start().await;
    let owner = server.signed_in("durable@example.com", Region::Eu).await;
    let target = linkable_car(Region::Eu);
    let vehicle = owner
        .link_vehicle(&LinkVehicleRequest {
            vin: target.vin.into(),
            proof: body_proof(target),
        })
        .await
        .expect("link");
    server
        .client()
        .head_unit_confirm(target.vin)
        .await
        .expect("confirm");
    let tokens = owner.session_tokens().expect("signed in");

    // Restarted while the car synchronises: it still becomes active on time.
    server.restart().await;
    // The same session works against the new process (the client follows the new port).
    let owner = server.client();
    owner.restore_session(tokens.clone());
    assert_eq!(owner.me().await.expect("me").email, "durable@example.com");
    server.advance(300);
    let after = owner.vehicle(&vehicle.id).await.expect("vehicle");
    assert_eq!(after.activation.state, ActivationState::Active);
    owner
        .invite_driver(&vehicle.id, "friend@example.com")
        .await
        .expect("invite");

    server.restart().await;
    let owner = server.client();
    owner.restore_session(tokens);
    assert_eq!(
        owner
            .drivers(&vehicle.id)
            .await
            .expect("drivers")
            .invitations
            .len(),
        1
    );
    server
        .message("durable@example.com", "Confirm your Keyfob account")
        .await;
    // Seeding again on start did not duplicate the fleet or the seeded accounts.
    let fresh = server.client();
    fresh
        .login("durable@example.com", PASSWORD)
        .await
        .expect("login");
}

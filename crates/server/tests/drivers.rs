//! Secondary drivers: invitations, what a driver may do, and ending a driver's seat.

mod common;

use common::{active_car, code, linkable_car, TestServer};
use keyfob_core::{account::Region, api::vehicle::Role, ErrorCode};

#[tokio::test]
async fn an_invited_driver_accepts_sees_the_car_and_cannot_manage_it() {
    let server = TestServer::start().await;
    let target = linkable_car(Region::Eu);
    // Drivers are invited to an active car: confirmed in the car and synchronised.
    let (owner, vehicle_id) = active_car(&server, "owner@example.com", target).await;
    let vehicle = owner.vehicle(&vehicle_id).await.expect("the car");
    assert_eq!(
        code(owner.invite_driver(&vehicle.id, "OWNER@example.com").await),
        ErrorCode::CannotInviteSelf
    );
    let sent = owner
        .invite_driver(&vehicle.id, "Driver@Example.com")
        .await
        .expect("invite");
    assert_eq!(
        code(owner.invite_driver(&vehicle.id, "driver@example.com").await),
        ErrorCode::DriverAlreadyAdded
    );
    server
        .message("Driver@Example.com", "invited you to drive their")
        .await;

    // The invitation waits for whoever registers the address.
    let driver = server.signed_in("driver@example.com", Region::Eu).await;
    let invitations = driver.invitations().await.expect("invitations");
    assert_eq!(invitations.len(), 1);
    assert_eq!(invitations[0].owner_nickname, "owner_1");
    assert_eq!(invitations[0].vin_masked.chars().count(), 17);
    assert!(!invitations[0].vin_masked.contains(target.vin));
    let seen = driver
        .accept_invitation(&invitations[0].id)
        .await
        .expect("accept");
    assert_eq!(seen.role, Role::Driver);
    assert_eq!(seen.owner_nickname, "owner_1");
    assert!(driver.invitations().await.expect("none left").is_empty());

    let drivers = owner.drivers(&vehicle.id).await.expect("drivers");
    assert_eq!(drivers.drivers.len(), 1);
    assert_eq!(drivers.drivers[0].nickname, "driver_1");
    assert!(drivers.invitations.is_empty());
    assert_eq!(
        code(owner.cancel_invitation(&vehicle.id, &sent.id).await),
        ErrorCode::InvitationNotFound
    );
    // Someone who drives the car already is not invited again.
    assert_eq!(
        code(owner.invite_driver(&vehicle.id, "driver@example.com").await),
        ErrorCode::DriverAlreadyAdded
    );

    // A driver sees the car but manages nothing.
    assert_eq!(driver.vehicles().await.expect("list").len(), 1);
    driver
        .entitlements(&vehicle.id)
        .await
        .expect("entitlements");
    assert_eq!(
        code(
            driver
                .invite_driver(&vehicle.id, "friend@example.com")
                .await
        ),
        ErrorCode::OwnerOnly
    );
    assert_eq!(
        code(driver.remove_vehicle(&vehicle.id, common::PASSWORD).await),
        ErrorCode::OwnerOnly
    );
    assert_eq!(
        code(
            driver
                .remove_driver(&vehicle.id, &drivers.drivers[0].account_id)
                .await
        ),
        ErrorCode::OwnerOnly
    );

    owner
        .remove_driver(&vehicle.id, &drivers.drivers[0].account_id)
        .await
        .expect("remove driver");
    assert_eq!(
        code(driver.vehicle(&vehicle.id).await),
        ErrorCode::VehicleNotFound
    );
    assert_eq!(
        code(
            owner
                .remove_driver(&vehicle.id, &drivers.drivers[0].account_id)
                .await
        ),
        ErrorCode::DriverNotFound
    );
}

#[tokio::test]
async fn invitations_can_be_declined_withdrawn_and_a_driver_can_leave() {
    let server = TestServer::start().await;
    let target = linkable_car(Region::Uk);
    // Drivers are invited to an active car: confirmed in the car and synchronised.
    let (owner, vehicle_id) = active_car(&server, "keeper@example.com", target).await;
    let vehicle = owner.vehicle(&vehicle_id).await.expect("the car");
    let guest = server.signed_in("guest@example.com", Region::Uk).await;

    owner
        .invite_driver(&vehicle.id, "guest@example.com")
        .await
        .expect("invite");
    let invitation = guest.invitations().await.expect("list").remove(0);
    guest
        .decline_invitation(&invitation.id)
        .await
        .expect("decline");
    assert_eq!(
        code(guest.accept_invitation(&invitation.id).await),
        ErrorCode::InvitationNotFound
    );

    let sent = owner
        .invite_driver(&vehicle.id, "guest@example.com")
        .await
        .expect("invite");
    assert_eq!(
        owner
            .drivers(&vehicle.id)
            .await
            .expect("drivers")
            .invitations
            .len(),
        1
    );
    owner
        .cancel_invitation(&vehicle.id, &sent.id)
        .await
        .expect("withdraw");
    assert!(guest.invitations().await.expect("list").is_empty());

    owner
        .invite_driver(&vehicle.id, "guest@example.com")
        .await
        .expect("invite");
    // Someone else cannot accept an invitation addressed to the guest.
    let stranger = server.signed_in("stranger@example.com", Region::Uk).await;
    let invitation = guest.invitations().await.expect("list").remove(0);
    assert_eq!(
        code(stranger.accept_invitation(&invitation.id).await),
        ErrorCode::InvitationNotFound
    );
    guest
        .accept_invitation(&invitation.id)
        .await
        .expect("accept");
    // Drivers do not see who else was invited.
    assert!(guest
        .drivers(&vehicle.id)
        .await
        .expect("drivers")
        .invitations
        .is_empty());
    assert_eq!(
        code(owner.leave_vehicle(&vehicle.id).await),
        ErrorCode::OwnerCannotLeave
    );
    guest.leave_vehicle(&vehicle.id).await.expect("leave");
    assert!(guest.vehicles().await.expect("list").is_empty());
}

#[tokio::test]
async fn removing_a_car_erases_its_drivers_and_invitations() {
    let server = TestServer::start().await;
    let target = linkable_car(Region::Eu);
    // Drivers are invited to an active car: confirmed in the car and synchronised.
    let (owner, vehicle_id) = active_car(&server, "seller@example.com", target).await;
    let vehicle = owner.vehicle(&vehicle_id).await.expect("the car");
    let driver = server.signed_in("family@example.com", Region::Eu).await;
    owner
        .invite_driver(&vehicle.id, "family@example.com")
        .await
        .expect("invite");
    let invitation = driver.invitations().await.expect("list").remove(0);
    driver
        .accept_invitation(&invitation.id)
        .await
        .expect("accept");
    owner
        .invite_driver(&vehicle.id, "pending@example.com")
        .await
        .expect("invite");

    owner
        .remove_vehicle(&vehicle.id, common::PASSWORD)
        .await
        .expect("remove");
    assert!(driver.vehicles().await.expect("list").is_empty());
    let later = server.signed_in("pending@example.com", Region::Eu).await;
    assert!(later.invitations().await.expect("list").is_empty());
}

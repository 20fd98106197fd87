//! Looking up and linking cars, every linking refusal, activation in the car, subscriptions.

mod common;

use common::{body_proof, car, code, linkable_car, TestServer, PASSWORD};
use keyfob_client::Client;
use keyfob_core::{
    account::Region,
    activation::ActivationState,
    api::vehicle::{LinkVehicleRequest, OwnershipProof, ProofKind, Role, SimState, Vehicle},
    entitlement::{Entitlement, Feature, LockReason},
    subscription::Tier,
    ErrorCode,
};
use keyfob_server::fleet::{FleetVehicle, SeedSubscription};

/// A valid Nissan VIN that the manufacturer database does not hold.
fn vin_not_in_fleet() -> String {
    let draft = "SJNTAAJ10SU999999";
    let check = keyfob_core::vin::check_digit_for(draft).expect("valid characters");
    let vin = format!("{}{check}{}", &draft[..8], &draft[9..]);
    assert!(keyfob_server::fleet::FLEET.iter().all(|c| c.vin != vin));
    vin
}

fn link_request(car: &FleetVehicle, proof: OwnershipProof) -> LinkVehicleRequest {
    LinkVehicleRequest {
        vin: car.vin.to_owned(),
        proof,
    }
}

async fn link(client: &Client, car: &FleetVehicle) -> Vehicle {
    client
        .link_vehicle(&link_request(car, body_proof(car)))
        .await
        .expect("link")
}

/// Links and confirms in the car, then lets the synchronisation finish.
async fn link_and_activate(server: &TestServer, client: &Client, car: &FleetVehicle) -> Vehicle {
    let vehicle = link(client, car).await;
    server
        .client()
        .head_unit_confirm(car.vin)
        .await
        .expect("confirm in the car");
    server.advance(300);
    let vehicle = client.vehicle(&vehicle.id).await.expect("vehicle");
    assert_eq!(vehicle.activation.state, ActivationState::Active);
    vehicle
}

fn entitlement(vehicle: &Vehicle, feature: Feature) -> &Entitlement {
    &vehicle
        .entitlements
        .iter()
        .find(|row| row.feature == feature)
        .expect("every feature is listed")
        .entitlement
}

#[tokio::test]
async fn lookup_answers_from_the_database_and_refuses_each_bad_vin_distinctly() {
    let server = TestServer::start().await;
    let client = server.signed_in("lookup@example.com", Region::Eu).await;
    let qashqai = linkable_car(Region::Eu);
    let found = client.lookup_vehicle(qashqai.vin).await.expect("lookup");
    assert_eq!(found.model, qashqai.model);
    assert_eq!(found.model_year, qashqai.model_year);
    assert_eq!(found.market, Region::Eu);
    assert_eq!(found.sim, SimState::Active);
    assert_eq!(found.decoded.model_year, qashqai.model_year);
    // Nothing that proves ownership is in the answer.
    let raw = serde_json::to_string(&found).expect("json");
    assert!(!raw.contains(qashqai.body_number));
    assert!(!raw.contains(qashqai.warranty_code));
    assert!(!raw.contains(qashqai.first_registered_on));

    let lower_case_with_spaces = qashqai.vin.to_lowercase().replace("", " ");
    client
        .lookup_vehicle(&lower_case_with_spaces)
        .await
        .expect("typed loosely");
    assert_eq!(
        code(client.lookup_vehicle("SJNTAAJ11SU51220").await),
        ErrorCode::VinLength
    );
    assert_eq!(
        code(client.lookup_vehicle("SJNTAAJ11SU51220O").await),
        ErrorCode::VinForbiddenLetter
    );
    assert_eq!(
        code(client.lookup_vehicle("WVWZZZ1KZ6W000001").await),
        ErrorCode::VinNotNissan
    );
    assert_eq!(
        code(client.lookup_vehicle(&vin_not_in_fleet()).await),
        ErrorCode::VehicleNotInDatabase
    );
    let canadian = car(|c| c.market == Region::Ca);
    assert_eq!(
        code(client.lookup_vehicle(canadian.vin).await),
        ErrorCode::MarketMismatch
    );
}

#[tokio::test]
async fn linking_refuses_cars_that_cannot_connect_or_are_held_by_someone_else() {
    let server = TestServer::start().await;
    let eu = server.signed_in("refused@example.com", Region::Eu).await;
    let no_unit = car(|c| !c.telematics_unit && c.market == Region::Eu);
    assert_eq!(
        code(
            eu.link_vehicle(&link_request(no_unit, body_proof(no_unit)))
                .await
        ),
        ErrorCode::NoTelematicsUnit
    );
    let us = server.signed_in("refused-us@example.com", Region::Us).await;
    let no_sim = car(|c| c.telematics_unit && !c.sim_active);
    assert_eq!(no_sim.market, Region::Us);
    assert_eq!(
        code(
            us.link_vehicle(&link_request(no_sim, body_proof(no_sim)))
                .await
        ),
        ErrorCode::SimNotActivated
    );
    let used = car(|c| c.linked_to.is_some());
    assert_eq!(
        code(us.link_vehicle(&link_request(used, body_proof(used))).await),
        ErrorCode::VehicleAlreadyLinked
    );
    let canadian = car(|c| c.market == Region::Ca);
    assert_eq!(
        code(
            us.link_vehicle(&link_request(canadian, body_proof(canadian)))
                .await
        ),
        ErrorCode::MarketMismatch
    );
    assert!(us.vehicles().await.expect("list").is_empty());
}

#[tokio::test]
async fn five_wrong_proofs_lock_the_car_for_an_hour_for_that_account_only() {
    let server = TestServer::start().await;
    let guesser = server.signed_in("guesser@example.com", Region::Eu).await;
    let target = linkable_car(Region::Eu);
    let wrong = OwnershipProof {
        kind: ProofKind::WarrantyCode,
        value: "ZZZZ9999".into(),
    };
    for left in (1..=4).rev() {
        let result = guesser
            .link_vehicle(&link_request(target, wrong.clone()))
            .await;
        let error = result
            .err()
            .and_then(|e| e.api_error().cloned())
            .expect("refused");
        assert_eq!(error.code, ErrorCode::ProofWrong);
        assert!(
            error.message.contains(&format!("{left} tr")),
            "{}",
            error.message
        );
    }
    assert_eq!(
        code(
            guesser
                .link_vehicle(&link_request(target, wrong.clone()))
                .await
        ),
        ErrorCode::ProofLocked
    );
    // Even the right proof waits out the hour.
    assert_eq!(
        code(
            guesser
                .link_vehicle(&link_request(target, body_proof(target)))
                .await
        ),
        ErrorCode::ProofLocked
    );
    assert_eq!(
        code(
            guesser
                .link_vehicle(&link_request(
                    target,
                    OwnershipProof {
                        kind: ProofKind::FirstRegistration,
                        value: "14/03/2025".into(),
                    },
                ))
                .await
        ),
        ErrorCode::ProofLocked
    );
    // The real owner is not locked out by someone else's guesses.
    let owner = server.signed_in("owner@example.com", Region::Eu).await;
    owner
        .link_vehicle(&link_request(
            target,
            OwnershipProof {
                kind: ProofKind::FirstRegistration,
                value: target.first_registered_on.into(),
            },
        ))
        .await
        .expect("owner links with the registration date");
    server.advance(3600);
    assert_eq!(
        code(
            guesser
                .link_vehicle(&link_request(target, body_proof(target)))
                .await
        ),
        ErrorCode::VehicleAlreadyLinked
    );
}

#[tokio::test]
async fn a_malformed_date_proof_is_explained_and_not_counted() {
    let server = TestServer::start().await;
    let client = server.signed_in("dates@example.com", Region::Eu).await;
    let target = linkable_car(Region::Eu);
    for _ in 0..6 {
        assert_eq!(
            code(
                client
                    .link_vehicle(&link_request(
                        target,
                        OwnershipProof {
                            kind: ProofKind::FirstRegistration,
                            value: "March 2025".into(),
                        },
                    ))
                    .await
            ),
            ErrorCode::ProofInvalid
        );
    }
    let warranty = OwnershipProof {
        kind: ProofKind::WarrantyCode,
        value: format!(" {} ", target.warranty_code.to_lowercase()),
    };
    client
        .link_vehicle(&link_request(target, warranty))
        .await
        .expect("warranty code, any case");
}

#[tokio::test]
async fn activation_goes_pending_confirming_active_as_the_car_confirms_and_syncs() {
    let server = TestServer::start().await;
    let client = server.signed_in("activate@example.com", Region::Eu).await;
    let target = linkable_car(Region::Eu);
    let vehicle = link(&client, target).await;
    assert_eq!(vehicle.role, Role::Owner);
    assert_eq!(vehicle.activation.state, ActivationState::Pending);
    assert!(vehicle.activation.expires_at.is_some());
    assert!(matches!(
        entitlement(&vehicle, Feature::RemoteStart),
        Entitlement::Locked {
            code: LockReason::ActivationPending,
            ..
        }
    ));
    assert_eq!(
        code(
            client
                .link_vehicle(&link_request(target, body_proof(target)))
                .await
        ),
        ErrorCode::VehicleAlreadyYours
    );

    let car_screen = server.client();
    let screen = car_screen.head_unit(target.vin).await.expect("screen");
    let prompt = screen.prompt.expect("the car asks for confirmation");
    assert_eq!(prompt.state, ActivationState::Pending);
    assert_eq!(prompt.owner_nickname, "activate_1");
    let screen = car_screen
        .head_unit_confirm(target.vin)
        .await
        .expect("confirm");
    assert_eq!(
        screen.prompt.map(|p| p.state),
        Some(ActivationState::Confirming)
    );
    assert_eq!(
        code(car_screen.head_unit_confirm(target.vin).await),
        ErrorCode::ActivationNotPending
    );
    let confirming = client.vehicle(&vehicle.id).await.expect("vehicle");
    assert_eq!(confirming.activation.state, ActivationState::Confirming);
    // The synchronisation takes 1–5 minutes of vehicle time.
    server.advance(59);
    assert_eq!(
        client
            .vehicle(&vehicle.id)
            .await
            .expect("vehicle")
            .activation
            .state,
        ActivationState::Confirming
    );
    server.advance(241);
    let active = client.vehicle(&vehicle.id).await.expect("vehicle");
    assert_eq!(active.activation.state, ActivationState::Active);
    // Everything this car has is available; an EV's charging and climate it does not have.
    assert!(active
        .entitlements
        .iter()
        .filter(|row| !matches!(row.feature, Feature::Charging | Feature::Climate))
        .all(|row| row.entitlement.is_available()));
    assert!(car_screen
        .head_unit(target.vin)
        .await
        .expect("screen")
        .prompt
        .is_none());
}

#[tokio::test]
async fn an_unconfirmed_link_expires_after_a_day_and_can_be_restarted() {
    let server = TestServer::start().await;
    let client = server.signed_in("slow@example.com", Region::Uk).await;
    let target = linkable_car(Region::Uk);
    let vehicle = link(&client, target).await;
    assert_eq!(
        code(client.restart_activation(&vehicle.id).await),
        ErrorCode::ActivationNotExpired
    );
    server.advance(24 * 3600);
    let expired = client.vehicle(&vehicle.id).await.expect("vehicle");
    assert_eq!(expired.activation.state, ActivationState::Expired);
    assert_eq!(
        code(server.client().head_unit_confirm(target.vin).await),
        ErrorCode::ActivationNotPending
    );
    let restarted = client
        .restart_activation(&vehicle.id)
        .await
        .expect("restart");
    assert_eq!(restarted.activation.state, ActivationState::Pending);
    server
        .client()
        .head_unit_confirm(target.vin)
        .await
        .expect("confirm after restart");
}

#[tokio::test]
async fn an_abandoned_link_does_not_block_the_real_owner() {
    let server = TestServer::start().await;
    let first = server.signed_in("first@example.com", Region::Uk).await;
    let target = linkable_car(Region::Uk);
    link(&first, target).await;
    let second = server.signed_in("second@example.com", Region::Uk).await;
    assert_eq!(
        code(
            second
                .link_vehicle(&link_request(target, body_proof(target)))
                .await
        ),
        ErrorCode::VehicleAlreadyLinked
    );
    server.advance(24 * 3600);
    link(&second, target).await;
    assert!(first.vehicles().await.expect("list").is_empty());
}

#[tokio::test]
async fn entitlements_follow_the_tier_and_premium_can_be_bought_and_renewed() {
    let server = TestServer::start().await;
    let client = server.signed_in("premium@example.com", Region::Eu).await;
    let expired_trial = car(|c| {
        c.market == Region::Eu
            && c.model_year >= 2018
            && c.telematics_unit
            && c.sim_active
            && matches!(c.subscription, SeedSubscription::TrialExpired)
    });
    let vehicle = link_and_activate(&server, &client, expired_trial).await;
    assert_eq!(vehicle.subscription.tier, Tier::Basic);
    assert!(matches!(
        entitlement(&vehicle, Feature::RemoteStart),
        Entitlement::Locked {
            code: LockReason::SubscriptionRequired,
            ..
        }
    ));
    assert!(entitlement(&vehicle, Feature::Status).is_available());
    let table = client.entitlements(&vehicle.id).await.expect("table");
    assert_eq!(table, vehicle.entitlements);

    assert_eq!(
        code(client.purchase_premium(&vehicle.id, 0).await),
        ErrorCode::PremiumYears
    );
    let bought = client.purchase_premium(&vehicle.id, 1).await.expect("buy");
    assert_eq!(bought.subscription.tier, Tier::Premium);
    assert_eq!(
        bought.subscription.premium_ends_on.as_deref(),
        Some("2027-11-22")
    );
    assert!(entitlement(&bought, Feature::RemoteStart).is_available());
    let renewed = client
        .purchase_premium(&vehicle.id, 2)
        .await
        .expect("renew");
    assert_eq!(
        renewed.subscription.premium_ends_on.as_deref(),
        Some("2029-11-22")
    );
    server
        .message("premium@example.com", "Premium for your")
        .await;
}

#[tokio::test]
async fn an_account_holds_several_cars_and_removing_one_needs_the_password() {
    let server = TestServer::start().await;
    let client = server.signed_in("fleet@example.com", Region::Eu).await;
    let cars: Vec<&FleetVehicle> = keyfob_server::fleet::FLEET
        .iter()
        .filter(|c| {
            c.market == Region::Eu && c.telematics_unit && c.sim_active && c.linked_to.is_none()
        })
        .take(2)
        .collect();
    assert_eq!(cars.len(), 2);
    let first = link(&client, cars[0]).await;
    link(&client, cars[1]).await;
    assert_eq!(client.vehicles().await.expect("list").len(), 2);
    assert_eq!(
        code(client.remove_vehicle(&first.id, "Not-The-Password-1").await),
        ErrorCode::WrongPassword
    );
    client
        .remove_vehicle(&first.id, PASSWORD)
        .await
        .expect("remove");
    let left = client.vehicles().await.expect("list");
    assert_eq!(left.len(), 1);
    assert_eq!(
        code(client.vehicle(&first.id).await),
        ErrorCode::VehicleNotFound
    );
    // The car is free for its next owner.
    let buyer = server.signed_in("buyer@example.com", Region::Eu).await;
    link(&buyer, cars[0]).await;
}

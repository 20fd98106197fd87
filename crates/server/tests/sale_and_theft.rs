//! Selling a car erases the seller's data about it; reporting it stolen blocks it; head-unit SMS
//! codes cannot be guessed; a command cut off mid-hand-over is unknown; a member sees history
//! only from their own join.

mod common;

use std::sync::{atomic::Ordering, Arc};

use common::{
    active_car, added_driver, car, code, eventually, linkable_car,
    scripted::{parked, ScriptedGateway},
    TestServer, PASSWORD,
};
use keyfob_client::Client;
use keyfob_core::{
    account::Region,
    api::{
        account::UpdateProfileRequest,
        authkey::{HeadUnitAnswer, KeyState},
        geofence::{AlertSettings, ZoneRequest},
        sandbox::CarControl,
    },
    authkey::{KeyReason, NEW_PHONE_WAIT_SECONDS},
    command::{CommandKind, CommandState},
    geo::GeoPoint,
    geofence::{AlertOn, Shape},
    status::WarningLamp,
    ErrorCode,
};
use keyfob_server::db::Db;

/// Premium, firmware 2.9.8: a key alone. Firmware 4.1.0: a key, then an SMS code.
const QASHQAI_2021: &str = "SJNTBAJ11MU233890";
const QASHQAI_2025: &str = "SJNTAAJ11SU512207";

async fn database(server: &TestServer) -> Db {
    Db::connect(&server.database_url()).await.expect("database")
}

/// Reports a status; waits until the server has stored it (the odometer tells them apart).
async fn report(
    car: &ScriptedGateway,
    owner: &Client,
    vehicle: &str,
    vin: &str,
    odometer: u32,
    change: impl FnOnce(&mut keyfob_core::status::CarSnapshot),
) {
    let mut snapshot = parked();
    snapshot.odometer_km = odometer;
    change(&mut snapshot);
    car.status(vin, snapshot).await;
    eventually(
        || owner.status(vehicle),
        |s| matches!(s, Ok(s) if s.odometer_km.value == odometer),
    )
    .await
    .expect("status stored");
}

#[tokio::test]
async fn selling_a_car_erases_everything_the_seller_kept_about_it() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = common::car(|c| c.vin == QASHQAI_2021);
    let (seller, vehicle) = active_car(&server, "seller@example.com", target).await;
    let seller_id = seller.me().await.expect("me").id;
    // Some of everything: a zone, alert settings and an alert, a live key, a driver, status
    // history and a command.
    seller
        .create_zone(
            &vehicle,
            &ZoneRequest {
                name: "Home".into(),
                shape: Shape::Circle {
                    center: GeoPoint::new(48.8566, 2.3522),
                    radius_m: 400.0,
                },
                alert_on: AlertOn::Exit,
                schedule: None,
            },
        )
        .await
        .expect("zone");
    seller
        .set_alert_settings(
            &vehicle,
            &AlertSettings {
                speed_limit_kmh: Some(50),
                ..AlertSettings::default()
            },
        )
        .await
        .expect("settings");
    // The first report places the car; speeding held over 5 s after it is an alert.
    report(&car, &seller, &vehicle, target.vin, 100, |_| {}).await;
    report(&car, &seller, &vehicle, target.vin, 101, |s| {
        s.position.speed_kmh = 90
    })
    .await;
    server.advance(6);
    report(&car, &seller, &vehicle, target.vin, 102, |s| {
        s.position.speed_kmh = 95
    })
    .await;
    report(&car, &seller, &vehicle, target.vin, 103, |_| {}).await;
    assert_eq!(
        seller
            .alerts(&vehicle, None, 10)
            .await
            .expect("alerts")
            .len(),
        1
    );
    let live_key = seller
        .create_auth_key(&vehicle, KeyReason::HeadUnitReset)
        .await
        .expect("key");
    added_driver(&server, &seller, &vehicle, "family@example.com").await;
    seller
        .send_command(&vehicle, &CommandKind::Horn, "key-horn-sale-1")
        .await
        .expect("horn");

    assert_eq!(
        code(seller.remove_vehicle(&vehicle, "Wrong-Password-1").await),
        ErrorCode::WrongPassword
    );
    seller
        .remove_vehicle(&vehicle, PASSWORD)
        .await
        .expect("sold");
    server
        .message("seller@example.com", "was removed from Keyfob")
        .await;

    let db = database(&server).await;
    assert!(db
        .zones(&vehicle, &seller_id)
        .await
        .expect("zones")
        .is_empty());
    assert!(db
        .alerts(&vehicle, &seller_id, i64::MAX, 100)
        .await
        .expect("alerts")
        .is_empty());
    assert_eq!(
        db.alert_settings(&vehicle, &seller_id)
            .await
            .expect("settings"),
        None
    );
    assert!(db
        .keys(&vehicle, &seller_id)
        .await
        .expect("keys")
        .is_empty());
    assert!(db.drivers(&vehicle).await.expect("drivers").is_empty());
    assert!(db
        .status_events_since(&vehicle, 0, 100)
        .await
        .expect("history")
        .is_empty());
    assert_eq!(db.vehicle_status(&vehicle).await.expect("status"), None);
    // The key made before the sale opens nothing.
    assert_eq!(
        server
            .client()
            .head_unit_enter_key(target.vin, &live_key.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidKey { tries_left: 2 }
    );
    // The buyer starts clean.
    let (buyer, again) = active_car(&server, "buyer@example.com", target).await;
    assert_eq!(again, vehicle, "the same car");
    assert!(buyer.zones(&vehicle).await.expect("zones").is_empty());
    assert!(buyer.auth_keys(&vehicle).await.expect("keys").is_empty());
    assert!(buyer
        .alerts(&vehicle, None, 10)
        .await
        .expect("alerts")
        .is_empty());
    assert!(buyer.commands(&vehicle).await.expect("commands").is_empty());
    assert!(buyer
        .drivers(&vehicle)
        .await
        .expect("drivers")
        .drivers
        .is_empty());
}

#[tokio::test]
async fn a_stolen_report_blocks_commands_and_keys_and_is_undone_with_the_password() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1000.0).await;
    let target = common::car(|c| c.vin == QASHQAI_2021);
    let (owner, vehicle) = active_car(&server, "victim@example.com", target).await;
    report(&car, &owner, &vehicle, target.vin, 500, |_| {}).await;
    let driver = added_driver(&server, &owner, &vehicle, "partner@example.com").await;
    let key = owner
        .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
        .await
        .expect("key");
    let phone_in_the_car = server.client();
    phone_in_the_car
        .login("victim@example.com", PASSWORD)
        .await
        .expect("login");

    assert_eq!(
        code(owner.report_stolen(&vehicle, "Wrong-Password-1").await),
        ErrorCode::WrongPassword
    );
    let reported = owner
        .report_stolen(&vehicle, PASSWORD)
        .await
        .expect("report");
    assert!(reported.reported_stolen_at.is_some());
    assert_eq!(
        code(owner.report_stolen(&vehicle, PASSWORD).await),
        ErrorCode::VehicleReportedStolen
    );
    server
        .message("victim@example.com", "is reported stolen")
        .await;
    // Every command refused with its own code; the driver and the other session are gone.
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::Horn, "key-stolen-01")
                .await
        ),
        ErrorCode::VehicleReportedStolen
    );
    assert_eq!(
        code(driver.vehicle(&vehicle).await),
        ErrorCode::VehicleNotFound
    );
    assert_eq!(code(phone_in_the_car.me().await), ErrorCode::SessionRevoked);
    // The live key is revoked: listed so, and refused at the car.
    assert_eq!(
        owner.auth_keys(&vehicle).await.expect("keys")[0].state,
        KeyState::Revoked
    );
    assert_eq!(
        server
            .client()
            .head_unit_enter_key(target.vin, &key.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidKey { tries_left: 2 }
    );
    assert_eq!(
        code(owner.create_auth_key(&vehicle, KeyReason::NewDevice).await),
        ErrorCode::VehicleReportedStolen
    );
    // The owner still follows the car for the police.
    report(&car, &owner, &vehicle, target.vin, 501, |s| {
        s.position.latitude = 48.9;
    })
    .await;
    assert_eq!(
        owner
            .status(&vehicle)
            .await
            .expect("status")
            .position
            .value
            .latitude,
        48.9
    );

    assert_eq!(
        code(
            owner
                .withdraw_stolen_report(&vehicle, "Wrong-Password-1")
                .await
        ),
        ErrorCode::WrongPassword
    );
    let back = owner
        .withdraw_stolen_report(&vehicle, PASSWORD)
        .await
        .expect("withdraw");
    assert_eq!(back.reported_stolen_at, None);
    assert_eq!(
        code(owner.withdraw_stolen_report(&vehicle, PASSWORD).await),
        ErrorCode::VehicleNotReportedStolen
    );
    let horn = owner
        .send_command(&vehicle, &CommandKind::Horn, "key-found-0001")
        .await
        .expect("commands work again");
    eventually(
        || owner.command(&vehicle, &horn.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Succeeded),
    )
    .await
    .expect("horn");
    // The revoked key stays revoked.
    assert_eq!(
        owner.auth_keys(&vehicle).await.expect("keys")[0].state,
        KeyState::Revoked
    );
}

/// An owner of the Qashqai (firmware 4.1) with a phone old enough to get codes.
async fn sms_owner(server: &TestServer) -> (Client, String) {
    let (owner, vehicle) =
        active_car(server, "sms@example.com", car(|c| c.vin == QASHQAI_2025)).await;
    owner
        .update_profile(&UpdateProfileRequest {
            phone: Some("+33 6 12 34 56 78".into()),
            current_password: Some(PASSWORD.into()),
            ..Default::default()
        })
        .await
        .expect("phone");
    (owner, vehicle)
}

async fn newest_code(server: &TestServer) -> String {
    server
        .client()
        .sandbox_outbox("+33612345678")
        .await
        .expect("sms")[0]
        .action
        .clone()
        .expect("a code")
}

fn other_than(code: &str) -> &'static str {
    if code == "000000" {
        "000001"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn a_new_phone_gets_no_code_for_a_day() {
    let server = TestServer::start().await;
    let (owner, vehicle) = sms_owner(&server).await;
    assert_eq!(
        code(owner.create_auth_key(&vehicle, KeyReason::NewDevice).await),
        ErrorCode::PhoneTooNew
    );
    server.advance(NEW_PHONE_WAIT_SECONDS);
    let key = owner
        .create_auth_key(&vehicle, KeyReason::NewDevice)
        .await
        .expect("a day later");
    // Changed again after the key was made: the car sends no code to the new number yet.
    owner
        .update_profile(&UpdateProfileRequest {
            phone: Some("+33 6 99 99 99 99".into()),
            current_password: Some(PASSWORD.into()),
            ..Default::default()
        })
        .await
        .expect("phone");
    assert_eq!(
        code(
            server
                .client()
                .head_unit_enter_key(QASHQAI_2025, &key.key)
                .await
        ),
        ErrorCode::PhoneTooNew
    );
}

#[tokio::test]
async fn sms_codes_cannot_be_guessed() {
    let server = TestServer::start().await;
    let (owner, vehicle) = sms_owner(&server).await;
    server.advance(NEW_PHONE_WAIT_SECONDS);
    let head_unit = server.client();
    let key = owner
        .create_auth_key(&vehicle, KeyReason::NewDevice)
        .await
        .expect("key");
    let enter_key = || head_unit.head_unit_enter_key(QASHQAI_2025, &key.key);
    // Each round: the key (a fresh code is sent), then a wrong code. A fresh code does not buy
    // fresh guesses: the key keeps count of its three.
    for tries_left in [2, 1] {
        assert!(matches!(
            enter_key().await.expect("answer"),
            HeadUnitAnswer::SmsCodeRequired { .. }
        ));
        let wrong = other_than(&newest_code(&server).await);
        assert_eq!(
            head_unit
                .head_unit_enter_code(QASHQAI_2025, wrong)
                .await
                .expect("answer"),
            HeadUnitAnswer::InvalidCode { tries_left }
        );
    }
    assert!(matches!(
        enter_key().await.expect("answer"),
        HeadUnitAnswer::SmsCodeRequired { .. }
    ));
    let right = newest_code(&server).await;
    assert_eq!(
        head_unit
            .head_unit_enter_code(QASHQAI_2025, other_than(&right))
            .await
            .expect("answer"),
        HeadUnitAnswer::KeyRevoked
    );
    // Burnt: even the right code, or the key again, opens nothing.
    assert_eq!(
        code(head_unit.head_unit_enter_code(QASHQAI_2025, &right).await),
        ErrorCode::NoCodePending
    );
    assert_eq!(
        owner.auth_keys(&vehicle).await.expect("keys")[0].state,
        KeyState::Revoked
    );

    // Wrong codes count towards the head unit's lock too: three wrong entries in a row lock it.
    let second = owner
        .create_auth_key(&vehicle, KeyReason::NewDevice)
        .await
        .expect("key");
    assert_eq!(
        head_unit
            .head_unit_enter_key(QASHQAI_2025, "wrongwrongwrong2")
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidKey { tries_left: 1 }
    );
    assert!(matches!(
        head_unit
            .head_unit_enter_key(QASHQAI_2025, &second.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::SmsCodeRequired { .. }
    ));
}

#[tokio::test]
async fn a_car_gets_at_most_five_codes_a_day_and_a_key_three() {
    let server = TestServer::start().await;
    let (owner, vehicle) = sms_owner(&server).await;
    server.advance(NEW_PHONE_WAIT_SECONDS);
    let head_unit = server.client();
    let mut sent = 0;
    for _ in 0..2 {
        let key = owner
            .create_auth_key(&vehicle, KeyReason::NewDevice)
            .await
            .expect("key");
        for _ in 0..3 {
            if sent == 5 {
                break;
            }
            assert!(matches!(
                head_unit
                    .head_unit_enter_key(QASHQAI_2025, &key.key)
                    .await
                    .expect("answer"),
                HeadUnitAnswer::SmsCodeRequired { .. }
            ));
            sent += 1;
        }
        if sent == 3 {
            assert_eq!(
                code(head_unit.head_unit_enter_key(QASHQAI_2025, &key.key).await),
                ErrorCode::SmsCodeLimit,
                "a fourth code for one key"
            );
        }
    }
    let third = owner
        .create_auth_key(&vehicle, KeyReason::NewDevice)
        .await
        .expect("key");
    assert_eq!(
        code(
            head_unit
                .head_unit_enter_key(QASHQAI_2025, &third.key)
                .await
        ),
        ErrorCode::SmsCodeLimit,
        "a sixth code in a day"
    );
}

#[tokio::test]
async fn a_restart_during_the_hand_over_leaves_the_command_unknown_never_expired() {
    let car = ScriptedGateway::new();
    let mut server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "handover@example.com", target).await;
    car.hangs.store(true, Ordering::SeqCst);
    let command = owner
        .send_command(&vehicle, &CommandKind::Horn, "key-handover-1")
        .await
        .expect("accepted");
    // Give the delivery task time to start handing it over.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let tokens = owner.session_tokens().expect("signed in");
    let after = ScriptedGateway::new();
    server.restart_with(after.clone()).await;
    let owner = server.client();
    owner.restore_session(tokens);
    assert_eq!(
        owner
            .command(&vehicle, &command.id)
            .await
            .expect("command")
            .state,
        CommandState::Unknown
    );
    assert!(after.delivered().is_empty(), "nothing was sent again");
}

#[tokio::test]
async fn the_car_drops_a_command_that_reaches_it_after_its_deadline() {
    // The simulated car, at real vehicle time: the server keeps trying while it is out of reach.
    let server = TestServer::sandbox(1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "late@example.com", target).await;
    let control = |online| {
        let client = server.client();
        async move {
            client
                .control_sandbox_car(target.vin, &CarControl::Coverage { online })
                .await
                .expect("coverage")
        }
    };
    control(false).await;
    let command = owner
        .send_command(&vehicle, &CommandKind::Horn, "key-late-00001")
        .await
        .expect("accepted");
    // By the server's clock the deadline passes while the car has no coverage; when it comes
    // back the car sees the command is too late and drops it instead of sounding the horn.
    server.advance(10 * 60);
    control(true).await;
    let done = eventually(
        || owner.command(&vehicle, &command.id),
        |c| matches!(c, Ok(c) if c.state.is_final()),
    )
    .await
    .expect("command");
    assert_eq!(done.state, CommandState::Expired);
}

#[tokio::test]
async fn a_driver_sees_history_from_their_own_join_only() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1000.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "history@example.com", target).await;
    report(&car, &owner, &vehicle, target.vin, 700, |s| {
        s.warning_lamps = vec![WarningLamp::CheckEngine];
    })
    .await;
    let before = owner
        .send_command(&vehicle, &CommandKind::Horn, "key-before-001")
        .await
        .expect("horn");
    eventually(
        || owner.command(&vehicle, &before.id),
        |c| matches!(c, Ok(c) if c.state.is_final()),
    )
    .await
    .expect("done");
    server.advance(60);
    let driver = added_driver(&server, &owner, &vehicle, "newcomer@example.com").await;
    server.advance(60);
    report(&car, &owner, &vehicle, target.vin, 701, |_| {}).await;

    let owner_history = owner.health_history(&vehicle).await.expect("history");
    assert!(owner_history.len() >= 2, "{owner_history:?}");
    let driver_history = driver.health_history(&vehicle).await.expect("history");
    assert_eq!(driver_history.len(), 1, "{driver_history:?}");
    assert!(driver_history[0].warning_lamps.is_empty());
    assert!(driver
        .commands(&vehicle)
        .await
        .expect("commands")
        .is_empty());
    assert_eq!(
        code(driver.command(&vehicle, &before.id).await),
        ErrorCode::CommandNotFound
    );
    // The stream replays nothing from before the join either.
    let mut stream = driver.events(None);
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
        .await
        .expect("an event")
        .expect("open")
        .expect("event");
    match first.event {
        keyfob_core::api::command::LiveEvent::Status { status, .. } => {
            assert_eq!(status.odometer_km.value, 701)
        }
        other => panic!("the driver's first event is from before the join: {other:?}"),
    }
}

#[tokio::test]
async fn retention_prunes_events_and_alerts_after_ninety_days() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "retention@example.com", target).await;
    report(&car, &owner, &vehicle, target.vin, 900, |_| {}).await;
    let db = database(&server).await;
    assert!(!db
        .status_events_since(&vehicle, 0, 10)
        .await
        .expect("events")
        .is_empty());
    server.advance(91 * 24 * 60 * 60);
    server.state().maintain().await.expect("maintenance");
    assert!(db
        .status_events_since(&vehicle, 0, 10)
        .await
        .expect("events")
        .is_empty());
    // The last status itself is what the car is now, not history: it stays.
    assert!(db.vehicle_status(&vehicle).await.expect("status").is_some());
    let _: Arc<ScriptedGateway> = car;
}

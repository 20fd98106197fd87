//! The health report, its history of changes, and checking the password again before an
//! unlock or a remote start.

mod common;

use common::{
    active_car, code, eventually, linkable_car, scripted::parked, scripted::ScriptedGateway,
    TestServer,
};
use keyfob_core::{account::Region, status::WarningLamp, ErrorCode};

/// Vehicle time as the server sees it; these tests move the clock by hand.
const FAST: f64 = 1.0;

#[tokio::test]
async fn the_history_lists_each_change_of_health_newest_first() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "health@example.com", target).await;

    let mut low_tyre = parked();
    low_tyre.tyres_kpa.rear_left = 180;
    low_tyre.warning_lamps = vec![WarningLamp::TyrePressure];
    let mut moved_but_same = low_tyre.clone();
    moved_but_same.odometer_km += 12;
    for snapshot in [parked(), low_tyre, moved_but_same, parked()] {
        let odometer = snapshot.odometer_km;
        let lamps = snapshot.warning_lamps.clone();
        car.status(target.vin, snapshot).await;
        eventually(
            || owner.status(&vehicle),
            |s| matches!(s, Ok(s) if s.odometer_km.value == odometer && s.warning_lamps.value == lamps),
        )
        .await
        .expect("status");
        server.advance(60);
    }

    // The history is read from the event log, written just after the status itself.
    let history = eventually(
        || owner.health_history(&vehicle),
        |h| matches!(h, Ok(h) if h.len() >= 3),
    )
    .await
    .expect("history");
    let lamps: Vec<_> = history.iter().map(|r| r.warning_lamps.clone()).collect();
    // All clear, then the low tyre (the drive while it stayed low is no change), then clear.
    assert_eq!(
        lamps,
        vec![vec![], vec![WarningLamp::TyrePressure], vec![]],
        "{history:#?}"
    );
    assert_eq!(history[1].low_tyres, vec!["rear left".to_owned()]);
    assert!(history[0].reported_at > history[1].reported_at);

    let report = owner.health_report(&vehicle).await.expect("report");
    assert!(report.low_tyres.is_empty() && report.battery_12v_ok);
    assert_eq!(report.tyres_kpa.rear_left, parked().tyres_kpa.rear_left);
}

#[tokio::test]
async fn the_password_is_checked_again_and_guesses_are_limited() {
    let server = TestServer::start().await;
    let client = server.signed_in("again@example.com", Region::Eu).await;
    client
        .verify_password(common::PASSWORD)
        .await
        .expect("the right password");
    for _ in 0..5 {
        assert_eq!(
            code(client.verify_password("wrong-guess").await),
            ErrorCode::WrongPassword
        );
    }
    // Now even the right one waits: guessing costs the same as at sign-in.
    assert_eq!(
        code(client.verify_password(common::PASSWORD).await),
        ErrorCode::TooManyAttempts
    );
}

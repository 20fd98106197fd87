//! Geofences kept per car and owner: the checks, the limit of ten, the subscription they need,
//! and that nobody but the owner sees or changes them.

mod common;

use common::{active_car, car, code, linkable_car, TestServer};
use keyfob_core::{
    account::Region,
    api::geofence::ZoneRequest,
    geo::GeoPoint,
    geofence::{AlertOn, Schedule, Shape, WeeklyWindow},
    ErrorCode,
};

fn home(name: &str) -> ZoneRequest {
    ZoneRequest {
        name: name.into(),
        shape: Shape::Circle {
            center: GeoPoint::new(48.8566, 2.3522),
            radius_m: 400.0,
        },
        alert_on: AlertOn::Exit,
        schedule: None,
    }
}

#[tokio::test]
async fn the_owner_draws_changes_and_deletes_zones_up_to_ten() {
    let server = TestServer::start().await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "zones@example.com", target).await;

    let created = owner
        .create_zone(&vehicle, &home("  Home "))
        .await
        .expect("created");
    assert_eq!(created.name, "Home");
    assert!(created.id.starts_with("zon"));

    let mut school = home("School");
    school.shape = Shape::Polygon {
        vertices: vec![
            GeoPoint::new(48.85, 2.34),
            GeoPoint::new(48.86, 2.34),
            GeoPoint::new(48.86, 2.35),
        ],
    };
    school.alert_on = AlertOn::Both;
    school.schedule = Some(Schedule {
        time_zone: "Europe/Paris".into(),
        windows: vec![WeeklyWindow {
            days: vec![1, 2, 3, 4, 5],
            start: "08:00".into(),
            end: "16:30".into(),
        }],
    });
    let updated = owner
        .update_zone(&vehicle, &created.id, &school)
        .await
        .expect("updated");
    assert_eq!(updated.name, "School");
    assert_eq!(updated.schedule, school.schedule);
    assert_eq!(owner.zones(&vehicle).await.expect("list"), vec![updated]);

    for n in 1..10 {
        owner
            .create_zone(&vehicle, &home(&format!("Zone {n}")))
            .await
            .expect("within ten");
    }
    assert_eq!(
        code(owner.create_zone(&vehicle, &home("Eleventh")).await),
        ErrorCode::ZoneLimit
    );
    owner
        .delete_zone(&vehicle, &created.id)
        .await
        .expect("deleted");
    assert_eq!(
        code(owner.delete_zone(&vehicle, &created.id).await),
        ErrorCode::ZoneNotFound
    );
    owner
        .create_zone(&vehicle, &home("Room again"))
        .await
        .expect("room for one more");
}

#[tokio::test]
async fn a_bad_zone_is_refused_with_its_own_code_and_nothing_stored() {
    let server = TestServer::start().await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "bad-zones@example.com", target).await;
    let mut tiny = home("Tiny");
    tiny.shape = Shape::Circle {
        center: GeoPoint::new(48.8566, 2.3522),
        radius_m: 20.0,
    };
    assert_eq!(
        code(owner.create_zone(&vehicle, &tiny).await),
        ErrorCode::ZoneRadius
    );
    assert_eq!(
        code(owner.create_zone(&vehicle, &home(" ")).await),
        ErrorCode::ZoneName
    );
    let mut bow_tie = home("Bow tie");
    bow_tie.shape = Shape::Polygon {
        vertices: vec![
            GeoPoint::new(48.85, 2.35),
            GeoPoint::new(48.86, 2.36),
            GeoPoint::new(48.86, 2.35),
            GeoPoint::new(48.85, 2.36),
        ],
    };
    assert_eq!(
        code(owner.create_zone(&vehicle, &bow_tie).await),
        ErrorCode::ZoneSelfIntersecting
    );
    assert!(owner.zones(&vehicle).await.expect("list").is_empty());
}

#[tokio::test]
async fn zones_need_trial_or_premium() {
    let server = TestServer::start().await;
    // The 2020 Juke, on Basic.
    let basic = car(|c| c.vin == "SJNFBAF1XLU207731");
    let (owner, vehicle) = active_car(&server, "basic-zones@example.com", basic).await;
    assert_eq!(
        code(owner.create_zone(&vehicle, &home("Home")).await),
        ErrorCode::FeatureLocked
    );
}

fn at(latitude: f64, longitude: f64) -> keyfob_core::status::CarSnapshot {
    let mut snapshot = common::scripted::parked();
    snapshot.position.latitude = latitude;
    snapshot.position.longitude = longitude;
    snapshot
}

/// Reports a position and waits until the server has it.
async fn report(
    car: &common::scripted::ScriptedGateway,
    owner: &keyfob_client::Client,
    vehicle: &str,
    vin: &str,
    latitude: f64,
) {
    car.status(vin, at(latitude, 2.3522)).await;
    common::eventually(
        || owner.status(vehicle),
        |s| matches!(s, Ok(s) if (s.position.value.latitude - latitude).abs() < 1e-9),
    )
    .await
    .expect("status");
}

#[tokio::test]
async fn crossings_are_alerted_once_stored_and_survive_a_restart() {
    let car = common::scripted::ScriptedGateway::new();
    let mut server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "alerts@example.com", target).await;
    report(&car, &owner, &vehicle, target.vin, 48.8566).await;

    // Drawn around the parked car: no "entered" for that.
    let mut both = home("Home");
    both.alert_on = AlertOn::Both;
    owner.create_zone(&vehicle, &both).await.expect("zone");
    let mut stream = owner.events(None);

    // 2 km north: it left Home, once, whatever the car repeats.
    report(&car, &owner, &vehicle, target.vin, 48.8746).await;
    report(&car, &owner, &vehicle, target.vin, 48.8747).await;
    let alerts = owner.alerts(&vehicle, None, 20).await.expect("history");
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(alerts[0].alert.summary(), "Left Home");
    let pushed = loop {
        let event = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
            .await
            .expect("an event in time")
            .expect("open")
            .expect("event");
        if let keyfob_core::api::command::LiveEvent::Alert { alert, .. } = event.event {
            break alert;
        }
    };
    assert_eq!(pushed.summary(), "Left Home");
    assert_eq!(*pushed, alerts[0].alert);

    // The server stops; the car comes home meanwhile and reports after the restart.
    let tokens = owner.session_tokens().expect("signed in");
    drop(stream);
    let car = common::scripted::ScriptedGateway::new();
    server.restart_with(car.clone()).await;
    let owner = server.client();
    owner.restore_session(tokens);
    report(&car, &owner, &vehicle, target.vin, 48.8567).await;
    report(&car, &owner, &vehicle, target.vin, 48.8566).await;
    let alerts = owner.alerts(&vehicle, None, 20).await.expect("history");
    let summaries: Vec<_> = alerts.iter().map(|a| a.alert.summary()).collect();
    assert_eq!(summaries, vec!["Entered Home", "Left Home"]);
    assert!(alerts[0].seq > alerts[1].seq);
}

#[tokio::test]
async fn a_new_owner_starts_from_the_cars_first_report_to_them() {
    let car = common::scripted::ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    // The first owner's car reports at home, inside the seller's own zone, then is sold.
    let (seller, sold) = active_car(&server, "seller@example.com", target).await;
    report(&car, &seller, &sold, target.vin, 48.8566).await;
    seller
        .create_zone(&sold, &home("Seller's home"))
        .await
        .expect("seller's zone");
    seller
        .remove_vehicle(&sold, common::PASSWORD)
        .await
        .expect("removed");

    // The buyer draws Home before the car has reported to them; the car is 2 km away, and
    // nobody has seen it inside Home: nothing to tell.
    let (owner, vehicle) = active_car(&server, "buyer@example.com", target).await;
    let mut both = home("Home");
    both.alert_on = AlertOn::Both;
    owner.create_zone(&vehicle, &both).await.expect("zone");
    report(&car, &owner, &vehicle, target.vin, 48.8746).await;
    // Then it comes home and leaves again; the seller's zones play no part.
    report(&car, &owner, &vehicle, target.vin, 48.8566).await;
    report(&car, &owner, &vehicle, target.vin, 48.8747).await;
    let alerts = common::eventually(
        || owner.alerts(&vehicle, None, 20),
        |a| matches!(a, Ok(a) if a.len() >= 2),
    )
    .await
    .expect("history");
    let summaries: Vec<_> = alerts.iter().map(|a| a.alert.summary()).collect();
    assert_eq!(summaries, vec!["Left Home", "Entered Home"]);
}

//! Car reports that arrive together are handled in batches, a few statements for many cars;
//! each car's reports still take effect in the order the car sent them.

mod common;

use common::{
    active_car, car, eventually,
    scripted::{parked, ScriptedGateway},
    TestServer,
};
use keyfob_core::{
    account::Region,
    api::geofence::{AlertEvent, ZoneRequest},
    geo::GeoPoint,
    geofence::{AlertOn, Crossing, Shape},
    status::CarSnapshot,
};

fn at(latitude: f64, odometer_km: u32) -> CarSnapshot {
    let mut snapshot = parked();
    snapshot.position.latitude = latitude;
    snapshot.odometer_km = odometer_km;
    snapshot
}

const HOME: f64 = 48.8566;
/// About 3 km north of home: outside a 1 km zone around it.
const AWAY: f64 = 48.8836;

#[tokio::test]
async fn reports_that_arrive_together_take_effect_in_each_cars_order() {
    let gateway = ScriptedGateway::new();
    let server = TestServer::with_gateway(gateway.clone(), 1.0).await;
    let usable = |c: &keyfob_server::fleet::FleetVehicle| {
        c.market == Region::Eu
            && c.model_year >= 2021
            && c.telematics_unit
            && c.sim_active
            && c.linked_to.is_none()
            && matches!(
                c.subscription,
                keyfob_server::fleet::SeedSubscription::TrialActive
            )
    };
    let first = car(usable);
    let second = car(|c| usable(c) && c.vin != first.vin);
    let (owner, watched) = active_car(&server, "watched@example.com", first).await;
    let (other, neighbour) = active_car(&server, "neighbour@example.com", second).await;
    gateway.status(first.vin, at(HOME, 30_000)).await;
    eventually(
        || owner.status(&watched),
        |s| matches!(s, Ok(s) if s.odometer_km.value == 30_000),
    )
    .await
    .expect("first report");
    owner
        .create_zone(
            &watched,
            &ZoneRequest {
                name: "Home".into(),
                shape: Shape::Circle {
                    center: GeoPoint::new(HOME, 2.3522),
                    radius_m: 1_000.0,
                },
                alert_on: AlertOn::Both,
                schedule: None,
            },
        )
        .await
        .expect("zone");

    // Sent without waiting: the server finds them queued together. Out, in, out, in, out, in,
    // with the other car's reports in between.
    for n in 1..=6_u32 {
        let latitude = if n % 2 == 1 { AWAY } else { HOME };
        gateway.status(first.vin, at(latitude, 30_000 + n)).await;
        gateway.status(second.vin, at(HOME, 40_000 + n)).await;
    }
    eventually(
        || owner.status(&watched),
        |s| matches!(s, Ok(s) if s.odometer_km.value == 30_006),
    )
    .await
    .expect("the watched car's last report");
    eventually(
        || other.status(&neighbour),
        |s| matches!(s, Ok(s) if s.odometer_km.value == 40_006),
    )
    .await
    .expect("the other car's last report");

    let crossings: Vec<Crossing> = owner
        .alerts(&watched, None, 100)
        .await
        .expect("alerts")
        .into_iter()
        .rev()
        .map(|entry| match entry.alert.event {
            AlertEvent::Zone { crossing, .. } => crossing,
            other => panic!("a zone alert, not {other:?}"),
        })
        .collect();
    let expected = [Crossing::Left, Crossing::Entered].repeat(3);
    assert_eq!(crossings, expected, "oldest first");
    assert!(other
        .alerts(&neighbour, None, 100)
        .await
        .expect("alerts")
        .is_empty());
}

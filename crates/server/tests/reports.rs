//! Car reports that arrive together are handled in batches, a few statements for many cars;
//! each car's reports still take effect in the order the car sent them, and one car's damaged
//! data does not stop the others' alerts.

mod common;

use std::sync::Arc;

use common::{
    active_car, database, eventually, linkable_car,
    scripted::{parked, ScriptedGateway},
    second_linkable_car, TestServer,
};
use keyfob_client::Client;
use keyfob_core::{
    account::Region,
    api::geofence::{AlertEvent, ZoneRequest},
    geo::GeoPoint,
    geofence::{AlertOn, Crossing, Shape},
    status::CarSnapshot,
};

const HOME: f64 = 48.8566;
/// About 3 km north of home: outside a 1 km zone around it.
const AWAY: f64 = 48.8836;

fn at(latitude: f64, odometer_km: u32) -> CarSnapshot {
    let mut snapshot = parked();
    snapshot.position.latitude = latitude;
    snapshot.odometer_km = odometer_km;
    snapshot
}

/// A linked, active car parked at home with a 1 km zone around home, alerting both ways.
struct WatchedCar {
    owner: Client,
    vehicle: String,
    vin: &'static str,
}

async fn watched_car(
    server: &TestServer,
    gateway: &Arc<ScriptedGateway>,
    email: &str,
    car: &'static keyfob_server::fleet::FleetVehicle,
    odometer_km: u32,
) -> WatchedCar {
    let (owner, vehicle) = active_car(server, email, car).await;
    gateway.status(car.vin, at(HOME, odometer_km)).await;
    let placed = WatchedCar {
        owner,
        vehicle,
        vin: car.vin,
    };
    placed.reported(odometer_km).await;
    placed
        .owner
        .create_zone(
            &placed.vehicle,
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
    placed
}

impl WatchedCar {
    /// Waits until the server has stored the report with this odometer reading.
    async fn reported(&self, odometer_km: u32) {
        eventually(
            || self.owner.status(&self.vehicle),
            |s| matches!(s, Ok(s) if s.odometer_km.value == odometer_km),
        )
        .await
        .expect("the report stored");
    }

    /// The zone crossings alerted, oldest first.
    async fn crossings(&self) -> Vec<Crossing> {
        self.owner
            .alerts(&self.vehicle, None, 100)
            .await
            .expect("alerts")
            .into_iter()
            .rev()
            .map(|entry| match entry.alert.event {
                AlertEvent::Zone { crossing, .. } => crossing,
                other => panic!("a zone alert, not {other:?}"),
            })
            .collect()
    }
}

/// Sends out, in, out, in, out, in for both cars, interleaved, without waiting: the server
/// finds them queued together. Returns once both last reports are stored.
async fn burst(gateway: &ScriptedGateway, first: &WatchedCar, second: &WatchedCar) {
    for n in 1..=6_u32 {
        let latitude = if n % 2 == 1 { AWAY } else { HOME };
        gateway.status(first.vin, at(latitude, 30_000 + n)).await;
        gateway.status(second.vin, at(latitude, 40_000 + n)).await;
    }
    first.reported(30_006).await;
    second.reported(40_006).await;
}

#[tokio::test]
async fn reports_that_arrive_together_take_effect_in_each_cars_order() {
    let gateway = ScriptedGateway::new();
    let server = TestServer::with_gateway(gateway.clone(), 1.0).await;
    let one = linkable_car(Region::Eu);
    let first = watched_car(&server, &gateway, "first@example.com", one, 30_000).await;
    let other = second_linkable_car(Region::Eu, one);
    let second = watched_car(&server, &gateway, "second@example.com", other, 40_000).await;

    burst(&gateway, &first, &second).await;

    let expected = [Crossing::Left, Crossing::Entered].repeat(3);
    assert_eq!(first.crossings().await, expected);
    assert_eq!(second.crossings().await, expected);
}

#[tokio::test]
async fn a_car_whose_stored_zones_cannot_be_read_does_not_stop_the_others_alerts() {
    let gateway = ScriptedGateway::new();
    let server = TestServer::with_gateway(gateway.clone(), 1.0).await;
    let one = linkable_car(Region::Eu);
    let damaged = watched_car(&server, &gateway, "damaged@example.com", one, 30_000).await;
    let other = second_linkable_car(Region::Eu, one);
    let healthy = watched_car(&server, &gateway, "healthy@example.com", other, 40_000).await;
    database::execute(
        &server.database_url(),
        &format!(
            "UPDATE zones SET definition = 'not json' WHERE vehicle_id = '{}'",
            damaged.vehicle
        ),
    )
    .await;

    burst(&gateway, &damaged, &healthy).await;

    // The damaged car's status still arrives; only its judging is skipped.
    assert!(damaged.crossings().await.is_empty());
    assert_eq!(
        healthy.crossings().await,
        [Crossing::Left, Crossing::Entered].repeat(3)
    );
}

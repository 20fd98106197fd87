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

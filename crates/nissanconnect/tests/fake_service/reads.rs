use std::time::Duration;

use keyfob_nissanconnect::fake::{Failure, FakeEndpoint};
use keyfob_nissanconnect::{service, BatterySource, ChargePower, Error, LockState, OpenState};
use time::macros::datetime;

use crate::common::{car, world, world_with_timeouts, ARIYA, LEAF, MICRA, QASHQAI, UPDATED};

#[tokio::test]
async fn the_car_list_is_parsed() {
    let w = world().await;
    let session = w.session().await;
    let user_id = session.user_id().await.expect("user id");
    let cars = session.cars(&user_id).await.expect("cars");
    let vins: Vec<&str> = cars.iter().map(|c| c.vin.as_str()).collect();
    assert_eq!(
        vins,
        [LEAF, ARIYA, MICRA, QASHQAI],
        "the Ariya's lower-case VIN is upper-cased"
    );

    let leaf = &cars[0];
    assert_eq!(leaf.model_name.as_deref(), Some("Leaf"));
    assert_eq!(leaf.nickname.as_deref(), Some("My Leaf"));
    assert_eq!(leaf.model_year, Some(2019));
    assert_eq!(leaf.car_gateway.as_deref(), Some("GDC"));
    assert_eq!(leaf.role.as_deref(), Some("OWNER"));
    let engine = leaf
        .services
        .iter()
        .find(|s| s.id == service::REMOTE_ENGINE_START)
        .expect("kept");
    assert!(!engine.activated);
    assert_eq!(engine.raw_state, "DEACTIVATED");
    assert!(!leaf.has_service(service::REMOTE_ENGINE_START));
    assert!(leaf.has_service(service::BATTERY_STATUS));

    let ariya = &cars[1];
    assert!(
        ariya.has_service(service::TEMPERATURE),
        "string ids are read"
    );
    assert_eq!(ariya.services.len(), 10);
    assert_eq!(ariya.ccs_gen.as_deref(), Some("2"));

    let micra = &cars[2];
    assert_eq!(micra.can_generation.as_deref(), Some("C1A_HS EVO"));
    let ids: Vec<u32> = micra.services.iter().map(|s| s.id).collect();
    assert_eq!(ids, [12, 97, 107, 202, 299, 308, 317, 319, 344, 366]);
    assert!(!micra.has_service(service::LOCK_STATUS_CHECK));

    // The user id is remembered.
    session.user_id().await.expect("user id");
    assert_eq!(w.fake.count(FakeEndpoint::CurrentUser), 1);
}

#[tokio::test]
async fn leaf_battery_v1_has_every_field() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    let battery = session.battery(&leaf).await.expect("battery");
    assert_eq!(battery.source, BatterySource::CarAdapterV1);
    assert_eq!(battery.last_update, Some(UPDATED));
    assert_eq!(battery.level_percent, Some(80.0));
    assert_eq!(battery.capacity_kwh, Some(40.0));
    assert_eq!(battery.range_hvac_off_km, Some(190.0));
    assert_eq!(battery.range_hvac_on_km, Some(172.0));
    assert_eq!(battery.plugged, Some(true));
    assert_eq!(battery.charging, Some(false));
    assert_eq!(battery.charge_power, Some(ChargePower::Normal));
    // 8 kWh missing at 3, 6.6 and 50 kW.
    assert_eq!(battery.time_to_full_slow_minutes, Some(160));
    assert_eq!(battery.time_to_full_normal_minutes, Some(73));
    assert_eq!(battery.time_to_full_fast_minutes, Some(10));
    assert_eq!(battery.remaining_time_minutes, None);
    assert_eq!(battery.battery_temperature, Some(21.0));
    assert_eq!(battery.instantaneous_power_kw, Some(0.0));
    assert_eq!(battery.plugged_at, Some(datetime!(2031-03-14 07:20:00 UTC)));
    assert_eq!(
        battery.unplugged_at,
        Some(datetime!(2031-03-13 13:20:00 UTC))
    );
    let paths: Vec<String> = w
        .fake
        .requests_to(FakeEndpoint::Battery)
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(
        paths,
        [format!("/car-adapter/v1/cars/{LEAF}/battery-status")]
    );
}

#[tokio::test]
async fn ariya_battery_comes_from_the_bff_v3_with_can_gen() {
    let w = world().await;
    let session = w.session().await;
    let ariya = car(&session, ARIYA).await;
    let battery = session.battery(&ariya).await.expect("battery");
    assert_eq!(battery.source, BatterySource::BffV3);
    assert_eq!(
        battery.last_update,
        Some(UPDATED),
        "written without seconds"
    );
    assert_eq!(battery.level_percent, Some(55.0));
    assert_eq!(battery.capacity_kwh, Some(87.0));
    assert_eq!(battery.range_hvac_off_km, Some(260.0));
    assert_eq!(battery.range_hvac_on_km, Some(240.0));
    assert_eq!(battery.plugged, Some(true));
    assert_eq!(battery.charging, Some(true));
    // 39.15 kWh missing at 11 kW.
    assert_eq!(battery.remaining_time_minutes, Some(214));
    assert_eq!(battery.time_to_full_normal_minutes, None);
    assert_eq!(battery.battery_temperature, Some(24.0));
    assert_eq!(battery.instantaneous_power_kw, Some(11.0));
    assert_eq!(battery.plugged_at, Some(datetime!(2031-03-14 08:35:00 UTC)));
    assert_eq!(battery.unplugged_at, None);
    let request = &w.fake.requests_to(FakeEndpoint::Battery)[0];
    assert_eq!(
        request.path,
        format!("/bff-web/v3/cars/{ARIYA}/battery-status")
    );
    assert_eq!(request.query.as_deref(), Some("canGen=CCS2_AIVC"));
}

#[tokio::test]
async fn micra_battery_has_the_fixture_fields_only() {
    let w = world().await;
    let session = w.session().await;
    let micra = car(&session, MICRA).await;
    let battery = session.battery(&micra).await.expect("battery");
    assert_eq!(battery.source, BatterySource::BffV3);
    assert_eq!(
        battery.last_update,
        Some(UPDATED),
        "written with milliseconds"
    );
    assert_eq!(battery.level_percent, Some(64.0));
    assert_eq!(battery.range_hvac_off_km, Some(250.0));
    assert_eq!(battery.battery_temperature, Some(19.0));
    assert_eq!(battery.plugged, Some(false));
    assert_eq!(battery.charging, Some(false));
    assert_eq!(battery.remaining_time_minutes, None);
    assert_eq!(
        (
            battery.capacity_kwh,
            battery.range_hvac_on_km,
            battery.charge_power
        ),
        (None, None, None)
    );
    let request = &w.fake.requests_to(FakeEndpoint::Battery)[0];
    assert_eq!(request.query.as_deref(), Some("canGen=C1A_HS+EVO"));
}

#[tokio::test]
async fn qashqai_battery_status_has_the_range_only() {
    let w = world().await;
    let session = w.session().await;
    let qashqai = car(&session, QASHQAI).await;
    let battery = session.battery(&qashqai).await.expect("battery");
    assert_eq!(battery.source, BatterySource::CarAdapterV1);
    assert_eq!(
        battery.last_update,
        Some(UPDATED),
        "written with a +02:00 offset"
    );
    assert_eq!(battery.range_hvac_off_km, Some(540.0));
    assert_eq!(battery.range_hvac_on_km, Some(540.0));
    assert_eq!(
        (battery.level_percent, battery.plugged, battery.charging),
        (None, None, None)
    );
}

#[tokio::test]
async fn cockpit_of_every_profile() {
    let w = world().await;
    let session = w.session().await;
    let leaf = session
        .cockpit(&car(&session, LEAF).await)
        .await
        .expect("leaf cockpit");
    assert_eq!(leaf.total_mileage_km, Some(45_210.0));
    assert_eq!(leaf.fuel_quantity_litres, None);
    assert_eq!(leaf.last_update, Some(UPDATED));
    let ariya = session
        .cockpit(&car(&session, ARIYA).await)
        .await
        .expect("ariya cockpit");
    assert_eq!(ariya.total_mileage_km, Some(12_040.0));
    let qashqai = session
        .cockpit(&car(&session, QASHQAI).await)
        .await
        .expect("qashqai cockpit");
    assert_eq!(qashqai.total_mileage_km, Some(30_100.0));
    assert_eq!(qashqai.fuel_autonomy_km, Some(540.0));
    assert_eq!(qashqai.fuel_quantity_litres, Some(38.5));
    assert_eq!(qashqai.fuel_level_percent, Some(70.0));
    assert_eq!(qashqai.fuel_low_warning, Some(false));
}

#[tokio::test]
async fn micra_cockpit_probes_v1_then_v2_and_remembers() {
    let w = world().await;
    let session = w.session().await;
    let micra = car(&session, MICRA).await;
    let first = session.cockpit(&micra).await.expect("v2 answers");
    assert_eq!(first.total_mileage_km, Some(12_345.0));
    assert_eq!(first.fuel_quantity_litres, Some(0.0));
    assert_eq!(first.last_update, Some(UPDATED));
    session.cockpit(&micra).await.expect("again");
    let paths: Vec<String> = w
        .fake
        .requests_to(FakeEndpoint::Cockpit)
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(
        paths,
        [
            format!("/car-adapter/v1/cars/{MICRA}/cockpit"),
            format!("/car-adapter/v2/cars/{MICRA}/cockpit"),
            format!("/car-adapter/v2/cars/{MICRA}/cockpit"),
        ]
    );
}

#[tokio::test]
async fn cockpit_probing_stops_on_a_real_error() {
    let w = world().await;
    let session = w.session().await;
    let micra = car(&session, MICRA).await;
    w.fake
        .fail_next(FakeEndpoint::Cockpit, Failure::status(403));
    let error = session.cockpit(&micra).await.expect_err("403 is an answer");
    assert!(
        matches!(error, Error::Rejected { status: 403, .. }),
        "{error:?}"
    );
    assert_eq!(w.fake.count(FakeEndpoint::Cockpit), 1);
}

#[tokio::test]
async fn location_and_privacy_mode() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    let location = session.location(&leaf).await.expect("location");
    assert_eq!(
        (location.latitude, location.longitude),
        (Some(48.8566), Some(2.3522))
    );
    assert_eq!(location.last_update, Some(UPDATED));
    w.fake.update_car(LEAF, |c| c.state.privacy_mode = true);
    let error = session.location(&leaf).await.expect_err("hidden");
    assert_eq!(error, Error::PrivacyMode);
    assert_eq!(error.code(), "privacy_mode");
}

#[tokio::test]
async fn lock_status_and_its_absence_on_the_micra() {
    let w = world().await;
    let session = w.session().await;
    let leaf = session
        .lock_status(&car(&session, LEAF).await)
        .await
        .expect("leaf");
    assert_eq!(leaf.lock, Some(LockState::Locked));
    assert_eq!(leaf.front_left, Some(OpenState::Closed));
    assert_eq!(leaf.hatch, Some(OpenState::Closed));
    assert_eq!(leaf.last_update, Some(UPDATED));
    w.fake
        .update_car(QASHQAI, |c| c.state.rear_right_open = true);
    let qashqai = session
        .lock_status(&car(&session, QASHQAI).await)
        .await
        .expect("qashqai");
    assert_eq!(qashqai.lock, Some(LockState::Unlocked));
    assert_eq!(qashqai.hatch, Some(OpenState::Open));
    assert_eq!(qashqai.rear_right, Some(OpenState::Open));
    assert_eq!(qashqai.rear_left, Some(OpenState::Closed));
    assert_eq!(qashqai.front_right, Some(OpenState::Closed));
    let micra = car(&session, MICRA).await;
    assert_eq!(session.lock_status(&micra).await, Err(Error::NotSupported));
}

#[tokio::test]
async fn hvac_status_of_leaf_and_micra() {
    let w = world().await;
    let session = w.session().await;
    let leaf = session
        .hvac_status(&car(&session, LEAF).await)
        .await
        .expect("leaf");
    assert_eq!(leaf.on, Some(false));
    assert_eq!(leaf.internal_temperature, Some(18.0));
    assert_eq!(leaf.external_temperature, Some(12.0));
    assert_eq!(leaf.next_target_temperature, Some(21.0));
    assert_eq!(leaf.next_start, None);
    assert_eq!(leaf.last_update, Some(UPDATED));
    let micra = session
        .hvac_status(&car(&session, MICRA).await)
        .await
        .expect("micra");
    assert_eq!(micra.external_temperature, None);
    assert_eq!(micra.last_update, Some(UPDATED));
}

#[tokio::test]
async fn errors_in_a_2xx_are_rejected() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake.fail_next(
        FakeEndpoint::Battery,
        Failure::ErrorsWithOk {
            code: "12".into(),
            detail: "busy".into(),
        },
    );
    let error = session
        .battery(&leaf)
        .await
        .expect_err("errors[] wins over 200");
    assert_eq!(
        error,
        Error::Rejected {
            status: 200,
            code: Some("12".into()),
            detail: Some("busy".into())
        }
    );
}

#[tokio::test]
async fn status_answers_map_to_errors() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake.fail_next(
        FakeEndpoint::HvacStatus,
        Failure::RateLimited {
            retry_after_seconds: 42,
        },
    );
    assert_eq!(
        session.hvac_status(&leaf).await,
        Err(Error::RateLimited {
            retry_after: Some(Duration::from_secs(42))
        })
    );
    w.fake
        .fail_next(FakeEndpoint::HvacStatus, Failure::status(502));
    assert_eq!(
        session.hvac_status(&leaf).await,
        Err(Error::ServiceUnavailable { retry_after: None })
    );
    w.fake.fail_next(
        FakeEndpoint::Location,
        Failure::Status {
            status: 503,
            retry_after_seconds: Some(9),
        },
    );
    assert_eq!(
        session.location(&leaf).await,
        Err(Error::ServiceUnavailable {
            retry_after: Some(Duration::from_secs(9))
        })
    );
    w.fake
        .fail_next(FakeEndpoint::Battery, Failure::status(500));
    assert_eq!(
        session.battery(&leaf).await,
        Err(Error::ServiceUnavailable { retry_after: None })
    );
    w.fake
        .fail_next(FakeEndpoint::Location, Failure::status(501));
    assert_eq!(session.location(&leaf).await, Err(Error::NotSupported));
    w.fake
        .fail_next(FakeEndpoint::Location, Failure::status(409));
    assert!(matches!(
        session.location(&leaf).await,
        Err(Error::Rejected { status: 409, .. })
    ));
}

#[tokio::test]
async fn a_slow_read_is_a_transport_error() {
    let w = world_with_timeouts(Duration::from_secs(10), Duration::from_millis(300)).await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake
        .fail_next(FakeEndpoint::Battery, Failure::Slow(Duration::from_secs(3)));
    let error = session.battery(&leaf).await.expect_err("too slow");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_temporary());
}

#[tokio::test]
async fn reads_never_wake_the_car() {
    let w = world().await;
    let session = w.session().await;
    for vin in [LEAF, ARIYA, MICRA, QASHQAI] {
        let car = car(&session, vin).await;
        let _ = session.battery(&car).await;
        let _ = session.cockpit(&car).await;
        let _ = session.location(&car).await;
        let _ = session.lock_status(&car).await;
        let _ = session.hvac_status(&car).await;
    }
    assert_eq!(w.fake.count(FakeEndpoint::Action), 0);
    assert_eq!(w.fake.count(FakeEndpoint::RefreshToken), 0);
    assert!(w.fake.requests().iter().all(|r| r.method == "GET"));
}

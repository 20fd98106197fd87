use keyfob_core::status::{ChargerSpeed, StatusField};
use keyfob_nissanconnect::{
    status::BatterySource, BatteryStatus, ChargePower, CockpitStatus, Error, HvacStatus, Location,
    LockState, LockStatus, OpenState,
};
use time::macros::datetime;

use super::{snapshot, Readings};

const NOW: i64 = 1_795_428_000; // 2026-11-23T10:00:00Z

fn battery() -> BatteryStatus {
    BatteryStatus {
        source: BatterySource::CarAdapterV1,
        last_update: Some(datetime!(2026-11-23 09:40 UTC)),
        level_percent: Some(63.4),
        capacity_kwh: Some(40.0),
        range_hvac_off_km: Some(171.0),
        range_hvac_on_km: Some(160.0),
        plugged: Some(true),
        charging: Some(true),
        charge_power: Some(ChargePower::Fastest),
        time_to_full_slow_minutes: Some(600),
        time_to_full_normal_minutes: Some(240),
        time_to_full_fast_minutes: Some(50),
        remaining_time_minutes: None,
        battery_temperature: Some(18.0),
        instantaneous_power_kw: Some(45.0),
        plugged_at: None,
        unplugged_at: None,
    }
}

fn readings() -> Readings {
    Readings {
        battery: Ok(battery()),
        cockpit: Ok(CockpitStatus {
            last_update: Some(datetime!(2026-11-22 18:00 UTC)),
            total_mileage_km: Some(23_456.7),
            fuel_autonomy_km: None,
            fuel_quantity_litres: None,
            fuel_level_percent: None,
            fuel_low_warning: None,
        }),
        location: Ok(Location {
            last_update: Some(datetime!(2026-11-23 09:30 UTC)),
            latitude: Some(48.85),
            longitude: Some(2.35),
        }),
        lock: Ok(LockStatus {
            last_update: Some(datetime!(2026-11-23 09:35 UTC)),
            lock: Some(LockState::Unlocked),
            front_left: Some(OpenState::Open),
            front_right: Some(OpenState::Closed),
            rear_left: None,
            rear_right: Some(OpenState::Closed),
            hatch: Some(OpenState::Closed),
        }),
        hvac: Ok(HvacStatus {
            last_update: Some(datetime!(2026-11-23 09:45 UTC)),
            on: Some(true),
            internal_temperature: Some(19.6),
            external_temperature: Some(4.2),
            next_target_temperature: Some(21.0),
            next_start: Some(datetime!(2026-11-24 07:00 UTC)),
        }),
    }
}

fn observed(snapshot: &keyfob_core::status::CarSnapshot, field: StatusField) -> Option<&str> {
    snapshot
        .observed_at
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, at)| at.as_str())
}

#[test]
fn every_reading_of_an_ev_maps_to_its_value_with_the_time_the_car_observed_it() {
    let s = snapshot(true, &readings(), None, NOW);
    assert!(s.energy.electric);
    assert_eq!((s.energy.percent, s.energy.range_km), (63, 171));
    assert_eq!(s.odometer_km, 23_457);
    assert_eq!((s.position.latitude, s.position.longitude), (48.85, 2.35));
    assert!(!s.locked && s.doors.front_left && !s.doors.front_right && !s.doors.rear_left);
    let charge = s.charge.expect("charge");
    assert!(charge.plugged_in && charge.charging);
    assert_eq!(
        charge.charger,
        Some(ChargerSpeed::Fast),
        "code 4 is a fast charger too"
    );
    assert_eq!(charge.range_km_climate_on, Some(160));
    assert_eq!(
        (
            charge.minutes_to_full.slow,
            charge.minutes_to_full.normal,
            charge.minutes_to_full.fast
        ),
        (Some(600), Some(240), Some(50))
    );
    assert_eq!(charge.battery_temperature_c, Some(18));
    assert_eq!(charge.limit_percent, None);
    let climate = s.climate.clone().expect("climate");
    assert!(climate.on);
    assert_eq!(
        (climate.target_c, climate.cabin_c, climate.outside_c),
        (Some(21), Some(20), Some(4))
    );
    assert_eq!(
        climate.scheduled_for.as_deref(),
        Some("2026-11-24T07:00:00Z")
    );
    assert_eq!(
        observed(&s, StatusField::Energy),
        Some("2026-11-23T09:40:00Z")
    );
    assert_eq!(
        observed(&s, StatusField::Position),
        Some("2026-11-23T09:30:00Z")
    );
    assert_eq!(
        observed(&s, StatusField::Doors),
        Some("2026-11-23T09:35:00Z")
    );
    assert_eq!(
        observed(&s, StatusField::OdometerKm),
        Some("2026-11-22T18:00:00Z")
    );
    assert_eq!(
        observed(&s, StatusField::Climate),
        Some("2026-11-23T09:45:00Z")
    );
    // What the service never gives is unknown, not invented; an EV's engine is known to be off.
    for field in [
        StatusField::TyresKpa,
        StatusField::Battery12vMillivolts,
        StatusField::WarningLamps,
        StatusField::Gear,
    ] {
        assert!(s.unknown.contains(&field), "{field:?}");
    }
    assert!(!s.unknown.contains(&StatusField::EngineRunning));
    assert!(!s.privacy_mode && s.online);
}

#[test]
fn a_car_with_an_engine_reads_fuel_from_the_cockpit_and_has_no_charging() {
    let mut r = readings();
    r.battery = Err(Error::Rejected {
        status: 500,
        code: Some("500".into()),
        detail: None,
    });
    r.cockpit = Ok(CockpitStatus {
        last_update: None,
        total_mileage_km: Some(12_345.0),
        fuel_autonomy_km: Some(480.0),
        fuel_quantity_litres: Some(30.0),
        fuel_level_percent: Some(55.0),
        fuel_low_warning: Some(false),
    });
    let s = snapshot(false, &r, None, NOW);
    assert!(!s.energy.electric);
    assert_eq!((s.energy.percent, s.energy.range_km), (55, 480));
    assert!(s.charge.is_none() && s.climate.is_none());
    assert!(s.unknown.contains(&StatusField::EngineRunning));
    // No time from the service: the moment of the read.
    assert_eq!(
        observed(&s, StatusField::OdometerKm),
        Some("2026-11-23T10:00:00Z")
    );
}

#[test]
fn privacy_mode_keeps_the_last_position_and_says_so() {
    let first = snapshot(true, &readings(), None, NOW);
    let mut r = readings();
    r.location = Err(Error::PrivacyMode);
    let later = snapshot(true, &r, Some(&first), NOW + 900);
    assert!(later.privacy_mode);
    assert_eq!(later.position, first.position);
    assert_eq!(
        observed(&later, StatusField::Position),
        Some("2026-11-23T09:30:00Z"),
        "its old time"
    );
    // With no earlier position it is unknown.
    let alone = snapshot(true, &r, None, NOW);
    assert!(alone.privacy_mode && alone.unknown.contains(&StatusField::Position));
}

#[test]
fn a_failed_read_keeps_the_previous_value_with_its_time_or_is_unknown() {
    let first = snapshot(true, &readings(), None, NOW);
    let mut r = readings();
    r.lock = Err(Error::NotSupported);
    r.hvac = Err(Error::ServiceUnavailable { retry_after: None });
    let later = snapshot(true, &r, Some(&first), NOW + 900);
    assert_eq!(later.doors, first.doors);
    assert_eq!(
        observed(&later, StatusField::Doors),
        Some("2026-11-23T09:35:00Z")
    );
    assert_eq!(later.climate, first.climate);
    let alone = snapshot(true, &r, None, NOW);
    assert!(
        alone.unknown.contains(&StatusField::Doors) && alone.unknown.contains(&StatusField::Locked)
    );
    assert!(alone.climate.is_none() && alone.unknown.contains(&StatusField::Climate));
}

#[test]
fn an_implausible_battery_temperature_is_left_out() {
    let mut r = readings();
    if let Ok(b) = r.battery.as_mut() {
        b.battery_temperature = Some(95.0);
    }
    let s = snapshot(true, &r, None, NOW);
    assert_eq!(s.charge.expect("charge").battery_temperature_c, None);
}

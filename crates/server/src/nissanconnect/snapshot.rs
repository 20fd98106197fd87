//! The service's stored readings of a car, turned into Keyfob's snapshot: each value with the
//! time the car observed it, values the service does not give marked unknown (never invented),
//! and a value whose read failed kept from the previous snapshot with its old time.

use keyfob_core::status::{
    CarSnapshot, ChargeState, ChargerSpeed, ClimateState, Energy, Gear, MinutesToFull, Openings,
    Position, StatusField, TyrePressures,
};
use keyfob_nissanconnect::{
    BatteryStatus, ChargePower, CockpitStatus, Error, HvacStatus, Location, LockState, LockStatus,
    OpenState,
};
use time::OffsetDateTime;

use crate::clock::rfc3339;

/// One round of reads; each may have failed on its own.
pub struct Readings {
    pub battery: Result<BatteryStatus, Error>,
    pub cockpit: Result<CockpitStatus, Error>,
    pub location: Result<Location, Error>,
    pub lock: Result<LockStatus, Error>,
    pub hvac: Result<HvacStatus, Error>,
}

/// What NissanConnect never tells Keyfob, for any car. Their fields hold placeholders that
/// pass the remote-start checks, so the car itself judges those.
const NEVER_REPORTED: [StatusField; 9] = [
    StatusField::HoodOpen,
    StatusField::Windows,
    StatusField::IgnitionOn,
    StatusField::Gear,
    StatusField::HazardsOn,
    StatusField::AlarmTriggered,
    StatusField::Battery12vMillivolts,
    StatusField::TyresKpa,
    StatusField::WarningLamps,
];

/// A Nissan reports its 12 V battery to nobody; this placeholder is never shown.
const PLACEHOLDER_12V_MILLIVOLTS: u32 = 12_600;
/// Battery temperatures outside this span are taken to be in another unit (no source says
/// which one the service uses) and left out rather than shown wrong.
const PLAUSIBLE_BATTERY_C: std::ops::RangeInclusive<f64> = -40.0..=70.0;

fn at(time: Option<OffsetDateTime>, fallback: i64) -> String {
    rfc3339(time.map_or(fallback, OffsetDateTime::unix_timestamp))
}

fn closed(state: Option<OpenState>) -> bool {
    state != Some(OpenState::Open)
}

fn whole(value: f64, max: f64) -> f64 {
    value.round().clamp(0.0, max)
}

/// Builds the snapshot at `now` (Unix seconds) for a car, electric or not.
pub fn snapshot(
    electric: bool,
    readings: &Readings,
    previous: Option<&CarSnapshot>,
    now: i64,
) -> CarSnapshot {
    let mut unknown: Vec<StatusField> = NEVER_REPORTED.to_vec();
    let mut observed: Vec<(StatusField, String)> = Vec::new();
    let kept = |field: StatusField| -> Option<String> {
        previous.and_then(|p| {
            p.observed_at
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, at)| at.clone())
        })
    };
    let mut keep_or_unknown = |field: StatusField, observed: &mut Vec<(StatusField, String)>| match (
        previous.filter(|p| !p.unknown.contains(&field)),
        kept(field),
    ) {
        (Some(_), Some(at)) => observed.push((field, at)),
        _ => unknown.push(field),
    };

    // Doors and locks.
    let (doors, locked) = match &readings.lock {
        Ok(lock) => {
            let when = at(lock.last_update, now);
            observed.push((StatusField::Doors, when.clone()));
            observed.push((StatusField::Locked, when));
            (
                Openings {
                    front_left: !closed(lock.front_left),
                    front_right: !closed(lock.front_right),
                    rear_left: !closed(lock.rear_left),
                    rear_right: !closed(lock.rear_right),
                    tailgate: !closed(lock.hatch),
                },
                // A missing lock state reads as locked, as the reference clients do.
                lock.lock != Some(LockState::Unlocked),
            )
        }
        Err(_) => {
            keep_or_unknown(StatusField::Doors, &mut observed);
            keep_or_unknown(StatusField::Locked, &mut observed);
            (
                previous.map(|p| p.doors).unwrap_or_default(),
                previous.is_none_or(|p| p.locked),
            )
        }
    };

    // Energy: the traction battery of an EV, the tank of the others.
    let battery = readings.battery.as_ref().ok();
    let cockpit = readings.cockpit.as_ref().ok();
    let energy_now = if electric {
        battery.and_then(|b| {
            let percent = b.level_percent?;
            Some((
                Energy {
                    electric: true,
                    percent: whole(percent, 100.0) as u8,
                    range_km: whole(b.range_hvac_off_km.unwrap_or(0.0), 65_535.0) as u16,
                },
                b.last_update,
            ))
        })
    } else {
        cockpit.and_then(|c| {
            let range = c
                .fuel_autonomy_km
                .or(battery.and_then(|b| b.range_hvac_off_km))?;
            Some((
                Energy {
                    electric: false,
                    percent: whole(c.fuel_level_percent.unwrap_or(0.0), 100.0) as u8,
                    range_km: whole(range, 65_535.0) as u16,
                },
                c.last_update,
            ))
        })
    };
    let energy = match energy_now {
        Some((energy, when)) => {
            observed.push((StatusField::Energy, at(when, now)));
            energy
        }
        None => {
            keep_or_unknown(StatusField::Energy, &mut observed);
            previous.map_or(
                Energy {
                    electric,
                    percent: 0,
                    range_km: 0,
                },
                |p| p.energy,
            )
        }
    };

    let odometer_km = match cockpit.and_then(|c| c.total_mileage_km.map(|km| (km, c.last_update))) {
        Some((km, when)) => {
            observed.push((StatusField::OdometerKm, at(when, now)));
            whole(km, f64::from(u32::MAX)) as u32
        }
        None => {
            keep_or_unknown(StatusField::OdometerKm, &mut observed);
            previous.map_or(0, |p| p.odometer_km)
        }
    };

    // Position; privacy mode keeps the last known one and says so.
    let privacy_mode = matches!(readings.location, Err(Error::PrivacyMode));
    let position = match &readings.location {
        Ok(Location {
            latitude: Some(latitude),
            longitude: Some(longitude),
            last_update,
        }) => {
            observed.push((StatusField::Position, at(*last_update, now)));
            Position {
                latitude: *latitude,
                longitude: *longitude,
                heading: 0,
                speed_kmh: 0,
            }
        }
        _ => {
            keep_or_unknown(StatusField::Position, &mut observed);
            previous.map_or(
                Position {
                    latitude: 0.0,
                    longitude: 0.0,
                    heading: 0,
                    speed_kmh: 0,
                },
                |p| p.position,
            )
        }
    };

    let charge = electric.then(|| match battery {
        Some(b) => {
            observed.push((StatusField::Charge, at(b.last_update, now)));
            Some(charge_state(b))
        }
        None => {
            keep_or_unknown(StatusField::Charge, &mut observed);
            previous.and_then(|p| p.charge)
        }
    });
    let climate = electric.then(|| match &readings.hvac {
        Ok(hvac) => {
            observed.push((StatusField::Climate, at(hvac.last_update, now)));
            Some(climate_state(hvac, now))
        }
        Err(_) => {
            keep_or_unknown(StatusField::Climate, &mut observed);
            previous.and_then(|p| p.climate.clone())
        }
    });

    // An EV has no engine; a car with one does not say whether it runs.
    if !electric {
        unknown.push(StatusField::EngineRunning);
    }
    unknown.sort();
    unknown.dedup();
    CarSnapshot {
        doors,
        locked,
        hood_open: false,
        windows: Openings::default(),
        ignition_on: false,
        engine_running: false,
        gear: Gear::Park,
        hazards_on: false,
        alarm_triggered: false,
        battery_12v_millivolts: PLACEHOLDER_12V_MILLIVOLTS,
        energy,
        odometer_km,
        tyres_kpa: TyrePressures::default(),
        warning_lamps: Vec::new(),
        position,
        // The service answered, so the car can be reached through it.
        online: true,
        remote_run_ends_at: None,
        charge: charge.flatten(),
        climate: climate.flatten(),
        unknown,
        observed_at: observed,
        privacy_mode,
    }
}

fn charge_state(b: &BatteryStatus) -> ChargeState {
    let minutes = |m: Option<u32>| m.map(|m| m.min(u32::from(u16::MAX)) as u16);
    let plugged_in = b.plugged.unwrap_or(false);
    ChargeState {
        plugged_in,
        charging: b.charging.unwrap_or(false),
        charger: plugged_in
            .then_some(b.charge_power)
            .flatten()
            .map(|power| match power {
                ChargePower::Slow => ChargerSpeed::Slow,
                ChargePower::Normal => ChargerSpeed::Normal,
                ChargePower::Fast | ChargePower::Fastest => ChargerSpeed::Fast,
            }),
        // The service does not report a charge limit.
        limit_percent: None,
        range_km_climate_on: b.range_hvac_on_km.map(|km| whole(km, 65_535.0) as u16),
        minutes_to_full: MinutesToFull {
            slow: minutes(b.time_to_full_slow_minutes),
            // The v3 status gives one "until full" time for the charger in use.
            normal: minutes(b.time_to_full_normal_minutes.or(b.remaining_time_minutes)),
            fast: minutes(b.time_to_full_fast_minutes),
        },
        battery_temperature_c: b
            .battery_temperature
            .filter(|t| PLAUSIBLE_BATTERY_C.contains(t))
            .map(|t| t.round() as i16),
    }
}

fn climate_state(hvac: &HvacStatus, now: i64) -> ClimateState {
    let degrees = |t: Option<f64>| t.map(|t| t.round() as i16);
    let scheduled_for = hvac
        .next_start
        .filter(|at| at.unix_timestamp() > now)
        .map(|at| rfc3339(at.unix_timestamp()));
    ClimateState {
        on: hvac.on.unwrap_or(false),
        target_c: hvac
            .next_target_temperature
            .filter(|t| (0.0..=40.0).contains(t))
            .map(|t| t.round() as u8),
        cabin_c: degrees(hvac.internal_temperature),
        outside_c: degrees(hvac.external_temperature),
        scheduled_for,
        // The service does not say when a running climate stops.
        ends_at: None,
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;

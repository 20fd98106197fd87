//! Turning the cars' raw snapshots into the status the API serves.

use keyfob_core::status::{CarSnapshot, Reported, StatusField, VehicleStatus};

use crate::clock::rfc3339;

fn reported<T>(value: T, at: &str) -> Reported<T> {
    Reported {
        value,
        at: at.to_owned(),
    }
}

/// The status after a full report at `now`: every value was reported at that instant. (Cars
/// send whole snapshots today; the per-value times are there for partial reports.)
pub fn from_snapshot(s: &CarSnapshot, now: i64) -> VehicleStatus {
    let now = rfc3339(now);
    // A value the car observed earlier (a stored reading) carries that time, not the report's.
    let at = |field: StatusField| {
        s.observed_at
            .iter()
            .find(|(observed, _)| *observed == field)
            .map_or(now.as_str(), |(_, at)| at.as_str())
    };
    use StatusField as F;
    VehicleStatus {
        doors: reported(s.doors, at(F::Doors)),
        locked: reported(s.locked, at(F::Locked)),
        hood_open: reported(s.hood_open, at(F::HoodOpen)),
        windows: reported(s.windows, at(F::Windows)),
        ignition_on: reported(s.ignition_on, at(F::IgnitionOn)),
        engine_running: reported(s.engine_running, at(F::EngineRunning)),
        gear: reported(s.gear, at(F::Gear)),
        hazards_on: reported(s.hazards_on, at(F::HazardsOn)),
        alarm_triggered: reported(s.alarm_triggered, at(F::AlarmTriggered)),
        battery_12v_millivolts: reported(s.battery_12v_millivolts, at(F::Battery12vMillivolts)),
        energy: reported(s.energy, at(F::Energy)),
        odometer_km: reported(s.odometer_km, at(F::OdometerKm)),
        tyres_kpa: reported(s.tyres_kpa, at(F::TyresKpa)),
        warning_lamps: reported(s.warning_lamps.clone(), at(F::WarningLamps)),
        position: reported(s.position, at(F::Position)),
        online: reported(s.online, at(F::Online)),
        remote_run_ends_at: s.remote_run_ends_at.clone(),
        charge: s.charge.map(|charge| reported(charge, at(F::Charge))),
        climate: s
            .climate
            .clone()
            .map(|climate| reported(climate, at(F::Climate))),
        unknown: s.unknown.clone(),
        privacy_mode: s.privacy_mode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_reading_keeps_the_time_the_car_observed_it() {
        let vehicle = crate::fleet::FLEET.first().expect("a fleet car");
        let mut snapshot = crate::simulator::initial_snapshot(vehicle, 1_795_305_600);
        snapshot.observed_at = vec![(StatusField::Position, "2026-11-23T09:00:00Z".into())];
        snapshot.unknown = vec![StatusField::TyresKpa];
        let status = from_snapshot(&snapshot, 1_795_428_000);
        assert_eq!(status.position.at, "2026-11-23T09:00:00Z");
        assert_eq!(status.doors.at, "2026-11-23T10:00:00Z");
        assert_eq!(status.unknown, vec![StatusField::TyresKpa]);
    }
}

//! Turning the cars' raw snapshots into the status the API serves.

use keyfob_core::status::{CarSnapshot, Reported, VehicleStatus};

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
    let at = rfc3339(now);
    let at = at.as_str();
    VehicleStatus {
        doors: reported(s.doors, at),
        locked: reported(s.locked, at),
        hood_open: reported(s.hood_open, at),
        windows: reported(s.windows, at),
        ignition_on: reported(s.ignition_on, at),
        engine_running: reported(s.engine_running, at),
        gear: reported(s.gear, at),
        hazards_on: reported(s.hazards_on, at),
        alarm_triggered: reported(s.alarm_triggered, at),
        battery_12v_millivolts: reported(s.battery_12v_millivolts, at),
        energy: reported(s.energy, at),
        odometer_km: reported(s.odometer_km, at),
        tyres_kpa: reported(s.tyres_kpa, at),
        warning_lamps: reported(s.warning_lamps.clone(), at),
        position: reported(s.position, at),
        online: reported(s.online, at),
        remote_run_ends_at: s.remote_run_ends_at.clone(),
    }
}

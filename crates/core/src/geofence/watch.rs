//! Everything the owner watches a car for, judged one position report at a time: zone
//! crossings, moving during a curfew, and speeding held for more than a few seconds. The state
//! between reports is a plain value the server stores, so a restart neither repeats nor loses
//! an alert.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::{evaluate, initial_inside, InsideSet, Schedule, Transition, Zone};
use crate::{error::Error, geo::GeoPoint};

/// A curfew has at most this many weekly windows.
pub const MAX_CURFEW_WINDOWS: usize = 5;
/// The speeds a speed alert can be set to.
pub const SPEED_LIMIT_KMH: RangeInclusive<u16> = 30..=250;
/// Speeding counts once it is held for more than this (vehicle seconds).
pub const SPEED_HOLD_SECONDS: i64 = 5;
/// Below this a reported speed is the fix wandering, not the car moving.
pub const MOVING_KMH: u16 = 5;

/// The owner's curfew and speed alert for one car; either may be off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WatchRules {
    /// Up to five weekly windows in which the car should stay put.
    #[serde(default)]
    pub curfew: Option<Schedule>,
    /// Alert when the car goes faster than this for more than five seconds.
    #[serde(default)]
    pub speed_limit_kmh: Option<u16>,
}

impl WatchRules {
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(curfew) = &self.curfew {
            if curfew.windows.len() > MAX_CURFEW_WINDOWS {
                return Err(Error::CurfewSchedule {
                    reason: format!(
                        "A curfew has 1 to {MAX_CURFEW_WINDOWS} weekly windows; this one has {}.",
                        curfew.windows.len()
                    ),
                });
            }
            curfew.validate().map_err(|error| Error::CurfewSchedule {
                reason: error.to_string().replace("A schedule", "A curfew"),
            })?;
        }
        match self.speed_limit_kmh {
            Some(given) if !SPEED_LIMIT_KMH.contains(&given) => Err(Error::SpeedLimit {
                min: *SPEED_LIMIT_KMH.start(),
                max: *SPEED_LIMIT_KMH.end(),
                given,
            }),
            _ => Ok(()),
        }
    }
}

/// What is remembered about a car between two reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchState {
    /// The zones the car is inside.
    pub inside: InsideSet,
    /// The start of the curfew occurrence already told, so it is told once.
    #[serde(default)]
    pub curfew_told_for: Option<i64>,
    /// Since when the car has been over the speed limit.
    #[serde(default)]
    pub speeding_since: Option<i64>,
    /// Whether this spell of speeding was already told.
    #[serde(default)]
    pub speeding_told: bool,
}

impl WatchState {
    /// Where a car stands when there is no history (a car just linked): no alert for it.
    pub fn first(zones: &[Zone], position: GeoPoint) -> Self {
        Self {
            inside: initial_inside(zones, position),
            ..Self::default()
        }
    }
}

/// One position report as the rules read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    pub position: GeoPoint,
    pub speed_kmh: u16,
    /// The fix's accuracy, when known.
    pub accuracy_m: Option<f64>,
    /// Unix seconds.
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alarm {
    Zone(Transition),
    /// The car moved during the curfew occurrence that began at `since` (unix seconds).
    Curfew {
        since: i64,
    },
    /// Held over the limit for more than the hold time.
    Speed {
        speed_kmh: u16,
        limit_kmh: u16,
    },
}

/// One report against everything watched. `hold_seconds` is how long speeding must last, in
/// the same seconds as `report.at` (the server scales it with simulated time).
pub fn watch(
    zones: &[Zone],
    rules: &WatchRules,
    previous: &WatchState,
    report: &Report,
    hold_seconds: i64,
) -> (WatchState, Vec<Alarm>) {
    let crossings = evaluate(
        zones,
        &previous.inside,
        report.position,
        report.accuracy_m,
        report.at,
    );
    let mut alarms: Vec<Alarm> = crossings.alerts.into_iter().map(Alarm::Zone).collect();
    let mut next = WatchState {
        inside: crossings.inside,
        ..previous.clone()
    };

    let curfew_since = rules
        .curfew
        .as_ref()
        .and_then(|curfew| curfew.active_since(report.at));
    if let Some(since) = curfew_since {
        if report.speed_kmh >= MOVING_KMH && previous.curfew_told_for != Some(since) {
            alarms.push(Alarm::Curfew { since });
            next.curfew_told_for = Some(since);
        }
    }

    match rules.speed_limit_kmh {
        Some(limit_kmh) if report.speed_kmh > limit_kmh => {
            let since = *next.speeding_since.get_or_insert(report.at);
            if !next.speeding_told && report.at - since > hold_seconds {
                alarms.push(Alarm::Speed {
                    speed_kmh: report.speed_kmh,
                    limit_kmh,
                });
                next.speeding_told = true;
            }
        }
        _ => {
            next.speeding_since = None;
            next.speeding_told = false;
        }
    }
    (next, alarms)
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;

//! Geofences: circles and polygons on WGS-84 coordinates, checked once when drawn, and a pure
//! step from (zones, where the car was inside, a new position) to the crossings to report.
//! Crossings need the position clear of the border by a margin, so a car parked on a border
//! never flaps between inside and outside.

mod schedule;
mod shape;
mod watch;

pub use schedule::{Schedule, WeeklyWindow, MAX_WINDOWS};
pub use shape::{Shape, MAX_RADIUS_M, MAX_VERTICES, MIN_RADIUS_M, MIN_VERTICES};
pub use watch::{
    watch, Alarm, Report, WatchRules, WatchState, MAX_CURFEW_WINDOWS, MOVING_KMH,
    SPEED_HOLD_SECONDS, SPEED_LIMIT_KMH,
};

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::geo::GeoPoint;

/// A position must be this far past a border (or the fix's accuracy, if worse) to count as a
/// crossing.
pub const BORDER_MARGIN_M: f64 = 25.0;

/// Which crossings of a zone the owner wants to hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertOn {
    Exit,
    Entry,
    Both,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    pub id: String,
    pub shape: Shape,
    pub alert_on: AlertOn,
    /// When the zone alerts; `None` for always. Crossings outside it are tracked, not told.
    pub schedule: Option<Schedule>,
}

impl Zone {
    pub fn validate(&self) -> Result<(), crate::Error> {
        self.shape.validate()?;
        self.schedule.as_ref().map_or(Ok(()), Schedule::validate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Crossing {
    Entered,
    Left,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub zone_id: String,
    pub crossing: Crossing,
}

/// The zones a car is inside, by id.
pub type InsideSet = BTreeSet<String>;

/// Where a car stands against each zone when there is no history (a zone just drawn, a car
/// just linked): plain containment, and no alert for it.
pub fn initial_inside(zones: &[Zone], position: GeoPoint) -> InsideSet {
    zones
        .iter()
        .filter(|zone| zone.shape.signed_distance_m(position) < 0.0)
        .map(|zone| zone.id.clone())
        .collect()
}

/// The result of one position report: the new inside-set, and the crossings the owner asked to
/// hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub inside: InsideSet,
    pub alerts: Vec<Transition>,
}

/// One position report against a car's zones, reported at `at` (unix seconds). `accuracy_m` is
/// the fix's accuracy, when known. Zones no longer in `zones` drop out of the inside-set.
pub fn evaluate(
    zones: &[Zone],
    previous: &InsideSet,
    position: GeoPoint,
    accuracy_m: Option<f64>,
    at: i64,
) -> Evaluation {
    let margin = accuracy_m
        .filter(|a| a.is_finite())
        .map_or(BORDER_MARGIN_M, |a| a.max(BORDER_MARGIN_M));
    let mut inside = InsideSet::new();
    let mut alerts = Vec::new();
    for zone in zones {
        let was_inside = previous.contains(&zone.id);
        let distance = zone.shape.signed_distance_m(position);
        let crossing = if was_inside && distance > margin {
            Some(Crossing::Left)
        } else if !was_inside && distance < -margin {
            Some(Crossing::Entered)
        } else {
            None
        };
        let now_inside = match crossing {
            Some(Crossing::Entered) => true,
            Some(Crossing::Left) => false,
            None => was_inside,
        };
        if now_inside {
            inside.insert(zone.id.clone());
        }
        let wanted = matches!(
            (crossing, zone.alert_on),
            (Some(Crossing::Left), AlertOn::Exit | AlertOn::Both)
                | (Some(Crossing::Entered), AlertOn::Entry | AlertOn::Both)
        ) && zone.schedule.as_ref().is_none_or(|s| s.active_at(at));
        if let (true, Some(crossing)) = (wanted, crossing) {
            alerts.push(Transition {
                zone_id: zone.id.clone(),
                crossing,
            });
        }
    }
    Evaluation { inside, alerts }
}

#[cfg(test)]
mod tests;

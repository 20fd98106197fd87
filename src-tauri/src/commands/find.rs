//! Find my car: where it last reported itself and, when the device knows where it is, how far
//! and which way. The device's own position comes from the screen (the web view's geolocation
//! on desktop, the geolocation plugin on phones) and is checked by keyfob-core.

use keyfob_core::{
    geo::{compass_point, usable_device_fix, GeoPoint},
    status::Position,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::{backend::Backend, error::AppResult};

#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DevicePosition {
    pub latitude: f64,
    pub longitude: f64,
    pub accuracy_m: Option<f64>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CarDirections {
    pub distance_m: u32,
    pub bearing_deg: u16,
    /// "north-east" and the like.
    pub compass: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CarLocation {
    /// `None` until the car has reported a position.
    pub position: Option<Position>,
    /// When the car reported it.
    pub reported_at: Option<String>,
    /// Set when the device's position was given and usable.
    pub directions: Option<CarDirections>,
    /// Set when a device position was given but it is no position (a zero or vague fix).
    pub device_position_unusable: bool,
}

/// Works from the last status (fresh from the server, or the saved one offline).
#[tauri::command]
#[specta::specta]
pub async fn find_car(
    backend: State<'_, Backend>,
    vehicle_id: String,
    device: Option<DevicePosition>,
) -> AppResult<CarLocation> {
    let view = super::status::vehicle_status(backend, vehicle_id).await?;
    let reported = view.status.map(|status| status.position);
    Ok(locate(
        reported.as_ref().map(|r| (r.value, r.at.clone())),
        device,
    ))
}

fn locate(car: Option<(Position, String)>, device: Option<DevicePosition>) -> CarLocation {
    let fix = device
        .and_then(|d| usable_device_fix(GeoPoint::new(d.latitude, d.longitude), d.accuracy_m));
    let directions = match (&car, fix) {
        (Some((position, _)), Some(here)) => {
            let there = GeoPoint::new(position.latitude, position.longitude);
            let bearing_deg = here.bearing_deg(there);
            Some(CarDirections {
                distance_m: here.distance_m(there).round() as u32,
                bearing_deg,
                compass: compass_point(bearing_deg).to_owned(),
            })
        }
        _ => None,
    };
    CarLocation {
        device_position_unusable: device.is_some() && fix.is_none(),
        position: car.as_ref().map(|(p, _)| *p),
        reported_at: car.map(|(_, at)| at),
        directions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parked() -> Option<(Position, String)> {
        Some((
            Position {
                latitude: 51.5010,
                longitude: -0.1416,
                heading: 0,
                speed_kmh: 0,
            },
            "2026-11-23T10:00:00Z".into(),
        ))
    }

    #[test]
    fn directions_from_a_real_fix() {
        let device = DevicePosition {
            latitude: 51.4990,
            longitude: -0.1416,
            accuracy_m: Some(12.0),
        };
        let found = locate(parked(), Some(device));
        let directions = found.directions.expect("directions");
        assert!(
            (215..=230).contains(&directions.distance_m),
            "{}",
            directions.distance_m
        );
        assert_eq!(directions.compass, "north");
        assert!(!found.device_position_unusable);
    }

    #[test]
    fn the_desktop_zero_fix_gives_no_directions() {
        let zero = DevicePosition {
            latitude: 0.0,
            longitude: 0.0,
            accuracy_m: Some(0.0),
        };
        let found = locate(parked(), Some(zero));
        assert!(found.directions.is_none());
        assert!(found.device_position_unusable);
        assert!(found.position.is_some());
        let without = locate(parked(), None);
        assert!(without.directions.is_none() && !without.device_position_unusable);
    }
}

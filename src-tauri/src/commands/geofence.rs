//! Geofences, curfew, speed alert and the alert history of a car (owner only). The editor's
//! checks are keyfob-core's, run here as the owner draws, so it works without the server.

use keyfob_core::{
    api::geofence::{
        AlertSettings, VehicleAlert, ZoneRequest, ZoneView, MAX_ZONES_PER_VEHICLE,
        ZONE_NAME_MAX_CHARS,
    },
    geofence::{
        MAX_CURFEW_WINDOWS, MAX_RADIUS_M, MAX_VERTICES, MIN_RADIUS_M, MIN_VERTICES, SPEED_LIMIT_KMH,
    },
};
use serde::Serialize;
use tauri::State;

use super::fail;
use crate::{
    backend::Backend,
    error::{AppError, AppResult},
};

/// The editor's bounds, from keyfob-core, so the screen never types them again.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GeofenceLimits {
    pub max_zones: u32,
    pub name_max_chars: u32,
    pub min_radius_m: u32,
    pub max_radius_m: u32,
    pub min_vertices: u32,
    pub max_vertices: u32,
    pub max_curfew_windows: u32,
    pub min_speed_limit_kmh: u16,
    pub max_speed_limit_kmh: u16,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Geofences {
    pub zones: Vec<ZoneView>,
    pub settings: AlertSettings,
    pub limits: GeofenceLimits,
}

/// One alert with its line of text and its place in the history.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertItem {
    /// The alert's place in the history (a count of alerts, far below 2^53).
    #[specta(type = u32)]
    pub seq: i64,
    pub summary: String,
    pub alert: VehicleAlert,
}

/// How many alerts the history screen loads at a time.
const ALERT_PAGE: u8 = 20;

fn limits() -> GeofenceLimits {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    GeofenceLimits {
        max_zones: count(MAX_ZONES_PER_VEHICLE),
        name_max_chars: count(ZONE_NAME_MAX_CHARS),
        min_radius_m: MIN_RADIUS_M,
        max_radius_m: MAX_RADIUS_M,
        min_vertices: count(MIN_VERTICES),
        max_vertices: count(MAX_VERTICES),
        max_curfew_windows: count(MAX_CURFEW_WINDOWS),
        min_speed_limit_kmh: *SPEED_LIMIT_KMH.start(),
        max_speed_limit_kmh: *SPEED_LIMIT_KMH.end(),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn geofences(backend: State<'_, Backend>, vehicle_id: String) -> AppResult<Geofences> {
    let client = backend.client()?;
    let (zones, settings) = tokio::join!(
        client.zones(&vehicle_id),
        client.alert_settings(&vehicle_id)
    );
    Ok(Geofences {
        zones: zones.map_err(|error| fail(&backend, error))?,
        settings: settings.map_err(|error| fail(&backend, error))?,
        limits: limits(),
    })
}

/// The first problem of a zone being drawn, with its field; `None` when it can be saved.
#[tauri::command]
#[specta::specta]
pub fn zone_check(zone: ZoneRequest) -> Option<AppError> {
    zone.validate().err().map(AppError::from)
}

/// The first problem of a curfew or speed alert being set; `None` when it can be saved.
#[tauri::command]
#[specta::specta]
pub fn alert_settings_check(settings: AlertSettings) -> Option<AppError> {
    settings.validate().err().map(AppError::from)
}

/// Adds a zone (`zone_id` absent) or changes one.
#[tauri::command]
#[specta::specta]
pub async fn save_zone(
    backend: State<'_, Backend>,
    vehicle_id: String,
    zone_id: Option<String>,
    zone: ZoneRequest,
) -> AppResult<ZoneView> {
    zone.validate()?;
    let client = backend.client()?;
    let saved = match zone_id {
        Some(zone_id) => client.update_zone(&vehicle_id, &zone_id, &zone).await,
        None => client.create_zone(&vehicle_id, &zone).await,
    };
    saved.map_err(|error| fail(&backend, error))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_zone(
    backend: State<'_, Backend>,
    vehicle_id: String,
    zone_id: String,
) -> AppResult<()> {
    let client = backend.client()?;
    client
        .delete_zone(&vehicle_id, &zone_id)
        .await
        .map(|_| ())
        .map_err(|error| fail(&backend, error))
}

#[tauri::command]
#[specta::specta]
pub async fn save_alert_settings(
    backend: State<'_, Backend>,
    vehicle_id: String,
    settings: AlertSettings,
) -> AppResult<AlertSettings> {
    settings.validate()?;
    let client = backend.client()?;
    client
        .set_alert_settings(&vehicle_id, &settings)
        .await
        .map_err(|error| fail(&backend, error))
}

/// The car's alerts, newest first, a page at a time: `before` is the `seq` of the last one
/// already shown.
#[tauri::command]
#[specta::specta]
pub async fn alert_history(
    backend: State<'_, Backend>,
    vehicle_id: String,
    before: Option<u32>,
) -> AppResult<Vec<AlertItem>> {
    let client = backend.client()?;
    let entries = client
        .alerts(&vehicle_id, before.map(i64::from), ALERT_PAGE)
        .await
        .map_err(|error| fail(&backend, error))?;
    Ok(entries
        .into_iter()
        .map(|entry| AlertItem {
            seq: entry.seq,
            summary: entry.alert.summary(),
            alert: entry.alert,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use keyfob_core::{
        geo::GeoPoint,
        geofence::{AlertOn, Shape},
    };

    use super::*;

    #[test]
    fn a_zone_being_drawn_is_checked_with_its_field() {
        let mut zone = ZoneRequest {
            name: "Home".into(),
            shape: Shape::Circle {
                center: GeoPoint::new(48.85, 2.35),
                radius_m: 50.0,
            },
            alert_on: AlertOn::Exit,
            schedule: None,
        };
        let problem = zone_check(zone.clone()).expect("too small");
        assert_eq!(problem.code, "zone_radius");
        assert_eq!(problem.field.as_deref(), Some("radius"));
        zone.shape = Shape::Circle {
            center: GeoPoint::new(48.85, 2.35),
            radius_m: 500.0,
        };
        assert_eq!(zone_check(zone.clone()), None);
        zone.name = String::new();
        assert_eq!(
            zone_check(zone).expect("no name").field.as_deref(),
            Some("name")
        );
    }

    #[test]
    fn settings_are_checked_and_the_limits_come_from_core() {
        let settings = AlertSettings {
            speed_limit_kmh: Some(10),
            ..AlertSettings::default()
        };
        let problem = alert_settings_check(settings).expect("too slow");
        assert_eq!(problem.field.as_deref(), Some("speedLimit"));
        let limits = limits();
        assert_eq!(
            (limits.min_speed_limit_kmh, limits.max_speed_limit_kmh),
            (30, 250)
        );
        assert_eq!((limits.max_zones, limits.max_curfew_windows), (10, 5));
    }
}

//! Geofences as the owner draws them and reads them back.

use serde::{Deserialize, Serialize};

use crate::{
    error::Error,
    geo::GeoPoint,
    geofence::{AlertOn, Crossing, Schedule, Shape, WatchRules, Zone},
};

/// A car keeps at most this many zones.
pub const MAX_ZONES_PER_VEHICLE: usize = 10;
/// A zone's name is at most this long.
pub const ZONE_NAME_MAX_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ZoneRequest {
    /// Shown in alerts ("left Home"): 1–40 characters.
    pub name: String,
    pub shape: Shape,
    pub alert_on: AlertOn,
    #[serde(default)]
    pub schedule: Option<Schedule>,
}

impl ZoneRequest {
    /// Checks every part; returns the name as stored (trimmed).
    pub fn validate(&self) -> Result<String, Error> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > ZONE_NAME_MAX_CHARS {
            return Err(Error::ZoneName {
                max: ZONE_NAME_MAX_CHARS,
            });
        }
        self.as_zone("").validate()?;
        Ok(name.to_owned())
    }

    /// The zone as keyfob-core's crossing rules take it.
    pub fn as_zone(&self, id: &str) -> Zone {
        Zone {
            id: id.to_owned(),
            shape: self.shape.clone(),
            alert_on: self.alert_on,
            schedule: self.schedule.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ZoneView {
    pub id: String,
    pub name: String,
    pub shape: Shape,
    pub alert_on: AlertOn,
    pub schedule: Option<Schedule>,
    pub created_at: String,
    pub updated_at: String,
}

/// Something the owner asked to hear about happened to the car.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VehicleAlert {
    pub id: String,
    pub vehicle_id: String,
    pub event: AlertEvent,
    /// Where the car reported it.
    pub position: GeoPoint,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AlertEvent {
    /// The car crossed one of the owner's zones.
    Zone {
        zone_id: String,
        /// The zone's name when the alert happened.
        zone_name: String,
        crossing: Crossing,
    },
    /// The car moved during a curfew window that began at `since`.
    Curfew { since: String },
    /// The car went faster than the limit for more than five seconds.
    Speed { speed_kmh: u16, limit_kmh: u16 },
}

/// One alert of the history, with its place in it (`seq`) to ask for the page after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AlertEntry {
    pub seq: i64,
    pub alert: VehicleAlert,
}

impl VehicleAlert {
    /// "Left Home", "Moving during the curfew", "Driving at 132 km/h (limit 110 km/h)".
    pub fn summary(&self) -> String {
        match &self.event {
            AlertEvent::Zone {
                zone_name,
                crossing: Crossing::Left,
                ..
            } => format!("Left {zone_name}"),
            AlertEvent::Zone {
                zone_name,
                crossing: Crossing::Entered,
                ..
            } => format!("Entered {zone_name}"),
            AlertEvent::Curfew { .. } => "Moving during the curfew".to_owned(),
            AlertEvent::Speed {
                speed_kmh,
                limit_kmh,
            } => format!("Driving at {speed_kmh} km/h (limit {limit_kmh} km/h)"),
        }
    }
}

/// The owner's curfew, speed alert and email choice for one car.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlertSettings {
    /// Up to five weekly windows in which the car should not move; `null` for none.
    #[serde(default)]
    pub curfew: Option<Schedule>,
    /// 30–250 km/h held for more than five seconds; `null` for no speed alert.
    #[serde(default)]
    pub speed_limit_kmh: Option<u16>,
    /// Also send every alert of this car to the owner's email address.
    #[serde(default)]
    pub email_alerts: bool,
}

impl AlertSettings {
    pub fn rules(&self) -> WatchRules {
        WatchRules {
            curfew: self.curfew.clone(),
            speed_limit_kmh: self.speed_limit_kmh,
        }
    }

    pub fn validate(&self) -> Result<(), Error> {
        self.rules().validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{geo::GeoPoint, ErrorCode};

    fn request(name: &str, radius_m: f64) -> ZoneRequest {
        ZoneRequest {
            name: name.into(),
            shape: Shape::Circle {
                center: GeoPoint::new(48.85, 2.35),
                radius_m,
            },
            alert_on: AlertOn::Exit,
            schedule: None,
        }
    }

    #[test]
    fn a_zone_needs_a_name_and_a_valid_shape() {
        assert_eq!(request("  Home ", 500.0).validate(), Ok("Home".into()));
        assert_eq!(
            request(" ", 500.0).validate().map_err(|e| e.code()),
            Err(ErrorCode::ZoneName)
        );
        assert_eq!(
            request(&"x".repeat(41), 500.0)
                .validate()
                .map_err(|e| e.code()),
            Err(ErrorCode::ZoneName)
        );
        assert_eq!(
            request("Home", 50.0).validate().map_err(|e| e.code()),
            Err(ErrorCode::ZoneRadius)
        );
    }

    #[test]
    fn the_wire_form_names_the_shape() {
        let json = serde_json::to_value(request("Home", 500.0)).expect("json");
        assert_eq!(json["shape"]["kind"], "circle");
        assert_eq!(json["shape"]["radiusM"], 500.0);
        assert_eq!(json["alertOn"], "exit");
        let typo = serde_json::json!({"name": "Home", "shape": json["shape"], "alertOn": "exit", "colour": "red"});
        assert!(serde_json::from_value::<ZoneRequest>(typo).is_err());
    }

    #[test]
    fn every_alert_reads_as_one_line() {
        let alert = |event| VehicleAlert {
            id: "alr_1".into(),
            vehicle_id: "veh_1".into(),
            event,
            position: GeoPoint::new(48.85, 2.35),
            at: "2026-11-23T12:00:00Z".into(),
        };
        let left = alert(AlertEvent::Zone {
            zone_id: "zon_1".into(),
            zone_name: "Home".into(),
            crossing: Crossing::Left,
        });
        assert_eq!(left.summary(), "Left Home");
        let json = serde_json::to_value(&left).expect("json");
        assert_eq!(json["event"]["kind"], "zone");
        assert_eq!(json["event"]["zoneName"], "Home");
        let speed = alert(AlertEvent::Speed {
            speed_kmh: 132,
            limit_kmh: 110,
        });
        assert_eq!(speed.summary(), "Driving at 132 km/h (limit 110 km/h)");
        assert_eq!(
            serde_json::to_value(&speed).expect("json")["event"]["speedKmh"],
            132
        );
        let curfew = alert(AlertEvent::Curfew {
            since: "2026-11-23T22:00:00Z".into(),
        });
        assert_eq!(curfew.summary(), "Moving during the curfew");
    }

    #[test]
    fn settings_refuse_unknown_fields_and_bad_limits() {
        let settings: AlertSettings =
            serde_json::from_value(serde_json::json!({"speedLimitKmh": 130, "emailAlerts": true}))
                .expect("settings");
        assert!(settings.validate().is_ok());
        assert!(settings.curfew.is_none());
        assert!(
            serde_json::from_value::<AlertSettings>(serde_json::json!({"speed": 130})).is_err()
        );
        let too_slow = AlertSettings {
            speed_limit_kmh: Some(20),
            ..AlertSettings::default()
        };
        assert_eq!(
            too_slow.validate().map_err(|e| e.code()),
            Err(ErrorCode::SpeedLimit)
        );
    }
}

//! Geofences as the owner draws them and reads them back.

use serde::{Deserialize, Serialize};

use crate::{
    error::Error,
    geo::GeoPoint,
    geofence::{AlertOn, Crossing, Schedule, Shape, Zone},
};

/// A car keeps at most this many zones.
pub const MAX_ZONES_PER_VEHICLE: usize = 10;
const NAME_MAX_CHARS: usize = 40;

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
        if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
            return Err(Error::ZoneName {
                max: NAME_MAX_CHARS,
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

/// A car crossed one of its owner's zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GeofenceAlert {
    pub id: String,
    pub vehicle_id: String,
    pub zone_id: String,
    /// The zone's name when the alert happened.
    pub zone_name: String,
    pub crossing: Crossing,
    pub position: GeoPoint,
    pub at: String,
}

/// One alert of the history, with its place in it (`seq`) to ask for the page after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AlertEntry {
    pub seq: i64,
    pub alert: GeofenceAlert,
}

impl GeofenceAlert {
    /// "Left Home", "Entered School".
    pub fn summary(&self) -> String {
        match self.crossing {
            Crossing::Left => format!("Left {}", self.zone_name),
            Crossing::Entered => format!("Entered {}", self.zone_name),
        }
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
}

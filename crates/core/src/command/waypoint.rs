//! Destinations sent to the car.

use serde::{Deserialize, Serialize};

use crate::error::Error;

pub const MAX_WAYPOINTS: usize = 5;
const NAME_MAX_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Waypoint {
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// 1–5 waypoints, each named (1–64 characters) and on the globe.
pub fn validate_waypoints(waypoints: &[Waypoint]) -> Result<(), Error> {
    if waypoints.is_empty() || waypoints.len() > MAX_WAYPOINTS {
        return Err(Error::WaypointCount {
            max: MAX_WAYPOINTS,
            found: waypoints.len(),
        });
    }
    for (index, waypoint) in waypoints.iter().enumerate() {
        let number = index + 1;
        let name = waypoint.name.trim().chars().count();
        if name == 0 || name > NAME_MAX_CHARS {
            return Err(Error::WaypointName {
                number,
                max: NAME_MAX_CHARS,
            });
        }
        let on_globe = (-90.0..=90.0).contains(&waypoint.latitude)
            && (-180.0..=180.0).contains(&waypoint.longitude);
        if !on_globe {
            return Err(Error::WaypointPosition { number });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn point(name: &str, latitude: f64, longitude: f64) -> Waypoint {
        Waypoint {
            name: name.into(),
            latitude,
            longitude,
        }
    }

    #[test]
    fn one_to_five_named_points_on_the_globe() {
        assert!(validate_waypoints(&[point("Home", 51.5, -0.12)]).is_ok());
        let six = vec![point("Stop", 0.0, 0.0); 6];
        assert_eq!(
            validate_waypoints(&six).map_err(|e| e.code()),
            Err(ErrorCode::WaypointCount)
        );
        assert_eq!(
            validate_waypoints(&[]).map_err(|e| e.code()),
            Err(ErrorCode::WaypointCount)
        );
        assert_eq!(
            validate_waypoints(&[point("Home", 0.0, 0.0), point(" ", 0.0, 0.0)])
                .map_err(|e| e.to_string()),
            Err("Waypoint 2 needs a name of 1–64 characters.".into())
        );
        assert_eq!(
            validate_waypoints(&[point("Pole", 91.0, 0.0)]).map_err(|e| e.code()),
            Err(ErrorCode::WaypointPosition)
        );
        assert!(validate_waypoints(&[point("NaN", f64::NAN, 0.0)]).is_err());
    }
}

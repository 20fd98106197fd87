//! The account's user id and its cars (brief §2).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::endpoints::join;
use crate::http::scalar_text;
use crate::{Error, Session};

/// Service ids from the car's `services` list that gate features (brief §2).
pub mod service {
    /// "My car finder": the car's position.
    pub const LOCATION: u32 = 12;
    pub const HORN_AND_LIGHTS: u32 = 97;
    pub const REMOTE_ENGINE_START: u32 = 96;
    /// Door locking from the app (older cars).
    pub const APP_DOOR_LOCKING: u32 = 27;
    /// Door locking from the app (newer cars, `ccsGen` 1).
    pub const REMOTE_DOOR_LOCKING: u32 = 878;
    pub const LOCK_STATUS_CHECK: u32 = 2021;
    /// An alternative lock-status service.
    pub const REMOTE_STATUS_CHECK: u32 = 886;
    pub const CHARGING_START: u32 = 299;
    pub const CHARGING_STOP: u32 = 303;
    pub const INTERIOR_TEMP_SETTINGS: u32 = 307;
    pub const TEMPERATURE: u32 = 2042;
    pub const CLIMATE_ON_OFF: u32 = 366;
    pub const BATTERY_STATUS: u32 = 319;
    pub const VEHICLE_STATUS_CHECK: u32 = 202;
}

/// The activation state the service uses for a usable service.
const ACTIVATED: &str = "ACTIVATED";

/// A car of the account, as listed by the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Car {
    /// Upper-cased: the list may send it in lower case, the car endpoints want it upper.
    pub vin: String,
    /// For example `Leaf`, `Ariya`, `MICRA` (the case varies).
    pub model_name: Option<String>,
    pub nickname: Option<String>,
    pub model_year: Option<u16>,
    /// For example `RVG` for Renault-derived cars.
    pub car_gateway: Option<String>,
    /// Sent as `canGen` with the v3 battery status.
    pub can_generation: Option<String>,
    pub ccs_gen: Option<String>,
    /// `OWNER`, or for example `STANDARD` for a secondary user.
    pub role: Option<String>,
    /// Every service listed, activated or not.
    pub services: Vec<ServiceState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceState {
    pub id: u32,
    /// Whether `activationState` is `ACTIVATED`.
    pub activated: bool,
    /// The `activationState` as sent (empty when missing).
    pub raw_state: String,
}

impl Car {
    /// Whether the service is listed and activated.
    pub fn has_service(&self, id: u32) -> bool {
        self.services.iter().any(|s| s.id == id && s.activated)
    }

    /// Whether the model name is `name`, ignoring case (`MICRA` and `Micra` both occur).
    pub fn is_model(&self, name: &str) -> bool {
        self.model_name
            .as_deref()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case(name))
    }
}

impl Session {
    /// The Kamereon user id of the account, read once and then remembered.
    pub async fn user_id(&self) -> Result<String, Error> {
        if let Some(user_id) = self.cached_user_id() {
            return Ok(user_id);
        }
        let url = join(
            self.client().endpoints().user_adapter(),
            &["v1", "users", "current"],
        );
        let body = self.get_json(url, false).await?;
        let user_id = body
            .get("userId")
            .and_then(scalar_text)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| Error::Protocol("the user answer has no userId".into()))?;
        self.cache_user_id(&user_id);
        Ok(user_id)
    }

    /// The account's cars.
    pub async fn cars(&self, user_id: &str) -> Result<Vec<Car>, Error> {
        let url = join(
            self.client().endpoints().bff(),
            &["v5", "users", user_id, "cars"],
        );
        let body = self.get_json(url, false).await?;
        parse_cars(&body)
    }
}

pub(crate) fn parse_cars(body: &Value) -> Result<Vec<Car>, Error> {
    let list = body
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Protocol("the car list has no data array".into()))?;
    // An entry without a VIN cannot be addressed; it is left out rather than failing the list.
    Ok(list.iter().filter_map(parse_car).collect())
}

fn parse_car(car: &Value) -> Option<Car> {
    let vin = car
        .get("vin")
        .and_then(scalar_text)?
        .trim()
        .to_ascii_uppercase();
    if vin.is_empty() {
        return None;
    }
    let text = |name: &str| {
        car.get(name)
            .and_then(scalar_text)
            .filter(|s| !s.trim().is_empty())
    };
    let services = car
        .get("services")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(parse_service).collect())
        .unwrap_or_default();
    Some(Car {
        vin,
        model_name: text("modelName"),
        nickname: text("nickname"),
        model_year: text("modelYear").and_then(|y| y.trim().parse().ok()),
        car_gateway: text("carGateway"),
        can_generation: text("canGeneration"),
        ccs_gen: text("ccsGen"),
        role: text("role"),
        services,
    })
}

fn parse_service(service: &Value) -> Option<ServiceState> {
    // Ids come as integers from real cars and as strings in some fixtures.
    let id = service
        .get("id")
        .and_then(scalar_text)?
        .trim()
        .parse()
        .ok()?;
    let raw_state = service
        .get("activationState")
        .and_then(scalar_text)
        .unwrap_or_default();
    Some(ServiceState {
        id,
        activated: raw_state.eq_ignore_ascii_case(ACTIVATED),
        raw_state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_mixed_ids_and_keeps_inactive_services() {
        let body = json!({"data": [
            {"vin": "sjnfaaze1u0000001", "modelName": "MICRA", "modelYear": "2025", "ccsGen": 2,
             "services": [{"id": 12, "activationState": "ACTIVATED"}, {"id": "97", "activationState": "ACTIVATED"},
                          {"id": "96", "activationState": "DEACTIVATED"}, {"id": "x"}, {"activationState": "ACTIVATED"}]},
            {"modelName": "no vin"}
        ]});
        let cars = parse_cars(&body).expect("parses");
        assert_eq!(cars.len(), 1);
        let car = &cars[0];
        assert_eq!(car.vin, "SJNFAAZE1U0000001");
        assert_eq!(car.model_year, Some(2025));
        assert_eq!(car.ccs_gen.as_deref(), Some("2"));
        assert!(car.is_model("micra"));
        assert_eq!(car.services.len(), 3);
        assert!(car.has_service(service::LOCATION) && car.has_service(service::HORN_AND_LIGHTS));
        assert!(!car.has_service(service::REMOTE_ENGINE_START));
        assert_eq!(car.services[2].raw_state, "DEACTIVATED");
    }
}

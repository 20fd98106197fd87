//! Status reads (brief §3). They return what the service last heard from the car, without
//! waking it; the `refresh_*` actions ask the car for fresh values.
//!
//! Every field is optional because cars and gateways leave different ones out; a value of an
//! unexpected type reads as absent rather than failing the whole read.

mod battery;
mod cockpit;

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::cars::Car;
use crate::endpoints::join;
use crate::timefmt::parse_lenient;
use crate::{Error, Session};

pub use battery::{BatterySource, BatteryStatus, ChargePower};
pub use cockpit::CockpitStatus;

/// The car's last known position.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub last_update: Option<OffsetDateTime>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockState {
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LockStatus {
    pub last_update: Option<OffsetDateTime>,
    pub lock: Option<LockState>,
    pub front_left: Option<OpenState>,
    pub front_right: Option<OpenState>,
    pub rear_left: Option<OpenState>,
    pub rear_right: Option<OpenState>,
    pub hatch: Option<OpenState>,
}

/// Climate control (pre-conditioning).
#[derive(Debug, Clone, PartialEq)]
pub struct HvacStatus {
    pub last_update: Option<OffsetDateTime>,
    pub on: Option<bool>,
    /// °C.
    pub internal_temperature: Option<f64>,
    /// °C. Not sent by every car (the 2025 Micra leaves it out).
    pub external_temperature: Option<f64>,
    /// °C, for the next (scheduled) start.
    pub next_target_temperature: Option<f64>,
    pub next_start: Option<OffsetDateTime>,
}

impl Session {
    /// `GET {car_adapter}v1/cars/{vin}/location`. A car in privacy mode gives
    /// [`Error::PrivacyMode`].
    pub async fn location(&self, car: &Car) -> Result<Location, Error> {
        let attrs = self.car_v1(car, "location").await?;
        Ok(Location {
            last_update: attrs.time("lastUpdateTime"),
            latitude: attrs
                .number("gpsLatitude")
                .filter(|v| (-90.0..=90.0).contains(v)),
            longitude: attrs
                .number("gpsLongitude")
                .filter(|v| (-180.0..=180.0).contains(v)),
        })
    }

    /// `GET {car_adapter}v1/cars/{vin}/lock-status`. Cars without the service answer 404:
    /// [`Error::NotSupported`].
    pub async fn lock_status(&self, car: &Car) -> Result<LockStatus, Error> {
        let attrs = self.car_v1(car, "lock-status").await?;
        let lock = attrs
            .text("lockStatus")
            .and_then(|s| match s.to_ascii_lowercase().as_str() {
                "locked" => Some(LockState::Locked),
                "unlocked" => Some(LockState::Unlocked),
                _ => None,
            });
        let opening = |name: &str| {
            attrs
                .text(name)
                .and_then(|s| match s.to_ascii_lowercase().as_str() {
                    "open" => Some(OpenState::Open),
                    // A locked door is a shut door.
                    "closed" | "locked" => Some(OpenState::Closed),
                    _ => None,
                })
        };
        Ok(LockStatus {
            last_update: attrs.time("lastUpdateTime"),
            lock,
            front_left: opening("doorStatusFrontLeft"),
            front_right: opening("doorStatusFrontRight"),
            rear_left: opening("doorStatusRearLeft"),
            rear_right: opening("doorStatusRearRight"),
            hatch: opening("hatchStatus"),
        })
    }

    /// `GET {car_adapter}v1/cars/{vin}/hvac-status`.
    pub async fn hvac_status(&self, car: &Car) -> Result<HvacStatus, Error> {
        let attrs = self.car_v1(car, "hvac-status").await?;
        let on = match attrs.get("hvacStatus") {
            Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
                "on" => Some(true),
                "off" => Some(false),
                _ => None,
            },
            _ => attrs.flag("hvacStatus"),
        };
        Ok(HvacStatus {
            last_update: attrs.time("lastUpdateTime"),
            on,
            internal_temperature: attrs.number("internalTemperature"),
            external_temperature: attrs.number("externalTemperature"),
            next_target_temperature: attrs.number("nextTargetTemperature"),
            next_start: attrs.time("nextHvacStartDate"),
        })
    }

    async fn car_v1(&self, car: &Car, endpoint: &str) -> Result<Attributes, Error> {
        let url = join(
            self.client().endpoints().car_adapter(),
            &["v1", "cars", &car.vin, endpoint],
        );
        Attributes::of(self.get_json(url, true).await?)
    }
}

/// `data.attributes` of a JSON:API answer, with lenient readers.
pub(crate) struct Attributes(Map<String, Value>);

impl Attributes {
    pub fn of(mut body: Value) -> Result<Self, Error> {
        match body.pointer_mut("/data/attributes").map(Value::take) {
            Some(Value::Object(map)) => Ok(Self(map)),
            _ => Err(Error::Protocol("the answer has no data.attributes".into())),
        }
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    /// A finite number, sent as a number or as numeric text.
    pub fn number(&self, name: &str) -> Option<f64> {
        match self.get(name)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .filter(|n: &f64| n.is_finite())
    }

    /// A whole number of minutes (or other count); negative values mean "unknown".
    pub fn count(&self, name: &str) -> Option<u32> {
        let n = self.number(name)?;
        (n >= 0.0 && n <= f64::from(u32::MAX)).then(|| n.round() as u32)
    }

    pub fn text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// `0`/`1`, `true`/`false`, as numbers, booleans or text; anything else is unknown.
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => match self.number(name)? {
                0.0 => Some(false),
                1.0 => Some(true),
                _ => None,
            },
        }
    }

    pub fn time(&self, name: &str) -> Option<OffsetDateTime> {
        match self.get(name)? {
            Value::String(s) => parse_lenient(s),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lenient_readers() {
        let attrs = Attributes::of(json!({"data": {"attributes": {
            "a": 1.5, "b": "2.5", "c": "x", "d": -1, "e": 1, "f": "true", "g": 2, "h": null
        }}}))
        .expect("attributes");
        assert_eq!(attrs.number("a"), Some(1.5));
        assert_eq!(attrs.number("b"), Some(2.5));
        assert_eq!(attrs.number("c"), None);
        assert_eq!(attrs.count("d"), None);
        assert_eq!(attrs.count("a"), Some(2));
        assert_eq!(attrs.flag("e"), Some(true));
        assert_eq!(attrs.flag("f"), Some(true));
        assert_eq!(attrs.flag("g"), None);
        assert_eq!(attrs.flag("h"), None);
        assert!(Attributes::of(json!({"data": {}})).is_err());
    }
}

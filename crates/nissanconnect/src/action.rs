//! Remote actions (brief §4): `POST {car_adapter}v1/cars/{VIN}/actions/{name}` with a JSON:API
//! body. A 2xx answer means the service accepted the request, not that the car did it; poll
//! [`Session::action_status`] or read the status again to learn the outcome.
//!
//! Each action is sent once. It is never retried after a failure: a lost answer leaves the
//! outcome unknown ([`Error::Transport`]), and sending again could honk twice or start a
//! second climate run. Only a 401, which means nothing was done, leads to one more send after
//! the token is refreshed.

use reqwest::Method;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::cars::Car;
use crate::endpoints::join;
use crate::http::scalar_text;
use crate::session::ApiCall;
use crate::status::Attributes;
use crate::timefmt::format_utc_seconds;
use crate::{Error, Session};

/// The climate target temperatures the service accepts, °C.
pub const CLIMATE_TEMPERATURES: std::ops::RangeInclusive<i32> = 16..=26;

/// How long horn and lights run, in the units the app uses.
const HORN_LIGHTS_DURATION: u32 = 5;

/// What `horn_lights` operates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HornLights {
    HornAndLights,
    Lights,
    Horn,
}

impl HornLights {
    fn target(self) -> &'static str {
        match self {
            Self::HornAndLights => "horn_lights",
            Self::Lights => "lights",
            Self::Horn => "horn",
        }
    }
}

/// The service accepted an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionAccepted {
    /// The id to poll with. `None` when an accepting answer left it out; the action was still
    /// accepted and must not be sent again.
    pub action_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionState {
    Created,
    Completed,
    Cancelled,
    Rejected,
    Timeout,
    /// A state not known to this client, as sent.
    Other(String),
}

impl ActionState {
    fn parse(text: &str) -> Self {
        match text.to_ascii_uppercase().as_str() {
            "CREATED" => Self::Created,
            "COMPLETED" => Self::Completed,
            "CANCELLED" | "CANCELED" => Self::Cancelled,
            "REJECTED" => Self::Rejected,
            "TIMEOUT" => Self::Timeout,
            _ => Self::Other(text.to_owned()),
        }
    }

    /// Whether polling can stop.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Cancelled | Self::Rejected | Self::Timeout
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionStatus {
    pub state: ActionState,
    /// Set on failures, for example `"12"`.
    pub error_code: Option<String>,
}

impl Session {
    /// Service 97.
    pub async fn horn_lights(&self, car: &Car, what: HornLights) -> Result<ActionAccepted, Error> {
        let attributes =
            json!({ "action": "start", "target": what.target(), "duration": HORN_LIGHTS_DURATION });
        self.action(car, "horn-lights", "HornLights", Some(attributes))
            .await
    }

    /// Starts climate control now, or at `start_at` (which must be in the future). Service 366.
    /// A temperature outside [`CLIMATE_TEMPERATURES`] is refused before anything is sent.
    pub async fn climate_on(
        &self,
        car: &Car,
        target_temperature: i32,
        start_at: Option<OffsetDateTime>,
    ) -> Result<ActionAccepted, Error> {
        if !CLIMATE_TEMPERATURES.contains(&target_temperature) {
            return Err(Error::InvalidArgument(format!(
                "the climate temperature must be between {} and {} °C",
                CLIMATE_TEMPERATURES.start(),
                CLIMATE_TEMPERATURES.end()
            )));
        }
        let mut attributes = Map::new();
        attributes.insert("action".into(), "start".into());
        attributes.insert("targetTemperature".into(), target_temperature.into());
        if let Some(at) = start_at {
            if at <= self.client().config().clock.now() {
                return Err(Error::InvalidArgument(
                    "a scheduled climate start must be in the future".into(),
                ));
            }
            attributes.insert("startDateTime".into(), format_utc_seconds(at).into());
        }
        self.action(
            car,
            "hvac-start",
            "HvacStart",
            Some(Value::Object(attributes)),
        )
        .await
    }

    pub async fn climate_off(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(
            car,
            "hvac-start",
            "HvacStart",
            Some(json!({ "action": "stop" })),
        )
        .await
    }

    /// Cancels a scheduled climate start.
    pub async fn cancel_scheduled_climate(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(
            car,
            "hvac-start",
            "HvacStart",
            Some(json!({ "action": "cancel" })),
        )
        .await
    }

    /// Service 299.
    pub async fn charging_start(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(
            car,
            "charging-start",
            "ChargingStart",
            Some(json!({ "action": "start" })),
        )
        .await
    }

    /// Service 303. The same endpoint as the start, with `action: stop`.
    pub async fn charging_stop(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(
            car,
            "charging-start",
            "ChargingStart",
            Some(json!({ "action": "stop" })),
        )
        .await
    }

    /// Service 96. The body shape is the object form (brief §4.1; not confirmed by a response).
    pub async fn engine_start(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(
            car,
            "engine-start",
            "EngineStart",
            Some(json!({ "action": "start" })),
        )
        .await
    }

    pub async fn engine_stop(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(
            car,
            "engine-start",
            "EngineStart",
            Some(json!({ "action": "stop" })),
        )
        .await
    }

    /// Asks the car for fresh battery values; this wakes the car, so use it sparingly.
    pub async fn refresh_battery_status(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(car, "refresh-battery-status", "RefreshBatteryStatus", None)
            .await
    }

    pub async fn refresh_location(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(car, "refresh-location", "RefreshLocation", None)
            .await
    }

    pub async fn refresh_lock_status(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(car, "refresh-lock-status", "RefreshLockStatus", None)
            .await
    }

    pub async fn refresh_hvac_status(&self, car: &Car) -> Result<ActionAccepted, Error> {
        self.action(car, "refresh-hvac-status", "RefreshHvacStatus", None)
            .await
    }

    /// `GET {action_status}v1/cars/{VIN}/actions/status?actionId=…`. `None` while the
    /// service does not know the action yet (it answers 404 for a while).
    pub async fn action_status(
        &self,
        car: &Car,
        action_id: &str,
    ) -> Result<Option<ActionStatus>, Error> {
        let mut url = join(
            self.client().endpoints().action_status(),
            &["v1", "cars", &car.vin, "actions", "status"],
        );
        url.query_pairs_mut().append_pair("actionId", action_id);
        let body = match self.get_json(url, true).await {
            Ok(body) => body,
            Err(Error::NotSupported) => return Ok(None),
            Err(other) => return Err(other),
        };
        let attrs = Attributes::of(body)?;
        let state = attrs
            .text("status")
            .map(|s| ActionState::parse(&s))
            .ok_or_else(|| Error::Protocol("the action status has no status".into()))?;
        Ok(Some(ActionStatus {
            state,
            error_code: attrs.text("errorCode"),
        }))
    }

    async fn action(
        &self,
        car: &Car,
        path: &str,
        kind: &str,
        attributes: Option<Value>,
    ) -> Result<ActionAccepted, Error> {
        let url = join(
            self.client().endpoints().car_adapter(),
            &["v1", "cars", &car.vin, "actions", path],
        );
        let mut data = Map::new();
        data.insert("type".into(), kind.into());
        if let Some(attributes) = attributes {
            data.insert("attributes".into(), attributes);
        }
        let call = ApiCall {
            method: Method::POST,
            url,
            body: Some(json!({ "data": data })),
            car_endpoint: true,
        };
        let body = self.call(&call).await?;
        let action_id = body
            .as_ref()
            .and_then(|b| b.pointer("/data/id"))
            .and_then(scalar_text);
        Ok(ActionAccepted { action_id })
    }
}

//! The fake data plane: user, car list and status reads (actions are in `actions.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::profiles::{BatteryApi, FakeCar};
use super::reply::{
    api, bad_request, data, errors, header, not_found, not_implemented, timestamp, unauthorized,
};
use super::state::{Shared, State as FakeState};

type Params = HashMap<String, String>;

/// An answer that ends a handler early (boxed: a `Response` is large).
pub(crate) type Refusal = Box<Response>;

/// The user id behind a valid, unexpired Bearer token.
pub(crate) fn bearer_user(
    shared: &Shared,
    state: &FakeState,
    headers: &HeaderMap,
) -> Result<String, Refusal> {
    let token = header(headers, AUTHORIZATION.as_str())
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or_else(|| Box::new(unauthorized()))?;
    match state.access_tokens.get(token) {
        Some(grant) if grant.expires_at > shared.now() => Ok(grant.user_id.clone()),
        _ => Err(Box::new(unauthorized())),
    }
}

/// The caller's car, after applying the action effects that have come due.
pub(crate) fn owned_car<'a>(
    shared: &Shared,
    state: &'a mut FakeState,
    headers: &HeaderMap,
    vin: &str,
) -> Result<&'a mut FakeCar, Refusal> {
    let user_id = bearer_user(shared, state, headers)?;
    super::actions::apply_due(state, shared.now());
    let vin = vin.to_ascii_uppercase();
    let owns = state
        .account_by_user(&user_id)
        .is_some_and(|a| a.vins.contains(&vin));
    if !owns {
        let refusal = errors(
            StatusCode::FORBIDDEN,
            "403",
            "Forbidden",
            Some("Not a car of this user"),
        );
        return Err(Box::new(refusal));
    }
    state
        .cars
        .get_mut(&vin)
        .ok_or_else(|| Box::new(not_found()))
}

pub(crate) async fn current_user(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    let state = shared.state();
    match bearer_user(&shared, &state, &headers) {
        Ok(user_id) => api(StatusCode::OK, json!({ "userId": user_id })),
        Err(refusal) => *refusal,
    }
}

pub(crate) async fn cars(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Response {
    let state = shared.state();
    let caller = match bearer_user(&shared, &state, &headers) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    if caller != user_id {
        return errors(StatusCode::FORBIDDEN, "403", "Forbidden", None);
    }
    let vins = state
        .account_by_user(&user_id)
        .map(|a| a.vins.clone())
        .unwrap_or_default();
    let list: Vec<Value> = vins
        .iter()
        .filter_map(|vin| state.cars.get(vin))
        .map(car_json)
        .collect();
    api(StatusCode::OK, json!({ "data": list }))
}

fn car_json(car: &FakeCar) -> Value {
    let services: Vec<Value> = car
        .services
        .iter()
        .map(|s| {
            let id = if s.id_as_text {
                Value::from(s.id.to_string())
            } else {
                Value::from(s.id)
            };
            json!({ "id": id, "activationState": s.activation_state })
        })
        .collect();
    json!({
        "vin": car.listed_vin,
        "modelName": car.model_name,
        "nickname": car.nickname,
        "modelYear": car.model_year,
        "carGateway": car.car_gateway,
        "canGeneration": car.can_generation,
        "ccsGen": car.ccs_gen,
        "role": car.role,
        "isCrossBadged": false,
        "privacyMode": if car.state.privacy_mode { "ON" } else { "OFF" },
        "services": services,
    })
}

/// `GET /bff-web/{version}/cars/{vin}/battery-status?canGen=`.
pub(crate) async fn bff_battery(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((version, vin)): Path<(String, String)>,
    Query(q): Query<Params>,
) -> Response {
    let mut state = shared.state();
    let car = match owned_car(&shared, &mut state, &headers, &vin) {
        Ok(car) => car,
        Err(refusal) => return *refusal,
    };
    let BatteryApi::BffV3 { extended } = car.profile.battery else {
        return not_implemented();
    };
    if version != "v3" {
        return not_implemented();
    }
    if q.get("canGen") != Some(&car.can_generation) {
        return bad_request("canGen missing or wrong");
    }
    data("Car", &car.vin, battery_v3(car, extended))
}

/// `GET /car-adapter/{version}/cars/{vin}/{endpoint}`.
pub(crate) async fn car_read(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((version, vin, endpoint)): Path<(String, String, String)>,
) -> Response {
    let mut state = shared.state();
    let car = match owned_car(&shared, &mut state, &headers, &vin) {
        Ok(car) => car,
        Err(refusal) => return *refusal,
    };
    let car: &FakeCar = car;
    let version: u8 = match version.strip_prefix('v').and_then(|v| v.parse().ok()) {
        Some(v) => v,
        None => return not_found(),
    };
    let attributes = match (endpoint.as_str(), version) {
        ("battery-status", 1) => match car.profile.battery {
            BatteryApi::V1Full => battery_v1(car),
            BatteryApi::V1RangeOnly => json!({
                "lastUpdateTime": ts(car, car.state.battery_updated),
                "rangeHvacOff": car.state.range_hvac_off_km,
                "rangeHvacOn": car.state.range_hvac_on_km,
            }),
            BatteryApi::BffV3 { .. } => return not_implemented(),
        },
        ("cockpit", v) if car.profile.cockpit_versions.contains(&v) => cockpit(car),
        ("battery-status" | "cockpit", _) => return not_implemented(),
        ("location", 1) if car.state.privacy_mode => {
            return errors(
                StatusCode::FORBIDDEN,
                "403009",
                "Forbidden action",
                Some("Privacy mode currently ON"),
            )
        }
        ("location", 1) => json!({
            "gpsLatitude": car.state.latitude,
            "gpsLongitude": car.state.longitude,
            "lastUpdateTime": ts(car, car.state.location_updated),
        }),
        ("lock-status", 1) if car.profile.lock_status => lock_status(car),
        ("hvac-status", 1) if car.profile.hvac_status => hvac_status(car),
        ("lock-status" | "hvac-status", 1) => return not_found(),
        ("location" | "lock-status" | "hvac-status", _) => return not_implemented(),
        _ => return not_found(),
    };
    data("Car", &car.vin, attributes)
}

fn ts(car: &FakeCar, at: OffsetDateTime) -> String {
    timestamp(at, car.profile.time_format)
}

fn opt_ts(car: &FakeCar, at: Option<OffsetDateTime>) -> Value {
    at.map_or(Value::Null, |at| ts(car, at).into())
}

fn battery_v1(car: &FakeCar) -> Value {
    let s = &car.state;
    json!({
        "lastUpdateTime": ts(car, s.battery_updated),
        "batteryLevel": s.level_percent,
        "batteryCapacity": s.capacity_kwh,
        "batteryTemperature": s.battery_temperature,
        "instantaneousPower": if s.charging { s.charging_power_kw } else { 0.0 },
        "chargePower": if s.plugged { Value::from(s.charge_power) } else { Value::Null },
        "timeRequiredToFullSlow": s.minutes_to_full(3.0),
        "timeRequiredToFullNormal": s.minutes_to_full(6.6),
        "timeRequiredToFullFast": s.minutes_to_full(50.0),
        "rangeHvacOff": s.range_hvac_off_km,
        "rangeHvacOn": s.range_hvac_on_km,
        // Both charging fields, as the clients disagree on which one the service sends.
        "chargeStatus": u8::from(s.charging),
        "chargingStatus": if s.charging { 1.0 } else { 0.0 },
        "plugStatus": u8::from(s.plugged),
        "vehiclePlugTimestamp": opt_ts(car, s.plugged_at),
        "vehicleUnplugTimestamp": opt_ts(car, s.unplugged_at),
    })
}

fn battery_v3(car: &FakeCar, extended: bool) -> Value {
    let s = &car.state;
    let remaining = if s.charging {
        Value::from(s.minutes_to_full(s.charging_power_kw))
    } else {
        Value::Null
    };
    let mut body = json!({
        "lastUpdateTime": ts(car, s.battery_updated),
        "batteryLevel": s.level_percent,
        "batteryTemperature": s.battery_temperature,
        "batteryAutonomy": s.range_hvac_off_km,
        "plugStatus": u8::from(s.plugged),
        "chargingStatus": if s.charging { 1.0 } else { 0.0 },
        "chargingRemainingTime": remaining,
    });
    if extended {
        body["batteryCapacity"] = s.capacity_kwh.into();
        body["chargeStatus"] = u8::from(s.charging).into();
        body["rangeHvacOn"] = s.range_hvac_on_km.into();
        body["instantaneousPower"] = (if s.charging { s.charging_power_kw } else { 0.0 }).into();
        body["vehiclePlugTimestamp"] = opt_ts(car, s.plugged_at);
        body["vehicleUnplugTimestamp"] = opt_ts(car, s.unplugged_at);
    }
    body
}

fn cockpit(car: &FakeCar) -> Value {
    let s = &car.state;
    let mut body =
        json!({ "lastUpdateTime": ts(car, s.cockpit_updated), "totalMileage": s.mileage_km });
    if let Some(v) = s.fuel_autonomy_km {
        body["fuelAutonomy"] = v.into();
    }
    if let Some(v) = s.fuel_quantity_litres {
        body["fuelQuantity"] = v.into();
    }
    if let Some(v) = s.fuel_level_percent {
        body["fuelLevel"] = v.into();
    }
    if let Some(low) = s.fuel_low {
        body["fuelLowWarning"] = u8::from(low).into();
    }
    body
}

fn lock_status(car: &FakeCar) -> Value {
    let s = &car.state;
    let door = |open: bool| if open { "open" } else { "closed" };
    json!({
        "lastUpdateTime": ts(car, s.lock_updated),
        "lockStatus": if s.locked { "locked" } else { "unlocked" },
        "doorStatusFrontLeft": door(s.front_left_open),
        "doorStatusFrontRight": door(s.front_right_open),
        "doorStatusRearLeft": door(s.rear_left_open),
        "doorStatusRearRight": door(s.rear_right_open),
        "hatchStatus": door(s.hatch_open),
    })
}

fn hvac_status(car: &FakeCar) -> Value {
    let s = &car.state;
    let mut body = json!({
        "lastUpdateTime": ts(car, s.hvac_updated),
        "hvacStatus": if s.hvac_on { "on" } else { "off" },
        "internalTemperature": s.internal_temperature,
        "nextTargetTemperature": s.target_temperature,
    });
    if car.profile.external_temperature {
        body["externalTemperature"] = s.external_temperature.into();
    }
    if let Some(at) = s.next_hvac_start {
        body["nextHvacStartDate"] = ts(car, at).into();
    }
    body
}

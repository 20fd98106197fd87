//! The fake's actions: validation of the bodies the reference clients send, their effects on
//! the car (now, after a delay on the fake's clock, or at the next refresh), and action status.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::api::{owned_car, Refusal};
use super::profiles::FakeCar;
use super::reply::{api, bad_request, data, errors, header, not_found};
use super::state::{
    ActionOutcome, ActionTiming, Effect, FakeAction, PendingEffect, Shared, State as FakeState,
};
use crate::http::JSON_API;
use crate::timefmt::parse_lenient;

type Params = HashMap<String, String>;

/// `POST /car-adapter/v1/cars/{vin}/actions/{name}`.
pub(crate) async fn action(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((version, vin, name)): Path<(String, String, String)>,
    body: String,
) -> Response {
    let now = shared.now();
    let (timing, outcome) = {
        let settings = shared.settings();
        (settings.action_timing, settings.action_outcome.clone())
    };
    let mut state = shared.state();
    let car = match owned_car(&shared, &mut state, &headers, &vin) {
        Ok(car) => car,
        Err(refusal) => return *refusal,
    };
    if version != "v1" {
        return not_found();
    }
    if header(&headers, CONTENT_TYPE.as_str()) != Some(JSON_API) {
        return errors(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "415",
            "Unsupported Media Type",
            None,
        );
    }
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return bad_request("body is not JSON");
    };
    let kind = body
        .pointer("/data/type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let empty = Map::new();
    let attributes = body.pointer("/data/attributes").map(Value::as_object);
    if attributes == Some(None) {
        return bad_request("attributes must be an object");
    }
    let attributes = attributes.flatten().unwrap_or(&empty);
    let (effect, expected_kind) = match parse_action(car, &name, attributes, now) {
        Ok(parsed) => parsed,
        Err(refusal) => return *refusal,
    };
    if kind != expected_kind {
        return bad_request("wrong data.type for this action");
    }
    let vin = car.vin.clone();
    let id = state.id("action");
    let mut record = FakeAction {
        vin: vin.clone(),
        polls: 0,
        pending: false,
        outcome: outcome.clone(),
    };
    if outcome == ActionOutcome::Completed {
        let refresh = matches!(
            effect,
            Effect::RefreshBattery
                | Effect::RefreshLocation
                | Effect::RefreshLock
                | Effect::RefreshHvac
        );
        match timing {
            ActionTiming::Immediate => apply(&mut state, &vin, &effect, now),
            ActionTiming::OnNextRefresh if refresh => {
                let due: Vec<PendingEffect> = extract(&mut state.pending_effects, |p| p.vin == vin);
                for pending in due {
                    finish(&mut state, &pending, now);
                }
                apply(&mut state, &vin, &effect, now);
            }
            ActionTiming::OnNextRefresh | ActionTiming::AfterDelay(_) => {
                let due = match timing {
                    ActionTiming::AfterDelay(delay) => Some(now + delay),
                    _ => None,
                };
                record.pending = true;
                state.pending_effects.push(PendingEffect {
                    action_id: id.clone(),
                    vin,
                    effect,
                    due,
                });
            }
        }
    }
    state.actions.insert(id.clone(), record);
    api(
        StatusCode::OK,
        json!({ "data": { "type": kind, "id": id } }),
    )
}

/// Validates an action body the way the reference clients send it, and says what it does.
fn parse_action(
    car: &FakeCar,
    name: &str,
    attributes: &Map<String, Value>,
    now: OffsetDateTime,
) -> Result<(Effect, &'static str), Refusal> {
    let text = |key: &str| {
        attributes
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let require = |services: &[u32]| {
        if services.iter().any(|id| car.has_service(*id)) {
            Ok(())
        } else {
            Err(Box::new(not_found()))
        }
    };
    match name {
        "horn-lights" => {
            require(&[97])?;
            let valid = matches!(text("action"), "start" | "stop" | "double_start")
                && matches!(text("target"), "horn_lights" | "lights" | "horn")
                && attributes.get("duration").is_some_and(Value::is_number);
            if !valid {
                return Err(Box::new(bad_request(
                    "action, target and duration are required",
                )));
            }
            Ok((Effect::HornLights, "HornLights"))
        }
        "hvac-start" => {
            require(&[366, 307, 2042])?;
            match text("action") {
                "start" => {
                    let target = attributes
                        .get("targetTemperature")
                        .and_then(Value::as_i64)
                        .filter(|t| (16..=26).contains(t))
                        .ok_or_else(|| {
                            Box::new(bad_request(
                                "targetTemperature must be an integer from 16 to 26",
                            ))
                        })?;
                    let target = i32::try_from(target)
                        .map_err(|_| Box::new(bad_request("targetTemperature")))?;
                    match attributes.get("startDateTime") {
                        None => Ok((
                            Effect::Climate {
                                on: true,
                                target: Some(target),
                            },
                            "HvacStart",
                        )),
                        Some(at) => {
                            let at = at
                                .as_str()
                                .and_then(parse_lenient)
                                .filter(|at| *at > now)
                                .ok_or_else(|| {
                                    Box::new(bad_request("startDateTime must be in the future"))
                                })?;
                            Ok((Effect::ScheduleClimate { at, target }, "HvacStart"))
                        }
                    }
                }
                "stop" => Ok((
                    Effect::Climate {
                        on: false,
                        target: None,
                    },
                    "HvacStart",
                )),
                "cancel" => Ok((Effect::CancelSchedule, "HvacStart")),
                _ => Err(Box::new(bad_request(
                    "action must be start, stop or cancel",
                ))),
            }
        }
        "charging-start" => match text("action") {
            "start" => require(&[299]).map(|()| (Effect::Charging(true), "ChargingStart")),
            "stop" => require(&[303]).map(|()| (Effect::Charging(false), "ChargingStart")),
            _ => Err(Box::new(bad_request("action must be start or stop"))),
        },
        "engine-start" => {
            require(&[96])?;
            match text("action") {
                "start" => Ok((Effect::Engine(true), "EngineStart")),
                "stop" => Ok((Effect::Engine(false), "EngineStart")),
                _ => Err(Box::new(bad_request(
                    "attributes.action must be start or stop",
                ))),
            }
        }
        "refresh-battery-status" => Ok((Effect::RefreshBattery, "RefreshBatteryStatus")),
        "refresh-location" => require(&[12]).map(|()| (Effect::RefreshLocation, "RefreshLocation")),
        "refresh-lock-status" => Ok((Effect::RefreshLock, "RefreshLockStatus")),
        "refresh-hvac-status" => Ok((Effect::RefreshHvac, "RefreshHvacStatus")),
        _ => Err(Box::new(not_found())),
    }
}

fn extract(
    list: &mut Vec<PendingEffect>,
    mut take: impl FnMut(&PendingEffect) -> bool,
) -> Vec<PendingEffect> {
    let (taken, kept) = std::mem::take(list).into_iter().partition(|p| take(p));
    *list = kept;
    taken
}

/// Applies the delayed effects whose time has come.
pub(crate) fn apply_due(state: &mut FakeState, now: OffsetDateTime) {
    let due = extract(&mut state.pending_effects, |p| {
        p.due.is_some_and(|due| due <= now)
    });
    for pending in due {
        finish(state, &pending, now);
    }
}

fn finish(state: &mut FakeState, pending: &PendingEffect, now: OffsetDateTime) {
    apply(state, &pending.vin, &pending.effect, now);
    if let Some(action) = state.actions.get_mut(&pending.action_id) {
        action.pending = false;
    }
}

fn apply(state: &mut FakeState, vin: &str, effect: &Effect, now: OffsetDateTime) {
    let Some(car) = state.cars.get_mut(vin) else {
        return;
    };
    let s = &mut car.state;
    match effect {
        Effect::HornLights => s.horn_lights_count += 1,
        Effect::Climate { on, target } => {
            s.hvac_on = *on;
            if let Some(target) = target {
                s.target_temperature = *target;
            }
            s.hvac_updated = now;
        }
        Effect::ScheduleClimate { at, target } => {
            s.next_hvac_start = Some(*at);
            s.target_temperature = *target;
            s.hvac_updated = now;
        }
        Effect::CancelSchedule => {
            s.next_hvac_start = None;
            s.hvac_updated = now;
        }
        Effect::Charging(on) => {
            s.charging = *on && s.plugged;
            s.battery_updated = now;
        }
        Effect::Engine(on) => s.engine_running = *on,
        Effect::RefreshBattery => {
            s.battery_updated = now;
            s.cockpit_updated = now;
        }
        Effect::RefreshLocation => s.location_updated = now,
        Effect::RefreshLock => s.lock_updated = now,
        Effect::RefreshHvac => s.hvac_updated = now,
    }
}

/// `GET /action-status/v1/cars/{vin}/actions/status?actionId=`: `CREATED` on the first poll and
/// while the effect is pending, then the outcome.
pub(crate) async fn action_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(vin): Path<String>,
    Query(q): Query<Params>,
) -> Response {
    let mut state = shared.state();
    if let Err(refusal) = owned_car(&shared, &mut state, &headers, &vin) {
        return *refusal;
    }
    let id = q.get("actionId").cloned().unwrap_or_default();
    let Some(action) = state
        .actions
        .get_mut(&id)
        .filter(|a| a.vin.eq_ignore_ascii_case(&vin))
    else {
        return not_found();
    };
    action.polls += 1;
    let attributes = match (&action.outcome, action.polls == 1 || action.pending) {
        (_, true) => json!({ "status": "CREATED" }),
        (ActionOutcome::Completed, false) => json!({ "status": "COMPLETED" }),
        (ActionOutcome::Failed { status, error_code }, false) => {
            json!({ "status": status, "errorCode": error_code })
        }
    };
    data("ActionStatus", &id, attributes)
}

/// The car adapter also answers action status (one client polls it there).
pub(crate) async fn action_status_on_car_adapter(
    shared: State<Arc<Shared>>,
    headers: HeaderMap,
    Path((version, vin, name)): Path<(String, String, String)>,
    q: Query<Params>,
) -> Response {
    if version != "v1" || name != "status" {
        return not_found();
    }
    action_status(shared, headers, Path(vin), q).await
}

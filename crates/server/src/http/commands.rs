//! Sending remote commands and following them. Owners and drivers alike may command a car.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use keyfob_core::{
    api::command::Command,
    command::{
        check_charge_start, check_charge_stop, check_climate_off, check_climate_on,
        check_engine_start, parse_start_at, validate_waypoints, CommandKind, EvFacts,
        RemoteStartBudget,
    },
    status::VehicleStatus,
    ApiError, ErrorCode,
};
use sha2::{Digest, Sha256};

use super::{ApiJson, Created};
use crate::{
    auth::{new_id, Member},
    db::NewCommand,
    error::{ServerError, ServerResult},
    remote::command_view,
    state::AppState,
};

/// Idempotency keys are remembered this long.
pub const IDEMPOTENCY_SECONDS: i64 = 24 * 60 * 60;

fn idempotency_key(headers: &HeaderMap) -> ServerResult<String> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if (8..=128).contains(&key.len()) && key.chars().all(|c| c.is_ascii_graphic()) {
        Ok(key.to_owned())
    } else {
        Err(ServerError::refused(
            ErrorCode::IdempotencyKeyMissing,
            "Every command needs an Idempotency-Key header of 8–128 printable characters (a fresh UUID per command), so a retried request never runs twice.",
        ))
    }
}

#[utoipa::path(post, path = "/v1/vehicles/{id}/commands", tag = "commands", security(("bearer" = [])), request_body = CommandKind,
    params(("id" = String, Path, description = "The vehicle's id"), ("Idempotency-Key" = String, Header, description = "A fresh key per command; a retry reuses it")),
    responses((status = 202, body = Command), (status = 200, body = Command, description = "The same key and body again: the command already sent"),
        (status = 403, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn send(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    ApiJson(kind): ApiJson<CommandKind>,
) -> ServerResult<Created<Command>> {
    let key = idempotency_key(&headers)?;
    let vehicle = &member.link.vehicle;
    let account_id = &member.caller.account_id;
    let now = state.now();
    let kind_json =
        serde_json::to_string(&kind).map_err(|e| ServerError::Internal(e.to_string()))?;
    let hash = hex::encode(Sha256::digest(format!("{}\n{kind_json}", vehicle.id)));
    if let Some(existing) = state
        .db
        .command_by_key(account_id, &key, now - IDEMPOTENCY_SECONDS)
        .await?
    {
        return replay(existing, &hash);
    }
    check_step_up(&member, &kind, now)?;
    check_allowed(&state, &member, &kind, now).await?;
    state
        .throttles
        .commands
        .check(&vehicle.id, now)
        .map_err(|wait| {
            ServerError::throttled(
                ErrorCode::CommandRateLimited,
                format!("This car has had many commands in the last few minutes. Try again in {wait} s."),
                wait,
            )
        })?;
    let id = new_id("cmd");
    let ttl = state.remote.real(f64::from(kind.time_to_live_seconds()));
    let deliver_by = now + i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 2) + 1;
    let kind_name = serde_json::to_value(&kind)
        .ok()
        .and_then(|v| v["kind"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let inserted = state
        .db
        .insert_command(
            &NewCommand {
                id: &id,
                vehicle_id: &vehicle.id,
                account_id,
                idempotency_key: &key,
                request_hash: &hash,
                kind_name: &kind_name,
                kind: &kind_json,
                now,
                deliver_by,
            },
            now - IDEMPOTENCY_SECONDS,
        )
        .await?;
    if !inserted {
        // A concurrent retry with the same key won the race: answer with its command.
        let existing = state
            .db
            .command_by_key(account_id, &key, now - IDEMPOTENCY_SECONDS)
            .await?
            .ok_or_else(|| ServerError::Internal("idempotency key vanished".into()))?;
        return replay(existing, &hash);
    }
    state.throttles.commands.record(&vehicle.id, now);
    let row = state
        .db
        .command(&id)
        .await?
        .ok_or_else(|| ServerError::Internal("command vanished".into()))?;
    state.remote.publish(&row).await?;
    state.remote.dispatch(&row, vehicle.vin.clone(), kind);
    Ok(Created(StatusCode::ACCEPTED, command_view(&row)?))
}

fn replay(existing: crate::db::CommandRow, hash: &str) -> ServerResult<Created<Command>> {
    if existing.request_hash != hash {
        return Err(ServerError::refused(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was already used for a different command. Use a fresh key for a new command.",
        ));
    }
    Ok(Created(StatusCode::OK, command_view(&existing)?))
}

/// Unlocking and starting the engine need the password or PIN checked by the server in this
/// session within the last five minutes: a stolen token alone cannot open the car.
fn check_step_up(member: &Member, kind: &CommandKind, now: i64) -> ServerResult<()> {
    if !kind.needs_recent_identity() || member.caller.step_up_until.is_some_and(|until| now < until)
    {
        return Ok(());
    }
    Err(ServerError::refused(
        ErrorCode::StepUpRequired,
        "Confirm it is you first: enter your account password or your app PIN. It covers unlocking and remote start for 5 minutes.",
    ))
}

/// The entitlement, the command's own rules and, for a remote start, every precondition the
/// server can judge from the car's last status.
async fn check_allowed(
    state: &AppState,
    member: &Member,
    kind: &CommandKind,
    now: i64,
) -> ServerResult<()> {
    let link = &member.link;
    super::status::require(member, kind.feature(), now)?;
    if let (Some(gateway), Some(_)) = (&state.nissanconnect, &link.vehicle.services) {
        gateway.ready_for(&link.vehicle.vin).await?;
    }
    match kind {
        CommandKind::SendDestination { waypoints } => validate_waypoints(waypoints)?,
        CommandKind::EngineStart { climate_target_c } => {
            let Some((json, _, cycle_at)) = state.db.vehicle_status(&link.vehicle.id).await? else {
                // No status yet: the car judges the preconditions itself.
                return Ok(());
            };
            let status: VehicleStatus = serde_json::from_str(&json)
                .map_err(|e| ServerError::Internal(format!("stored status: {e}")))?;
            let used = state
                .db
                .remote_starts_since(&link.vehicle.id, cycle_at)
                .await?;
            let budget = RemoteStartBudget {
                used: u8::try_from(used).unwrap_or(u8::MAX),
            };
            check_engine_start(&status.engine_start_facts(budget), *climate_target_c)
                .map_err(keyfob_core::Error::from)?;
        }
        CommandKind::ChargeStart
        | CommandKind::ChargeStop
        | CommandKind::ClimateOn { .. }
        | CommandKind::ClimateOff => check_ev_command(state, &link.vehicle.id, kind, now).await?,
        _ => {}
    }
    Ok(())
}

/// Charging and climate, judged on the car's last status (or, with none yet, only on what the
/// request itself says; the car judges the rest).
async fn check_ev_command(
    state: &AppState,
    vehicle_id: &str,
    kind: &CommandKind,
    now: i64,
) -> ServerResult<()> {
    let start_at = match kind {
        CommandKind::ClimateOn {
            start_at: Some(text),
            ..
        } => Some(parse_start_at(text).map_err(keyfob_core::Error::from)?),
        _ => None,
    };
    let status: Option<VehicleStatus> = match state.db.vehicle_status(vehicle_id).await? {
        Some((json, _, _)) => Some(
            serde_json::from_str(&json)
                .map_err(|e| ServerError::Internal(format!("stored status: {e}")))?,
        ),
        None => None,
    };
    let Some(facts) = status.map(|status| status.ev_facts()) else {
        if let CommandKind::ClimateOn { target_c, .. } = kind {
            // The request's own values still have their rules.
            let lenient = EvFacts {
                electric: true,
                telematics_online: true,
                plugged_in: true,
                charging: false,
                charge_percent: 100,
                limit_percent: 100,
                climate_on: false,
            };
            check_climate_on(&lenient, *target_c, start_at, now)
                .map_err(keyfob_core::Error::from)?;
        }
        return Ok(());
    };
    let result = match kind {
        CommandKind::ChargeStart => check_charge_start(&facts),
        CommandKind::ChargeStop => check_charge_stop(&facts),
        CommandKind::ClimateOn { target_c, .. } => {
            check_climate_on(&facts, *target_c, start_at, now)
        }
        CommandKind::ClimateOff => check_climate_off(&facts),
        _ => Ok(()),
    };
    result.map_err(keyfob_core::Error::from)?;
    Ok(())
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/commands", tag = "commands", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vec<Command>), (status = 404, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    member: Member,
) -> ServerResult<Json<Vec<Command>>> {
    let rows = state
        .db
        .recent_commands(&member.link.vehicle.id, member.link.member_since, 50)
        .await?;
    Ok(Json(
        rows.iter().map(command_view).collect::<ServerResult<_>>()?,
    ))
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/commands/{command_id}", tag = "commands", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id"), ("command_id" = String, Path, description = "The command's id")),
    responses((status = 200, body = Command), (status = 404, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    member: Member,
    Path((_, command_id)): Path<(String, String)>,
) -> ServerResult<Json<Command>> {
    match state.db.command(&command_id).await? {
        Some(row)
            if row.vehicle_id == member.link.vehicle.id
                && row.requested_at >= member.link.member_since =>
        {
            Ok(Json(command_view(&row)?))
        }
        _ => Err(ServerError::refused(
            ErrorCode::CommandNotFound,
            "There is no such command for this car.",
        )),
    }
}

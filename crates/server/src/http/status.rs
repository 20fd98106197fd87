//! The car's last reported status, its health report, and asking it for a fresh one.

use axum::{extract::State, http::StatusCode, Json};
use keyfob_core::{
    api::{
        command::{HealthReport, LiveEvent},
        Done,
    },
    entitlement::{Entitlement, Feature},
    health::health_report,
    status::VehicleStatus,
    ApiError, ErrorCode,
};

use super::Created;
use crate::{
    auth::Member,
    error::{ServerError, ServerResult},
    state::AppState,
    telematics::GatewayError,
    view,
};

pub(crate) fn require(member: &Member, feature: Feature, now: i64) -> ServerResult<()> {
    let activation = view::activation_times(&member.link).state_at(now);
    match view::entitlement_of(&member.link.vehicle, feature, activation, now) {
        Entitlement::Available => Ok(()),
        Entitlement::Locked { reason, unlock, .. } => Err(ServerError::refused(
            ErrorCode::FeatureLocked,
            format!("{reason} {unlock}"),
        )),
        Entitlement::Unsupported { reason, .. } => {
            Err(ServerError::refused(ErrorCode::FeatureUnsupported, reason))
        }
    }
}

async fn last_status(state: &AppState, member: &Member) -> ServerResult<VehicleStatus> {
    let (json, _, _) = state
        .db
        .vehicle_status(&member.link.vehicle.id)
        .await?
        .ok_or_else(|| {
            ServerError::refused(
                ErrorCode::StatusUnavailable,
                "The car has not reported its status yet. Refresh to ask it.",
            )
        })?;
    serde_json::from_str(&json).map_err(|e| ServerError::Internal(format!("stored status: {e}")))
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/status", tag = "status", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = VehicleStatus), (status = 404, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    member: Member,
) -> ServerResult<Json<VehicleStatus>> {
    require(&member, Feature::Status, state.now())?;
    Ok(Json(last_status(&state, &member).await?))
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/health", tag = "status", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = HealthReport), (status = 404, body = ApiError)))]
pub async fn health(
    State(state): State<AppState>,
    member: Member,
) -> ServerResult<Json<HealthReport>> {
    require(&member, Feature::Diagnostics, state.now())?;
    let status = last_status(&state, &member).await?;
    Ok(Json(health_report(&status)))
}

/// How many changes of health the history keeps.
const HEALTH_HISTORY_LEN: usize = 50;
/// How many stored status events a history is built from.
const HEALTH_HISTORY_SCAN: i64 = 5_000;

#[utoipa::path(get, path = "/v1/vehicles/{id}/health/history", tag = "status", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vec<HealthReport>), (status = 404, body = ApiError)))]
/// Each change in the car's health since this member joined (a driver sees nothing from before
/// they were added), newest first. Part of the basic
/// status service, so it stays when the diagnostics report itself needs a subscription.
pub async fn health_history(
    State(state): State<AppState>,
    member: Member,
) -> ServerResult<Json<Vec<HealthReport>>> {
    require(&member, Feature::Status, state.now())?;
    let payloads = state
        .db
        .status_events_since(
            &member.link.vehicle.id,
            member.link.member_since,
            HEALTH_HISTORY_SCAN,
        )
        .await?;
    let mut changes: Vec<HealthReport> = Vec::new();
    // Oldest first, so each entry is the first report of a new state of health.
    for payload in payloads.iter().rev() {
        let Ok(LiveEvent::Status { status, .. }) = serde_json::from_str::<LiveEvent>(payload)
        else {
            continue;
        };
        let report = health_report(&status);
        if changes.last().is_none_or(|last| !last.same_health(&report)) {
            changes.push(report);
        }
    }
    changes.reverse();
    changes.truncate(HEALTH_HISTORY_LEN);
    Ok(Json(changes))
}

#[utoipa::path(post, path = "/v1/vehicles/{id}/status/refresh", tag = "status", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 202, body = Done), (status = 429, body = ApiError), (status = 422, body = ApiError)))]
pub async fn refresh(State(state): State<AppState>, member: Member) -> ServerResult<Created<Done>> {
    let now = state.now();
    require(&member, Feature::Status, now)?;
    let vehicle_id = &member.link.vehicle.id;
    // Each refresh wakes the car and costs its 12 V battery: at most one a minute.
    state
        .throttles
        .status_refresh
        .check(vehicle_id, now)
        .map_err(|wait| {
            ServerError::throttled(
                ErrorCode::RefreshTooSoon,
                format!("The car was asked a moment ago; waking it often drains its 12 V battery. You can refresh again in {wait} s."),
                wait,
            )
        })?;
    match state
        .cars
        .request_status(&member.link.vehicle.vin)
        .await
    {
        Ok(()) => {}
        Err(
            GatewayError::Unreachable
            | GatewayError::UnknownVehicle
            | GatewayError::DeadlinePassed
            | GatewayError::Rejected
            | GatewayError::Uncertain,
        ) => {
            return Err(ServerError::refused(
                ErrorCode::VehicleOffline,
                "The car is out of mobile coverage. The last known status is shown; try again when it is parked where a phone has signal.",
            ))
        }
        Err(GatewayError::TooSoon { wait_seconds }) => {
            return Err(ServerError::throttled(
                ErrorCode::RefreshTooSoon,
                format!("Refreshing from the car wakes it, which drains its 12 V battery, so Keyfob asks a car at most once every 10 minutes. You can refresh again in {} min; the status shown is NissanConnect's latest.", wait_seconds.div_ceil(60)),
                wait_seconds,
            ))
        }
        Err(GatewayError::ServiceUnavailable { retry_after_seconds }) => {
            return Err(crate::nissanconnect::unavailable(retry_after_seconds))
        }
        Err(GatewayError::ReconnectNeeded) => return Err(crate::nissanconnect::reconnect_needed()),
    }
    state.throttles.status_refresh.record(vehicle_id, now);
    Ok(Created(
        StatusCode::ACCEPTED,
        Done::new("The car was asked for its status; it arrives in a few seconds."),
    ))
}

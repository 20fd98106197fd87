//! The car's last reported status, its health report, and asking it for a fresh one.

use axum::{extract::State, http::StatusCode, Json};
use keyfob_core::{
    api::{command::HealthReport, Done},
    command::MIN_12V_MILLIVOLTS,
    entitlement::{entitlement, Entitlement, Feature},
    status::{VehicleStatus, WarningLamp},
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

/// A tyre below this pressure is reported as low.
const LOW_TYRE_KPA: u16 = 210;

fn require(member: &Member, feature: Feature, now: i64) -> ServerResult<()> {
    let activation = view::activation_times(&member.link).state_at(now);
    let facts = view::vehicle_facts(&member.link.vehicle, activation, now);
    match entitlement(feature, &facts) {
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
    let tyres = status.tyres_kpa.value;
    let low_tyres = [
        ("front left", tyres.front_left),
        ("front right", tyres.front_right),
        ("rear left", tyres.rear_left),
        ("rear right", tyres.rear_right),
    ]
    .into_iter()
    .filter(|(_, kpa)| *kpa < LOW_TYRE_KPA)
    .map(|(name, _)| name.to_owned())
    .collect();
    let lamps = status.warning_lamps.value.clone();
    Ok(Json(HealthReport {
        service_due: lamps.contains(&WarningLamp::ServiceDue),
        warning_lamps: lamps,
        low_tyres,
        battery_12v_ok: status.battery_12v_millivolts.value >= MIN_12V_MILLIVOLTS,
        battery_12v_millivolts: status.battery_12v_millivolts.value,
        odometer_km: status.odometer_km.value,
        reported_at: status.online.at.clone(),
    }))
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
        Err(GatewayError::Unreachable | GatewayError::UnknownVehicle) => {
            return Err(ServerError::refused(
                ErrorCode::VehicleOffline,
                "The car is out of mobile coverage. The last known status is shown; try again when it is parked where a phone has signal.",
            ))
        }
    }
    state.throttles.status_refresh.record(vehicle_id, now);
    Ok(Created(
        StatusCode::ACCEPTED,
        Done::new("The car was asked for its status; it arrives in a few seconds."),
    ))
}

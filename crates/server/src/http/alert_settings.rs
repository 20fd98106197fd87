//! The owner's curfew, speed alert and email choice for a car. They are judged with the zones
//! on every position report (`remote::geofence`).

use axum::{extract::State, Json};
use keyfob_core::{api::geofence::AlertSettings, entitlement::Feature, ApiError};

use super::{status::require, ApiJson};
use crate::{
    auth::Owner,
    error::{ServerError, ServerResult},
    remote::geofence::settings_of,
    state::AppState,
};

#[utoipa::path(get, path = "/v1/vehicles/{id}/alert-settings", tag = "geofences", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = AlertSettings), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    Owner(owner): Owner,
) -> ServerResult<Json<AlertSettings>> {
    settings_of(&state.db, &owner.link.vehicle.id, &owner.caller.account_id)
        .await
        .map(Json)
}

#[utoipa::path(put, path = "/v1/vehicles/{id}/alert-settings", tag = "geofences", security(("bearer" = [])), request_body = AlertSettings,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = AlertSettings), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn put(
    State(state): State<AppState>,
    Owner(owner): Owner,
    ApiJson(settings): ApiJson<AlertSettings>,
) -> ServerResult<Json<AlertSettings>> {
    let now = state.now();
    require(&owner, Feature::GeofenceAlerts, now)?;
    settings.validate()?;
    let json =
        serde_json::to_string(&settings).map_err(|e| ServerError::Internal(e.to_string()))?;
    state
        .db
        .set_alert_settings(&owner.link.vehicle.id, &owner.caller.account_id, &json, now)
        .await?;
    Ok(Json(settings))
}

//! Head-unit authentication keys: the owner makes and lists them; the head unit (a sandbox
//! endpoint standing for the car's screen) takes them, and a dealer's tool unlocks it.

use axum::{
    extract::{Path, State},
    Json,
};
use keyfob_core::{
    api::{
        authkey::{HeadUnitAnswer, KeyEntry, KeyView, NewKey, NewKeyRequest},
        Done,
    },
    vin::Vin,
    ApiError,
};

use super::{sandbox::require_sandbox, ApiJson, Created};
use crate::{
    auth::Owner,
    authkeys::{self, key_view},
    error::{ServerError, ServerResult},
    state::AppState,
};

#[utoipa::path(post, path = "/v1/vehicles/{id}/auth-keys", tag = "auth keys", security(("bearer" = [])), request_body = NewKeyRequest,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 201, body = NewKey), (status = 409, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
/// A new key for the owner's active car, returned this once and emailed.
pub async fn create(
    State(state): State<AppState>,
    Owner(owner): Owner,
    ApiJson(request): ApiJson<NewKeyRequest>,
) -> ServerResult<Created<NewKey>> {
    let key = authkeys::generate(&state, &owner, request.reason).await?;
    Ok(Created(axum::http::StatusCode::CREATED, key))
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/auth-keys", tag = "auth keys", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vec<KeyView>), (status = 404, body = ApiError)))]
/// The owner's keys of the car, newest first, with their state; never the keys themselves.
pub async fn list(
    State(state): State<AppState>,
    Owner(owner): Owner,
) -> ServerResult<Json<Vec<KeyView>>> {
    let now = state.now();
    let rows = state
        .db
        .keys(&owner.link.vehicle.id, &owner.caller.account_id)
        .await?;
    Ok(Json(rows.iter().map(|row| key_view(row, now)).collect()))
}

#[utoipa::path(post, path = "/v1/sandbox/head-unit/{vin}/key", tag = "sandbox", request_body = KeyEntry,
    params(("vin" = String, Path, description = "The simulated car's VIN")),
    responses((status = 200, body = HeadUnitAnswer), (status = 404, body = ApiError)))]
/// A person types a key at the car's "Enter authentication key" prompt.
pub async fn enter_key(
    State(state): State<AppState>,
    Path(vin): Path<String>,
    body: Result<ApiJson<KeyEntry>, ServerError>,
) -> ServerResult<Json<HeadUnitAnswer>> {
    // Sandbox first: in server mode the route does not exist, whatever the body.
    require_sandbox(&state)?;
    let ApiJson(entry) = body?;
    let vin = Vin::parse(&vin)?;
    authkeys::enter_key(&state, vin.as_str(), &entry.typed)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/v1/sandbox/head-unit/{vin}/sms-code", tag = "sandbox", request_body = KeyEntry,
    params(("vin" = String, Path, description = "The simulated car's VIN")),
    responses((status = 200, body = HeadUnitAnswer), (status = 409, body = ApiError)))]
/// A person types the SMS code the head unit asked for after the key.
pub async fn enter_code(
    State(state): State<AppState>,
    Path(vin): Path<String>,
    body: Result<ApiJson<KeyEntry>, ServerError>,
) -> ServerResult<Json<HeadUnitAnswer>> {
    // Sandbox first: in server mode the route does not exist, whatever the body.
    require_sandbox(&state)?;
    let ApiJson(entry) = body?;
    let vin = Vin::parse(&vin)?;
    authkeys::enter_code(&state, vin.as_str(), &entry.typed)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/v1/sandbox/service/{vin}/unlock-head-unit", tag = "sandbox",
    params(("vin" = String, Path, description = "The simulated car's VIN")),
    responses((status = 200, body = Done), (status = 404, body = ApiError)))]
/// The dealer's service tool: unlocks key entry after three wrong keys.
pub async fn dealer_unlock(
    State(state): State<AppState>,
    Path(vin): Path<String>,
) -> ServerResult<Json<Done>> {
    require_sandbox(&state)?;
    let vin = Vin::parse(&vin)?;
    authkeys::dealer_unlock(&state, vin.as_str()).await?;
    Ok(Json(Done::new("The head unit's key entry is unlocked.")))
}

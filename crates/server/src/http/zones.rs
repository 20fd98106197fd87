//! Geofences: the owner draws up to ten zones per car. Crossings are judged by keyfob-core's
//! geofence rules; this module only keeps the zones.

use axum::{
    extract::{Path, State},
    Json,
};
use keyfob_core::{
    api::{
        geofence::{ZoneRequest, ZoneView, MAX_ZONES_PER_VEHICLE},
        Done,
    },
    entitlement::Feature,
    geofence::{AlertOn, Schedule, Shape},
    ApiError, ErrorCode,
};
use serde::{Deserialize, Serialize};

use super::{status::require, ApiJson, Created};
use crate::{
    auth::{new_id, Member, Owner},
    clock::rfc3339,
    db::ZoneRow,
    error::{ServerError, ServerResult},
    state::AppState,
};

/// What the `definition` column holds.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Definition {
    shape: Shape,
    alert_on: AlertOn,
    schedule: Option<Schedule>,
}

fn definition(request: &ZoneRequest) -> ServerResult<String> {
    serde_json::to_string(&Definition {
        shape: request.shape.clone(),
        alert_on: request.alert_on,
        schedule: request.schedule.clone(),
    })
    .map_err(|e| ServerError::Internal(e.to_string()))
}

fn view(row: ZoneRow) -> ServerResult<ZoneView> {
    let stored: Definition = serde_json::from_str(&row.definition)
        .map_err(|e| ServerError::Internal(format!("stored zone: {e}")))?;
    Ok(ZoneView {
        id: row.id,
        name: row.name,
        shape: stored.shape,
        alert_on: stored.alert_on,
        schedule: stored.schedule,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}

fn not_found() -> ServerError {
    ServerError::refused(
        ErrorCode::ZoneNotFound,
        "There is no such zone on this car; it may have been deleted.",
    )
}

/// The zones of a car and the one just written.
async fn find(state: &AppState, owner: &Member, id: &str) -> ServerResult<ZoneView> {
    let rows = state
        .db
        .zones(&owner.link.vehicle.id, &owner.caller.account_id)
        .await?;
    rows.into_iter()
        .find(|row| row.id == id)
        .ok_or_else(not_found)
        .and_then(view)
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/zones", tag = "geofences", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vec<ZoneView>), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    Owner(owner): Owner,
) -> ServerResult<Json<Vec<ZoneView>>> {
    let rows = state
        .db
        .zones(&owner.link.vehicle.id, &owner.caller.account_id)
        .await?;
    Ok(Json(
        rows.into_iter().map(view).collect::<ServerResult<_>>()?,
    ))
}

#[utoipa::path(post, path = "/v1/vehicles/{id}/zones", tag = "geofences", security(("bearer" = [])), request_body = ZoneRequest,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 201, body = ZoneView), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    Owner(owner): Owner,
    ApiJson(request): ApiJson<ZoneRequest>,
) -> ServerResult<Created<ZoneView>> {
    let now = state.now();
    require(&owner, Feature::GeofenceAlerts, now)?;
    let name = request.validate()?;
    let id = new_id("zon");
    let added = state
        .db
        .insert_zone(
            &id,
            &owner.link.vehicle.id,
            &owner.caller.account_id,
            &name,
            &definition(&request)?,
            now,
            MAX_ZONES_PER_VEHICLE,
        )
        .await?;
    if !added {
        return Err(ServerError::refused(
            ErrorCode::ZoneLimit,
            format!(
                "A car keeps at most {MAX_ZONES_PER_VEHICLE} zones. Delete one to add another."
            ),
        ));
    }
    Ok(Created(
        axum::http::StatusCode::CREATED,
        find(&state, &owner, &id).await?,
    ))
}

#[utoipa::path(put, path = "/v1/vehicles/{id}/zones/{zone_id}", tag = "geofences", security(("bearer" = [])), request_body = ZoneRequest,
    params(("id" = String, Path, description = "The vehicle's id"), ("zone_id" = String, Path, description = "The zone's id")),
    responses((status = 200, body = ZoneView), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path((_, zone_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<ZoneRequest>,
) -> ServerResult<Json<ZoneView>> {
    let now = state.now();
    require(&owner, Feature::GeofenceAlerts, now)?;
    let name = request.validate()?;
    let updated = state
        .db
        .update_zone(
            &zone_id,
            &owner.link.vehicle.id,
            &owner.caller.account_id,
            &name,
            &definition(&request)?,
            now,
        )
        .await?;
    if !updated {
        return Err(not_found());
    }
    Ok(Json(find(&state, &owner, &zone_id).await?))
}

#[utoipa::path(delete, path = "/v1/vehicles/{id}/zones/{zone_id}", tag = "geofences", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id"), ("zone_id" = String, Path, description = "The zone's id")),
    responses((status = 200, body = Done), (status = 404, body = ApiError)))]
pub async fn delete(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path((_, zone_id)): Path<(String, String)>,
) -> ServerResult<Json<Done>> {
    if !state
        .db
        .delete_zone(&zone_id, &owner.link.vehicle.id, &owner.caller.account_id)
        .await?
    {
        return Err(not_found());
    }
    Ok(Json(Done::new("Zone deleted.")))
}

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
    geo::GeoPoint,
    status::VehicleStatus,
    ApiError, ErrorCode,
};

use super::{status::require, ApiJson, Created};
use crate::{
    auth::{new_id, Member, Owner},
    clock::rfc3339,
    db::ZoneRow,
    error::{ServerError, ServerResult},
    remote::geofence::ZoneDefinition,
    state::AppState,
};

/// Where the car last said it was, if it has reported.
async fn last_position(state: &AppState, vehicle_id: &str) -> ServerResult<Option<GeoPoint>> {
    let Some((json, _, _)) = state.db.vehicle_status(vehicle_id).await? else {
        return Ok(None);
    };
    Ok(serde_json::from_str::<VehicleStatus>(&json)
        .ok()
        .map(|s| GeoPoint::new(s.position.value.latitude, s.position.value.longitude)))
}

/// A zone just drawn or changed starts from where the car stands, without an alert; a
/// deleted one (`None`) is forgotten.
async fn place(
    state: &AppState,
    owner: &Member,
    id: &str,
    request: Option<&ZoneRequest>,
) -> ServerResult<()> {
    let vehicle_id = &owner.link.vehicle.id;
    let zone = request.map(|request| ZoneDefinition::of(request).zone(id));
    state
        .remote
        .place_zone(
            vehicle_id,
            &owner.caller.account_id,
            id,
            zone.as_ref(),
            last_position(state, vehicle_id).await?,
        )
        .await
}

fn view(row: ZoneRow) -> ServerResult<ZoneView> {
    let stored = ZoneDefinition::parse(&row)?;
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
            &ZoneDefinition::of(&request).to_json()?,
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
    place(&state, &owner, &id, Some(&request)).await?;
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
            &ZoneDefinition::of(&request).to_json()?,
            now,
        )
        .await?;
    if !updated {
        return Err(not_found());
    }
    place(&state, &owner, &zone_id, Some(&request)).await?;
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
    place(&state, &owner, &zone_id, None).await?;
    Ok(Json(Done::new("Zone deleted.")))
}

/// How many alerts one page holds at most.
const ALERT_PAGE_MAX: i64 = 100;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlertPage {
    /// The `seq` of the oldest alert of the previous page; absent for the newest.
    pub before: Option<i64>,
    /// 1–100, 20 by default.
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/alerts", tag = "geofences", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id"), AlertPage),
    responses((status = 200, body = Vec<keyfob_core::api::geofence::AlertEntry>), (status = 404, body = ApiError)))]
/// The owner's geofence alerts of the car, newest first, a page at a time.
pub async fn alerts(
    State(state): State<AppState>,
    Owner(owner): Owner,
    axum::extract::Query(page): axum::extract::Query<AlertPage>,
) -> ServerResult<Json<Vec<keyfob_core::api::geofence::AlertEntry>>> {
    let limit = page.limit.unwrap_or(20).clamp(1, ALERT_PAGE_MAX);
    let rows = state
        .db
        .alerts(
            &owner.link.vehicle.id,
            &owner.caller.account_id,
            page.before.unwrap_or(i64::MAX),
            limit,
        )
        .await?;
    rows.into_iter()
        .map(|(seq, json)| {
            let alert = serde_json::from_str(&json)
                .map_err(|e| ServerError::Internal(format!("stored alert: {e}")))?;
            Ok(keyfob_core::api::geofence::AlertEntry { seq, alert })
        })
        .collect::<ServerResult<Vec<_>>>()
        .map(Json)
}

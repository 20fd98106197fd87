//! An owner's NissanConnect account: connecting it (the server signs in once and keeps only the
//! tokens), seeing its cars, linking one (holding it there is the proof of ownership) and
//! disconnecting.

use std::sync::Arc;

use axum::{
    extract::{Path, State},
    Json,
};
use keyfob_core::{
    account::{Email, Region},
    api::{
        nissanconnect::{ConnectNissanRequest, NissanConnection},
        vehicle::Vehicle,
        Done,
    },
    ApiError, ErrorCode,
};
use keyfob_nissanconnect::Car;

use super::{me::caller_account, ApiJson, Created};
use crate::{
    auth::{hash_password, new_id, Caller},
    db::VehicleRow,
    error::{ServerError, ServerResult},
    nissanconnect::{model_of, NissanConnectGateway},
    state::AppState,
    throttle::{self, NISSANCONNECT_SIGN_IN_PER_ACCOUNT},
    view,
};

fn gateway(state: &AppState) -> ServerResult<Arc<NissanConnectGateway>> {
    state.nissanconnect.clone().ok_or_else(|| {
        ServerError::refused(
            ErrorCode::NissanconnectNotEnabled,
            "This Keyfob server does not reach cars through NissanConnect.",
        )
    })
}

#[utoipa::path(get, path = "/v1/me/nissanconnect", tag = "nissanconnect", security(("bearer" = [])),
    responses((status = 200, body = NissanConnection), (status = 404, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
) -> ServerResult<Json<NissanConnection>> {
    Ok(Json(gateway(&state)?.connection(&caller.account_id).await?))
}

#[utoipa::path(put, path = "/v1/me/nissanconnect", tag = "nissanconnect", security(("bearer" = [])),
    request_body = ConnectNissanRequest,
    responses((status = 200, body = NissanConnection), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 429, body = ApiError), (status = 503, body = ApiError)))]
pub async fn connect(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<ConnectNissanRequest>,
) -> ServerResult<Json<NissanConnection>> {
    let gateway = gateway(&state)?;
    // The same email rule as everywhere; Nissan judges whether the account exists.
    let email = Email::parse(&request.email)?;
    let email = email.as_str();
    if request.password.is_empty() {
        return Err(ServerError::refused(
            ErrorCode::NissanconnectCredentials,
            "Enter the password of your NissanConnect (MyNISSAN) account.",
        ));
    }
    // Counted before Nissan sees the password and given back on success: Keyfob must never be
    // the reason Nissan locks the owner's account.
    let reserved = throttle::reserve(
        &state.db,
        &[NISSANCONNECT_SIGN_IN_PER_ACCOUNT.on(&caller.account_id)],
        state.now(),
        ErrorCode::TooManyAttempts,
        |wait| {
            format!(
                "Too many NissanConnect sign-ins from this account. Try again in {} min, so Nissan does not lock your account.",
                wait.div_ceil(60)
            )
        },
    )
    .await?;
    let connection = gateway
        .connect(&caller.account_id, email, &request.password)
        .await?;
    state.db.release_attempts(&reserved).await?;
    if state.config.personal {
        // The owner never chose a Keyfob password here: from now on their NissanConnect password
        // confirms it is them (removing a car, a remote start). Only its hash is kept.
        let hash = hash_password(request.password).await?;
        state
            .db
            .set_password_hash(&caller.account_id, &hash)
            .await?;
    }
    Ok(Json(connection))
}

#[utoipa::path(delete, path = "/v1/me/nissanconnect", tag = "nissanconnect", security(("bearer" = [])),
    responses((status = 200, body = Done), (status = 404, body = ApiError)))]
pub async fn disconnect(State(state): State<AppState>, caller: Caller) -> ServerResult<Json<Done>> {
    gateway(&state)?.disconnect(&caller.account_id).await?;
    Ok(Json(Done::new(
        "NissanConnect is disconnected: Keyfob forgot its sign-in. Your linked cars keep their history but cannot be reached until you connect again.",
    )))
}

#[utoipa::path(post, path = "/v1/me/nissanconnect/cars/{vin}/link", tag = "nissanconnect", security(("bearer" = [])),
    params(("vin" = String, Path, description = "The car's VIN as NissanConnect lists it")),
    responses((status = 201, body = Vehicle), (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 422, body = ApiError), (status = 503, body = ApiError)))]
pub async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
) -> ServerResult<Created<Vehicle>> {
    let gateway = gateway(&state)?;
    let account = caller_account(&state, &caller).await?;
    if view::region(&account.region)? != Region::Eu {
        return Err(ServerError::refused(
            ErrorCode::MarketMismatch,
            "NissanConnect here is Nissan's European service: its cars can be linked to accounts of the European market only.",
        ));
    }
    super::vehicles::count_lookup(&state, &account.id).await?;
    // Fresh from Nissan, not from the list saved at connection: the car must be in the account now.
    let car = gateway.held_car(&account.id, vin.trim()).await?;
    let services = services_json(&car)?;
    let now = state.now();
    state
        .db
        .insert_vehicle_if_new(&vehicle_row(&car, &services))
        .await?;
    state.db.set_vehicle_services(&car.vin, &services).await?;
    let row = state
        .db
        .vehicle_by_vin(&car.vin)
        .await?
        .ok_or_else(|| ServerError::Internal("vehicle vanished".into()))?;
    if let Some((owner_id, _, _)) = state.db.link_owner(&row.id).await? {
        return Err(if owner_id == account.id {
            ServerError::refused(
                ErrorCode::VehicleAlreadyYours,
                "This car is already linked to your account: open it from My vehicles.",
            )
        } else {
            ServerError::refused(
                ErrorCode::VehicleAlreadyLinked,
                "This car is linked to another Keyfob account. Its owner there must remove it first.",
            )
        });
    }
    if !state.db.insert_link(&row.id, &account.id, now).await? {
        return Err(ServerError::refused(
            ErrorCode::VehicleAlreadyLinked,
            "This car was linked a moment ago by another Keyfob account.",
        ));
    }
    // Nissan's service already reaches the car: there is nothing to confirm in it.
    state.db.activate_link_now(&row.id, now).await?;
    state.hub.access_changed(&row.id);
    // Its first status comes from the service's stored values, which do not wake the car.
    let account_id = account.id.clone();
    tokio::spawn(async move {
        let _ = gateway.read_car(&account_id, &car).await;
    });
    super::vehicles::linked(&state, &account.id, &row.id, now).await
}

fn services_json(car: &Car) -> ServerResult<String> {
    serde_json::to_string(&car.services)
        .map_err(|e| ServerError::Internal(format!("services not serialisable: {e}")))
}

/// A vehicle record for a car Keyfob knows only from NissanConnect. What the service does not
/// say (trim, equipment, registration) stays empty; its services decide what it can do.
fn vehicle_row(car: &Car, services: &str) -> VehicleRow {
    VehicleRow {
        id: new_id("veh"),
        vin: car.vin.clone(),
        model: model_of(car),
        model_year: i64::from(car.model_year.unwrap_or(0)),
        trim: String::new(),
        equipment: "[]".into(),
        market: Region::Eu.code().to_owned(),
        telematics_unit: true,
        sim_active: true,
        firmware_version: car.car_gateway.clone().unwrap_or_default(),
        first_registered_on: String::new(),
        body_number: String::new(),
        warranty_code: String::new(),
        trial_ends_at: 0,
        premium_ends_at: None,
        warranty_ends_at: 0,
        services: Some(services.to_owned()),
    }
}

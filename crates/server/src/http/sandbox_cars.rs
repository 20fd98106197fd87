//! The sandbox's simulated cars, as a person standing next to one would see and change it.

use axum::{
    extract::{Path, State},
    Json,
};
use keyfob_core::{
    api::sandbox::{CarControl, SimulatedCar},
    vin::Vin,
    ApiError, ErrorCode,
};

use super::{sandbox::require_sandbox, ApiJson};
use crate::{
    error::{ServerError, ServerResult},
    simulator::Simulator,
    state::AppState,
};

fn simulator(state: &AppState) -> ServerResult<&Simulator> {
    require_sandbox(state)?;
    state.simulator.as_deref().ok_or_else(|| {
        ServerError::refused(
            ErrorCode::SandboxOnly,
            "This sandbox runs without simulated cars.",
        )
    })
}

/// The VIN must name a car of the sandbox's manufacturer database.
async fn known_vin(state: &AppState, vin: &str) -> ServerResult<Vin> {
    let vin = Vin::parse(vin)?;
    if state.db.vehicle_by_vin(vin.as_str()).await?.is_none() {
        return Err(ServerError::refused(
            ErrorCode::VehicleNotInDatabase,
            "There is no simulated car with this VIN in the sandbox.",
        ));
    }
    Ok(vin)
}

#[utoipa::path(get, path = "/v1/sandbox/cars/{vin}", tag = "sandbox",
    params(("vin" = String, Path, description = "The simulated car's VIN")),
    responses((status = 200, body = SimulatedCar), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    Path(vin): Path<String>,
) -> ServerResult<Json<SimulatedCar>> {
    let simulator = simulator(&state)?;
    let vin = known_vin(&state, &vin).await?;
    Ok(Json(simulator.view(vin.as_str()).await?))
}

#[utoipa::path(post, path = "/v1/sandbox/cars/{vin}/control", tag = "sandbox",
    params(("vin" = String, Path, description = "The simulated car's VIN")),
    request_body = CarControl,
    responses((status = 200, body = SimulatedCar), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn control(
    State(state): State<AppState>,
    Path(vin): Path<String>,
    body: Result<ApiJson<CarControl>, ServerError>,
) -> ServerResult<Json<SimulatedCar>> {
    // Sandbox first: in server mode the route does not exist, whatever the body.
    let simulator = simulator(&state)?;
    let vin = known_vin(&state, &vin).await?;
    let ApiJson(control) = body?;
    Ok(Json(simulator.control(vin.as_str(), control).await?))
}

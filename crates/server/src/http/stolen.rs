//! Reporting a car stolen, and withdrawing the report once it is back.

use axum::{extract::State, Json};
use keyfob_core::{
    api::{account::PasswordConfirmation, vehicle::Vehicle},
    ApiError, ErrorCode,
};

use super::{
    me::{caller_account, require_password},
    vehicles::reload,
    ApiJson,
};
use crate::{
    auth::Owner,
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
    view,
};

#[utoipa::path(post, path = "/v1/vehicles/{id}/stolen", tag = "vehicles", security(("bearer" = [])), request_body = PasswordConfirmation,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vehicle), (status = 403, body = ApiError), (status = 409, body = ApiError)))]
/// Reports the car stolen: every remote command is refused, live head-unit keys are revoked,
/// drivers lose access and the owner's other sessions end; the owner keeps following its
/// position for the police.
pub async fn report_stolen(
    state: State<AppState>,
    owner: Owner,
    ApiJson(request): ApiJson<PasswordConfirmation>,
) -> ServerResult<Json<Vehicle>> {
    change(state, owner, request.password, Change::Report).await
}

#[utoipa::path(delete, path = "/v1/vehicles/{id}/stolen", tag = "vehicles", security(("bearer" = [])), request_body = PasswordConfirmation,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vehicle), (status = 403, body = ApiError), (status = 409, body = ApiError)))]
/// The owner has the car back: remote commands work again. Revoked keys and removed drivers
/// stay so; new ones are made and invited as usual.
pub async fn withdraw_stolen_report(
    state: State<AppState>,
    owner: Owner,
    ApiJson(request): ApiJson<PasswordConfirmation>,
) -> ServerResult<Json<Vehicle>> {
    change(state, owner, request.password, Change::Withdraw).await
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Report,
    Withdraw,
}

async fn change(
    State(state): State<AppState>,
    Owner(owner): Owner,
    password: String,
    change: Change,
) -> ServerResult<Json<Vehicle>> {
    let account = caller_account(&state, &owner.caller).await?;
    require_password(&state, &account, password).await?;
    let now = state.now();
    let vehicle = &owner.link.vehicle;
    let applied = match change {
        Change::Report => state.db.report_stolen(&vehicle.id, now).await?,
        Change::Withdraw => state.db.withdraw_stolen_report(&vehicle.id).await?,
    };
    if !applied {
        return Err(match change {
            Change::Report => ServerError::refused(
                ErrorCode::VehicleReportedStolen,
                "This car is already reported stolen.",
            ),
            Change::Withdraw => ServerError::refused(
                ErrorCode::VehicleNotReportedStolen,
                "This car is not reported stolen.",
            ),
        });
    }
    state.hub.access_changed(&vehicle.id);
    if change == Change::Report {
        // Whoever has the car may have a signed-in phone in it.
        state
            .db
            .revoke_all_sessions(
                &account.id,
                Some(&owner.caller.session_id),
                now,
                "vehicle_stolen",
            )
            .await?;
    }
    let car = view::car_label(vehicle);
    let (subject, body) = match change {
        Change::Report => (
            format!("Your {car} is reported stolen"),
            format!(
                "You reported your {car} stolen in Keyfob. Remote commands to it are now \
                 refused, its unused head-unit keys are revoked, its drivers no longer have \
                 access, and your Keyfob sessions on other devices were signed out. Keyfob \
                 keeps showing its last position and its updates.\n\nCall the police, and \
                 Nissan's customer service line, with the VIN. Do not try to get the car back \
                 yourself. When you have it back, withdraw the report in Keyfob."
            ),
        ),
        Change::Withdraw => (
            format!("Stolen report withdrawn for your {car}"),
            format!(
                "You withdrew the stolen report of your {car}: remote commands work again. Keys \
                 revoked by the report stay revoked and removed drivers must be invited again. \
                 If you did not do this, change your password now."
            ),
        ),
    };
    state
        .mailer
        .email(Mail::notice(&account.email, subject, body), now)
        .await?;
    reload(&state, &owner.caller, &owner.link, now).await
}

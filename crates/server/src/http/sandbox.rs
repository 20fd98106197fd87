//! What only exists in the sandbox: the mailbox, and the screen of each simulated car where the
//! owner confirms a new link.

use axum::{
    extract::{Path, Query, State},
    Json,
};
use keyfob_core::{
    activation::{
        scaled_seconds, ActivationState, ActivationTimes, SYNC_MAX_VEHICLE_SECONDS,
        SYNC_MIN_VEHICLE_SECONDS,
    },
    api::sandbox::{HeadUnitPrompt, HeadUnitScreen, OutboxMessage, OutboxQuery},
    vin::{mask_vin, Vin},
    ApiError, ErrorCode,
};
use rand::Rng;

use crate::{
    clock::rfc3339,
    error::{ServerError, ServerResult},
    state::AppState,
};

pub fn require_sandbox(state: &AppState) -> ServerResult<()> {
    if state.config.sandbox {
        Ok(())
    } else {
        Err(ServerError::refused(
            ErrorCode::SandboxOnly,
            "This exists only in the sandbox; this server runs in server mode.",
        ))
    }
}

#[utoipa::path(get, path = "/v1/sandbox/outbox", tag = "sandbox",
    params(("to" = String, Query, description = "An email address or phone number")),
    responses((status = 200, body = Vec<OutboxMessage>), (status = 404, body = ApiError)))]
pub async fn outbox(
    State(state): State<AppState>,
    query: Result<Query<OutboxQuery>, axum::extract::rejection::QueryRejection>,
) -> ServerResult<Json<Vec<OutboxMessage>>> {
    require_sandbox(&state)?;
    let Ok(Query(query)) = query else {
        return Err(ServerError::refused(
            ErrorCode::BadRequest,
            "Say whose messages to list: ?to=<email address or phone number>.",
        ));
    };
    // A link, key or code that no longer works is not kept readable.
    state.db.redact_expired_messages(state.now()).await?;
    Ok(Json(state.db.messages_to(query.to.trim()).await?))
}

/// Loads what the car's screen shows.
async fn screen(state: &AppState, vin: &Vin) -> ServerResult<HeadUnitScreen> {
    let (vehicle, link) = state
        .db
        .head_unit_link(vin.as_str())
        .await?
        .ok_or_else(|| {
            ServerError::refused(
                ErrorCode::VehicleNotInDatabase,
                "There is no simulated car with this VIN in the sandbox.",
            )
        })?;
    let now = state.now();
    let prompt = link.and_then(|(owner_nickname, linked_at, confirmed_at, synced_at)| {
        let state = ActivationTimes {
            linked_at,
            confirmed_at,
            synced_at,
        }
        .state_at(now);
        matches!(
            state,
            ActivationState::Pending | ActivationState::Confirming
        )
        .then(|| HeadUnitPrompt {
            owner_nickname,
            state,
            linked_at: rfc3339(linked_at),
        })
    });
    Ok(HeadUnitScreen {
        vin_masked: mask_vin(&vehicle.vin),
        model: vehicle.model,
        prompt,
    })
}

#[utoipa::path(get, path = "/v1/sandbox/head-unit/{vin}", tag = "sandbox",
    params(("vin" = String, Path, description = "The simulated car's VIN")),
    responses((status = 200, body = HeadUnitScreen), (status = 404, body = ApiError)))]
pub async fn head_unit(
    State(state): State<AppState>,
    Path(vin): Path<String>,
) -> ServerResult<Json<HeadUnitScreen>> {
    require_sandbox(&state)?;
    let vin = Vin::parse(&vin)?;
    Ok(Json(screen(&state, &vin).await?))
}

#[utoipa::path(post, path = "/v1/sandbox/head-unit/{vin}/confirm", tag = "sandbox",
    params(("vin" = String, Path, description = "The simulated car's VIN")),
    responses((status = 200, body = HeadUnitScreen), (status = 409, body = ApiError)))]
pub async fn confirm(
    State(state): State<AppState>,
    Path(vin): Path<String>,
) -> ServerResult<Json<HeadUnitScreen>> {
    require_sandbox(&state)?;
    let vin = Vin::parse(&vin)?;
    let current = screen(&state, &vin).await?;
    let not_pending = || {
        ServerError::refused(
            ErrorCode::ActivationNotPending,
            "No link is waiting for confirmation on this car. Link the car in the app first; a link expires if not confirmed within 24 hours.",
        )
    };
    match &current.prompt {
        Some(prompt) if prompt.state == ActivationState::Pending => {}
        _ => return Err(not_pending()),
    }
    let vehicle = state
        .db
        .vehicle_by_vin(vin.as_str())
        .await?
        .ok_or_else(not_pending)?;
    let now = state.now();
    // The car takes 1–5 minutes of its own time to synchronise; time scaling shortens that.
    let vehicle_seconds =
        rand::thread_rng().gen_range(SYNC_MIN_VEHICLE_SECONDS..=SYNC_MAX_VEHICLE_SECONDS);
    let wall_seconds = scaled_seconds(vehicle_seconds, state.config.time_scale).ceil() as i64;
    let expires_before = now - keyfob_core::activation::CONFIRM_WINDOW_SECONDS;
    if !state
        .db
        .confirm_link(&vehicle.id, now, now + wall_seconds.max(1), expires_before)
        .await?
    {
        return Err(not_pending());
    }
    Ok(Json(screen(&state, &vin).await?))
}

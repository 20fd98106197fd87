//! Secondary drivers: the owner invites by email, the invited person accepts, and either side
//! can end it.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use keyfob_core::{
    account::Email,
    api::{
        account::EmailRequest,
        vehicle::{Driver, Drivers, Invitation, SentInvitation, Vehicle},
        Done,
    },
    vin::mask_vin,
    ApiError, ErrorCode,
};

use super::{me::caller_account, ApiJson, Created};
use crate::{
    auth::{new_id, Caller, Member, Owner},
    clock::rfc3339,
    db::InvitationRow,
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
    view,
};

#[utoipa::path(get, path = "/v1/vehicles/{id}/drivers", tag = "drivers", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Drivers), (status = 404, body = ApiError)))]
pub async fn list(State(state): State<AppState>, member: Member) -> ServerResult<Json<Drivers>> {
    let vehicle_id = &member.link.vehicle.id;
    let drivers = state.db.drivers(vehicle_id).await?;
    // Only the owner sees the addresses of pending invitations.
    let invitations = if member.link.is_owner {
        state.db.sent_invitations(vehicle_id).await?
    } else {
        Vec::new()
    };
    Ok(Json(Drivers {
        owner_nickname: member.link.owner_nickname.clone(),
        drivers: drivers
            .into_iter()
            .map(|d| Driver {
                account_id: d.account_id,
                nickname: d.nickname,
                since: rfc3339(d.added_at),
            })
            .collect(),
        invitations: invitations.into_iter().map(sent_invitation).collect(),
    }))
}

fn sent_invitation(row: InvitationRow) -> SentInvitation {
    SentInvitation {
        id: row.id,
        email: row.email,
        sent_at: rfc3339(row.sent_at),
    }
}

#[utoipa::path(post, path = "/v1/vehicles/{id}/drivers", tag = "drivers", security(("bearer" = [])), request_body = EmailRequest,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 201, body = SentInvitation), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn invite(
    State(state): State<AppState>,
    Owner(owner): Owner,
    ApiJson(request): ApiJson<EmailRequest>,
) -> ServerResult<Created<SentInvitation>> {
    super::personal::refuse_in_personal_mode(
        &state,
        "Drivers need Keyfob accounts of their own, and the app's personal mode has only yours. Share the car through the MyNISSAN app, or use a Keyfob server.",
    )?;
    let email = Email::parse(&request.email)?;
    let key = email.normalized_key();
    let account = caller_account(&state, &owner.caller).await?;
    if Email::parse(&account.email)
        .map(|e| e.normalized_key())
        .ok()
        == Some(key.clone())
    {
        return Err(ServerError::refused(
            ErrorCode::CannotInviteSelf,
            "That is your own address; you own this car already.",
        ));
    }
    let vehicle = &owner.link.vehicle;
    if let Some(invited) = state.db.account_by_email_key(&key).await? {
        if state.db.is_driver(&vehicle.id, &invited.id).await? {
            return Err(already_added());
        }
    }
    let now = state.now();
    let invitation = InvitationRow {
        id: new_id("inv"),
        vehicle_id: vehicle.id.clone(),
        email: email.as_str().to_owned(),
        sent_at: now,
    };
    if !state.db.insert_invitation(&invitation, &key).await? {
        return Err(ServerError::refused(
            ErrorCode::DriverAlreadyAdded,
            format!("{} is already invited to drive this car.", email.as_str()),
        ));
    }
    state
        .mailer
        .email(
            Mail {
                to: email.as_str().to_owned(),
                subject: format!("{} invited you to drive their {}", account.nickname, vehicle.model),
                body: format!(
                    "{} added you as a driver of their {} ({}) in Keyfob. Sign in to Keyfob with this address (or create an account with it) and accept the invitation under Vehicles. As a driver you can see the car's status and use its everyday remote commands.",
                    account.nickname,
                    vehicle.model,
                    mask_vin(&vehicle.vin)
                ),
                action: Some("keyfob://invitations".into()),
                secret_until: None,
            },
            now,
        )
        .await?;
    Ok(Created(StatusCode::CREATED, sent_invitation(invitation)))
}

fn already_added() -> ServerError {
    ServerError::refused(
        ErrorCode::DriverAlreadyAdded,
        "This person already drives this car.",
    )
}

#[utoipa::path(delete, path = "/v1/vehicles/{id}/drivers/{account_id}", tag = "drivers", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id"), ("account_id" = String, Path, description = "The driver's account id")),
    responses((status = 200, body = Done), (status = 404, body = ApiError)))]
pub async fn remove(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path((_, account_id)): Path<(String, String)>,
) -> ServerResult<Json<Done>> {
    if !state
        .db
        .remove_driver(&owner.link.vehicle.id, &account_id)
        .await?
    {
        return Err(ServerError::refused(
            ErrorCode::DriverNotFound,
            "That person is not a driver of this car.",
        ));
    }
    state.hub.access_changed(&owner.link.vehicle.id);
    Ok(Json(Done::new("The driver was removed from this car.")))
}

#[utoipa::path(delete, path = "/v1/vehicles/{id}/invitations/{invitation_id}", tag = "drivers", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id"), ("invitation_id" = String, Path, description = "The invitation's id")),
    responses((status = 200, body = Done), (status = 404, body = ApiError)))]
pub async fn cancel_invitation(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path((_, invitation_id)): Path<(String, String)>,
) -> ServerResult<Json<Done>> {
    if !state
        .db
        .delete_invitation(&invitation_id, None, Some(&owner.link.vehicle.id))
        .await?
    {
        return Err(invitation_not_found());
    }
    Ok(Json(Done::new("The invitation was withdrawn.")))
}

fn invitation_not_found() -> ServerError {
    ServerError::refused(
        ErrorCode::InvitationNotFound,
        "This invitation no longer exists: it was accepted, declined or withdrawn.",
    )
}

#[utoipa::path(delete, path = "/v1/vehicles/{id}/membership", tag = "drivers", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Done), (status = 409, body = ApiError)))]
pub async fn leave(State(state): State<AppState>, member: Member) -> ServerResult<Json<Done>> {
    if member.link.is_owner {
        return Err(ServerError::refused(
            ErrorCode::OwnerCannotLeave,
            "You own this car. To give it up, remove it from your account instead.",
        ));
    }
    state
        .db
        .remove_driver(&member.link.vehicle.id, &member.caller.account_id)
        .await?;
    state.hub.access_changed(&member.link.vehicle.id);
    Ok(Json(Done::new(format!(
        "You no longer drive the {}.",
        member.link.vehicle.model
    ))))
}

/// The caller's address in the form invitations are filed under.
async fn caller_email_key(state: &AppState, caller: &Caller) -> ServerResult<String> {
    let account = caller_account(state, caller).await?;
    Ok(Email::parse(&account.email)
        .map(|e| e.normalized_key())
        .unwrap_or_else(|_| account.email.to_ascii_lowercase()))
}

#[utoipa::path(get, path = "/v1/invitations", tag = "drivers", security(("bearer" = [])),
    responses((status = 200, body = Vec<Invitation>), (status = 401, body = ApiError)))]
pub async fn received(
    State(state): State<AppState>,
    caller: Caller,
) -> ServerResult<Json<Vec<Invitation>>> {
    let key = caller_email_key(&state, &caller).await?;
    let rows = state.db.received_invitations(&key).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| Invitation {
                id: row.id,
                vehicle_model: row.model,
                vehicle_model_year: u16::try_from(row.model_year).unwrap_or(0),
                vin_masked: mask_vin(&row.vin),
                owner_nickname: row.owner_nickname,
                sent_at: rfc3339(row.sent_at),
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/v1/invitations/{invitation_id}/accept", tag = "drivers", security(("bearer" = [])),
    params(("invitation_id" = String, Path, description = "The invitation's id")),
    responses((status = 200, body = Vehicle), (status = 404, body = ApiError)))]
pub async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    Path(invitation_id): Path<String>,
) -> ServerResult<Json<Vehicle>> {
    let key = caller_email_key(&state, &caller).await?;
    let now = state.now();
    let vehicle_id = state
        .db
        .accept_invitation(&invitation_id, &key, &caller.account_id, now)
        .await?
        .ok_or_else(invitation_not_found)?;
    state.hub.access_changed(&vehicle_id);
    let link = state
        .db
        .member_vehicle(&caller.account_id, &vehicle_id)
        .await?
        .ok_or_else(crate::auth::vehicle_not_found)?;
    Ok(Json(view::vehicle(&link, now)?))
}

#[utoipa::path(delete, path = "/v1/invitations/{invitation_id}", tag = "drivers", security(("bearer" = [])),
    params(("invitation_id" = String, Path, description = "The invitation's id")),
    responses((status = 200, body = Done), (status = 404, body = ApiError)))]
pub async fn decline(
    State(state): State<AppState>,
    caller: Caller,
    Path(invitation_id): Path<String>,
) -> ServerResult<Json<Done>> {
    let key = caller_email_key(&state, &caller).await?;
    if !state
        .db
        .delete_invitation(&invitation_id, Some(&key), None)
        .await?
    {
        return Err(invitation_not_found());
    }
    Ok(Json(Done::new("The invitation was declined.")))
}

//! Who is calling, and what they are to the car a route names. The route table runs these
//! checks before every handler ([`crate::routes`]); the extractors below hand their result to
//! the handler, and refuse to run on a route the table did not guard.

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, HeaderMap},
};
use keyfob_core::{activation::ActivationState, ErrorCode};

use super::hash_token;
use crate::{
    db::LinkRow,
    error::{ServerError, ServerResult},
    routes::LinkNeed,
    state::AppState,
    view,
};

/// A caller with a valid access token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: String,
    pub session_id: String,
    /// Until when this session may unlock the car or start its engine (a recent password or
    /// PIN check by the server).
    pub step_up_until: Option<i64>,
}

/// A caller who owns or drives the vehicle named by the route's `{id}`.
#[derive(Debug, Clone)]
pub struct Member {
    pub caller: Caller,
    pub link: LinkRow,
}

/// A caller who owns the vehicle named by the route's `{id}`.
#[derive(Debug, Clone)]
pub struct Owner(pub Member);

/// Resolves the bearer token to its account and session, refusing every kind of bad token with
/// its own code.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> ServerResult<Caller> {
    let token = bearer(headers)?;
    let check = state
        .db
        .check_access_token(&hash_token(token))
        .await?
        .ok_or_else(unauthenticated)?;
    let now = state.now();
    if check.revoked_at.is_some() {
        return Err(ServerError::refused(
            ErrorCode::SessionRevoked,
            "This session was signed out. Sign in again.",
        ));
    }
    if now >= check.session_expires_at {
        return Err(ServerError::refused(
            ErrorCode::SessionExpired,
            "Sessions last 30 days. Sign in again.",
        ));
    }
    if now >= check.token_expires_at {
        return Err(ServerError::refused(
            ErrorCode::TokenExpired,
            "The access token has expired; refresh the session.",
        ));
    }
    Ok(Caller {
        account_id: check.account_id,
        session_id: check.session_id,
        step_up_until: check.step_up_until,
    })
}

/// The caller's link to a car; another account's car and a car that does not exist answer alike.
pub async fn member_of(state: &AppState, caller: Caller, vehicle_id: &str) -> ServerResult<Member> {
    let link = state
        .db
        .member_vehicle(&caller.account_id, vehicle_id)
        .await?
        .ok_or_else(vehicle_not_found)?;
    Ok(Member { caller, link })
}

pub fn require_owner(member: &Member) -> ServerResult<()> {
    if member.link.is_owner {
        return Ok(());
    }
    Err(ServerError::refused(
        ErrorCode::OwnerOnly,
        format!(
            "Only the car's owner ({}) can do this. Ask them.",
            member.link.owner_nickname
        ),
    ))
}

/// Refuses a route on a car whose link is not in a state the route works in.
pub fn require_link_state(member: &Member, need: LinkNeed, now: i64) -> ServerResult<()> {
    if need == LinkNeed::Any {
        return Ok(());
    }
    let model = &member.link.vehicle.model;
    match view::activation_times(&member.link).state_at(now) {
        ActivationState::Active => {}
        ActivationState::Pending => {
            return Err(ServerError::refused(
                ErrorCode::VehicleNotActive,
                format!("The {model} is not active yet: press Confirm on the car's screen, then wait for it to synchronise."),
            ))
        }
        ActivationState::Confirming => {
            return Err(ServerError::refused(
                ErrorCode::VehicleNotActive,
                format!("The {model} is still synchronising with your account. This takes 1–5 minutes after Confirm."),
            ))
        }
        ActivationState::Expired => {
            return Err(ServerError::refused(
                ErrorCode::VehicleNotActive,
                format!("Nobody confirmed the link on the {model}'s screen within 24 hours. Start the activation again."),
            ))
        }
    }
    if need == LinkNeed::ActiveNotStolen && member.link.stolen_at.is_some() {
        return Err(ServerError::refused(
            ErrorCode::VehicleReportedStolen,
            format!("The {model} is reported stolen, so nothing can be sent to it and no access to it can be given. If you have it back, withdraw the report with your password."),
        ));
    }
    Ok(())
}

/// A handler reached on a route the table did not guard: refuse rather than trust it.
fn not_guarded() -> ServerError {
    ServerError::Internal("a handler needs a caller the route table did not establish".into())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> ServerResult<Self> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(not_guarded)
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> ServerResult<Self> {
        parts
            .extensions
            .get::<Member>()
            .cloned()
            .ok_or_else(not_guarded)
    }
}

impl FromRequestParts<AppState> for Owner {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ServerResult<Self> {
        let member = Member::from_request_parts(parts, state).await?;
        require_owner(&member)?;
        Ok(Owner(member))
    }
}

fn bearer(headers: &HeaderMap) -> ServerResult<&str> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(unauthenticated)?
        .to_str()
        .map_err(|_| unauthenticated())?;
    value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(unauthenticated)
}

fn unauthenticated() -> ServerError {
    ServerError::refused(ErrorCode::Unauthenticated, "Sign in to do this.")
}

pub fn vehicle_not_found() -> ServerError {
    ServerError::refused(
        ErrorCode::VehicleNotFound,
        "This car is not linked to your account.",
    )
}

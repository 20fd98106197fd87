use std::collections::HashMap;

use axum::{
    extract::{FromRequestParts, Path},
    http::{header, request::Parts},
};
use keyfob_core::ErrorCode;

use super::hash_token;
use crate::{
    db::LinkRow,
    error::{ServerError, ServerResult},
    state::AppState,
};

/// A caller with a valid access token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: String,
    pub session_id: String,
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

impl FromRequestParts<AppState> for Caller {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ServerResult<Self> {
        let token = bearer(parts)?;
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
        })
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ServerResult<Self> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| vehicle_not_found())?;
        let vehicle_id = params.get("id").ok_or_else(vehicle_not_found)?;
        // Another account's car and a car that does not exist answer alike.
        let link = state
            .db
            .member_vehicle(&caller.account_id, vehicle_id)
            .await?
            .ok_or_else(vehicle_not_found)?;
        Ok(Member { caller, link })
    }
}

impl FromRequestParts<AppState> for Owner {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ServerResult<Self> {
        let member = Member::from_request_parts(parts, state).await?;
        if !member.link.is_owner {
            return Err(ServerError::refused(
                ErrorCode::OwnerOnly,
                format!(
                    "Only the car's owner ({}) can do this. Ask them.",
                    member.link.owner_nickname
                ),
            ));
        }
        Ok(Owner(member))
    }
}

fn bearer(parts: &Parts) -> ServerResult<&str> {
    let value = parts
        .headers
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

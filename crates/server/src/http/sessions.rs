//! Signing in, refreshing, signing out.

use std::net::IpAddr;

use axum::{
    extract::State,
    http::{header, HeaderMap},
    Json,
};
use keyfob_core::{
    account::Email,
    api::{
        account::{Account, LoginRequest, RefreshRequest, Session},
        Done,
    },
    ApiError, ErrorCode,
};

use super::{ApiJson, ClientAddress};
use crate::{
    auth::{self, hash_token, new_id, new_token, verify_password, Caller},
    clock::rfc3339,
    db::{AccountRow, RefreshOutcome},
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
    throttle::{self, SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_ADDRESS},
    view,
};

/// A valid Argon2id hash of a random password, verified against when the email is unknown so
/// a wrong address takes as long as a wrong password.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0jXbX0WqcNmVxQeRnDqGWPmQn8LqWx5W6t3M7wX5mJE";

#[utoipa::path(post, path = "/v1/sessions", tag = "sessions", request_body = LoginRequest,
    responses((status = 200, body = Session), (status = 401, body = ApiError), (status = 429, body = ApiError)))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> ServerResult<Json<Session>> {
    let email = Email::parse(&request.email)?;
    let account_key = email.normalized_key();
    let address_key = address.map(|a| a.to_string()).unwrap_or_default();
    let now = state.now();
    // Counted before the hash is computed and taken back only on success, so parallel guesses
    // all count.
    let reserved = throttle::reserve(
        &state.db,
        &[
            SIGN_IN_PER_ACCOUNT.on(&account_key),
            SIGN_IN_PER_ADDRESS.on(&address_key),
        ],
        now,
        ErrorCode::TooManyAttempts,
        |wait| format!("Too many failed sign-ins. Try again in {wait} s, or reset your password."),
    )
    .await?;
    let account = state.db.account_by_email_key(&account_key).await?;
    let stored = account
        .as_ref()
        .map_or(DECOY_HASH.to_owned(), |a| a.password_hash.clone());
    let password_ok = match verify_password(request.password, stored).await {
        Ok(ok) => ok,
        Err(error) => {
            state.db.release_attempts(&reserved).await?;
            return Err(error);
        }
    };
    let Some(account) = account.filter(|_| password_ok) else {
        return Err(ServerError::refused(
            ErrorCode::InvalidCredentials,
            "The email address or the password is wrong.",
        ));
    };
    state.db.release_attempts(&reserved).await?;
    state
        .db
        .clear_attempts(SIGN_IN_PER_ACCOUNT.bucket, &account_key)
        .await?;
    if account.email_confirmed_at.is_none() {
        return Err(ServerError::refused(
            ErrorCode::EmailNotConfirmed,
            format!(
                "Confirm your email address first: open the link we sent to {}, or ask for a new one.",
                account.email
            ),
        ));
    }
    let session_id = new_id("ses");
    state
        .db
        .insert_session(&session_id, &account.id, now, now + auth::SESSION_SECONDS)
        .await?;
    tell_new_device(&state, &account, &headers, address, now).await?;
    Ok(Json(
        issue_tokens(&state, &account, &session_id, now).await?,
    ))
}

/// The header an app sends with an identifier of its installation (random, made once).
pub const DEVICE_HEADER: &str = "x-keyfob-device";

/// Emails the owner when their account signs in from a device it never used before. The
/// device is known by the app's installation id, or its user agent; only a hash is kept.
async fn tell_new_device(
    state: &AppState,
    account: &AccountRow,
    headers: &HeaderMap,
    address: Option<IpAddr>,
    now: i64,
) -> ServerResult<()> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let agent = header(header::USER_AGENT.as_str()).unwrap_or("an unnamed app");
    let device = header(DEVICE_HEADER).unwrap_or(agent);
    if state
        .db
        .note_device(&account.id, &hash_token(device), now)
        .await?
        != Some(false)
    {
        return Ok(());
    }
    let agent: String = agent
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    let from = address.map_or_else(String::new, |ip| format!(" from the address {ip}"));
    state
        .mailer
        .email(
            Mail::notice(
                &account.email,
                "New sign-in to your Keyfob account",
                format!(
                    "Your Keyfob account was signed in on a device it has not used before \
                     ({agent}){from}, at {} (UTC). If this was you, there is nothing to do. If \
                     not, change your password and sign out everywhere from Account.",
                    rfc3339(now).replace('T', " ").trim_end_matches('Z')
                ),
            ),
            now,
        )
        .await
}

/// New access and refresh tokens in an existing session.
pub(crate) async fn issue_tokens(
    state: &AppState,
    account: &AccountRow,
    session_id: &str,
    now: i64,
) -> ServerResult<Session> {
    let access_token = new_token();
    let refresh_token = new_token();
    let access_expires_at = now + auth::ACCESS_TOKEN_SECONDS;
    state
        .db
        .insert_tokens(
            session_id,
            &hash_token(&access_token),
            access_expires_at,
            &hash_token(&refresh_token),
            now,
        )
        .await?;
    let session_expires_at = state
        .db
        .session_expires_at(session_id)
        .await?
        .unwrap_or(now);
    Ok(Session {
        access_token,
        access_expires_at: rfc3339(access_expires_at),
        refresh_token,
        session_expires_at: rfc3339(session_expires_at),
        account: account_view(account)?,
    })
}

pub(crate) fn account_view(account: &AccountRow) -> ServerResult<Account> {
    Ok(Account {
        id: account.id.clone(),
        email: account.email.clone(),
        email_confirmed: account.email_confirmed_at.is_some(),
        nickname: account.nickname.clone(),
        region: view::region(&account.region)?,
        phone: account.phone.clone(),
        phone_changed_at: account.phone_changed_at.map(rfc3339),
        pin_set: account.pin_hash.is_some(),
        created_at: rfc3339(account.created_at),
    })
}

#[utoipa::path(post, path = "/v1/sessions/refresh", tag = "sessions", request_body = RefreshRequest,
    responses((status = 200, body = Session), (status = 401, body = ApiError)))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> ServerResult<Json<Session>> {
    let now = state.now();
    let outcome = state
        .db
        .use_refresh_token(&hash_token(request.refresh_token.trim()), now)
        .await?;
    let (account_id, session_id) = match outcome {
        RefreshOutcome::Rotated {
            account_id,
            session_id,
        } => (account_id, session_id),
        RefreshOutcome::Unknown => {
            return Err(ServerError::refused(
                ErrorCode::RefreshTokenInvalid,
                "This sign-in is not known. Sign in again.",
            ))
        }
        RefreshOutcome::Reused => {
            tracing::warn!("refresh token reused; session revoked");
            return Err(ServerError::refused(
                ErrorCode::RefreshTokenReused,
                "This sign-in was used from two places, so it was ended for your safety. Sign in again.",
            ));
        }
        RefreshOutcome::Revoked => {
            return Err(ServerError::refused(
                ErrorCode::SessionRevoked,
                "This session was signed out. Sign in again.",
            ))
        }
        RefreshOutcome::Expired => {
            return Err(ServerError::refused(
                ErrorCode::SessionExpired,
                "Sessions last 30 days. Sign in again.",
            ))
        }
    };
    let account = state
        .db
        .account_by_id(&account_id)
        .await?
        .ok_or_else(|| ServerError::Internal("session without account".into()))?;
    Ok(Json(
        issue_tokens(&state, &account, &session_id, now).await?,
    ))
}

#[utoipa::path(delete, path = "/v1/sessions/current", tag = "sessions", security(("bearer" = [])),
    responses((status = 200, body = Done), (status = 401, body = ApiError)))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> ServerResult<Json<Done>> {
    state
        .db
        .revoke_session(&caller.session_id, state.now(), "logout")
        .await?;
    Ok(Json(Done::new("You are signed out on this device.")))
}

#[utoipa::path(delete, path = "/v1/sessions", tag = "sessions", security(("bearer" = [])),
    responses((status = 200, body = Done), (status = 401, body = ApiError)))]
pub async fn logout_everywhere(
    State(state): State<AppState>,
    caller: Caller,
) -> ServerResult<Json<Done>> {
    let ended = state
        .db
        .revoke_all_sessions(&caller.account_id, None, state.now(), "logout_everywhere")
        .await?;
    Ok(Json(Done::new(format!(
        "You are signed out everywhere ({ended} {}).",
        if ended == 1 { "session" } else { "sessions" }
    ))))
}

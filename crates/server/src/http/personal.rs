//! Personal mode: the app's own server for one owner and the cars of their NissanConnect
//! account. There is no Keyfob account to register or confirm; the server keeps one local
//! account and signs the app in to it. Only the app that started the server can ask (its
//! launch secret guards every request).

use axum::{extract::State, Json};
use keyfob_core::{account::Region, api::account::Session, ApiError, ErrorCode};
use rand::RngCore;

use super::sessions::issue_tokens;
use crate::{
    auth::{self, hash_password, new_id},
    db::AccountRow,
    error::{ServerError, ServerResult},
    state::AppState,
};

/// The local owner's address. `.invalid` can never be delivered to: nothing is ever mailed out
/// of personal mode, the app shows its notices instead.
pub const LOCAL_OWNER_EMAIL: &str = "owner@personal.keyfob.invalid";

/// Personal mode hands a session to whoever asks, so it answers only behind the app's launch
/// secret: a personal-mode server without one (a misconfiguration) answers nobody.
pub fn require_personal(state: &AppState) -> ServerResult<()> {
    if state.config.personal && state.config.launch_secret.is_some() {
        Ok(())
    } else {
        Err(ServerError::refused(
            ErrorCode::PersonalOnly,
            "This exists only in the app's personal mode.",
        ))
    }
}

/// Refuses what needs other people's accounts when there is only the owner's.
pub fn refuse_in_personal_mode(state: &AppState, why: &str) -> ServerResult<()> {
    if state.config.personal {
        Err(ServerError::refused(ErrorCode::PersonalMode, why))
    } else {
        Ok(())
    }
}

#[utoipa::path(post, path = "/v1/personal/session", tag = "personal",
    responses((status = 200, body = Session), (status = 404, body = ApiError)))]
pub async fn session(State(state): State<AppState>) -> ServerResult<Json<Session>> {
    let account = local_owner(&state).await?;
    let now = state.now();
    let session_id = new_id("ses");
    state
        .db
        .insert_session(&session_id, &account.id, now, now + auth::SESSION_SECONDS)
        .await?;
    Ok(Json(
        issue_tokens(&state, &account, &session_id, now).await?,
    ))
}

/// The one local account, made on first use with a random password nobody knows (connecting
/// NissanConnect replaces it with the hash of the NissanConnect password).
async fn local_owner(state: &AppState) -> ServerResult<AccountRow> {
    let key = LOCAL_OWNER_EMAIL.to_owned();
    if let Some(account) = state.db.account_by_email_key(&key).await? {
        return Ok(account);
    }
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let now = state.now();
    let account = AccountRow {
        id: new_id("acc"),
        email: LOCAL_OWNER_EMAIL.into(),
        password_hash: hash_password(hex::encode(secret)).await?,
        nickname: "Owner".into(),
        region: Region::Eu.code().to_owned(),
        phone: None,
        email_confirmed_at: Some(now),
        created_at: now,
        phone_changed_at: None,
        pin_hash: None,
        pin_failures: 0,
    };
    // Two first calls at once: one inserts, both read the same account back.
    state.db.insert_account(&account, &key).await?;
    state
        .db
        .account_by_email_key(&key)
        .await?
        .ok_or_else(|| ServerError::Internal("local owner vanished".into()))
}

//! The signed-in account: profile, password, deletion.

use axum::{extract::State, Json};
use keyfob_core::{
    account::{validate_password, Nickname, Phone},
    api::{
        account::{Account, ChangePasswordRequest, PasswordConfirmation, UpdateProfileRequest},
        Done,
    },
    ApiError, ErrorCode,
};

use super::{sessions::account_view, ApiJson};
use crate::{
    auth::{hash_password, verify_password, Caller},
    db::AccountRow,
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
};

pub(crate) async fn caller_account(state: &AppState, caller: &Caller) -> ServerResult<AccountRow> {
    state
        .db
        .account_by_id(&caller.account_id)
        .await?
        .ok_or_else(|| ServerError::refused(ErrorCode::Unauthenticated, "Sign in to do this."))
}

/// Checks the password again before something that cannot be undone.
pub(crate) async fn require_password(account: &AccountRow, password: String) -> ServerResult<()> {
    if verify_password(password, account.password_hash.clone()).await? {
        Ok(())
    } else {
        Err(ServerError::refused(
            ErrorCode::WrongPassword,
            "That is not your current password.",
        ))
    }
}

#[utoipa::path(get, path = "/v1/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Account), (status = 401, body = ApiError)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ServerResult<Json<Account>> {
    Ok(Json(account_view(&caller_account(&state, &caller).await?)?))
}

#[utoipa::path(patch, path = "/v1/me", tag = "me", security(("bearer" = [])), request_body = UpdateProfileRequest,
    responses((status = 200, body = Account), (status = 422, body = ApiError)))]
pub async fn update_profile(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<UpdateProfileRequest>,
) -> ServerResult<Json<Account>> {
    let account = caller_account(&state, &caller).await?;
    let nickname = match &request.nickname {
        Some(nickname) => Nickname::parse(nickname)?.as_str().to_owned(),
        None => account.nickname.clone(),
    };
    let phone = match request.phone.as_deref().map(str::trim) {
        None => account.phone.clone(),
        Some("") => None,
        Some(phone) => Some(Phone::parse(phone)?.as_str().to_owned()),
    };
    state
        .db
        .update_profile(&account.id, &nickname, phone.as_deref())
        .await?;
    Ok(Json(account_view(&caller_account(&state, &caller).await?)?))
}

#[utoipa::path(post, path = "/v1/me/password", tag = "me", security(("bearer" = [])), request_body = ChangePasswordRequest,
    responses((status = 200, body = Done), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> ServerResult<Json<Done>> {
    let account = caller_account(&state, &caller).await?;
    require_password(&account, request.current_password.clone()).await?;
    validate_password(&request.new_password)?;
    if request.new_password == request.current_password {
        return Err(ServerError::refused(
            ErrorCode::PasswordUnchanged,
            "The new password is the same as the current one. Choose a different one.",
        ));
    }
    let hash = hash_password(request.new_password).await?;
    state.db.set_password_hash(&account.id, &hash).await?;
    let now = state.now();
    // Other devices knew the old password; this one just proved the new one.
    state
        .db
        .revoke_all_sessions(
            &account.id,
            Some(&caller.session_id),
            now,
            "password_changed",
        )
        .await?;
    notify_password_changed(&state, &account.email, now).await?;
    Ok(Json(Done::new(
        "Your password is changed. Other devices were signed out.",
    )))
}

pub(crate) async fn notify_password_changed(
    state: &AppState,
    email: &str,
    now: i64,
) -> ServerResult<()> {
    state
        .mailer
        .email(
            Mail {
                to: email.to_owned(),
                subject: "Your Keyfob password was changed".into(),
                body: "The password of your Keyfob account was just changed and other devices \
                       were signed out. If you did not do this, reset your password from the \
                       sign-in screen now."
                    .into(),
                action: None,
            },
            now,
        )
        .await
}

#[utoipa::path(delete, path = "/v1/me", tag = "me", security(("bearer" = [])), request_body = PasswordConfirmation,
    responses((status = 200, body = Done), (status = 403, body = ApiError)))]
pub async fn delete_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<PasswordConfirmation>,
) -> ServerResult<Json<Done>> {
    let account = caller_account(&state, &caller).await?;
    require_password(&account, request.password).await?;
    state.db.delete_account(&account.id).await?;
    Ok(Json(Done::new(
        "Your account, its cars' links and its drivers are deleted. This cannot be undone.",
    )))
}

#[utoipa::path(post, path = "/v1/me/password/verify", tag = "me", security(("bearer" = [])), request_body = PasswordConfirmation,
    responses((status = 200, body = Done), (status = 401, body = ApiError), (status = 429, body = ApiError)))]
/// Checks the password of the signed-in account, as the app asks before unlocking the car or
/// starting its engine. Wrong guesses count against the account's sign-in limit.
pub async fn verify_password_again(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<PasswordConfirmation>,
) -> ServerResult<Json<Done>> {
    let account = caller_account(&state, &caller).await?;
    let key = keyfob_core::account::Email::parse(&account.email)?.normalized_key();
    let now = state.now();
    let throttle = &state.throttles.login_account;
    throttle.check(&key, now).map_err(|wait| {
        ServerError::throttled(
            ErrorCode::TooManyAttempts,
            format!("Too many wrong passwords. Try again in {wait} s."),
            wait,
        )
    })?;
    if let Err(error) = require_password(&account, request.password).await {
        throttle.record(&key, now);
        return Err(error);
    }
    throttle.clear(&key);
    Ok(Json(Done::new("Password confirmed.")))
}

//! The signed-in account: profile, phone, password, app PIN, step-up, deletion.

use axum::{extract::State, Json};
use keyfob_core::{
    account::{validate_password, Email, Nickname, Phone},
    api::{
        account::{
            Account, ChangePasswordRequest, PasswordConfirmation, PinRequest, SetPinRequest,
            StepUpGrant, UpdateProfileRequest,
        },
        Done,
    },
    command::{check_pin_format, PIN_ATTEMPTS},
    ApiError, ErrorCode,
};

use super::{sessions::account_view, ApiJson};
use crate::{
    auth::{self, hash_password, verify_password, Caller},
    clock::rfc3339,
    db::AccountRow,
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
    throttle::{self, SIGN_IN_PER_ACCOUNT},
};

pub(crate) async fn caller_account(state: &AppState, caller: &Caller) -> ServerResult<AccountRow> {
    state
        .db
        .account_by_id(&caller.account_id)
        .await?
        .ok_or_else(|| ServerError::refused(ErrorCode::Unauthenticated, "Sign in to do this."))
}

/// Checks the password again (before something that cannot be undone, or for a step-up).
/// Counted against the account's sign-in limit, and counted before the hash is computed, so
/// parallel guesses cannot all slip under it.
pub(crate) async fn require_password(
    state: &AppState,
    account: &AccountRow,
    password: String,
) -> ServerResult<()> {
    let key = Email::parse(&account.email)?.normalized_key();
    let reserved = throttle::reserve(
        &state.db,
        &[SIGN_IN_PER_ACCOUNT.on(&key)],
        state.now(),
        ErrorCode::TooManyAttempts,
        |wait| format!("Too many wrong passwords. Try again in {wait} s, or reset your password."),
    )
    .await?;
    match verify_password(password, account.password_hash.clone()).await {
        Ok(true) => {
            state.db.release_attempts(&reserved).await?;
            state
                .db
                .clear_attempts(SIGN_IN_PER_ACCOUNT.bucket, &key)
                .await?;
            Ok(())
        }
        // A wrong password keeps its reservation: it was a failed try.
        Ok(false) => Err(ServerError::refused(
            ErrorCode::WrongPassword,
            "That is not your current password.",
        )),
        Err(error) => {
            state.db.release_attempts(&reserved).await?;
            Err(error)
        }
    }
}

#[utoipa::path(get, path = "/v1/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Account), (status = 401, body = ApiError)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ServerResult<Json<Account>> {
    Ok(Json(account_view(&caller_account(&state, &caller).await?)?))
}

#[utoipa::path(patch, path = "/v1/me", tag = "me", security(("bearer" = [])), request_body = UpdateProfileRequest,
    responses((status = 200, body = Account), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
/// Changes the nickname and the phone number. Head-unit codes go to the phone, so changing it
/// needs the password, is told to the email address and to the old number, and the new number
/// gets no code for 24 hours.
pub async fn update_profile(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<UpdateProfileRequest>,
) -> ServerResult<Json<Account>> {
    let account = caller_account(&state, &caller).await?;
    let nickname = request
        .nickname
        .as_deref()
        .map(Nickname::parse)
        .transpose()?;
    let phone = match request.phone.as_deref().map(str::trim) {
        None => account.phone.clone(),
        Some("") => None,
        Some(phone) => Some(Phone::parse(phone)?.as_str().to_owned()),
    };
    let phone_changes = phone != account.phone;
    if phone_changes {
        let password = request.current_password.ok_or_else(|| {
            ServerError::refused(
                ErrorCode::WrongPassword,
                "Enter your current password to change the phone number: head-unit codes go to it.",
            )
        })?;
        require_password(&state, &account, password).await?;
    }
    if let Some(nickname) = nickname {
        state
            .db
            .set_nickname(&account.id, nickname.as_str())
            .await?;
    }
    if phone_changes {
        let now = state.now();
        state
            .db
            .set_phone(&account.id, phone.as_deref(), now)
            .await?;
        tell_phone_changed(&state, &account, phone.as_deref(), now).await?;
    }
    Ok(Json(account_view(&caller_account(&state, &caller).await?)?))
}

/// The last digits of a number, for messages that must not repeat it whole.
fn ending(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(2)..].iter().collect()
}

async fn tell_phone_changed(
    state: &AppState,
    account: &AccountRow,
    new: Option<&str>,
    now: i64,
) -> ServerResult<()> {
    let what = match new {
        Some(new) => format!(
            "now ends in {}. Head-unit codes go to it from 24 hours after this change",
            ending(new)
        ),
        None => "was removed. Cars on firmware 3.0 and later need one for head-unit keys".into(),
    };
    state
        .mailer
        .email(
            Mail::notice(
                &account.email,
                "The phone number of your Keyfob account changed",
                format!(
                    "The phone number of your Keyfob account {what}. If you did not do this, \
                     change your password and report it to us: someone with your password could \
                     receive your car's codes."
                ),
            ),
            now,
        )
        .await?;
    if let Some(old) = &account.phone {
        state
            .mailer
            .sms(
                Mail::notice(
                    old,
                    "",
                    "Keyfob: this number was removed from a Keyfob account. If you did not \
                     do this, change the account's password.",
                ),
                now,
            )
            .await?;
    }
    Ok(())
}

#[utoipa::path(post, path = "/v1/me/password", tag = "me", security(("bearer" = [])), request_body = ChangePasswordRequest,
    responses((status = 200, body = Done), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> ServerResult<Json<Done>> {
    let account = caller_account(&state, &caller).await?;
    require_password(&state, &account, request.current_password.clone()).await?;
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
            Mail::notice(
                email,
                "Your Keyfob password was changed",
                "The password of your Keyfob account was just changed and other devices \
                 were signed out. If you did not do this, reset your password from the \
                 sign-in screen now.",
            ),
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
    require_password(&state, &account, request.password).await?;
    let owned: Vec<String> = state
        .db
        .member_vehicles(&account.id)
        .await?
        .into_iter()
        .filter(|link| link.is_owner)
        .map(|link| link.vehicle.id)
        .collect();
    // The account's cars go as in a sale: nothing of the owner's stays behind.
    for vehicle_id in &owned {
        state.db.erase_link(vehicle_id).await?;
        state.hub.access_changed(vehicle_id);
    }
    state.db.delete_account(&account.id).await?;
    let mut recipients = vec![account.email.as_str()];
    recipients.extend(account.phone.as_deref());
    state.db.delete_messages_to(&recipients).await?;
    // The farewell is the one message kept: it says what happened, and holds nothing secret.
    state
        .mailer
        .email(
            Mail::notice(
                &account.email,
                "Your Keyfob account is deleted",
                "Your Keyfob account was deleted, with its cars' links, drivers, zones, alerts, \
                 keys, history and messages. If you did not do this, someone knew your password: \
                 change it wherever else you use it.",
            ),
            state.now(),
        )
        .await?;
    Ok(Json(Done::new(
        "Your account, its cars' links and its drivers are deleted. This cannot be undone.",
    )))
}

/// Grants this session a step-up and says until when.
async fn grant_step_up(state: &AppState, caller: &Caller) -> ServerResult<StepUpGrant> {
    let until = state.now() + auth::STEP_UP_SECONDS;
    state.db.grant_step_up(&caller.session_id, until).await?;
    Ok(StepUpGrant {
        until: rfc3339(until),
        message: "Confirmed. Unlocking and remote start work for the next 5 minutes.".into(),
    })
}

#[utoipa::path(post, path = "/v1/me/password/verify", tag = "me", security(("bearer" = [])), request_body = PasswordConfirmation,
    responses((status = 200, body = StepUpGrant), (status = 403, body = ApiError), (status = 429, body = ApiError)))]
/// Checks the password of the signed-in account, as the app asks before unlocking the car or
/// starting its engine, and grants this session a 5-minute step-up. Wrong guesses count
/// against the account's sign-in limit.
pub async fn verify_password_again(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<PasswordConfirmation>,
) -> ServerResult<Json<StepUpGrant>> {
    let account = caller_account(&state, &caller).await?;
    require_password(&state, &account, request.password).await?;
    Ok(Json(grant_step_up(&state, &caller).await?))
}

#[utoipa::path(put, path = "/v1/me/pin", tag = "me", security(("bearer" = [])), request_body = SetPinRequest,
    responses((status = 200, body = Account), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
/// Sets or replaces the app PIN, held only as an Argon2 hash; the password proves it is you.
pub async fn set_pin(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<SetPinRequest>,
) -> ServerResult<Json<Account>> {
    check_pin_format(&request.pin)?;
    let account = caller_account(&state, &caller).await?;
    require_password(&state, &account, request.password).await?;
    let hash = hash_password(request.pin).await?;
    state.db.set_pin_hash(&account.id, Some(&hash)).await?;
    Ok(Json(account_view(&caller_account(&state, &caller).await?)?))
}

#[utoipa::path(delete, path = "/v1/me/pin", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Account), (status = 401, body = ApiError)))]
/// Removes the app PIN; unlock and start then ask for the password.
pub async fn remove_pin(
    State(state): State<AppState>,
    caller: Caller,
) -> ServerResult<Json<Account>> {
    state.db.set_pin_hash(&caller.account_id, None).await?;
    Ok(Json(account_view(&caller_account(&state, &caller).await?)?))
}

#[utoipa::path(post, path = "/v1/me/pin/verify", tag = "me", security(("bearer" = [])), request_body = PinRequest,
    responses((status = 200, body = StepUpGrant), (status = 403, body = ApiError), (status = 409, body = ApiError)))]
/// Checks the app PIN and grants this session a 5-minute step-up. Five wrong PINs in a row
/// switch the PIN off (the password still works), with an email.
pub async fn verify_pin(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<PinRequest>,
) -> ServerResult<Json<StepUpGrant>> {
    check_pin_format(&request.pin)?;
    let account = caller_account(&state, &caller).await?;
    let Some(hash) = account.pin_hash.clone() else {
        return Err(ServerError::refused(
            ErrorCode::PinNotSet,
            "No app PIN is set. Use your account password, or set a PIN in Account.",
        ));
    };
    if verify_password(request.pin, hash).await? {
        state.db.clear_pin_failures(&account.id).await?;
        return Ok(Json(grant_step_up(&state, &caller).await?));
    }
    let max = i64::from(PIN_ATTEMPTS);
    match state.db.count_wrong_pin(&account.id, max).await? {
        Some(failures) => {
            let left = max - failures;
            Err(ServerError::refused(
                ErrorCode::WrongPin,
                format!(
                    "That PIN is wrong. {left} {} left before the PIN is switched off.",
                    if left == 1 { "try" } else { "tries" }
                ),
            ))
        }
        None => {
            state
                .mailer
                .email(
                    Mail::notice(
                        &account.email,
                        "Your Keyfob PIN was switched off",
                        format!(
                            "A wrong app PIN was entered {PIN_ATTEMPTS} times in a row, so the PIN \
                             is switched off. Unlocking and remote start ask for your password \
                             until you set a new PIN in Account. If this was not you, change your \
                             password."
                        ),
                    ),
                    state.now(),
                )
                .await?;
            Err(ServerError::refused(
                ErrorCode::PinDisabled,
                format!(
                    "The PIN was wrong {PIN_ATTEMPTS} times, so it is switched off. Use your account \
                     password; you can set a new PIN in Account."
                ),
            ))
        }
    }
}

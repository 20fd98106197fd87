//! Creating an account, confirming its email, and resetting a forgotten password. None of these
//! answers says whether an address is registered.

use axum::{extract::State, http::StatusCode, Json};
use keyfob_core::{
    account::{validate_password, Email, Nickname, Phone},
    api::{
        account::{EmailRequest, RegisterRequest, ResetPasswordRequest, TokenRequest},
        Done,
    },
    ApiError, ErrorCode,
};

use super::{ApiJson, ClientAddress, Created};
use crate::{
    auth::{self, hash_password, hash_token, new_id, new_token},
    db::{AccountRow, TokenPurpose},
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
    throttle::{self, REGISTRATIONS_PER_ADDRESS},
};

#[utoipa::path(post, path = "/v1/accounts", tag = "accounts", request_body = RegisterRequest,
    responses((status = 202, body = Done), (status = 422, body = ApiError)))]
pub async fn register(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(request): ApiJson<RegisterRequest>,
) -> ServerResult<Created<Done>> {
    super::personal::refuse_in_personal_mode(&state, "There are no Keyfob accounts to register here: signing in with NissanConnect is the sign-in.")?;
    let email = Email::parse(&request.email)?;
    // Each registration hashes a password and sends an email: not an unlimited service.
    let address_key = address.map(|a| a.to_string()).unwrap_or_default();
    throttle::reserve(
        &state.db,
        &[REGISTRATIONS_PER_ADDRESS.on(&address_key)],
        state.now(),
        ErrorCode::TooManyAttempts,
        |wait| {
            format!(
                "Too many new accounts from this network. Try again in {} min.",
                wait.div_ceil(60)
            )
        },
    )
    .await?;
    validate_password(&request.password)?;
    let nickname = Nickname::parse(&request.nickname)?;
    let phone = match request.phone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(phone) => Some(Phone::parse(phone)?),
    };
    let now = state.now();
    // Hash even when the address is taken, so both answers take as long.
    let password_hash = hash_password(request.password).await?;
    let account = AccountRow {
        id: new_id("acc"),
        email: email.as_str().to_owned(),
        password_hash,
        nickname: nickname.as_str().to_owned(),
        region: request.region.code().to_owned(),
        phone: phone.map(|p| p.as_str().to_owned()),
        email_confirmed_at: None,
        created_at: now,
        phone_changed_at: None,
        pin_hash: None,
        pin_failures: 0,
    };
    if state
        .db
        .insert_account(&account, &email.normalized_key())
        .await?
    {
        send_confirmation(&state, &account.id, email.as_str(), now).await?;
    } else {
        state
            .mailer
            .email(
                Mail {
                    to: email.as_str().to_owned(),
                    subject: "Someone tried to create a Keyfob account with this address".into(),
                    body: "A Keyfob account already uses this email address, so no new account \
                           was created. If that was you, sign in, or reset your password from \
                           the sign-in screen. If it was not you, you can ignore this message."
                        .into(),
                    action: None,
                    secret_until: None,
                },
                now,
            )
            .await?;
    }
    Ok(Created(
        StatusCode::ACCEPTED,
        Done::new(format!(
            "We sent a confirmation link to {}. Open it within 24 hours to finish creating your account.",
            email.as_str()
        )),
    ))
}

async fn send_confirmation(
    state: &AppState,
    account_id: &str,
    email: &str,
    now: i64,
) -> ServerResult<()> {
    let token = new_token();
    state
        .db
        .insert_account_token(
            &hash_token(&token),
            account_id,
            TokenPurpose::ConfirmEmail,
            now,
            now + auth::CONFIRM_EMAIL_SECONDS,
        )
        .await?;
    let link = format!("keyfob://verify?token={token}");
    state
        .mailer
        .email(
            Mail {
                to: email.to_owned(),
                subject: "Confirm your Keyfob account".into(),
                body: format!(
                    "Open this link on the device with Keyfob to confirm your email address:\n\n{link}\n\n\
                     Or paste the code below into Keyfob's confirmation screen:\n\n{token}\n\n\
                     The link works once and expires in 24 hours."
                ),
                action: Some(link),
                secret_until: Some(now + auth::CONFIRM_EMAIL_SECONDS),
            },
            now,
        )
        .await
}

#[utoipa::path(post, path = "/v1/accounts/confirm-email", tag = "accounts", request_body = TokenRequest,
    responses((status = 200, body = Done), (status = 422, body = ApiError)))]
pub async fn confirm_email(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> ServerResult<Json<Done>> {
    let now = state.now();
    let account_id = use_token(
        &state,
        &request.token,
        TokenPurpose::ConfirmEmail,
        now,
        (
            ErrorCode::ConfirmationTokenInvalid,
            "This confirmation link is not valid or was already used. If your address is confirmed, just sign in; otherwise ask for a new link.",
        ),
        (
            ErrorCode::ConfirmationTokenExpired,
            "This confirmation link has expired (links last 24 hours). Ask for a new one from the sign-in screen.",
        ),
    )
    .await?;
    state.db.confirm_email(&account_id, now).await?;
    Ok(Json(Done::new(
        "Your email address is confirmed. You can sign in now.",
    )))
}

/// Checks and spends a single-use token, answering with the caller's codes for an unknown or
/// used token and for an expired one.
async fn use_token(
    state: &AppState,
    token: &str,
    purpose: TokenPurpose,
    now: i64,
    invalid: (ErrorCode, &str),
    expired: (ErrorCode, &str),
) -> ServerResult<String> {
    let token_hash = hash_token(token.trim());
    let found = state.db.account_token(&token_hash, purpose).await?;
    let Some(found) = found.filter(|t| t.used_at.is_none()) else {
        return Err(ServerError::refused(invalid.0, invalid.1));
    };
    if now >= found.expires_at {
        return Err(ServerError::refused(expired.0, expired.1));
    }
    if !state.db.use_account_token(&token_hash, now).await? {
        return Err(ServerError::refused(invalid.0, invalid.1));
    }
    Ok(found.account_id)
}

#[utoipa::path(post, path = "/v1/accounts/resend-confirmation", tag = "accounts", request_body = EmailRequest,
    responses((status = 200, body = Done), (status = 429, body = ApiError)))]
pub async fn resend_confirmation(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<EmailRequest>,
) -> ServerResult<Json<Done>> {
    let email = Email::parse(&request.email)?;
    let key = email.normalized_key();
    let now = state.now();
    // Limited per address whether or not it is registered, so the limit reveals nothing.
    for throttle in [&state.throttles.resend_minute, &state.throttles.resend_day] {
        throttle.check(&key, now).map_err(|wait| {
            ServerError::throttled(
                ErrorCode::ResendTooSoon,
                format!("A link was sent a moment ago. Check your inbox and spam folder, or try again in {wait} s."),
                wait,
            )
        })?;
    }
    state.throttles.resend_minute.record(&key, now);
    state.throttles.resend_day.record(&key, now);
    if let Some(account) = state.db.account_by_email_key(&key).await? {
        if account.email_confirmed_at.is_none() {
            send_confirmation(&state, &account.id, &account.email, now).await?;
        }
    }
    Ok(Json(Done::new(format!(
        "If an unconfirmed account uses {}, a new confirmation link is on its way.",
        email.as_str()
    ))))
}

#[utoipa::path(post, path = "/v1/accounts/forgot-password", tag = "accounts", request_body = EmailRequest,
    responses((status = 200, body = Done), (status = 422, body = ApiError)))]
pub async fn forgot_password(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<EmailRequest>,
) -> ServerResult<Json<Done>> {
    let email = Email::parse(&request.email)?;
    let key = email.normalized_key();
    let now = state.now();
    let within_limit = state.throttles.reset_mail.check(&key, now).is_ok();
    if within_limit {
        state.throttles.reset_mail.record(&key, now);
        if let Some(account) = state.db.account_by_email_key(&key).await? {
            send_reset_link(&state, &account, now).await?;
        }
    }
    Ok(Json(Done::new(format!(
        "If an account uses {}, we sent it a link to reset the password. The link works once, within one hour.",
        email.as_str()
    ))))
}

async fn send_reset_link(state: &AppState, account: &AccountRow, now: i64) -> ServerResult<()> {
    let token = new_token();
    state
        .db
        .insert_account_token(
            &hash_token(&token),
            &account.id,
            TokenPurpose::ResetPassword,
            now,
            now + auth::RESET_PASSWORD_SECONDS,
        )
        .await?;
    let link = format!("keyfob://reset-password?token={token}");
    state
        .mailer
        .email(
            Mail {
                to: account.email.clone(),
                subject: "Reset your Keyfob password".into(),
                body: format!(
                    "Someone asked to reset the password of your Keyfob account. If it was you, open this link:\n\n{link}\n\n\
                     Or paste this code into Keyfob:\n\n{token}\n\n\
                     It works once, within one hour. If it was not you, ignore this message; your password stays as it is."
                ),
                action: Some(link),
                secret_until: Some(now + auth::RESET_PASSWORD_SECONDS),
            },
            now,
        )
        .await
}

#[utoipa::path(post, path = "/v1/accounts/reset-password", tag = "accounts", request_body = ResetPasswordRequest,
    responses((status = 200, body = Done), (status = 422, body = ApiError)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ResetPasswordRequest>,
) -> ServerResult<Json<Done>> {
    validate_password(&request.new_password)?;
    let now = state.now();
    let account_id = use_token(
        &state,
        &request.token,
        TokenPurpose::ResetPassword,
        now,
        (
            ErrorCode::ResetTokenInvalid,
            "This reset link is not valid or was already used. Ask for a new one from the sign-in screen.",
        ),
        (
            ErrorCode::ResetTokenExpired,
            "This reset link has expired (links last one hour). Ask for a new one from the sign-in screen.",
        ),
    )
    .await?;
    let hash = hash_password(request.new_password).await?;
    state.db.set_password_hash(&account_id, &hash).await?;
    // Whoever knew the old password is signed out; the link also proved the mailbox.
    state
        .db
        .revoke_all_sessions(&account_id, None, now, "password_reset")
        .await?;
    state.db.confirm_email(&account_id, now).await?;
    if let Some(account) = state.db.account_by_id(&account_id).await? {
        super::me::notify_password_changed(&state, &account.email, now).await?;
    }
    Ok(Json(Done::new(
        "Your password is changed and every device was signed out. Sign in with the new password.",
    )))
}

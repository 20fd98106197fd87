//! Account commands: registration, confirmation, sign-in and out, passwords, profile.

use keyfob_core::api::{
    account::{Account, RegisterRequest, UpdateProfileRequest},
    Done,
};
use tauri::State;

use crate::{
    backend::Backend,
    deep_link::{self, VerifyLinkOutcome},
    error::AppResult,
};

/// Runs a call that needs the session; when the server says the session is over, the device
/// forgets it too, so the next screen is the sign-in.
async fn signed_in<T>(
    backend: &Backend,
    call: impl std::future::Future<Output = Result<T, keyfob_client::ClientError>>,
) -> AppResult<T> {
    call.await.map_err(|error| super::fail(backend, error))
}

#[tauri::command]
#[specta::specta]
pub async fn register(backend: State<'_, Backend>, request: RegisterRequest) -> AppResult<Done> {
    Ok(backend.client()?.register(&request).await?)
}

/// `input` is the code from the email or the whole link.
#[tauri::command]
#[specta::specta]
pub async fn confirm_email(backend: State<'_, Backend>, input: String) -> AppResult<Done> {
    let token = deep_link::token_from_input(&input, deep_link::VERIFY_PATH)?;
    Ok(backend.client()?.confirm_email(&token).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn resend_confirmation(backend: State<'_, Backend>, email: String) -> AppResult<Done> {
    Ok(backend.client()?.resend_confirmation(email.trim()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    backend: State<'_, Backend>,
    email: String,
    password: String,
) -> AppResult<Account> {
    let tokens = backend.client()?.login(email.trim(), &password).await?;
    Ok(tokens.account)
}

/// Ends the session on this device whatever the server says: a person who signs out while
/// offline is signed out here, and the server's session simply expires.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(backend: State<'_, Backend>) -> AppResult<()> {
    if let Ok(client) = backend.client() {
        let _ = client.logout().await;
    }
    backend.forget_session();
    Ok(())
}

/// Ends every session of the account. Offline, nothing changes, so the person can try again.
#[tauri::command]
#[specta::specta]
pub async fn sign_out_everywhere(backend: State<'_, Backend>) -> AppResult<Done> {
    let client = backend.client()?;
    let done = signed_in(&backend, client.logout_everywhere()).await?;
    backend.forget_session();
    Ok(done)
}

#[tauri::command]
#[specta::specta]
pub async fn forgot_password(backend: State<'_, Backend>, email: String) -> AppResult<Done> {
    Ok(backend.client()?.forgot_password(email.trim()).await?)
}

/// `input` is the code from the email or the whole link.
#[tauri::command]
#[specta::specta]
pub async fn reset_password(
    backend: State<'_, Backend>,
    input: String,
    new_password: String,
) -> AppResult<Done> {
    let token = deep_link::token_from_input(&input, deep_link::RESET_PATH)?;
    Ok(backend
        .client()?
        .reset_password(&token, &new_password)
        .await?)
}

/// The signed-in account as saved on this device; no network, so the app opens offline.
#[tauri::command]
#[specta::specta]
pub fn current_account(backend: State<'_, Backend>) -> Option<Account> {
    backend
        .client()
        .ok()
        .and_then(|client| client.session_tokens())
        .map(|tokens| tokens.account)
}

/// The account as the server has it now (the saved copy is updated with it).
#[tauri::command]
#[specta::specta]
pub async fn refresh_account(backend: State<'_, Backend>) -> AppResult<Account> {
    let client = backend.client()?;
    let account = signed_in(&backend, client.me()).await?;
    client.update_account(account.clone());
    Ok(account)
}

#[tauri::command]
#[specta::specta]
pub async fn update_profile(
    backend: State<'_, Backend>,
    request: UpdateProfileRequest,
) -> AppResult<Account> {
    let client = backend.client()?;
    let account = signed_in(&backend, client.update_profile(&request)).await?;
    client.update_account(account.clone());
    Ok(account)
}

#[tauri::command]
#[specta::specta]
pub async fn change_password(
    backend: State<'_, Backend>,
    current_password: String,
    new_password: String,
) -> AppResult<Done> {
    let client = backend.client()?;
    signed_in(
        &backend,
        client.change_password(&current_password, &new_password),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_account(backend: State<'_, Backend>, password: String) -> AppResult<Done> {
    let client = backend.client()?;
    let done = signed_in(&backend, client.delete_account(&password)).await?;
    backend.forget_session();
    Ok(done)
}

/// A `keyfob://verify` link the app was started with, already handled; `None` if none.
#[tauri::command]
#[specta::specta]
pub fn take_verify_link_outcome(
    links: State<'_, deep_link::PendingOutcome>,
) -> Option<VerifyLinkOutcome> {
    links.take()
}

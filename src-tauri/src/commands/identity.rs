//! Confirming who is at the app before an unlock or a remote start: the account password or the
//! 4-digit app PIN, both checked by the server, which then grants this session a step-up.

use keyfob_core::{api::account::Account, command::check_pin_format};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{fail, signed_in_account};
use crate::{backend::Backend, error::AppResult};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentityState {
    /// Whether this account has an app PIN (held by the server, usable on every device).
    pub pin_set: bool,
    /// Seconds the last confirmation still covers; `None` when the next unlock or start asks.
    pub confirmed_for_seconds: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum IdentityProof {
    Password { password: String },
    Pin { pin: String },
}

fn state_of(backend: &Backend, account: &Account) -> IdentityState {
    IdentityState {
        pin_set: account.pin_set,
        confirmed_for_seconds: backend
            .identity()
            .seconds_left(&account.id)
            .map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
    }
}

/// The signed-in account as last saved (its `pin_set` included).
fn saved_account(backend: &Backend) -> AppResult<(keyfob_client::Client, Account)> {
    let (client, _) = signed_in_account(backend)?;
    let account = client
        .session_tokens()
        .map(|tokens| tokens.account)
        .ok_or_else(|| crate::error::AppError::internal("read the signed-in account"))?;
    Ok((client, account))
}

#[tauri::command]
#[specta::specta]
pub fn identity_state(backend: State<'_, Backend>) -> AppResult<IdentityState> {
    let (_, account) = saved_account(&backend)?;
    Ok(state_of(&backend, &account))
}

/// Confirms the password or the PIN with the server, which grants the step-up.
#[tauri::command]
#[specta::specta]
pub async fn confirm_identity(
    backend: State<'_, Backend>,
    proof: IdentityProof,
) -> AppResult<IdentityState> {
    let (client, account) = saved_account(&backend)?;
    let granted = match proof {
        IdentityProof::Password { password } => client
            .verify_password(&password)
            .await
            .map_err(|error| fail(&backend, error).on_field("password")),
        IdentityProof::Pin { pin } => {
            check_pin_format(&pin).map_err(|e| crate::error::AppError::from(e).on_field("pin"))?;
            client
                .verify_pin(&pin)
                .await
                .map_err(|error| fail(&backend, error).on_field("pin"))
        }
    };
    if granted.is_err() {
        // A PIN switched off by this try: the saved account must say so.
        if let Ok(fresh) = client.me().await {
            client.update_account(fresh);
        }
    }
    granted?;
    backend.identity().confirm(&account.id);
    let (_, account) = saved_account(&backend)?;
    Ok(state_of(&backend, &account))
}

/// Sets (or replaces) the app PIN; the account password proves it is the owner.
#[tauri::command]
#[specta::specta]
pub async fn set_app_pin(
    backend: State<'_, Backend>,
    password: String,
    pin: String,
) -> AppResult<IdentityState> {
    check_pin_format(&pin).map_err(|e| crate::error::AppError::from(e).on_field("pin"))?;
    let (client, _) = saved_account(&backend)?;
    let account = client
        .set_pin(&password, &pin)
        .await
        .map_err(|error| fail(&backend, error))?;
    client.update_account(account.clone());
    Ok(state_of(&backend, &account))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_app_pin(backend: State<'_, Backend>) -> AppResult<IdentityState> {
    let (client, _) = saved_account(&backend)?;
    let account = client
        .remove_pin()
        .await
        .map_err(|error| fail(&backend, error))?;
    client.update_account(account.clone());
    Ok(state_of(&backend, &account))
}

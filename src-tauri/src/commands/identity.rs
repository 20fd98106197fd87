//! Confirming who is at the app before an unlock or a remote start: the account password, or
//! the 4-digit PIN set on this device. The rule and the PIN's storage are in `identity.rs`.

use keyfob_core::api::Done;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{fail, signed_in_account};
use crate::{
    backend::Backend,
    error::{codes, AppError, AppResult},
    identity::{check_pin, check_pin_format, hash_pin, wrong_pin, PinCheck, PinRecord},
};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentityState {
    /// Whether this account set an app PIN on this device.
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

fn state_of(backend: &Backend, account: &str) -> IdentityState {
    IdentityState {
        pin_set: backend.local().pin(account).is_some(),
        confirmed_for_seconds: backend
            .identity()
            .seconds_left(account)
            .map(|s| s.min(u64::from(u32::MAX)) as u32),
    }
}

#[tauri::command]
#[specta::specta]
pub fn identity_state(backend: State<'_, Backend>) -> AppResult<IdentityState> {
    let (_, account) = signed_in_account(&backend)?;
    Ok(state_of(&backend, &account))
}

/// Confirms the password (with the server) or the PIN (on the device).
#[tauri::command]
#[specta::specta]
pub async fn confirm_identity(
    backend: State<'_, Backend>,
    proof: IdentityProof,
) -> AppResult<IdentityState> {
    let (client, account) = signed_in_account(&backend)?;
    match proof {
        IdentityProof::Password { password } => {
            client
                .verify_password(&password)
                .await
                .map_err(|error| fail(&backend, error).on_field("password"))?;
        }
        IdentityProof::Pin { pin } => {
            check_pin_format(&pin)?;
            let record = backend.local().pin(&account).ok_or_else(|| {
                AppError::new(
                    codes::PIN_NOT_SET,
                    "No app PIN is set on this device. Use your account password.",
                )
                .on_field("pin")
            })?;
            match check_pin(&record, &pin) {
                PinCheck::Correct(reset) => backend.local().set_pin(Some(&reset)),
                PinCheck::Wrong(left) => {
                    backend.local().set_pin(left.as_ref());
                    return Err(wrong_pin(left.as_ref()));
                }
            }
        }
    }
    backend.identity().confirm(&account);
    Ok(state_of(&backend, &account))
}

/// Sets (or replaces) the app PIN; the account password proves it is the owner.
#[tauri::command]
#[specta::specta]
pub async fn set_app_pin(
    backend: State<'_, Backend>,
    password: String,
    pin: String,
) -> AppResult<Done> {
    check_pin_format(&pin)?;
    let (client, account) = signed_in_account(&backend)?;
    client
        .verify_password(&password)
        .await
        .map_err(|error| fail(&backend, error).on_field("password"))?;
    let record = PinRecord {
        account_id: account,
        hash: hash_pin(&pin)?,
        failures: 0,
    };
    backend.local().set_pin(Some(&record));
    Ok(Done::new(
        "PIN set. Unlocking and remote start accept it on this device.",
    ))
}

#[tauri::command]
#[specta::specta]
pub fn remove_app_pin(backend: State<'_, Backend>) -> AppResult<Done> {
    signed_in_account(&backend)?;
    backend.local().set_pin(None);
    Ok(Done::new(
        "PIN removed. Unlocking and remote start ask for your password.",
    ))
}

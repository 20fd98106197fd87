//! The IPC commands. Each one parses its input, calls keyfob-core or keyfob-client and maps the
//! result; no rule lives here. Failures reach the UI as `AppError` (`{code, message, field}`).

pub mod account;
pub mod authkey;
pub mod device;
pub mod diagnostics;
pub mod find;
pub mod geofence;
pub mod identity;
pub mod nissanconnect;
pub mod privacy;
pub mod remote;
pub mod sandbox;
pub mod status;
pub mod vehicle;

use keyfob_core::account::{check_password, PasswordReport};
use keyfob_core::VinReport;
use tauri::State;

use crate::backend::{Backend, BackendInfo};
use crate::error::{codes, AppError, AppResult};

/// Maps a client error and, when the server ended the session, forgets it on the device, so
/// the next screen is the sign-in.
pub(crate) fn fail(backend: &Backend, error: keyfob_client::ClientError) -> AppError {
    let error = AppError::from(error);
    if error.ends_session() {
        backend.forget_session();
    }
    error
}

/// The client and the id of the signed-in account.
pub(crate) fn signed_in_account(backend: &Backend) -> AppResult<(keyfob_client::Client, String)> {
    let client = backend.client()?;
    let account = client
        .session_tokens()
        .map(|tokens| tokens.account.id)
        .ok_or_else(|| AppError::new(codes::NOT_SIGNED_IN, "You are signed out. Sign in again."))?;
    Ok((client, account))
}

/// Longest input the live checks look at. A VIN is 17 characters and a password at most 128;
/// anything far longer is a paste gone wrong and must not cost the strength estimator seconds.
const MAX_LIVE_INPUT_CHARS: usize = 256;

/// Live per-position validation of a VIN as the person types it.
#[tauri::command]
#[specta::specta]
pub fn vin_check(input: String) -> VinReport {
    keyfob_core::check_vin_input(&clip(&input))
}

/// The password policy and strength estimate, live. `user_inputs` are the other fields of the
/// form (email, nickname) so a password built from them scores low.
#[tauri::command]
#[specta::specta]
pub fn password_check(password: String, user_inputs: Vec<String>) -> PasswordReport {
    let inputs: Vec<String> = user_inputs.iter().take(8).map(|s| clip(s)).collect();
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    check_password(&clip(&password), &inputs)
}

pub(crate) fn clip(input: &str) -> String {
    input.chars().take(MAX_LIVE_INPUT_CHARS).collect()
}

/// Which backend the app uses, and whether its store is encrypted, memory-only or was reset.
#[tauri::command]
#[specta::specta]
pub fn backend_info(backend: State<'_, Backend>) -> BackendInfo {
    backend.info()
}

/// Uses the simulated cars inside the app. Switching from a server signs out.
#[tauri::command]
#[specta::specta]
pub async fn use_sandbox(backend: State<'_, Backend>) -> AppResult<BackendInfo> {
    backend.use_sandbox().await
}

/// Uses the keyfob-server at `url`, once it has answered a health check. Switching signs out.
#[tauri::command]
#[specta::specta]
pub async fn use_server(backend: State<'_, Backend>, url: String) -> AppResult<BackendInfo> {
    backend.use_server(&clip(&url)).await
}

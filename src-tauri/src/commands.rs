//! The IPC commands. Each one parses its input, calls keyfob-core (or later keyfob-client) and
//! maps the result; no rule lives here.

use keyfob_core::account::{check_password, PasswordReport};
use keyfob_core::VinReport;
use serde::Serialize;

use crate::secure_store::StoreHealth;

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

fn clip(input: &str) -> String {
    input.chars().take(MAX_LIVE_INPUT_CHARS).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BackendMode {
    /// keyfob-server inside the app, with simulated cars. (Server mode, a stand-alone
    /// keyfob-server chosen by URL, joins with the first-start screen.)
    Sandbox,
}

/// The backend the app talks to and the state of its local store.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackendInfo {
    pub mode: BackendMode,
    pub base_url: String,
    pub store: StoreHealth,
}

/// Which backend the app uses, and whether its store is encrypted, memory-only or was reset.
#[tauri::command]
#[specta::specta]
pub fn backend_info(backend: tauri::State<'_, BackendInfo>) -> BackendInfo {
    backend.inner().clone()
}

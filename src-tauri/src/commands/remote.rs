//! Remote commands: send one (behind the password-or-PIN check where keyfob-core asks for it)
//! and read the car's recent ones. Progress arrives by the live stream (`live.rs`).

use keyfob_core::{api::command::Command, command::CommandKind};
use serde::Serialize;
use tauri::State;

use super::{fail, signed_in_account};
use crate::{
    backend::Backend,
    error::{codes, AppError, AppResult},
};

/// A command as the screens show it: with keyfob-core's words for an outcome that needs them.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommandView {
    pub command: Command,
    /// What a failed, expired or unknown outcome means and what to do.
    pub explanation: Option<String>,
}

impl From<Command> for CommandView {
    fn from(command: Command) -> Self {
        Self {
            explanation: command.state.explanation(&command.kind),
            command,
        }
    }
}

/// The same printable 8–128 characters the server accepts, checked here so a bad key never
/// leaves the device.
fn check_attempt_key(key: &str) -> AppResult<()> {
    let printable = key.chars().all(|c| c.is_ascii_graphic());
    if (8..=128).contains(&key.len()) && printable {
        Ok(())
    } else {
        Err(AppError::new(
            codes::ATTEMPT_KEY_INVALID,
            "This attempt has no valid key. Close the panel and start again.",
        ))
    }
}

/// Sends a command. `attempt_key` is made fresh by the screen for each attempt and reused when
/// the person retries that same attempt, so the car never gets it twice.
#[tauri::command]
#[specta::specta]
pub async fn send_command(
    backend: State<'_, Backend>,
    vehicle_id: String,
    kind: CommandKind,
    attempt_key: String,
) -> AppResult<CommandView> {
    check_attempt_key(&attempt_key)?;
    let (client, account) = signed_in_account(&backend)?;
    if kind.needs_recent_identity() {
        backend.identity().require(&account)?;
    }
    let command = client
        .send_command(&vehicle_id, &kind, &attempt_key)
        .await
        .map_err(|error| fail(&backend, error))?;
    Ok(command.into())
}

/// The car's recent commands, newest first.
#[tauri::command]
#[specta::specta]
pub async fn vehicle_commands(
    backend: State<'_, Backend>,
    vehicle_id: String,
) -> AppResult<Vec<CommandView>> {
    let client = backend.client()?;
    let commands = client
        .commands(&vehicle_id)
        .await
        .map_err(|error| fail(&backend, error))?;
    Ok(commands.into_iter().map(CommandView::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempt_keys_are_printable_and_of_the_servers_length() {
        assert!(check_attempt_key("0b6f3c1e-7d7a-4b8e-9a47-1f1f7d0e2c11").is_ok());
        assert!(check_attempt_key("short").is_err());
        assert!(check_attempt_key("has a space inside").is_err());
        assert!(check_attempt_key(&"k".repeat(129)).is_err());
    }
}

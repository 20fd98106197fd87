//! `keyfob://` links: the confirmation link of the sign-up email opens the app, which confirms
//! the address and shows the outcome. Codes and links pasted into a screen are read here too.

use std::{collections::HashSet, sync::Mutex};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::{
    backend::Backend,
    error::{codes, AppError, AppResult},
};

pub const SCHEME: &str = "keyfob";
pub const VERIFY_PATH: &str = "verify";
pub const RESET_PATH: &str = "reset-password";
/// The event the main window hears when a confirmation link reaches the running app.
pub const VERIFY_EVENT: &str = "verify-link";

/// What became of a confirmation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VerifyLinkOutcome {
    pub confirmed: bool,
    pub message: String,
    pub code: Option<String>,
}

/// The outcome of a link the app was started with, until the UI is there to take it; and the
/// tokens already used, since a link can arrive both at launch and as an event.
#[derive(Default)]
pub struct PendingOutcome {
    outcome: Mutex<Option<VerifyLinkOutcome>>,
    handled: Mutex<HashSet<String>>,
}

impl PendingOutcome {
    pub fn take(&self) -> Option<VerifyLinkOutcome> {
        self.outcome.lock().ok()?.take()
    }

    fn first_time(&self, token: &str) -> bool {
        self.handled
            .lock()
            .map(|mut handled| handled.insert(token.to_owned()))
            .unwrap_or(false)
    }
}

/// The token in what a person pasted: the code alone, or a whole `keyfob://<path>?token=…`
/// link (or a web link carrying `token=`).
pub fn token_from_input(input: &str, path: &str) -> AppResult<String> {
    let input = input.trim();
    let invalid =
        |message: &str| Err(AppError::new(codes::INPUT_INVALID, message).on_field("code"));
    if input.is_empty() {
        return invalid("Paste the code or the whole link from the email.");
    }
    let token = if input.contains("://") {
        let Ok(url) = url::Url::parse(input) else {
            return invalid(
                "That link is incomplete. Copy the whole link from the email, or just the code.",
            );
        };
        if url.scheme() == SCHEME && url.host_str() != Some(path) {
            return invalid(match path {
                VERIFY_PATH => "That link is not an email confirmation link. Use the link from the “Confirm your Keyfob account” email.",
                _ => "That link is not a password-reset link. Use the link from the password-reset email.",
            });
        }
        match url.query_pairs().find(|(key, _)| key == "token") {
            Some((_, token)) => token.into_owned(),
            None => return invalid("That link has no code in it. Copy the whole link from the email, or just the code."),
        }
    } else {
        input.to_owned()
    };
    let plausible = !token.is_empty()
        && token.len() <= 256
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !plausible {
        return invalid(
            "That code has characters a Keyfob code never has. Copy it again from the email.",
        );
    }
    Ok(token)
}

/// Handles links the system handed to the app. `at_launch`: the UI is not listening yet, so
/// the outcome waits for it to ask.
pub fn opened<R: Runtime>(app: &AppHandle<R>, urls: Vec<url::Url>, at_launch: bool) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    for url in urls {
        if url.scheme() != SCHEME || url.host_str() != Some(VERIFY_PATH) {
            continue;
        }
        let Ok(token) = token_from_input(url.as_str(), VERIFY_PATH) else {
            continue;
        };
        let pending = app.state::<PendingOutcome>();
        if !pending.first_time(&token) {
            continue;
        }
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            let outcome = confirm(&app.state::<Backend>(), &token).await;
            if at_launch {
                if let Ok(mut slot) = app.state::<PendingOutcome>().outcome.lock() {
                    *slot = Some(outcome);
                }
            } else {
                let _ = app.emit_to("main", VERIFY_EVENT, outcome);
            }
        });
    }
}

async fn confirm(backend: &Backend, token: &str) -> VerifyLinkOutcome {
    let result = match backend.client() {
        Ok(client) => client.confirm_email(token).await.map_err(AppError::from),
        Err(error) => Err(error),
    };
    match result {
        Ok(done) => VerifyLinkOutcome {
            confirmed: true,
            message: done.message,
            code: None,
        },
        Err(error) => VerifyLinkOutcome {
            confirmed: false,
            message: error.message,
            code: Some(error.code),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_or_a_whole_link_gives_the_token() {
        let token = "a1b2c3d4e5f6";
        assert_eq!(
            token_from_input(&format!("  {token}\n"), VERIFY_PATH).expect("code"),
            token
        );
        let link = format!("keyfob://verify?token={token}");
        assert_eq!(token_from_input(&link, VERIFY_PATH).expect("link"), token);
        let web = format!("https://keyfob.example.com/verify?token={token}");
        assert_eq!(
            token_from_input(&web, VERIFY_PATH).expect("web link"),
            token
        );
    }

    #[test]
    fn the_wrong_kind_of_link_or_a_mangled_code_is_refused_with_a_reason() {
        let reset = "keyfob://reset-password?token=abc";
        let error = token_from_input(reset, VERIFY_PATH).expect_err("reset link");
        assert!(error.message.contains("not an email confirmation link"));
        assert_eq!(error.field.as_deref(), Some("code"));
        assert!(token_from_input("keyfob://verify", VERIFY_PATH).is_err());
        assert!(token_from_input("abc def", VERIFY_PATH).is_err());
        assert!(token_from_input("", RESET_PATH).is_err());
        assert_eq!(
            token_from_input("keyfob://reset-password?token=abc", RESET_PATH).expect("reset"),
            "abc"
        );
    }
}

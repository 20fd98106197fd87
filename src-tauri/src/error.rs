//! The one error the app's commands answer with: a stable machine code, a sentence for the
//! person, the form field it belongs to and, for throttling, how long to wait.

use keyfob_client::ClientError;
use keyfob_core::ErrorCode;
use serde::Serialize;

/// Codes the app itself gives, beside the server's `ErrorCode`s.
pub mod codes {
    pub const UNREACHABLE: &str = "unreachable";
    pub const TIMEOUT: &str = "timeout";
    pub const NOT_SIGNED_IN: &str = "not_signed_in";
    pub const UNEXPECTED_RESPONSE: &str = "unexpected_response";
    pub const BACKEND_UNSET: &str = "backend_unset";
    pub const SERVER_URL_INVALID: &str = "server_url_invalid";
    pub const NOT_A_KEYFOB_SERVER: &str = "not_a_keyfob_server";
    pub const SANDBOX_FAILED: &str = "sandbox_failed";
    pub const PERSONAL_FAILED: &str = "personal_failed";
    pub const SANDBOX_ONLY: &str = "sandbox_only";
    pub const INPUT_INVALID: &str = "input_invalid";
    pub const WINDOW_FAILED: &str = "window_failed";
    pub const INTERNAL: &str = "internal";
    pub const IDENTITY_REQUIRED: &str = "identity_required";
    pub const ATTEMPT_KEY_INVALID: &str = "attempt_key_invalid";
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    /// A server `ErrorCode` or one of [`codes`]; stable, for screens and tests to match on.
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    pub retry_after_seconds: Option<u32>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            field: None,
            retry_after_seconds: None,
        }
    }

    pub fn on_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    /// A failure inside the app (a broken store, a poisoned lock): said plainly, details kept out.
    pub fn internal(what: &str) -> Self {
        Self::new(
            codes::INTERNAL,
            format!(
                "Keyfob could not {what}. Restart the app; if it keeps happening, reinstall it."
            ),
        )
    }

    /// Whether the server could not be reached at all (as opposed to answering no), so the
    /// saved copy of what was asked for is worth showing.
    pub fn is_transport(&self) -> bool {
        self.code == codes::UNREACHABLE || self.code == codes::TIMEOUT
    }

    /// Whether the server said the session is over, so the app forgets it.
    pub fn ends_session(&self) -> bool {
        [
            ErrorCode::Unauthenticated,
            ErrorCode::SessionRevoked,
            ErrorCode::SessionExpired,
            ErrorCode::RefreshTokenInvalid,
            ErrorCode::RefreshTokenReused,
        ]
        .iter()
        .any(|code| code.as_str() == self.code)
            || self.code == codes::NOT_SIGNED_IN
    }
}

/// A keyfob-core rule refusing input the app checks itself (a zone being drawn), with the form
/// field it belongs to, like the same refusal coming from the server.
impl From<keyfob_core::Error> for AppError {
    fn from(error: keyfob_core::Error) -> Self {
        let code = error.code();
        Self {
            code: code.as_str().to_owned(),
            message: error.to_string(),
            field: code.field().map(str::to_owned),
            retry_after_seconds: None,
        }
    }
}

impl From<ClientError> for AppError {
    fn from(error: ClientError) -> Self {
        let message = error.to_string();
        match error {
            // The server wants the password or PIN again: the screens ask as they do when the
            // app knows it first.
            ClientError::Api(api) if api.code == ErrorCode::StepUpRequired => {
                Self::new(codes::IDENTITY_REQUIRED, api.message)
            }
            ClientError::Api(api) => Self {
                code: api.code.as_str().to_owned(),
                field: api.code.field().map(str::to_owned),
                message: api.message,
                retry_after_seconds: api.retry_after_seconds,
            },
            ClientError::Unreachable(_) => Self::new(codes::UNREACHABLE, message),
            ClientError::Timeout => Self::new(codes::TIMEOUT, message),
            ClientError::NotSignedIn => Self::new(codes::NOT_SIGNED_IN, message),
            ClientError::UnexpectedResponse { .. } => {
                Self::new(codes::UNEXPECTED_RESPONSE, message)
            }
            ClientError::InvalidAddress(_) => {
                Self::new(codes::SERVER_URL_INVALID, message).on_field("url")
            }
            ClientError::Setup(_) => Self::internal("set up its network connection"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyfob_core::ApiError;

    #[test]
    fn a_server_error_keeps_its_code_and_message_and_names_its_field() {
        let mut api = ApiError::new(ErrorCode::PhoneInvalid, "That phone number is not valid.");
        api.retry_after_seconds = Some(30);
        let error = AppError::from(ClientError::Api(api));
        assert_eq!(error.code, "phone_invalid");
        assert_eq!(error.message, "That phone number is not valid.");
        assert_eq!(error.field.as_deref(), Some("phone"));
        assert_eq!(error.retry_after_seconds, Some(30));
    }

    #[test]
    fn transport_failures_have_codes_of_their_own_and_say_what_to_try() {
        let error = AppError::from(ClientError::Unreachable("connection refused".into()));
        assert_eq!(error.code, codes::UNREACHABLE);
        assert!(error.message.contains("Failed to connect to the server"));
        assert!(!error.message.contains("refused"), "no transport internals");
        assert_eq!(AppError::from(ClientError::Timeout).code, codes::TIMEOUT);
    }

    #[test]
    fn session_ending_codes_are_recognised() {
        let revoked = AppError::from(ClientError::Api(ApiError::new(
            ErrorCode::SessionRevoked,
            "signed out",
        )));
        assert!(revoked.ends_session());
        assert!(AppError::from(ClientError::NotSignedIn).ends_session());
        assert!(!AppError::new(codes::UNREACHABLE, "x").ends_session());
    }
}

//! One error type for every call. Messages are short and written for people; they never carry
//! a token, the password or a server's free text (that stays in the fields of
//! [`Error::Rejected`]).

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The login service did not accept the email and password.
    #[error("the email or password was not accepted by NissanConnect")]
    InvalidCredentials,

    /// The account is locked.
    ///
    /// No public client shows what a locked MyNISSAN account looks like. This is inferred from
    /// WSO2 Identity Server's documented behaviour, not observed: for a locked account it
    /// re-renders the login page with `authFailure=true` and `errorCode=17003` (and/or
    /// `authFailureMsg=account.is.locked` / `user.account.locked`) in the query, while a wrong
    /// password gives `authFailure=true&authFailureMsg=login.fail.message`.
    #[error("the NissanConnect account is locked")]
    AccountLocked,

    /// The login stopped at a page that is neither the login form nor the app callback,
    /// typically new terms or a consent prompt to confirm in the MyNISSAN app.
    #[error("sign-in to NissanConnect did not complete: {reason}")]
    LoginIncomplete { reason: String },

    /// A 5xx answer, a failed connection, or a time-out during sign-in.
    #[error("NissanConnect is unavailable at the moment")]
    ServiceUnavailable { retry_after: Option<Duration> },

    /// HTTP 429; `retry_after` comes from the `Retry-After` header when there is one.
    #[error("NissanConnect is limiting requests; try again later")]
    RateLimited { retry_after: Option<Duration> },

    /// The tokens were refused and could not be refreshed: sign in again.
    #[error("the NissanConnect session has ended; sign in again")]
    ReauthRequired,

    /// The car's privacy mode hides its position (HTTP 403, code `403009`).
    #[error("the car is in privacy mode")]
    PrivacyMode,

    /// The car or its gateway does not offer this service (HTTP 404 or 501 on a car endpoint).
    #[error("this car does not support the request")]
    NotSupported,

    /// Any other refusal: a 4xx answer, or a 2xx answer carrying `errors[]`.
    /// `status` is the HTTP status; `code` and `detail` are the service's, when it gave them.
    #[error("NissanConnect refused the request (HTTP {status})")]
    Rejected {
        status: u16,
        code: Option<String>,
        detail: Option<String>,
    },

    /// An answer of an unexpected shape.
    #[error("unexpected answer from NissanConnect: {0}")]
    Protocol(String),

    /// The connection failed after the request may have been sent; the outcome is unknown.
    #[error("the connection to NissanConnect failed: {0}")]
    Transport(String),

    /// The call was refused before anything was sent (for example a climate temperature
    /// outside 16–26 °C).
    #[error("invalid request: {0}")]
    InvalidArgument(String),
}

impl Error {
    /// A stable machine-readable name for the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidCredentials => "invalid_credentials",
            Self::AccountLocked => "account_locked",
            Self::LoginIncomplete { .. } => "login_incomplete",
            Self::ServiceUnavailable { .. } => "service_unavailable",
            Self::RateLimited { .. } => "rate_limited",
            Self::ReauthRequired => "reauth_required",
            Self::PrivacyMode => "privacy_mode",
            Self::NotSupported => "not_supported",
            Self::Rejected { .. } => "rejected",
            Self::Protocol(_) => "protocol",
            Self::Transport(_) => "transport",
            Self::InvalidArgument(_) => "invalid_argument",
        }
    }

    /// Whether trying the same request again later may succeed without any change.
    pub fn is_temporary(&self) -> bool {
        matches!(
            self,
            Self::ServiceUnavailable { .. } | Self::RateLimited { .. } | Self::Transport(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case() {
        let all = [
            Error::InvalidCredentials,
            Error::AccountLocked,
            Error::LoginIncomplete {
                reason: "terms".into(),
            },
            Error::ServiceUnavailable { retry_after: None },
            Error::RateLimited { retry_after: None },
            Error::ReauthRequired,
            Error::PrivacyMode,
            Error::NotSupported,
            Error::Rejected {
                status: 400,
                code: None,
                detail: None,
            },
            Error::Protocol("x".into()),
            Error::Transport("x".into()),
            Error::InvalidArgument("x".into()),
        ];
        for error in all {
            let code = error.code();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            assert!(!error.to_string().is_empty());
        }
    }
}

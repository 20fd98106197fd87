//! The server's one error type: a refusal with a stable code for the caller, or an internal
//! failure that is logged and answered with a generic message, never with its details.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use keyfob_core::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Refused(ApiError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Internal(String),
}

pub type ServerResult<T> = Result<T, ServerError>;

impl ServerError {
    pub fn refused(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Refused(ApiError::new(code, message))
    }

    pub fn throttled(code: ErrorCode, message: impl Into<String>, retry_after: u32) -> Self {
        Self::Refused(ApiError::new(code, message).with_retry_after(retry_after))
    }

    /// The code a caller sees, for tests and logs.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Refused(error) => error.code,
            _ => ErrorCode::Internal,
        }
    }
}

impl From<keyfob_core::Error> for ServerError {
    fn from(error: keyfob_core::Error) -> Self {
        Self::Refused(error.into())
    }
}

/// The HTTP status each code travels with. Codes are the contract; statuses follow HTTP usage.
pub fn status_for(code: ErrorCode) -> StatusCode {
    use ErrorCode as C;
    match code {
        C::BadRequest => StatusCode::BAD_REQUEST,
        C::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        C::RouteNotFound
        | C::VehicleNotFound
        | C::InvitationNotFound
        | C::DriverNotFound
        | C::ZoneNotFound
        | C::SandboxOnly
        | C::NissanconnectNotEnabled
        | C::PersonalOnly => StatusCode::NOT_FOUND,
        C::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        C::Unauthenticated
        | C::TokenExpired
        | C::SessionRevoked
        | C::SessionExpired
        | C::RefreshTokenInvalid
        | C::RefreshTokenReused
        | C::InvalidCredentials => StatusCode::UNAUTHORIZED,
        C::LaunchSecretRequired => StatusCode::UNAUTHORIZED,
        C::WrongPassword
        | C::OwnerOnly
        | C::EmailNotConfirmed
        | C::VehicleReportedStolen
        | C::StepUpRequired
        | C::WrongPin
        | C::PinDisabled
        | C::HostNotAllowed => StatusCode::FORBIDDEN,
        C::TooManyAttempts
        | C::ResendTooSoon
        | C::ProofLocked
        | C::RefreshTooSoon
        | C::CommandRateLimited
        | C::AuthKeyDailyLimit
        | C::SmsCodeLimit => StatusCode::TOO_MANY_REQUESTS,
        C::VehicleAlreadyLinked
        | C::VehicleAlreadyYours
        | C::DriverAlreadyAdded
        | C::ActivationNotPending
        | C::ActivationNotExpired
        | C::SandboxControlRefused
        | C::ZoneLimit
        | C::AuthKeyLimit
        | C::VehicleNotActive
        | C::NoCodePending
        | C::VehicleNotReportedStolen
        | C::PhoneTooNew
        | C::PinNotSet
        | C::NissanconnectReconnect
        | C::NissanconnectNotConnected
        | C::PersonalMode => StatusCode::CONFLICT,
        C::ServiceUnavailable | C::ServerBusy | C::NissanconnectUnavailable => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        C::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        C::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

const INTERNAL_MESSAGE: &str =
    "Something went wrong on the Keyfob server. Try again in a moment; nothing was changed.";

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let error = match self {
            Self::Refused(error) => error,
            internal => {
                // The details go to the log; the caller learns only that it failed.
                tracing::error!(error = %internal, "request failed");
                ApiError::new(ErrorCode::Internal, INTERNAL_MESSAGE)
            }
        };
        let retry_after = error.retry_after_seconds;
        let mut response = (status_for(error.code), Json(error)).into_response();
        if let Some(seconds) = retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

use keyfob_core::ApiError;
use serde::de::DeserializeOwned;

/// Everything a call to the server can end in. "Cannot reach the server" is kept apart from an
/// answer the server gave, because the person can do different things about each.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{0}")]
    InvalidAddress(String),
    #[error("The HTTP client could not be set up: {0}")]
    Setup(String),
    #[error("Failed to connect to the server. Check your internet connection, or switch between Wi-Fi and mobile data, and try again.")]
    Unreachable(String),
    #[error("The server took too long to answer. Try again in a moment.")]
    Timeout,
    #[error("{0}")]
    Api(ApiError),
    #[error("The server sent an answer Keyfob does not understand (HTTP {status}).")]
    UnexpectedResponse { status: u16 },
    #[error("You are signed out. Sign in again.")]
    NotSignedIn,
}

impl ClientError {
    pub(crate) fn from_transport(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            ClientError::Timeout
        } else {
            ClientError::Unreachable(error.to_string())
        }
    }

    /// The server's error code, when the failure is an answer from the server.
    pub fn code(&self) -> Option<keyfob_core::ErrorCode> {
        self.api_error().map(|error| error.code)
    }

    /// The server's error, when the failure is an answer from the server.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// Reads a JSON body, or the server's `{code, message}` error when the status is not a success.
pub(crate) async fn read_json<T: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, ClientError> {
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(ClientError::from_transport)?;
    if status.is_success() {
        serde_json::from_slice(&body).map_err(|_| ClientError::UnexpectedResponse {
            status: status.as_u16(),
        })
    } else {
        match serde_json::from_slice::<ApiError>(&body) {
            Ok(error) => Err(ClientError::Api(error)),
            Err(_) => Err(ClientError::UnexpectedResponse {
                status: status.as_u16(),
            }),
        }
    }
}

//! Request handlers, one module per resource, and the extractors they share.

pub mod accounts;
pub mod alert_settings;
pub mod auth_keys;
pub mod commands;
pub mod drivers;
pub mod events;
pub mod health;
pub mod me;
pub mod sandbox;
pub mod sandbox_cars;
pub mod sessions;
pub mod status;
pub mod vehicles;
pub mod zones;

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{rejection::JsonRejection, ConnectInfo, FromRequest, FromRequestParts, Request},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use keyfob_core::ErrorCode;
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{ServerError, ServerResult};

/// A JSON body whose every rejection (malformed, unknown field, too large) is a `{code, message}`.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ServerError;

    async fn from_request(request: Request, state: &S) -> ServerResult<Self> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ServerError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ServerError::refused(
            ErrorCode::PayloadTooLarge,
            "The request is too large (the limit is 64 KiB).",
        );
    }
    let detail = match &rejection {
        JsonRejection::JsonDataError(e) => e.body_text(),
        JsonRejection::JsonSyntaxError(e) => e.body_text(),
        JsonRejection::MissingJsonContentType(_) => {
            "Send the body as JSON with Content-Type: application/json.".into()
        }
        other => other.body_text(),
    };
    ServerError::refused(ErrorCode::BadRequest, detail)
}

/// The JSON answer with a status, for handlers that create (201) or accept (202).
pub struct Created<T>(pub StatusCode, pub T);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

/// The client's address when the server knows it (it does when served by [`crate::Server`]).
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip()),
        ))
    }
}

pub async fn route_not_found() -> ServerError {
    ServerError::refused(
        ErrorCode::RouteNotFound,
        "There is no such API route. Check the address and the app version.",
    )
}

pub async fn method_not_allowed() -> ServerError {
    ServerError::refused(
        ErrorCode::MethodNotAllowed,
        "This API route does not accept that method.",
    )
}

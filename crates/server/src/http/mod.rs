//! Request handlers, one module per resource, and the extractors they share.

pub mod accounts;
pub mod alert_settings;
pub mod auth_keys;
pub mod commands;
pub mod drivers;
pub mod events;
pub mod health;
pub mod me;
pub mod nissanconnect;
pub mod personal;
pub mod sandbox;
pub mod sandbox_cars;
pub mod sessions;
pub mod status;
pub mod stolen;
pub mod vehicles;
pub mod zones;

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{rejection::JsonRejection, ConnectInfo, FromRequest, FromRequestParts, Request},
    http::{request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use keyfob_core::ErrorCode;
use serde::{de::DeserializeOwned, Serialize};

use ipnet::IpNet;

use crate::{
    error::{ServerError, ServerResult},
    state::AppState,
};

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
/// Behind a proxy the configuration trusts, the address that proxy saw, from the right-most
/// `X-Forwarded-For` entry it did not add itself; anyone else's header is ignored, since a
/// client can write whatever it likes there.
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientAddress(peer.map(|peer| {
            client_behind(peer, &parts.headers, &state.config.trusted_proxies)
        })))
    }
}

/// Walks `X-Forwarded-For` from the right while each hop is a trusted proxy.
pub fn client_behind(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|hop| !is_trusted(hop))
        .unwrap_or(peer)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", forwarded.parse().expect("header"));
        headers
    }

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let proxy: IpAddr = "10.0.0.2".parse().expect("ip");
        let trusted: Vec<IpNet> = vec!["10.0.0.0/24".parse().expect("net")];
        let client: IpAddr = "203.0.113.7".parse().expect("ip");
        // Through the proxy: the address it saw, not what the client wrote before it.
        assert_eq!(
            client_behind(proxy, &headers("198.51.100.1, 203.0.113.7"), &trusted),
            client
        );
        // Straight to the server: the header is the client's own claim and is ignored.
        assert_eq!(
            client_behind(client, &headers("198.51.100.1"), &trusted),
            client
        );
        // No proxies configured: nobody is trusted.
        assert_eq!(client_behind(proxy, &headers("198.51.100.1"), &[]), proxy);
        // Only proxies in the chain: the nearest hop is all that is known.
        assert_eq!(client_behind(proxy, &headers("10.0.0.3"), &trusted), proxy);
    }
}

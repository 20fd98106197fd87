//! A layer in front of every handler: records the request, then answers an injected failure
//! instead of (or on top of) the handler's answer.

use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

use super::reply::{api, errors, header, unauthorized, with_retry_after};
use super::state::{AuthorizationKind, Failure, FakeEndpoint, RecordedRequest, Shared};

const MAX_BODY: usize = 1024 * 1024;

pub(crate) async fn intercept(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return errors(
            StatusCode::PAYLOAD_TOO_LARGE,
            "413",
            "Payload Too Large",
            None,
        );
    };
    let path = parts.uri.path().to_owned();
    let endpoint = classify(&parts.method, &path);
    let headers = &parts.headers;
    let authorization = match header(headers, AUTHORIZATION.as_str()) {
        None => AuthorizationKind::None,
        Some(value) if value.starts_with("Bearer ") => AuthorizationKind::Bearer,
        Some(_) => AuthorizationKind::Raw,
    };
    let content_type = header(headers, CONTENT_TYPE.as_str()).map(str::to_owned);
    let recorded = RecordedRequest {
        method: parts.method.to_string(),
        path,
        query: parts.uri.query().map(str::to_owned),
        endpoint,
        authorization,
        origin: header(headers, ORIGIN.as_str()).map(str::to_owned),
        had_cookie: headers.contains_key(COOKIE),
        body: redact(&bytes, content_type.as_deref()),
        content_type,
    };
    let failure = {
        let mut state = shared.state();
        state.requests.push(recorded);
        endpoint.and_then(|e| state.take_failure(e))
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    match failure {
        None => next.run(request).await,
        Some(Failure::Slow(delay)) => {
            let response = next.run(request).await;
            tokio::time::sleep(delay).await;
            response
        }
        Some(Failure::Disconnect) => {
            let (parts, _) = next.run(request).await.into_parts();
            // Headers go out, then the body fails: the connection is cut mid-answer.
            let broken = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "cut",
                ))
            });
            Response::from_parts(parts, Body::from_stream(broken))
        }
        Some(Failure::Unauthorized) => unauthorized(),
        Some(Failure::Status {
            status,
            retry_after_seconds,
        }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let code = status.as_u16().to_string();
            let title = status.canonical_reason().unwrap_or("Error");
            with_retry_after(errors(status, &code, title, None), retry_after_seconds)
        }
        Some(Failure::RateLimited {
            retry_after_seconds,
        }) => with_retry_after(
            errors(
                StatusCode::TOO_MANY_REQUESTS,
                "429",
                "Too Many Requests",
                Some("Quota exceeded"),
            ),
            Some(retry_after_seconds),
        ),
        Some(Failure::ErrorsWithOk { code, detail }) => api(
            StatusCode::OK,
            json!({ "errors": [{ "status": "OK", "code": code, "title": "Error", "detail": detail }] }),
        ),
    }
}

/// Which endpoint a request is for, by the fake's layout.
fn classify(method: &Method, path: &str) -> Option<FakeEndpoint> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let endpoint = match segments.as_slice() {
        ["auth", "oauth2", "authorize"] => FakeEndpoint::Authorize,
        ["auth", "authenticationendpoint", ..] => FakeEndpoint::LoginPage,
        ["auth", "commonauth"] => FakeEndpoint::CommonAuth,
        ["auth", "oauth2", "token"] => FakeEndpoint::Token,
        ["bff-web", _, "oauth2", "access_token"] => FakeEndpoint::KamereonToken,
        ["bff-web", _, "oauth2", "refresh-token"] => FakeEndpoint::RefreshToken,
        ["user-adapter", _, "users", "current"] => FakeEndpoint::CurrentUser,
        ["bff-web", _, "users", _, "cars"] => FakeEndpoint::Cars,
        [.., "actions", "status"] if method == Method::GET => FakeEndpoint::ActionStatus,
        [_, _, "cars", _, "actions", _] if method == Method::POST => FakeEndpoint::Action,
        [_, _, "cars", _, "battery-status"] => FakeEndpoint::Battery,
        [_, _, "cars", _, "cockpit"] => FakeEndpoint::Cockpit,
        [_, _, "cars", _, "location"] => FakeEndpoint::Location,
        [_, _, "cars", _, "lock-status"] => FakeEndpoint::LockStatus,
        [_, _, "cars", _, "hvac-status"] => FakeEndpoint::HvacStatus,
        _ => return None,
    };
    Some(endpoint)
}

/// The body as text, with a form's password replaced.
fn redact(bytes: &[u8], content_type: Option<&str>) -> String {
    if !content_type.is_some_and(|t| t.starts_with("application/x-www-form-urlencoded")) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in url::form_urlencoded::parse(bytes) {
        let value = if name == "password" {
            "<redacted>".into()
        } else {
            value
        };
        out.append_pair(&name, &value);
    }
    out.finish()
}

//! Building the fake's answers.

use axum::http::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::profiles::TimeFormat;
use crate::http::JSON_API;

pub(crate) fn html(status: StatusCode, body: String) -> Response {
    (status, [(CONTENT_TYPE, "text/html; charset=UTF-8")], body).into_response()
}

pub(crate) fn redirect(location: &str) -> Response {
    (StatusCode::FOUND, [(LOCATION, location.to_owned())]).into_response()
}

/// A JSON:API answer.
pub(crate) fn api(status: StatusCode, body: Value) -> Response {
    (status, [(CONTENT_TYPE, JSON_API)], body.to_string()).into_response()
}

/// `{"data": {"type", "id", "attributes"}}`.
pub(crate) fn data(kind: &str, id: &str, attributes: Value) -> Response {
    api(
        StatusCode::OK,
        json!({ "data": { "type": kind, "id": id, "attributes": attributes } }),
    )
}

/// The JSON:API `errors[]` envelope.
pub(crate) fn errors(
    status: StatusCode,
    code: &str,
    title: &str,
    detail: Option<&str>,
) -> Response {
    let mut error = json!({
        "status": status.canonical_reason().unwrap_or("Error"),
        "code": code,
        "title": title,
    });
    if let Some(detail) = detail {
        error["detail"] = detail.into();
    }
    api(status, json!({ "errors": [error] }))
}

pub(crate) fn unauthorized() -> Response {
    errors(
        StatusCode::UNAUTHORIZED,
        "401",
        "Unauthorized",
        Some("Invalid or expired token"),
    )
}

pub(crate) fn not_found() -> Response {
    errors(StatusCode::NOT_FOUND, "404", "Not Found", None)
}

/// What the service answers when an endpoint version does not fit the car's gateway.
pub(crate) fn not_implemented() -> Response {
    errors(
        StatusCode::NOT_IMPLEMENTED,
        "501",
        "Not supported Feature",
        Some("This feature is not technically supported by this gateway"),
    )
}

pub(crate) fn bad_request(detail: &str) -> Response {
    errors(StatusCode::BAD_REQUEST, "400", "Bad Request", Some(detail))
}

/// An OAuth error body (`{"error": …}`), as the token endpoints use.
pub(crate) fn oauth_error(status: StatusCode, error: &str) -> Response {
    (
        status,
        [(CONTENT_TYPE, "application/json")],
        json!({ "error": error }).to_string(),
    )
        .into_response()
}

pub(crate) fn with_retry_after(mut response: Response, seconds: Option<u64>) -> Response {
    if let Some(seconds) = seconds {
        if let Ok(value) = seconds.to_string().parse() {
            response.headers_mut().insert(RETRY_AFTER, value);
        }
    }
    response
}

pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A timestamp written the way the car's profile writes them.
pub(crate) fn timestamp(at: time::OffsetDateTime, format: TimeFormat) -> String {
    use time::macros::format_description;
    let utc = at.to_offset(time::UtcOffset::UTC);
    let text = match format {
        TimeFormat::Seconds => utc.format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z")),
        TimeFormat::Minutes => utc.format(format_description!("[year]-[month]-[day]T[hour]:[minute]Z")),
        TimeFormat::Millis => {
            utc.format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"))
        }
        TimeFormat::Offset(offset) => at.to_offset(offset).format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
        )),
    };
    text.unwrap_or_default()
}

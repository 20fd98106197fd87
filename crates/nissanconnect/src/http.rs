//! Reading answers and turning them into errors. Every answer, whatever its status, is checked
//! for a JSON:API `errors[]` list, because the service sometimes sends one with a 2xx.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::Value;

use crate::clock::Clock;
use crate::timefmt::parse_http_date;
use crate::Error;

/// The media type of JSON:API requests.
pub(crate) const JSON_API: &str = "application/vnd.api+json";

/// Answers larger than this are cut off as a protocol error; nothing legitimate comes close.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// A fully read answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub async fn read(mut response: reqwest::Response, phase: Phase) -> Result<Self, Error> {
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(&e, phase))? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(Error::Protocol("the answer is too large".into()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Self {
            status,
            headers,
            body,
        })
    }

    /// The body as JSON; `None` when it is empty or not JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn retry_after(&self, clock: &Clock) -> Option<Duration> {
        let value = self.headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let at = parse_http_date(value)?;
        let wait = at - clock.now();
        Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
    }
}

/// Which part of the client a request belongs to: it decides what a broken connection means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Signing in or refreshing: nothing changes in the car, so any failure just means
    /// "unavailable, try again".
    Auth,
    /// A data-plane call: once a request may have left, the outcome is unknown.
    Api,
}

/// Maps a reqwest failure. A failed connect means nothing was sent, whatever the phase.
pub(crate) fn transport(error: &reqwest::Error, phase: Phase) -> Error {
    if error.is_builder() {
        return Error::Protocol("the request could not be built".into());
    }
    if error.is_connect() || phase == Phase::Auth {
        return Error::ServiceUnavailable { retry_after: None };
    }
    // The text is ours, not reqwest's: its messages can carry the address, and addresses
    // carry state, codes and action ids.
    let what = if error.is_timeout() {
        "no answer in time"
    } else if error.is_body() || error.is_decode() {
        "the answer was cut off"
    } else {
        "the request or its answer was lost"
    };
    Error::Transport(what.into())
}

/// The first entry of a JSON:API `errors` list, if the body has a non-empty one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ApiFault {
    pub code: Option<String>,
    pub detail: Option<String>,
}

pub(crate) fn api_fault(body: &Value) -> Option<ApiFault> {
    let errors = body.get("errors")?;
    let first = match errors {
        Value::Null => return None,
        Value::Array(list) if list.is_empty() => return None,
        Value::Array(list) => list.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let code = first.get("code").and_then(scalar_text);
    let detail = first
        .get("detail")
        .and_then(scalar_text)
        .or_else(|| first.get("title").and_then(scalar_text))
        .map(|text| short(&text, 200));
    Some(ApiFault { code, detail })
}

/// A string or number as text.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

pub(crate) fn short(text: &str, max_chars: usize) -> String {
    let mut cut: String = text.chars().take(max_chars).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// Checks a data-plane answer. 401 is not handled here (the session refreshes on it).
/// `car_endpoint` makes 404 mean "not supported by this car" instead of a plain refusal.
pub(crate) fn check_api(
    answer: &Answer,
    clock: &Clock,
    car_endpoint: bool,
) -> Result<Option<Value>, Error> {
    let json = answer.json();
    let fault = json.as_ref().and_then(api_fault);
    let status = answer.status;
    let code = fault.as_ref().and_then(|f| f.code.as_deref());

    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::RateLimited {
            retry_after: answer.retry_after(clock),
        });
    }
    if status == StatusCode::NOT_IMPLEMENTED || (car_endpoint && status == StatusCode::NOT_FOUND) {
        return Err(Error::NotSupported);
    }
    if status.is_server_error() {
        return Err(Error::ServiceUnavailable {
            retry_after: answer.retry_after(clock),
        });
    }
    if code == Some("403009") {
        return Err(Error::PrivacyMode);
    }
    if car_endpoint && matches!(code, Some("404" | "501")) {
        return Err(Error::NotSupported);
    }
    if status.is_redirection() {
        return Err(Error::Protocol(format!(
            "unexpected redirect (HTTP {})",
            status.as_u16()
        )));
    }
    if let Some(fault) = fault {
        return Err(Error::Rejected {
            status: status.as_u16(),
            code: fault.code,
            detail: fault.detail,
        });
    }
    if !status.is_success() {
        return Err(Error::Rejected {
            status: status.as_u16(),
            code: None,
            detail: None,
        });
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(status: u16, body: Value) -> Answer {
        Answer {
            status: StatusCode::from_u16(status).expect("valid status"),
            headers: HeaderMap::new(),
            body: serde_json::to_vec(&body).expect("json"),
        }
    }

    #[test]
    fn errors_in_a_2xx_are_a_refusal() {
        let clock = Clock::system();
        let result = check_api(
            &answer(200, json!({"errors":[{"code":"12","detail":"busy"}]})),
            &clock,
            true,
        );
        assert_eq!(
            result,
            Err(Error::Rejected {
                status: 200,
                code: Some("12".into()),
                detail: Some("busy".into())
            })
        );
        let empty = check_api(&answer(200, json!({"errors":[], "data": {}})), &clock, true);
        assert!(empty.is_ok());
    }

    #[test]
    fn error_codes_404_and_501_mean_not_supported_on_cars_only() {
        let clock = Clock::system();
        let body = json!({"errors":[{"status":"Not Found","code":"404"}]});
        assert_eq!(
            check_api(&answer(404, body.clone()), &clock, true),
            Err(Error::NotSupported)
        );
        assert!(matches!(
            check_api(&answer(404, body), &clock, false),
            Err(Error::Rejected { .. })
        ));
        let in_2xx = json!({"errors":[{"code":501}]});
        assert_eq!(
            check_api(&answer(200, in_2xx), &clock, true),
            Err(Error::NotSupported)
        );
    }

    #[test]
    fn retry_after_seconds_or_date() {
        let clock: Clock =
            crate::ManualClock::new(time::macros::datetime!(1994-11-06 08:49:00 UTC)).into();
        let mut a = answer(429, json!({}));
        a.headers.insert(RETRY_AFTER, "7".parse().expect("header"));
        assert_eq!(a.retry_after(&clock), Some(Duration::from_secs(7)));
        a.headers.insert(
            RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().expect("header"),
        );
        assert_eq!(a.retry_after(&clock), Some(Duration::from_secs(37)));
    }
}

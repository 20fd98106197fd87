//! Token calls: the OneID code exchange, its swap for Kamereon tokens, and the Kamereon
//! refresh. The Kamereon calls send the token itself as `Authorization`, without `Bearer`
//! (brief §1.1 steps 6 and 8).

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::signin::status_error;
use super::{Tokens, CLIENT_ID, KAMEREON_SCOPE, ONEID_SCOPE, PLATFORM, REDIRECT_URI};
use crate::endpoints::join;
use crate::http::{api_fault, scalar_text, transport, Answer, Phase, JSON_API};
use crate::{Error, NissanConnect};

/// Used when an answer leaves out `expires_in`, as the reference clients do.
const DEFAULT_LIFETIME_SECONDS: i64 = 3600;

/// Trades the authorization code for OneID tokens and returns the `id_token`.
pub(super) async fn exchange_code(
    client: &NissanConnect,
    http: &reqwest::Client,
    code: &str,
    verifier: &str,
) -> Result<String, Error> {
    let url = join(client.endpoints.auth(), &["oauth2", "token"]);
    let response = http
        .post(url)
        .header(ACCEPT, "application/json")
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT_ID),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", REDIRECT_URI),
            ("scope", ONEID_SCOPE),
        ])
        .send()
        .await
        .map_err(|e| transport(&e, Phase::Auth))?;
    let answer = Answer::read(response, Phase::Auth).await?;
    if answer.status.is_redirection() {
        return Err(Error::Protocol(
            "the token endpoint redirected; not followed".into(),
        ));
    }
    if !answer.status.is_success() {
        return Err(status_error(&answer, &client.config.clock));
    }
    let body = answer
        .json()
        .ok_or_else(|| Error::Protocol("the token endpoint did not answer JSON".into()))?;
    if let Some(error) = body.get("error").and_then(scalar_text) {
        return Err(Error::Rejected {
            status: answer.status.as_u16(),
            code: Some(error),
            detail: None,
        });
    }
    text_field(&body, "id_token")
        .ok_or_else(|| Error::Protocol("the login service returned no id_token".into()))
}

/// Swaps the OneID `id_token` for Kamereon tokens.
pub(super) async fn kamereon_exchange(
    client: &NissanConnect,
    id_token: &str,
) -> Result<Tokens, Error> {
    let mut url = join(client.endpoints.bff(), &["v1", "oauth2", "access_token"]);
    url.query_pairs_mut().append_pair("platform", PLATFORM);
    let answer = post_raw_token(client, url, id_token, None).await?;
    if answer.status.is_server_error() || answer.status == StatusCode::TOO_MANY_REQUESTS {
        return Err(status_error(&answer, &client.config.clock));
    }
    let body = answer.json();
    if let Some(fault) = body.as_ref().and_then(api_fault) {
        return Err(Error::Rejected {
            status: answer.status.as_u16(),
            code: fault.code,
            detail: fault.detail,
        });
    }
    if !answer.status.is_success() {
        return Err(status_error(&answer, &client.config.clock));
    }
    let body =
        body.ok_or_else(|| Error::Protocol("the token exchange did not answer JSON".into()))?;
    let access_token = text_field(&body, "access_token")
        .ok_or_else(|| Error::Protocol("the token exchange returned no access token".into()))?;
    let refresh_token = text_field(&body, "refresh_token")
        .ok_or_else(|| Error::Protocol("the token exchange returned no refresh token".into()))?;
    Ok(Tokens {
        access_token,
        refresh_token,
        expires_at: expires_at(client, &body),
    })
}

pub(super) async fn refresh(client: &NissanConnect, tokens: &Tokens) -> Result<Tokens, Error> {
    let mut url = join(client.endpoints.bff(), &["v1", "oauth2", "refresh-token"]);
    url.query_pairs_mut().append_pair("platform", PLATFORM);
    let body = json!({ "scope": KAMEREON_SCOPE });
    let answer = post_raw_token(client, url, &tokens.refresh_token, Some(&body)).await?;
    let status = answer.status;
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return Err(status_error(&answer, &client.config.clock));
    }
    let body = answer.json();
    let refused = body
        .as_ref()
        .is_some_and(|b| api_fault(b).is_some() || b.get("error").is_some_and(|e| !e.is_null()));
    if refused || matches!(status.as_u16(), 400 | 401 | 403) {
        return Err(Error::ReauthRequired);
    }
    if !status.is_success() {
        return Err(status_error(&answer, &client.config.clock));
    }
    let body =
        body.ok_or_else(|| Error::Protocol("the token refresh did not answer JSON".into()))?;
    let access_token = text_field(&body, "access_token")
        .ok_or_else(|| Error::Protocol("the token refresh returned no access token".into()))?;
    // The service may keep the refresh token; then the old one stays valid.
    let refresh_token =
        text_field(&body, "refresh_token").unwrap_or_else(|| tokens.refresh_token.clone());
    Ok(Tokens {
        access_token,
        refresh_token,
        expires_at: expires_at(client, &body),
    })
}

async fn post_raw_token(
    client: &NissanConnect,
    url: url::Url,
    token: &str,
    body: Option<&Value>,
) -> Result<Answer, Error> {
    let mut authorization = HeaderValue::from_str(token)
        .map_err(|_| Error::Protocol("a token holds characters a header cannot carry".into()))?;
    authorization.set_sensitive(true);
    let mut request = client
        .http
        .post(url)
        .timeout(client.config.sign_in_timeout)
        .header(AUTHORIZATION, authorization)
        .header(CONTENT_TYPE, JSON_API)
        .header(ACCEPT, "application/json");
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    let response = request
        .send()
        .await
        .map_err(|e| transport(&e, Phase::Auth))?;
    let answer = Answer::read(response, Phase::Auth).await?;
    if answer.status.is_redirection() {
        return Err(Error::Protocol(
            "a token endpoint redirected; not followed".into(),
        ));
    }
    Ok(answer)
}

fn text_field(body: &Value, name: &str) -> Option<String> {
    body.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn expires_at(client: &NissanConnect, body: &Value) -> i64 {
    let lifetime = body
        .get("expires_in")
        .and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        })
        .filter(|&seconds| seconds > 0)
        .unwrap_or(DEFAULT_LIFETIME_SECONDS);
    client
        .config
        .clock
        .now()
        .unix_timestamp()
        .saturating_add(lifetime)
}

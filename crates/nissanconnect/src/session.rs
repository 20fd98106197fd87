//! Authenticated calls for one account. A call whose token has expired, or is refused with
//! 401, refreshes the tokens once and is sent once more; a second refusal ends the session.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use crate::http::{check_api, transport, Answer, Phase, JSON_API};
use crate::{Error, NissanConnect, Tokens};

/// One signed-in account. Share it (for example in an `Arc`) between tasks: refreshes are
/// serialized, so concurrent calls never spend the same refresh token twice.
///
/// The tokens change when a call refreshes them; read them with [`Session::tokens`] after
/// calls and store them if they differ from what was stored.
#[derive(Debug)]
pub struct Session {
    client: NissanConnect,
    tokens: Mutex<Tokens>,
    /// Held while refreshing.
    refreshing: tokio::sync::Mutex<()>,
    user_id: Mutex<Option<String>>,
    /// The cockpit version that last answered, per VIN.
    pub(crate) cockpit_versions: Mutex<HashMap<String, u8>>,
}

/// A data-plane request.
pub(crate) struct ApiCall {
    pub method: Method,
    pub url: Url,
    pub body: Option<Value>,
    /// A car endpoint: 404 means "not supported by this car".
    pub car_endpoint: bool,
}

impl Session {
    pub fn new(client: NissanConnect, tokens: Tokens) -> Self {
        Self {
            client,
            tokens: Mutex::new(tokens),
            refreshing: tokio::sync::Mutex::new(()),
            user_id: Mutex::new(None),
            cockpit_versions: Mutex::new(HashMap::new()),
        }
    }

    /// The current tokens, including any refresh made by a call.
    pub fn tokens(&self) -> Tokens {
        lock(&self.tokens).clone()
    }

    /// Replaces the tokens, for example after signing in again following
    /// [`Error::ReauthRequired`].
    pub fn set_tokens(&self, tokens: Tokens) {
        *lock(&self.tokens) = tokens;
    }

    pub fn client(&self) -> &NissanConnect {
        &self.client
    }

    pub(crate) fn cached_user_id(&self) -> Option<String> {
        lock(&self.user_id).clone()
    }

    pub(crate) fn cache_user_id(&self, user_id: &str) {
        *lock(&self.user_id) = Some(user_id.to_owned());
    }

    /// Sends `call` with the current access token; on 401, refreshes once and sends again.
    /// Returns the JSON body of a successful answer (`None` when the body is empty or not JSON).
    pub(crate) async fn call(&self, call: &ApiCall) -> Result<Option<Value>, Error> {
        let current = self.tokens();
        let (mut token, mut refreshed) = if current.is_expired(self.client.config.clock.now()) {
            (self.refresh_replacing(&current.access_token).await?, true)
        } else {
            (current.access_token, false)
        };
        loop {
            let answer = self.send(call, &token).await?;
            if answer.status != StatusCode::UNAUTHORIZED {
                return check_api(&answer, &self.client.config.clock, call.car_endpoint);
            }
            // A 401 means the request was refused before anything happened, so sending it
            // again (even an action) cannot do it twice.
            if refreshed {
                return Err(Error::ReauthRequired);
            }
            token = self.refresh_replacing(&token).await?;
            refreshed = true;
        }
    }

    /// Like [`Session::call`], for reads whose answer must be JSON.
    pub(crate) async fn get_json(&self, url: Url, car_endpoint: bool) -> Result<Value, Error> {
        let call = ApiCall {
            method: Method::GET,
            url,
            body: None,
            car_endpoint,
        };
        self.call(&call)
            .await?
            .ok_or_else(|| Error::Protocol("the answer is not JSON".into()))
    }

    /// Refreshes unless another task already replaced `stale`; returns the access token to use.
    async fn refresh_replacing(&self, stale: &str) -> Result<String, Error> {
        let _refreshing = self.refreshing.lock().await;
        let current = self.tokens();
        if current.access_token != stale {
            return Ok(current.access_token);
        }
        let fresh = self.client.refresh(&current).await?;
        let token = fresh.access_token.clone();
        self.set_tokens(fresh);
        Ok(token)
    }

    async fn send(&self, call: &ApiCall, token: &str) -> Result<Answer, Error> {
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                Error::Protocol("the access token holds characters a header cannot carry".into())
            })?;
        authorization.set_sensitive(true);
        let mut request = self
            .client
            .http
            .request(call.method.clone(), call.url.clone())
            .header(AUTHORIZATION, authorization)
            .header(ACCEPT, "application/vnd.api+json, application/json");
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, JSON_API)
                .body(body.to_string());
        }
        // Never retried here: for an action, a lost answer leaves the outcome unknown and a
        // second send could repeat it.
        let response = request
            .send()
            .await
            .map_err(|e| transport(&e, Phase::Api))?;
        Answer::read(response, Phase::Api).await
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

//! Request plumbing: URLs, JSON, the bearer token, and the one automatic refresh.

use keyfob_core::{
    api::account::{RefreshRequest, Session},
    ErrorCode,
};
use reqwest::Method;
use serde::{de::DeserializeOwned, Serialize};

use crate::{error::read_json, Client, ClientError, SessionTokens};

/// A raw answer, for tests that look at statuses and codes directly.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// The JSON body, or `Null` when the body is empty or not JSON.
    pub body: serde_json::Value,
}

/// Path segments, each percent-encoded, joined under the base URL.
pub(crate) fn url(client: &Client, segments: &[&str]) -> Result<url::Url, ClientError> {
    let mut url = client.config.base_url.clone();
    {
        let mut path = url.path_segments_mut().map_err(|()| {
            ClientError::InvalidAddress("The server address cannot hold a path.".into())
        })?;
        path.pop_if_empty();
        path.extend(segments);
    }
    Ok(url)
}

impl Client {
    /// A call that needs no session.
    pub(crate) async fn public<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let request = self.http.request(method, url(self, segments)?);
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        let response = request.send().await.map_err(ClientError::from_transport)?;
        read_json(response).await
    }

    /// A call as the signed-in account. An expired access token is refreshed once and the call
    /// repeated; any other refusal is returned as it is.
    pub(crate) async fn authed<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let token = self.access_token()?;
        match self
            .send_authed(method.clone(), segments, body, &token)
            .await
        {
            Err(ClientError::Api(error)) if error.code == ErrorCode::TokenExpired => {
                self.refresh_after(&token).await?;
                let token = self.access_token()?;
                self.send_authed(method, segments, body, &token).await
            }
            other => other,
        }
    }

    /// Like [`Client::authed`], with one extra request header.
    pub(crate) async fn authed_with_header<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
        header: (&str, &str),
    ) -> Result<T, ClientError> {
        let token = self.access_token()?;
        let first = self
            .send_authed_with(method.clone(), segments, body, &token, Some(header))
            .await;
        match first {
            Err(ClientError::Api(error)) if error.code == ErrorCode::TokenExpired => {
                self.refresh_after(&token).await?;
                let token = self.access_token()?;
                self.send_authed_with(method, segments, body, &token, Some(header))
                    .await
            }
            other => other,
        }
    }

    async fn send_authed<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
        token: &str,
    ) -> Result<T, ClientError> {
        self.send_authed_with(method, segments, body, token, None)
            .await
    }

    async fn send_authed_with<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
        token: &str,
        header: Option<(&str, &str)>,
    ) -> Result<T, ClientError> {
        let mut request = self
            .http
            .request(method, url(self, segments)?)
            .bearer_auth(token);
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        let response = request.send().await.map_err(ClientError::from_transport)?;
        read_json(response).await
    }

    pub(crate) fn access_token(&self) -> Result<String, ClientError> {
        self.shared
            .session
            .borrow()
            .as_ref()
            .map(|s| s.access_token.clone())
            .ok_or(ClientError::NotSignedIn)
    }

    /// Refreshes unless another task already did since `stale_access` failed: presenting the
    /// same refresh token twice would make the server end the whole session.
    pub(crate) async fn refresh_after(&self, stale_access: &str) -> Result<(), ClientError> {
        let _guard = self.shared.refreshing.lock().await;
        let current = self.access_token()?;
        if current != stale_access {
            return Ok(());
        }
        self.refresh().await.map(|_| ())
    }

    /// Exchanges the refresh token for new tokens. A refusal (reused, revoked or expired
    /// session) signs the client out.
    pub async fn refresh(&self) -> Result<SessionTokens, ClientError> {
        let refresh_token = self
            .shared
            .session
            .borrow()
            .as_ref()
            .map(|s| s.refresh_token.clone())
            .ok_or(ClientError::NotSignedIn)?;
        let result: Result<Session, ClientError> = self
            .public(
                Method::POST,
                &["v1", "sessions", "refresh"],
                Some(&RefreshRequest { refresh_token }),
            )
            .await;
        match result {
            Ok(session) => Ok(self.store_session(session)),
            Err(error) => {
                if error.api_error().is_some() {
                    self.clear_session();
                }
                Err(error)
            }
        }
    }

    /// Any route with an optional bearer, without refresh or session: for authorisation tests.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Result<RawResponse, ClientError> {
        let url = self.config.endpoint(path)?;
        let mut request = self.http.request(method, url);
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(ClientError::from_transport)?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(ClientError::from_transport)?;
        Ok(RawResponse {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientConfig;

    #[test]
    fn segments_are_percent_encoded_under_the_base_path() {
        let client = Client::new(ClientConfig::new("http://127.0.0.1:9/api").expect("config"))
            .expect("client");
        let built = url(&client, &["v1", "vehicles", "a/b c?"]).expect("url");
        assert_eq!(
            built.as_str(),
            "http://127.0.0.1:9/api/v1/vehicles/a%2Fb%20c%3F"
        );
    }
}

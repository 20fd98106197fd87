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
    pub headers: reqwest::header::HeaderMap,
}

/// Refusals of a refresh after which the session is over for good; anything else (throttling,
/// a server fault, no network) leaves the session in place to try again later.
fn ends_session(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::RefreshTokenInvalid
            | ErrorCode::RefreshTokenReused
            | ErrorCode::SessionExpired
            | ErrorCode::SessionRevoked
    )
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
        self.authed_with(method, segments, body, None, &[]).await
    }

    /// Like [`Client::authed`], with a query string.
    pub(crate) async fn authed_with_query<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<T, ClientError> {
        self.authed_with::<(), T>(method, segments, None, None, query)
            .await
    }

    /// Like [`Client::authed`], with one extra request header.
    pub(crate) async fn authed_with_header<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
        header: (&str, &str),
    ) -> Result<T, ClientError> {
        self.authed_with(method, segments, body, Some(header), &[])
            .await
    }

    async fn authed_with<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
        header: Option<(&str, &str)>,
        query: &[(&str, String)],
    ) -> Result<T, ClientError> {
        // Signed out: say so without bothering the server.
        let token = self.access_token()?;
        let first = self
            .send_authed(method.clone(), segments, body, &token, header, query)
            .await;
        match first {
            Err(ClientError::Api(error)) if error.code == ErrorCode::TokenExpired => {
                self.refresh_after(&token).await?;
                let token = self.access_token()?;
                self.send_authed(method, segments, body, &token, header, query)
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
        header: Option<(&str, &str)>,
        query: &[(&str, String)],
    ) -> Result<T, ClientError> {
        let mut address = url(self, segments)?;
        if !query.is_empty() {
            address.query_pairs_mut().extend_pairs(query);
        }
        let mut request = self.http.request(method, address).bearer_auth(token);
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
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
        if self.access_token()? != stale_access {
            return Ok(());
        }
        self.refresh_locked().await.map(|_| ())
    }

    /// Exchanges the refresh token for new tokens now. A refusal that ends the session (refresh
    /// token invalid or reused, session expired or revoked) signs the client out.
    pub async fn refresh(&self) -> Result<SessionTokens, ClientError> {
        let _guard = self.shared.refreshing.lock().await;
        self.refresh_locked().await
    }

    /// The refresh itself; the caller holds `shared.refreshing`, so a refresh token is spent once.
    async fn refresh_locked(&self) -> Result<SessionTokens, ClientError> {
        let spent = self
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
                Some(&RefreshRequest {
                    refresh_token: spent.clone(),
                }),
            )
            .await;
        // A sign-out or another sign-in while the request was out wins over its answer.
        let still_current = |session: &Option<SessionTokens>| {
            session.as_ref().is_some_and(|s| s.refresh_token == spent)
        };
        match result {
            Ok(session) => {
                let tokens = SessionTokens::from(session);
                let stored = self.shared.session.send_if_modified(|current| {
                    let replace = still_current(current);
                    if replace {
                        *current = Some(tokens.clone());
                    }
                    replace
                });
                if stored {
                    Ok(tokens)
                } else {
                    self.session_tokens().ok_or(ClientError::NotSignedIn)
                }
            }
            Err(error) => {
                if error.code().is_some_and(ends_session) {
                    self.shared.session.send_if_modified(|current| {
                        let clear = still_current(current);
                        if clear {
                            *current = None;
                        }
                        clear
                    });
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
        // A leading slash would make the path absolute and drop the base URL's own path.
        let url = self.config.endpoint(path.trim_start_matches('/'))?;
        let mut request = self.http.request(method, url);
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(ClientError::from_transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .map_err(ClientError::from_transport)?;
        Ok(RawResponse {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
            headers,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use keyfob_core::{account::Region, api::account::Account, ApiError};
    use serde_json::{json, Value};

    use super::*;
    use crate::{
        stub::{Reply, Seen, Stub},
        ClientConfig,
    };

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

    #[test]
    fn only_a_dead_session_signs_out() {
        assert!(ends_session(ErrorCode::RefreshTokenReused));
        assert!(ends_session(ErrorCode::SessionRevoked));
        assert!(!ends_session(ErrorCode::TooManyAttempts));
        assert!(!ends_session(ErrorCode::Internal));
    }

    fn account() -> Account {
        Account {
            id: "acc_1".into(),
            email: "a@example.com".into(),
            email_confirmed: true,
            nickname: "anna".into(),
            region: Region::Eu,
            phone: None,
            phone_changed_at: None,
            pin_set: false,
            created_at: "2026-11-22T12:00:00Z".into(),
        }
    }

    fn tokens(access: &str, refresh: &str) -> SessionTokens {
        SessionTokens {
            access_token: access.into(),
            access_expires_at: "2026-11-22T12:15:00Z".into(),
            refresh_token: refresh.into(),
            session_expires_at: "2026-12-22T12:00:00Z".into(),
            account: account(),
        }
    }

    /// As the server sends it (camelCase, unlike what the app persists).
    fn session_json(access: &str, refresh: &str) -> Value {
        let t = tokens(access, refresh);
        serde_json::to_value(Session {
            access_token: t.access_token,
            access_expires_at: t.access_expires_at,
            refresh_token: t.refresh_token,
            session_expires_at: t.session_expires_at,
            account: t.account,
        })
        .expect("json")
    }

    fn error(status: u16, code: ErrorCode) -> Reply {
        let body = serde_json::to_value(ApiError::new(code, "refused")).expect("json");
        (status, body, Duration::ZERO)
    }

    fn refreshes(seen: &[Seen]) -> usize {
        seen.iter()
            .filter(|r| r.path == "/v1/sessions/refresh")
            .count()
    }

    /// `a1` has expired; `r1` may be spent once (slowly) for `a2`/`r2`, as the server rotates.
    fn rotating_server(request: &Seen, earlier: &[Seen]) -> Reply {
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/v1/sessions/refresh") => {
                if request.body["refreshToken"] != "r1" {
                    error(401, ErrorCode::RefreshTokenInvalid)
                } else if refreshes(earlier) > 0 {
                    error(401, ErrorCode::RefreshTokenReused)
                } else {
                    (200, session_json("a2", "r2"), Duration::from_millis(100))
                }
            }
            ("GET", "/v1/me") => match request.bearer.as_deref() {
                Some("a2") => (
                    200,
                    serde_json::to_value(account()).expect("json"),
                    Duration::ZERO,
                ),
                _ => error(401, ErrorCode::TokenExpired),
            },
            _ => error(404, ErrorCode::RouteNotFound),
        }
    }

    fn client(stub: &Stub) -> Client {
        Client::new(ClientConfig::new(&stub.base_url).expect("config")).expect("client")
    }

    #[tokio::test]
    async fn concurrent_expired_calls_refresh_once_and_all_succeed() {
        let stub = Stub::start(rotating_server).await;
        let client = client(&stub);
        client.restore_session(tokens("a1", "r1"));
        let mut watcher = client.subscribe_session();
        watcher.mark_unchanged();

        let calls: Vec<_> = (0..5)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.me().await })
            })
            .collect();
        for call in calls {
            let account = call.await.expect("task").expect("me");
            assert_eq!(account.id, "acc_1");
        }

        assert_eq!(refreshes(&stub.seen()), 1);
        let stored = client.session_tokens().expect("still signed in");
        assert_eq!(
            (stored.access_token.as_str(), stored.refresh_token.as_str()),
            ("a2", "r2")
        );
        assert!(
            watcher.has_changed().expect("open"),
            "rotation is announced"
        );
    }

    #[tokio::test]
    async fn a_reused_refresh_token_signs_out() {
        let stub = Stub::start(|request, _| match request.path.as_str() {
            "/v1/sessions/refresh" => error(401, ErrorCode::RefreshTokenReused),
            _ => error(401, ErrorCode::TokenExpired),
        })
        .await;
        let client = client(&stub);
        client.restore_session(tokens("a1", "r1"));

        let refused = client.vehicles().await.expect_err("session is over");
        assert_eq!(refused.code(), Some(ErrorCode::RefreshTokenReused));
        assert!(client.session_tokens().is_none());
        // The first call, the refresh, and no retry.
        assert_eq!(stub.seen().len(), 2);
    }

    #[tokio::test]
    async fn a_throttled_refresh_keeps_the_session() {
        let stub = Stub::start(|request, _| match request.path.as_str() {
            "/v1/sessions/refresh" => error(429, ErrorCode::TooManyAttempts),
            _ => error(401, ErrorCode::TokenExpired),
        })
        .await;
        let client = client(&stub);
        client.restore_session(tokens("a1", "r1"));

        let refused = client.vehicles().await.expect_err("throttled");
        assert_eq!(refused.code(), Some(ErrorCode::TooManyAttempts));
        assert_eq!(client.session_tokens(), Some(tokens("a1", "r1")));
    }

    #[tokio::test]
    async fn signed_out_calls_never_reach_the_server() {
        let stub = Stub::start(rotating_server).await;
        let client = client(&stub);
        let refused = client.vehicles().await.expect_err("signed out");
        assert!(matches!(refused, ClientError::NotSignedIn), "{refused:?}");
        assert_eq!(refused.to_string(), "You are signed out. Sign in again.");
        assert!(stub.seen().is_empty());
    }

    #[tokio::test]
    async fn a_sign_out_during_a_refresh_is_not_undone() {
        let stub = Stub::start(rotating_server).await;
        let client = client(&stub);
        client.restore_session(tokens("a1", "r1"));
        let refreshing = {
            let client = client.clone();
            tokio::spawn(async move { client.refresh().await })
        };
        tokio::time::sleep(Duration::from_millis(30)).await;
        client.clear_session();
        let result = refreshing.await.expect("task");
        assert!(
            matches!(result, Err(ClientError::NotSignedIn)),
            "{result:?}"
        );
        assert!(client.session_tokens().is_none());
    }

    #[tokio::test]
    async fn send_raw_keeps_the_base_path_and_returns_any_status() {
        let stub = Stub::start(|_, _| error(403, ErrorCode::OwnerOnly)).await;
        let client =
            Client::new(ClientConfig::new(&format!("{}/api", stub.base_url)).expect("config"))
                .expect("client");
        client.restore_session(tokens("a1", "r1"));

        let raw = client
            .send_raw(
                Method::DELETE,
                "/v1/vehicles/abc",
                Some("other"),
                Some(json!({"password": "x"})),
            )
            .await
            .expect("answer");
        assert_eq!(raw.status, 403);
        assert_eq!(raw.body["code"], "owner_only");
        let seen = stub.seen();
        assert_eq!(seen[0].path, "/api/v1/vehicles/abc");
        assert_eq!(seen[0].bearer.as_deref(), Some("other"));
        assert_eq!(seen[0].body["password"], "x");
    }
}

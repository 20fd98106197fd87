//! Typed async client for the Keyfob connected-services API.
//!
//! The app, the server tests and the benchmarks all talk to the backend through this crate, so
//! the API is exercised exactly as a deployed app would use it.

mod account;
mod authkey;
mod command;
mod config;
mod error;
mod events;
mod geofence;
mod http;
mod nissanconnect;
mod sandbox;
mod session;
#[cfg(test)]
mod stub;
mod vehicle;

use std::sync::Arc;

pub use config::ClientConfig;
pub use error::ClientError;
pub use events::{EventStream, StreamEvent};
pub use http::RawResponse;
pub use session::SessionTokens;

use keyfob_core::api::account::Session;
use serde::Deserialize;
use tokio::sync::{watch, Mutex};

/// The header that carries the embedded server's launch secret.
pub const LAUNCH_SECRET_HEADER: &str = "x-keyfob-launch-secret";
/// The header that carries this installation's identifier at sign-in.
pub const DEVICE_HEADER: &str = "x-keyfob-device";

/// What the server says about itself on `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// A connection to one Keyfob server. Clones share the session.
#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// The current session; watchers learn when a refresh rotates it or a sign-out ends it.
    session: watch::Sender<Option<SessionTokens>>,
    /// Held while refreshing, so two expired calls do not both spend the refresh token.
    refreshing: Mutex<()>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ClientError> {
        let mut headers = reqwest::header::HeaderMap::new();
        let mut add = |name: &'static str, value: &str, sensitive: bool| {
            let mut value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                ClientError::Setup(format!("{name} holds characters a header cannot carry"))
            })?;
            value.set_sensitive(sensitive);
            headers.insert(name, value);
            Ok::<(), ClientError>(())
        };
        if let Some(secret) = &config.launch_secret {
            add(LAUNCH_SECRET_HEADER, secret, true)?;
        }
        if let Some(device) = &config.device_id {
            add(DEVICE_HEADER, device, false)?;
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("keyfob-client/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers)
            .build()
            .map_err(|e| ClientError::Setup(e.to_string()))?;
        let (session, _) = watch::channel(None);
        Ok(Self {
            config,
            http,
            shared: Arc::new(Shared {
                session,
                refreshing: Mutex::new(()),
            }),
        })
    }

    pub fn base_url(&self) -> &url::Url {
        &self.config.base_url
    }

    /// Asks the server whether it is up. Used to check a server address before signing in.
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.public::<(), _>(reqwest::Method::GET, &["health"], None)
            .await
    }

    /// The current session, for the app to persist in its encrypted store.
    pub fn session_tokens(&self) -> Option<SessionTokens> {
        self.shared.session.borrow().clone()
    }

    /// Resumes a session persisted earlier.
    pub fn restore_session(&self, tokens: SessionTokens) {
        self.shared.session.send_replace(Some(tokens));
    }

    /// Keeps the session's copy of the account current after the profile changed, so the
    /// saved session shows the new nickname after a restart.
    pub fn update_account(&self, account: keyfob_core::api::account::Account) {
        self.shared
            .session
            .send_if_modified(|session| match session {
                Some(tokens) if tokens.account != account => {
                    tokens.account = account;
                    true
                }
                _ => false,
            });
    }

    pub fn clear_session(&self) {
        self.shared.session.send_replace(None);
    }

    /// Notified on every change of the session (sign-in, refresh, sign-out).
    pub fn subscribe_session(&self) -> watch::Receiver<Option<SessionTokens>> {
        self.shared.session.subscribe()
    }

    pub(crate) fn store_session(&self, session: Session) -> SessionTokens {
        let tokens = SessionTokens::from(session);
        self.shared.session.send_replace(Some(tokens.clone()));
        tokens
    }
}

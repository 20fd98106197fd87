//! Typed async client for the Keyfob connected-services API.
//!
//! The app, the server tests and the benchmarks all talk to the backend through this crate, so
//! the API is exercised exactly as a deployed app would use it.

mod config;
mod error;

pub use config::ClientConfig;
pub use error::ClientError;

use serde::Deserialize;

/// What the server says about itself on `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// A connection to one Keyfob server.
#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("keyfob-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Setup(e.to_string()))?;
        Ok(Self { config, http })
    }

    pub fn base_url(&self) -> &url::Url {
        &self.config.base_url
    }

    /// Asks the server whether it is up. Used to check a server address before signing in.
    pub async fn health(&self) -> Result<Health, ClientError> {
        let url = self.config.endpoint("health")?;
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(ClientError::from_transport)?;
        error::read_json(response).await
    }
}

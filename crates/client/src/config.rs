use std::time::Duration;

use crate::ClientError;

/// Where the server is and how long to wait for it.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: url::Url,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl ClientConfig {
    /// Parses the server address a person typed. Only http and https are accepted.
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        let mut base_url = url::Url::parse(base_url.trim()).map_err(|e| {
            ClientError::InvalidAddress(format!("{base_url:?} is not a web address ({e})."))
        })?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(ClientError::InvalidAddress(format!(
                "The server address must start with http:// or https://, not {}://.",
                base_url.scheme()
            )));
        }
        // Endpoints are joined relative to the base, which needs a trailing slash to keep its path.
        if !base_url.path().ends_with('/') {
            let path = format!("{}/", base_url.path());
            base_url.set_path(&path);
        }
        Ok(Self {
            base_url,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(20),
        })
    }

    pub(crate) fn endpoint(&self, path: &str) -> Result<url::Url, ClientError> {
        self.base_url
            .join(path)
            .map_err(|e| ClientError::InvalidAddress(e.to_string()))
    }
}

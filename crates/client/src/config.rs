use std::time::Duration;

use crate::ClientError;

/// Where the server is, how long to wait for it, and what this app says about itself.
#[derive(Clone)]
pub struct ClientConfig {
    pub base_url: url::Url,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// Sent with every request to the app's own embedded server, which answers nobody else.
    pub launch_secret: Option<String>,
    /// An identifier of this installation (random, made once), so the server can tell the owner
    /// about a sign-in from a device the account never used.
    pub device_id: Option<String>,
}

impl std::fmt::Debug for ClientConfig {
    // The launch secret stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url.as_str())
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("launch_secret", &self.launch_secret.as_ref().map(|_| "…"))
            .field("device_id", &self.device_id)
            .finish()
    }
}

impl ClientConfig {
    /// Parses the server address a person typed. HTTPS, or plain HTTP to this machine only:
    /// passwords and tokens never cross a network unencrypted.
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        let mut base_url = url::Url::parse(base_url.trim()).map_err(|e| {
            ClientError::InvalidAddress(format!("{base_url:?} is not a web address ({e})."))
        })?;
        match base_url.scheme() {
            "https" => {}
            "http" if is_loopback(&base_url) => {}
            "http" => {
                return Err(ClientError::InvalidAddress(format!(
                    "Use https://{}: a server on another machine must be reached over HTTPS, \
                     or your password and tokens would cross the network unencrypted.",
                    base_url.host_str().unwrap_or_default()
                )))
            }
            other => {
                return Err(ClientError::InvalidAddress(format!(
                    "The server address must start with https:// (or http:// for this computer), not {other}://."
                )))
            }
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
            launch_secret: None,
            device_id: None,
        })
    }

    /// The app's embedded server on loopback, which answers only requests with `launch_secret`.
    pub fn embedded(base_url: &str, launch_secret: String) -> Result<Self, ClientError> {
        let mut config = Self::new(base_url)?;
        config.launch_secret = Some(launch_secret);
        Ok(config)
    }

    pub fn with_device_id(mut self, device_id: Option<String>) -> Self {
        self.device_id = device_id;
        self
    }

    pub(crate) fn endpoint(&self, path: &str) -> Result<url::Url, ClientError> {
        self.base_url
            .join(path)
            .map_err(|e| ClientError::InvalidAddress(e.to_string()))
    }
}

/// 127.0.0.0/8, ::1 or `localhost`: traffic that never leaves the machine.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_this_machine() {
        for ok in [
            "https://keyfob.example.com",
            "http://127.0.0.1:8080",
            "http://127.0.0.2",
            "http://[::1]:9000",
            "http://localhost:8080/api",
        ] {
            assert!(ClientConfig::new(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://keyfob.example.com",
            "http://192.168.1.20:8080",
            "http://localhost.example.com",
            "ftp://keyfob.example.com",
        ] {
            let error = ClientConfig::new(refused).expect_err(refused);
            assert!(matches!(error, ClientError::InvalidAddress(_)), "{refused}");
        }
    }

    #[test]
    fn the_launch_secret_never_reaches_a_log() {
        let config =
            ClientConfig::embedded("http://127.0.0.1:1", "s3cr3t-launch".into()).expect("config");
        assert!(!format!("{config:?}").contains("s3cr3t"));
    }
}

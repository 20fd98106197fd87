//! The client: HTTP settings shared by sign-in, refresh and the data-plane calls.

use std::time::Duration;

use crate::clock::Clock;
use crate::endpoints::Endpoints;
use crate::Error;

/// Settings for [`NissanConnect`]. The defaults suit production.
#[derive(Debug, Clone)]
pub struct Config {
    /// Per request during sign-in and token refresh.
    pub sign_in_timeout: Duration,
    /// Per data-plane request. The service is slow when it reads status from the car.
    pub api_timeout: Duration,
    pub user_agent: String,
    /// Used for token expiry, `Retry-After` dates and scheduling checks.
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            sign_in_timeout: Duration::from_secs(30),
            api_timeout: Duration::from_secs(60),
            user_agent: concat!("keyfob-nissanconnect/", env!("CARGO_PKG_VERSION")).to_owned(),
            clock: Clock::system(),
        }
    }
}

/// A NissanConnect client for one set of service addresses. Cheap to clone.
///
/// It holds no account state: [`NissanConnect::sign_in`] returns [`crate::Tokens`], and a
/// [`crate::Session`] makes authenticated calls with them.
#[derive(Debug, Clone)]
pub struct NissanConnect {
    pub(crate) endpoints: Endpoints,
    pub(crate) config: Config,
    /// For the Kamereon token calls and the data plane. Redirects are never followed: no
    /// answer of this service legitimately redirects, and a redirect must not carry a token
    /// elsewhere.
    pub(crate) http: reqwest::Client,
}

impl NissanConnect {
    pub fn new(endpoints: Endpoints) -> Result<Self, Error> {
        Self::with_config(endpoints, Config::default())
    }

    pub fn with_config(endpoints: Endpoints, config: Config) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.api_timeout)
            .connect_timeout(config.sign_in_timeout.min(config.api_timeout))
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(|_| Error::InvalidArgument("the HTTP client could not be set up".into()))?;
        Ok(Self {
            endpoints,
            config,
            http,
        })
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
}

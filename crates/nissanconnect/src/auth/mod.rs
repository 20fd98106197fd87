//! Signing in to MyNISSAN OneID and keeping the Kamereon tokens fresh (brief §1.1).

mod form;
mod pkce;
mod signin;
mod tokens;

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{Error, NissanConnect};

#[cfg(feature = "fake")]
pub(crate) use pkce::random_token;
pub use pkce::s256_challenge;

/// The MyNISSAN app's OAuth client. A public client: it has no secret.
pub const CLIENT_ID: &str = "ZM3WK7ax1OtQKYQ8Qqzcv5VgiA8a";
/// Where OneID sends the browser back to the app; never requested, only recognised.
pub const REDIRECT_URI: &str = "com://wso2.service.nci";
pub const ONEID_SCOPE: &str = "openid name profile email offline_access";
pub const KAMEREON_SCOPE: &str = "openid profile vehicles";
pub(crate) const LOCALE: &str = "en_GB";
pub(crate) const BRAND: &str = "Nissan";
pub(crate) const APP_CLIENT: &str = "mynissanapp";
pub(crate) const PLATFORM: &str = "Android";

/// The Kamereon tokens for one account.
///
/// Serializable so that a server can seal them at rest; `Debug` never shows them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
    /// When the access token expires, in Unix seconds.
    pub expires_at: i64,
}

/// Refresh this long before the stated expiry, so a token does not lapse between the check
/// and the service reading it.
const EXPIRY_MARGIN_SECONDS: i64 = 30;

impl Tokens {
    /// Whether the access token has expired (or is about to) at `now`.
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        now.unix_timestamp() >= self.expires_at.saturating_sub(EXPIRY_MARGIN_SECONDS)
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl NissanConnect {
    /// Signs in with a MyNISSAN account and returns Kamereon tokens.
    ///
    /// Runs the OneID flow: authorize with PKCE, the WSO2 login form, the app callback, the
    /// OneID token, then its exchange for Kamereon tokens. The password is only ever sent to
    /// the login service's own address, and only in the form post; it appears in no error.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<Tokens, Error> {
        signin::sign_in(self, email, password).await
    }

    /// Exchanges the refresh token for a new access token. When the answer carries no new
    /// refresh token the old one is kept. A refusal is [`Error::ReauthRequired`].
    pub async fn refresh(&self, tokens: &Tokens) -> Result<Tokens, Error> {
        tokens::refresh(self, tokens).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_both_tokens() {
        let tokens = Tokens {
            access_token: "access-secret".into(),
            refresh_token: "refresh-secret".into(),
            expires_at: 1_900_000_000,
        };
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("1900000000"));
    }

    #[test]
    fn expiry_has_a_margin() {
        let tokens = Tokens {
            access_token: "a".into(),
            refresh_token: "r".into(),
            expires_at: 1_000,
        };
        let at = |s: i64| OffsetDateTime::from_unix_timestamp(s).expect("valid");
        assert!(!tokens.is_expired(at(969)));
        assert!(tokens.is_expired(at(970)));
        assert!(tokens.is_expired(at(2_000)));
    }
}

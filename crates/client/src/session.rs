//! The signed-in session the client holds: tokens live here, in Rust, never in a web view.

use keyfob_core::api::account::{Account, Session};

/// What the app persists (encrypted) to stay signed in across restarts.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionTokens {
    pub access_token: String,
    pub access_expires_at: String,
    pub refresh_token: String,
    pub session_expires_at: String,
    pub account: Account,
}

impl std::fmt::Debug for SessionTokens {
    // Never print a token, even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTokens")
            .field("access_expires_at", &self.access_expires_at)
            .field("session_expires_at", &self.session_expires_at)
            .field("account", &self.account.id)
            .finish_non_exhaustive()
    }
}

impl From<Session> for SessionTokens {
    fn from(session: Session) -> Self {
        Self {
            access_token: session.access_token,
            access_expires_at: session.access_expires_at,
            refresh_token: session.refresh_token,
            session_expires_at: session.session_expires_at,
            account: session.account,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyfob_core::account::Region;

    #[test]
    fn debug_output_never_shows_tokens() {
        let tokens = SessionTokens {
            access_token: "secret-access".into(),
            access_expires_at: "2026-11-22T12:15:00Z".into(),
            refresh_token: "secret-refresh".into(),
            session_expires_at: "2026-12-22T12:00:00Z".into(),
            account: Account {
                id: "acc_1".into(),
                email: "a@example.com".into(),
                email_confirmed: true,
                nickname: "anna".into(),
                region: Region::Eu,
                phone: None,
                phone_changed_at: None,
                pin_set: false,
                created_at: "2026-11-22T12:00:00Z".into(),
            },
        };
        let printed = format!("{tokens:?}");
        assert!(!printed.contains("secret"));
        assert!(printed.contains("acc_1"));
    }
}

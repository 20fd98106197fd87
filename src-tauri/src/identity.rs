//! "Is it really you?" before unlocking the car or starting its engine. The server decides: it
//! checks the account password or the app PIN (which it holds only as a hash) and grants this
//! session a five-minute step-up, which it demands for those commands. The app mirrors the
//! grant so it can ask before sending instead of after a refusal; the server's word is final.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use keyfob_core::command::IDENTITY_FRESH_SECONDS;

use crate::error::{codes, AppError, AppResult};

/// The step-up the server granted to the signed-in account in this run of the app.
#[derive(Debug, Default)]
pub struct RecentIdentity {
    granted: Mutex<Option<(String, Instant)>>,
}

impl RecentIdentity {
    /// Records a grant the server just gave; it runs out a little before the server's does, so
    /// the app never sends on a grant the server no longer holds.
    pub fn confirm(&self, account_id: &str) {
        let until = Instant::now() + Duration::from_secs(IDENTITY_FRESH_SECONDS.saturating_sub(5));
        *self.lock() = Some((account_id.to_owned(), until));
    }

    pub fn forget(&self) {
        *self.lock() = None;
    }

    /// Seconds the grant still covers for this account; `None` if it does not.
    pub fn seconds_left(&self, account_id: &str) -> Option<u64> {
        let guard = self.lock();
        let (who, until) = guard.as_ref()?;
        let left = until.checked_duration_since(Instant::now())?;
        (who == account_id && !left.is_zero()).then(|| left.as_secs().max(1))
    }

    pub fn require(&self, account_id: &str) -> AppResult<()> {
        match self.seconds_left(account_id) {
            Some(_) => Ok(()),
            None => Err(AppError::new(
                codes::IDENTITY_REQUIRED,
                "Confirm it is you: enter your account password or your app PIN.",
            )),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(String, Instant)>> {
        self.granted.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_covers_one_account_for_under_five_minutes() {
        let identity = RecentIdentity::default();
        assert!(identity.require("acc_1").is_err());
        identity.confirm("acc_1");
        assert!(identity.require("acc_1").is_ok());
        assert!(identity.seconds_left("acc_1").expect("fresh") < IDENTITY_FRESH_SECONDS);
        assert!(identity.require("acc_2").is_err());
        identity.forget();
        assert!(identity.require("acc_1").is_err());
    }
}

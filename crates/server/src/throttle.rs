//! Limits on repeated attempts. Those that guard passwords and lookups are counted in the
//! database ([`Persisted`]): a restart must not hand a guesser fresh tries. The rest (resending
//! mail, refreshing a car) are kept in memory, where a restart only gives a person their next
//! try sooner.

use std::{collections::HashMap, sync::Mutex};

use keyfob_core::ErrorCode;

use crate::{
    db::{AttemptLimit, Db},
    error::{ServerError, ServerResult},
};

/// A limit counted in the database: at most `limit` attempts per `window_seconds` for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Persisted {
    pub bucket: &'static str,
    pub limit: usize,
    pub window_seconds: i64,
}

impl Persisted {
    pub fn on(self, key: &str) -> AttemptLimit<'_> {
        AttemptLimit {
            bucket: self.bucket,
            key,
            limit: self.limit,
            window_seconds: self.window_seconds,
        }
    }
}

/// Failed sign-ins and password checks per account: 5 per 15 minutes.
pub const SIGN_IN_PER_ACCOUNT: Persisted = Persisted {
    bucket: "sign_in_account",
    limit: 5,
    window_seconds: 15 * 60,
};
/// Failed sign-ins per client address: 20 per 15 minutes.
pub const SIGN_IN_PER_ADDRESS: Persisted = Persisted {
    bucket: "sign_in_address",
    limit: 20,
    window_seconds: 15 * 60,
};
/// VIN lookups and link attempts per account: 30 an hour, far above a person checking their
/// cars and far below walking the manufacturer database.
pub const LOOKUPS_PER_ACCOUNT: Persisted = Persisted {
    bucket: "vin_lookup",
    limit: 30,
    window_seconds: 60 * 60,
};
/// Registrations per client address: 10 an hour.
pub const REGISTRATIONS_PER_ADDRESS: Persisted = Persisted {
    bucket: "registration",
    limit: 10,
    window_seconds: 60 * 60,
};
/// NissanConnect sign-ins per Keyfob account: 5 per 15 minutes, so Keyfob never makes Nissan
/// lock an owner's account by trying for them.
pub const NISSANCONNECT_SIGN_IN_PER_ACCOUNT: Persisted = Persisted {
    bucket: "nissanconnect_sign_in",
    limit: 5,
    window_seconds: 15 * 60,
};
/// The longest window of the persisted limits: older attempts can be pruned.
pub const LONGEST_PERSISTED_WINDOW: i64 = 60 * 60;

/// Counts an attempt against `limits` before the work they guard; refuses with `code` and
/// `message(seconds to wait)` when one is used up. The reservations come back, to be released
/// if the attempt did not fail.
pub async fn reserve(
    db: &Db,
    limits: &[AttemptLimit<'_>],
    now: i64,
    code: ErrorCode,
    message: impl Fn(u32) -> String,
) -> ServerResult<Vec<i64>> {
    db.reserve_attempts(limits, now)
        .await?
        .map_err(|wait| ServerError::throttled(code, message(wait), wait))
}

/// At most `limit` events per `window_seconds` for one key.
#[derive(Debug)]
pub struct Throttle {
    limit: usize,
    window_seconds: i64,
    events: Mutex<HashMap<String, Vec<i64>>>,
}

impl Throttle {
    pub fn new(limit: usize, window_seconds: i64) -> Self {
        Self {
            limit,
            window_seconds,
            events: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds)` to wait when the key has used up its window.
    pub fn check(&self, key: &str, now: i64) -> Result<(), u32> {
        let mut events = self.lock();
        let Some(times) = events.get_mut(key) else {
            return Ok(());
        };
        times.retain(|&t| t > now - self.window_seconds);
        if times.len() < self.limit {
            return Ok(());
        }
        // The window frees up when the oldest counted event leaves it.
        let oldest = times[times.len() - self.limit];
        let wait = (oldest + self.window_seconds - now).max(1);
        Err(u32::try_from(wait).unwrap_or(u32::MAX))
    }

    pub fn record(&self, key: &str, now: i64) {
        let mut events = self.lock();
        let times = events.entry(key.to_owned()).or_default();
        times.retain(|&t| t > now - self.window_seconds);
        times.push(now);
    }

    pub fn clear(&self, key: &str) {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<i64>>> {
        // A panic while holding the lock leaves only counters behind; keep using them.
        self.events.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The server's limits kept in memory, with the numbers in one place.
#[derive(Debug)]
pub struct Throttles {
    /// Confirmation emails per address: one a minute.
    pub resend_minute: Throttle,
    /// … and five a day.
    pub resend_day: Throttle,
    /// Password-reset emails per address: three an hour, silently (the answer must not differ).
    pub reset_mail: Throttle,
    /// Status refreshes per car: one a minute, since each wakes the car.
    pub status_refresh: Throttle,
    /// Remote commands per car: ten per ten minutes.
    pub commands: Throttle,
}

impl Default for Throttles {
    fn default() -> Self {
        Self::with_command_window(10 * 60)
    }
}

impl Throttles {
    /// The limits, with the remote-command window given in wall seconds: ten minutes of car
    /// time, which a sandbox running its cars faster makes shorter.
    pub fn with_command_window(command_window_seconds: i64) -> Self {
        Self {
            resend_minute: Throttle::new(1, 60),
            resend_day: Throttle::new(5, 24 * 60 * 60),
            reset_mail: Throttle::new(3, 60 * 60),
            status_refresh: Throttle::new(1, 60),
            commands: Throttle::new(10, command_window_seconds.max(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_until_the_oldest_event_ages_out() {
        let throttle = Throttle::new(3, 100);
        for t in [0, 10, 20] {
            assert_eq!(throttle.check("a", t), Ok(()));
            throttle.record("a", t);
        }
        assert_eq!(throttle.check("a", 30), Err(70));
        assert_eq!(throttle.check("b", 30), Ok(()));
        assert_eq!(throttle.check("a", 100), Ok(()));
        throttle.clear("a");
        assert_eq!(throttle.check("a", 31), Ok(()));
    }
}

//! The activation of a new vehicle link: the owner links the car in the app, then confirms on the
//! car's screen, then the car synchronises with the account.

use serde::{Deserialize, Serialize};

/// How long a link may wait for the Confirm press on the car before it expires (wall-clock time).
pub const CONFIRM_WINDOW_SECONDS: i64 = 24 * 60 * 60;
/// The car's synchronisation after Confirm takes this long in vehicle time, before time scaling.
pub const SYNC_MIN_VEHICLE_SECONDS: u32 = 60;
pub const SYNC_MAX_VEHICLE_SECONDS: u32 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivationState {
    /// Linked in the app; the car's screen shows the confirmation prompt.
    Pending,
    /// Confirmed in the car; the car is synchronising with the account.
    Confirming,
    /// Synchronised: remote services can be used (as the subscription allows).
    Active,
    /// Nobody confirmed in the car within 24 hours; the link must be started again.
    Expired,
}

/// The instants (Unix seconds) that decide a link's activation state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivationTimes {
    pub linked_at: i64,
    pub confirmed_at: Option<i64>,
    /// When the synchronisation finishes; set together with `confirmed_at`.
    pub synced_at: Option<i64>,
}

impl ActivationTimes {
    /// The state at `now`. Pure so the server, the app's offline cache and the tests agree.
    pub fn state_at(&self, now: i64) -> ActivationState {
        match (self.confirmed_at, self.synced_at) {
            (Some(_), Some(synced_at)) if now >= synced_at => ActivationState::Active,
            (Some(_), _) => ActivationState::Confirming,
            (None, _) if now >= self.expires_at() => ActivationState::Expired,
            (None, _) => ActivationState::Pending,
        }
    }

    /// When an unconfirmed link expires.
    pub fn expires_at(&self) -> i64 {
        self.linked_at.saturating_add(CONFIRM_WINDOW_SECONDS)
    }
}

/// Wall-clock seconds a synchronisation of `vehicle_seconds` takes when vehicle time runs
/// `time_scale` times faster than real time. Never less than a millisecond's worth of zero: a
/// huge scale makes it immediate.
pub fn scaled_seconds(vehicle_seconds: u32, time_scale: f64) -> f64 {
    f64::from(vehicle_seconds) / effective_time_scale(time_scale)
}

/// The time scale to use: a setting that is not a positive number means real time (1).
pub fn effective_time_scale(time_scale: f64) -> f64 {
    if time_scale.is_finite() && time_scale > 0.0 {
        time_scale
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINKED: i64 = 1_800_000_000;

    #[test]
    fn pending_until_the_window_closes_then_expired() {
        let times = ActivationTimes {
            linked_at: LINKED,
            confirmed_at: None,
            synced_at: None,
        };
        assert_eq!(times.state_at(LINKED), ActivationState::Pending);
        assert_eq!(
            times.state_at(LINKED + CONFIRM_WINDOW_SECONDS - 1),
            ActivationState::Pending
        );
        assert_eq!(
            times.state_at(LINKED + CONFIRM_WINDOW_SECONDS),
            ActivationState::Expired
        );
    }

    #[test]
    fn confirming_until_synchronised_even_past_the_window() {
        let times = ActivationTimes {
            linked_at: LINKED,
            confirmed_at: Some(LINKED + 100),
            synced_at: Some(LINKED + 400),
        };
        assert_eq!(times.state_at(LINKED + 399), ActivationState::Confirming);
        assert_eq!(times.state_at(LINKED + 400), ActivationState::Active);
        assert_eq!(
            times.state_at(LINKED + CONFIRM_WINDOW_SECONDS * 2),
            ActivationState::Active
        );
    }

    #[test]
    fn time_scale_divides_vehicle_time() {
        assert_eq!(scaled_seconds(300, 60.0), 5.0);
        assert_eq!(scaled_seconds(60, 1.0), 60.0);
        assert_eq!(scaled_seconds(60, 0.0), 60.0);
        assert_eq!(scaled_seconds(60, f64::NAN), 60.0);
    }
}

//! Subscription tiers and the dates they follow.

use serde::{Deserialize, Serialize};

/// What a vehicle's connected services are paid by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The complimentary trial bundled with a new car: 1–3 years from first registration.
    Trial,
    /// Paid.
    Premium,
    /// Free: account management and vehicle health history; no remote services.
    Basic,
}

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::Trial => "Trial",
            Tier::Premium => "Premium",
            Tier::Basic => "Basic",
        }
    }

    /// Trial and Premium carry the paid remote services.
    pub fn includes_remote_services(self) -> bool {
        matches!(self, Tier::Trial | Tier::Premium)
    }
}

/// The dates (Unix seconds) a vehicle's subscription follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubscriptionDates {
    pub trial_ends_at: i64,
    pub premium_ends_at: Option<i64>,
    pub warranty_ends_at: i64,
}

impl SubscriptionDates {
    /// The tier in force at `now`. Premium wins over a trial still running.
    pub fn tier_at(&self, now: i64) -> Tier {
        match self.premium_ends_at {
            Some(end) if now < end => Tier::Premium,
            _ if now < self.trial_ends_at => Tier::Trial,
            _ => Tier::Basic,
        }
    }

    pub fn warranty_active_at(&self, now: i64) -> bool {
        now < self.warranty_ends_at
    }
}

/// How many years of Premium one purchase may add.
pub const PREMIUM_YEARS: std::ops::RangeInclusive<u8> = 1..=3;

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn premium_then_trial_then_basic() {
        let dates = SubscriptionDates {
            trial_ends_at: NOW + 10,
            premium_ends_at: Some(NOW + 5),
            warranty_ends_at: NOW,
        };
        assert_eq!(dates.tier_at(NOW), Tier::Premium);
        assert_eq!(dates.tier_at(NOW + 5), Tier::Trial);
        assert_eq!(dates.tier_at(NOW + 10), Tier::Basic);
        assert!(!dates.warranty_active_at(NOW));
        assert!(dates.warranty_active_at(NOW - 1));
    }
}

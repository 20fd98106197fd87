//! Electric cars: remote charging and remote climate. An EV has no engine to idle, so climate
//! runs from the traction battery and is judged on the charge left and whether a charger feeds it.

use super::{FailureReason, CLIMATE_MAX_C, CLIMATE_MIN_C};
use crate::error::Error;

/// Without a charger, climate is refused at or below this charge: heating a cabin from an
/// almost empty battery could leave the owner unable to drive.
pub const CLIMATE_MIN_CHARGE_PERCENT: u8 = 20;
/// Climate runs this long on the battery alone, then stops by itself (as Nissan's EVs do).
pub const CLIMATE_RUN_SECONDS: u32 = 15 * 60;
/// On a charger the car keeps the cabin ready this long.
pub const CLIMATE_RUN_PLUGGED_SECONDS: u32 = 2 * 60 * 60;
/// A climate start can be set at most this far ahead (the car keeps one timer).
pub const CLIMATE_SCHEDULE_MAX_SECONDS: i64 = 7 * 24 * 60 * 60;
/// The charge limit an owner may set in the car, in percent.
pub const CHARGE_LIMIT_MIN_PERCENT: u8 = 50;
pub const CHARGE_LIMIT_MAX_PERCENT: u8 = 100;

/// What the server knows of an EV when charging or climate is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvFacts {
    pub electric: bool,
    pub telematics_online: bool,
    pub plugged_in: bool,
    pub charging: bool,
    pub charge_percent: u8,
    /// Where charging stops by itself (100 when the car has no limit set).
    pub limit_percent: u8,
    /// The climate runs, or is set to start later (either can be switched off).
    pub climate_on: bool,
}

/// Why a charging or climate command is refused, first failing precondition first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvRefusal {
    NotElectric,
    Offline,
    NotPluggedIn,
    AlreadyCharging,
    NotCharging,
    ChargeComplete {
        percent: u8,
        limit: u8,
    },
    ClimateTarget {
        given: u8,
    },
    /// The chosen start time is not in the future, or too far ahead, or not a time at all.
    ClimateStartTime,
    ClimateChargeLow {
        percent: u8,
    },
    ClimateNotOn,
}

impl EvRefusal {
    /// The reason the command records, where the car itself could have given it.
    pub fn failure_reason(self) -> Option<FailureReason> {
        Some(match self {
            Self::NotPluggedIn => FailureReason::NotPluggedIn,
            Self::AlreadyCharging => FailureReason::AlreadyCharging,
            Self::NotCharging => FailureReason::NotCharging,
            Self::ChargeComplete { .. } => FailureReason::ChargeComplete,
            Self::ClimateChargeLow { .. } => FailureReason::ClimateChargeLow,
            Self::ClimateNotOn => FailureReason::ClimateNotOn,
            Self::NotElectric
            | Self::Offline
            | Self::ClimateTarget { .. }
            | Self::ClimateStartTime => return None,
        })
    }
}

impl From<EvRefusal> for Error {
    fn from(refusal: EvRefusal) -> Error {
        Error::Ev(refusal)
    }
}

fn first(checks: &[(bool, EvRefusal)]) -> Result<(), EvRefusal> {
    match checks.iter().find(|(failed, _)| *failed) {
        Some((_, refusal)) => Err(*refusal),
        None => Ok(()),
    }
}

pub fn check_charge_start(facts: &EvFacts) -> Result<(), EvRefusal> {
    first(&[
        (!facts.electric, EvRefusal::NotElectric),
        (!facts.telematics_online, EvRefusal::Offline),
        (!facts.plugged_in, EvRefusal::NotPluggedIn),
        (facts.charging, EvRefusal::AlreadyCharging),
        (
            facts.charge_percent >= facts.limit_percent,
            EvRefusal::ChargeComplete {
                percent: facts.charge_percent,
                limit: facts.limit_percent,
            },
        ),
    ])
}

pub fn check_charge_stop(facts: &EvFacts) -> Result<(), EvRefusal> {
    first(&[
        (!facts.electric, EvRefusal::NotElectric),
        (!facts.telematics_online, EvRefusal::Offline),
        (!facts.charging, EvRefusal::NotCharging),
    ])
}

/// Climate on, now (`start_at` None) or at a time `start_at` (Unix seconds) after `now`.
/// Turning it on while it runs sets the new target; that is not a refusal.
pub fn check_climate_on(
    facts: &EvFacts,
    target_c: u8,
    start_at: Option<i64>,
    now: i64,
) -> Result<(), EvRefusal> {
    let bad_time = start_at.is_some_and(|at| at <= now || at - now > CLIMATE_SCHEDULE_MAX_SECONDS);
    first(&[
        (!facts.electric, EvRefusal::NotElectric),
        (
            !(CLIMATE_MIN_C..=CLIMATE_MAX_C).contains(&target_c),
            EvRefusal::ClimateTarget { given: target_c },
        ),
        (bad_time, EvRefusal::ClimateStartTime),
        (!facts.telematics_online, EvRefusal::Offline),
        // A scheduled start is judged again by the car when it comes; the charge may rise by then.
        (
            start_at.is_none()
                && !facts.plugged_in
                && facts.charge_percent <= CLIMATE_MIN_CHARGE_PERCENT,
            EvRefusal::ClimateChargeLow {
                percent: facts.charge_percent,
            },
        ),
    ])
}

pub fn check_climate_off(facts: &EvFacts) -> Result<(), EvRefusal> {
    first(&[
        (!facts.electric, EvRefusal::NotElectric),
        (!facts.telematics_online, EvRefusal::Offline),
        (!facts.climate_on, EvRefusal::ClimateNotOn),
    ])
}

/// Parses a climate start time (RFC 3339) into Unix seconds.
pub fn parse_start_at(text: &str) -> Result<i64, EvRefusal> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| at.timestamp())
        .map_err(|_| EvRefusal::ClimateStartTime)
}

pub(crate) fn message(refusal: EvRefusal) -> String {
    use EvRefusal as R;
    match refusal {
        R::NotElectric => "This car has an engine, not a traction battery: charging and battery climate are for electric cars. Use remote start for its climate.".into(),
        R::Offline => "The car is out of mobile coverage, so it cannot be reached. Try again when it is parked where a phone has signal.".into(),
        R::NotPluggedIn => "The car is not plugged in. Connect the charging cable, then start charging.".into(),
        R::AlreadyCharging => "The car is already charging.".into(),
        R::NotCharging => "The car is not charging, so there is nothing to stop.".into(),
        R::ChargeComplete { percent, limit } if limit >= 100 => format!("The battery is full ({percent} %)."),
        R::ChargeComplete { percent, limit } => format!("The battery is at {percent} %, at or above its charge limit of {limit} %. Raise the limit in the car to charge further."),
        R::ClimateTarget { given } => format!("Choose a climate target from {CLIMATE_MIN_C} to {CLIMATE_MAX_C} °C, not {given} °C."),
        R::ClimateStartTime => "Choose a start time in the future, within the next 7 days.".into(),
        R::ClimateChargeLow { percent } => format!("The battery is at {percent} %; climate without a charger needs more than {CLIMATE_MIN_CHARGE_PERCENT} %. Plug the car in, then try again."),
        R::ClimateNotOn => "The climate is not running, so there is nothing to stop.".into(),
    }
}

pub(crate) fn code(refusal: EvRefusal) -> crate::ErrorCode {
    use crate::ErrorCode as C;
    use EvRefusal as R;
    match refusal {
        R::NotElectric => C::NotElectric,
        R::Offline => C::VehicleOffline,
        R::NotPluggedIn => C::NotPluggedIn,
        R::AlreadyCharging => C::AlreadyCharging,
        R::NotCharging => C::NotCharging,
        R::ChargeComplete { .. } => C::ChargeComplete,
        R::ClimateTarget { .. } => C::ClimateTargetRange,
        R::ClimateStartTime => C::ClimateStartTime,
        R::ClimateChargeLow { .. } => C::ClimateChargeLow,
        R::ClimateNotOn => C::ClimateNotOn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    const NOW: i64 = 1_795_428_000; // 2026-11-23T10:00:00Z

    fn plugged() -> EvFacts {
        EvFacts {
            electric: true,
            telematics_online: true,
            plugged_in: true,
            charging: false,
            charge_percent: 40,
            limit_percent: 100,
            climate_on: false,
        }
    }

    fn code_of(result: Result<(), EvRefusal>) -> Option<ErrorCode> {
        result.err().map(|r| Error::from(r).code())
    }

    #[test]
    fn charging_starts_only_plugged_in_below_the_limit() {
        assert_eq!(check_charge_start(&plugged()), Ok(()));
        let unplugged = EvFacts {
            plugged_in: false,
            ..plugged()
        };
        assert_eq!(
            code_of(check_charge_start(&unplugged)),
            Some(ErrorCode::NotPluggedIn)
        );
        let charging = EvFacts {
            charging: true,
            ..plugged()
        };
        assert_eq!(
            code_of(check_charge_start(&charging)),
            Some(ErrorCode::AlreadyCharging)
        );
        let at_limit = EvFacts {
            charge_percent: 80,
            limit_percent: 80,
            ..plugged()
        };
        let refusal = check_charge_start(&at_limit).expect_err("at the limit");
        assert!(Error::from(refusal).to_string().contains("limit of 80 %"));
        let full = EvFacts {
            charge_percent: 100,
            ..plugged()
        };
        assert_eq!(
            Error::from(check_charge_start(&full).expect_err("full")).to_string(),
            "The battery is full (100 %)."
        );
        let petrol = EvFacts {
            electric: false,
            ..plugged()
        };
        assert_eq!(
            code_of(check_charge_start(&petrol)),
            Some(ErrorCode::NotElectric)
        );
        let offline = EvFacts {
            telematics_online: false,
            ..plugged()
        };
        assert_eq!(
            code_of(check_charge_start(&offline)),
            Some(ErrorCode::VehicleOffline)
        );
    }

    #[test]
    fn charging_stops_only_while_charging() {
        assert_eq!(
            code_of(check_charge_stop(&plugged())),
            Some(ErrorCode::NotCharging)
        );
        assert_eq!(
            check_charge_stop(&EvFacts {
                charging: true,
                ..plugged()
            }),
            Ok(())
        );
    }

    #[test]
    fn climate_needs_a_target_in_range_and_charge_or_a_charger() {
        assert_eq!(check_climate_on(&plugged(), 21, None, NOW), Ok(()));
        assert_eq!(check_climate_on(&plugged(), 16, None, NOW), Ok(()));
        assert_eq!(check_climate_on(&plugged(), 26, None, NOW), Ok(()));
        for bad in [15, 27, 0] {
            assert_eq!(
                code_of(check_climate_on(&plugged(), bad, None, NOW)),
                Some(ErrorCode::ClimateTargetRange)
            );
        }
        let low = EvFacts {
            plugged_in: false,
            charge_percent: 20,
            ..plugged()
        };
        assert_eq!(
            code_of(check_climate_on(&low, 21, None, NOW)),
            Some(ErrorCode::ClimateChargeLow)
        );
        let enough = EvFacts {
            plugged_in: false,
            charge_percent: 21,
            ..plugged()
        };
        assert_eq!(check_climate_on(&enough, 21, None, NOW), Ok(()));
        // On a charger the level does not matter.
        let low_plugged = EvFacts {
            charge_percent: 5,
            ..plugged()
        };
        assert_eq!(check_climate_on(&low_plugged, 21, None, NOW), Ok(()));
        // Already on: a new target, not a refusal.
        assert_eq!(
            check_climate_on(
                &EvFacts {
                    climate_on: true,
                    ..plugged()
                },
                22,
                None,
                NOW
            ),
            Ok(())
        );
    }

    #[test]
    fn a_climate_start_time_is_in_the_next_seven_days() {
        assert_eq!(
            check_climate_on(&plugged(), 21, Some(NOW + 60), NOW),
            Ok(())
        );
        assert_eq!(
            check_climate_on(
                &plugged(),
                21,
                Some(NOW + CLIMATE_SCHEDULE_MAX_SECONDS),
                NOW
            ),
            Ok(())
        );
        for bad in [NOW, NOW - 1, NOW + CLIMATE_SCHEDULE_MAX_SECONDS + 1] {
            assert_eq!(
                code_of(check_climate_on(&plugged(), 21, Some(bad), NOW)),
                Some(ErrorCode::ClimateStartTime)
            );
        }
        // A timer is judged on charge when it fires, not now.
        let low = EvFacts {
            plugged_in: false,
            charge_percent: 10,
            ..plugged()
        };
        assert_eq!(check_climate_on(&low, 21, Some(NOW + 3600), NOW), Ok(()));
        assert_eq!(parse_start_at("2026-11-23T11:00:00Z"), Ok(NOW + 3600));
        assert_eq!(parse_start_at("2026-11-23T12:00:00+01:00"), Ok(NOW + 3600));
        assert_eq!(parse_start_at("tomorrow"), Err(EvRefusal::ClimateStartTime));
    }

    #[test]
    fn climate_stops_only_while_on() {
        assert_eq!(
            code_of(check_climate_off(&plugged())),
            Some(ErrorCode::ClimateNotOn)
        );
        assert_eq!(
            check_climate_off(&EvFacts {
                climate_on: true,
                ..plugged()
            }),
            Ok(())
        );
    }

    #[test]
    fn car_side_refusals_have_a_failure_reason() {
        assert_eq!(
            EvRefusal::NotPluggedIn.failure_reason(),
            Some(FailureReason::NotPluggedIn)
        );
        assert_eq!(EvRefusal::Offline.failure_reason(), None);
    }
}

//! Remote engine start: the preconditions a car must meet, and the limits on how often.

use serde::{Deserialize, Serialize};

use super::FailureReason;
use crate::error::Error;

/// A remote start runs 10 minutes; one extension adds 10 more.
pub const ENGINE_RUN_SECONDS: u32 = 10 * 60;
/// Starts and extensions allowed between two ignition cycles (two starts, or a start and its
/// extension), as the car's own immobiliser logic allows.
pub const MAX_REMOTE_STARTS_PER_CYCLE: u8 = 2;
/// Below 12.0 V a start could leave the car unable to start again.
pub const MIN_12V_MILLIVOLTS: u32 = 12_000;
/// At or below this fuel or charge level the car refuses to idle.
pub const MIN_ENERGY_PERCENT: u8 = 10;
pub const CLIMATE_MIN_C: u8 = 16;
pub const CLIMATE_MAX_C: u8 = 26;

/// What the server knows of the car when a start is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineStartFacts {
    pub telematics_online: bool,
    pub ignition_on: bool,
    pub in_park: bool,
    pub hood_open: bool,
    pub door_open: bool,
    pub all_locked: bool,
    pub hazards_on: bool,
    pub alarm_triggered: bool,
    pub battery_12v_millivolts: u32,
    pub energy_percent: u8,
    pub engine_running: bool,
    pub budget: RemoteStartBudget,
}

/// Remote starts and extensions used since the last ignition cycle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RemoteStartBudget {
    pub used: u8,
}

impl RemoteStartBudget {
    pub fn remaining(self) -> u8 {
        MAX_REMOTE_STARTS_PER_CYCLE.saturating_sub(self.used)
    }
}

/// Why a remote start is refused, first failing precondition first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineStartRefusal {
    ClimateTarget { given: u8 },
    Offline,
    AlreadyRunning,
    IgnitionOn,
    NotInPark,
    HoodOpen,
    DoorOpen,
    DoorsUnlocked,
    HazardsOn,
    AlarmTriggered,
    BatteryLow { millivolts: u32 },
    FuelLow { percent: u8 },
    LimitReached,
}

impl EngineStartRefusal {
    /// The reason the command records, where the car itself could have given it.
    pub fn failure_reason(self) -> Option<FailureReason> {
        Some(match self {
            Self::ClimateTarget { .. } | Self::Offline => return None,
            Self::AlreadyRunning => FailureReason::EngineAlreadyRunning,
            Self::IgnitionOn => FailureReason::IgnitionOn,
            Self::NotInPark => FailureReason::NotInPark,
            Self::HoodOpen => FailureReason::HoodOpen,
            Self::DoorOpen => FailureReason::DoorOpen,
            Self::DoorsUnlocked => FailureReason::DoorsUnlocked,
            Self::HazardsOn => FailureReason::HazardsOn,
            Self::AlarmTriggered => FailureReason::AlarmTriggered,
            Self::BatteryLow { .. } => FailureReason::BatteryLow,
            Self::FuelLow { .. } => FailureReason::FuelLow,
            Self::LimitReached => FailureReason::StartLimitReached,
        })
    }
}

impl From<EngineStartRefusal> for Error {
    fn from(refusal: EngineStartRefusal) -> Error {
        Error::EngineStart(refusal)
    }
}

/// Checks every precondition of a remote start, in the order a person would fix them.
pub fn check_engine_start(
    facts: &EngineStartFacts,
    climate_target_c: u8,
) -> Result<(), EngineStartRefusal> {
    match engine_start_problems(facts, climate_target_c).first() {
        Some(refusal) => Err(*refusal),
        None => Ok(()),
    }
}

/// Every precondition a remote start fails, in the order a person would fix them, so the app
/// can show them all before anything is sent.
pub fn engine_start_problems(
    facts: &EngineStartFacts,
    climate_target_c: u8,
) -> Vec<EngineStartRefusal> {
    use EngineStartRefusal as R;
    let checks = [
        (
            !(CLIMATE_MIN_C..=CLIMATE_MAX_C).contains(&climate_target_c),
            R::ClimateTarget {
                given: climate_target_c,
            },
        ),
        (!facts.telematics_online, R::Offline),
        // Someone is in the car: that, not the engine it started, is the reason.
        (facts.ignition_on, R::IgnitionOn),
        (facts.engine_running, R::AlreadyRunning),
        (!facts.in_park, R::NotInPark),
        (facts.hood_open, R::HoodOpen),
        (facts.door_open, R::DoorOpen),
        (!facts.all_locked, R::DoorsUnlocked),
        (facts.hazards_on, R::HazardsOn),
        (facts.alarm_triggered, R::AlarmTriggered),
        (
            facts.battery_12v_millivolts < MIN_12V_MILLIVOLTS,
            R::BatteryLow {
                millivolts: facts.battery_12v_millivolts,
            },
        ),
        (
            facts.energy_percent <= MIN_ENERGY_PERCENT,
            R::FuelLow {
                percent: facts.energy_percent,
            },
        ),
        (facts.budget.remaining() == 0, R::LimitReached),
    ];
    checks
        .into_iter()
        .filter(|(failed, _)| *failed)
        .map(|(_, refusal)| refusal)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn ready() -> EngineStartFacts {
        EngineStartFacts {
            telematics_online: true,
            ignition_on: false,
            in_park: true,
            hood_open: false,
            door_open: false,
            all_locked: true,
            hazards_on: false,
            alarm_triggered: false,
            battery_12v_millivolts: 12_600,
            energy_percent: 60,
            engine_running: false,
            budget: RemoteStartBudget::default(),
        }
    }

    #[test]
    fn a_ready_car_starts() {
        assert_eq!(check_engine_start(&ready(), 21), Ok(()));
        assert_eq!(check_engine_start(&ready(), 16), Ok(()));
        assert_eq!(check_engine_start(&ready(), 26), Ok(()));
    }

    type Breaker = fn(&mut EngineStartFacts);

    #[test]
    fn each_precondition_refuses_with_its_own_code() {
        let cases: Vec<(Breaker, ErrorCode)> = vec![
            (|f| f.telematics_online = false, ErrorCode::VehicleOffline),
            (|f| f.engine_running = true, ErrorCode::EngineAlreadyRunning),
            (|f| f.ignition_on = true, ErrorCode::IgnitionOn),
            (|f| f.in_park = false, ErrorCode::NotInPark),
            (|f| f.hood_open = true, ErrorCode::HoodOpen),
            (|f| f.door_open = true, ErrorCode::DoorOpen),
            (|f| f.all_locked = false, ErrorCode::DoorsUnlocked),
            (|f| f.hazards_on = true, ErrorCode::HazardsOn),
            (|f| f.alarm_triggered = true, ErrorCode::AlarmTriggered),
            (|f| f.battery_12v_millivolts = 11_999, ErrorCode::BatteryLow),
            (|f| f.energy_percent = 10, ErrorCode::FuelLow),
            (|f| f.budget.used = 2, ErrorCode::RemoteStartLimit),
        ];
        let mut seen = std::collections::HashSet::new();
        for (break_it, code) in cases {
            let mut facts = ready();
            break_it(&mut facts);
            let refusal = check_engine_start(&facts, 21).expect_err("refused");
            let error = Error::from(refusal);
            assert_eq!(error.code(), code);
            assert!(!error.to_string().is_empty());
            assert!(seen.insert(code), "codes are distinct");
        }
        assert_eq!(
            check_engine_start(&ready(), 27).map_err(|r| Error::from(r).code()),
            Err(ErrorCode::ClimateTargetRange)
        );
        assert_eq!(
            check_engine_start(&ready(), 15).map_err(|r| Error::from(r).code()),
            Err(ErrorCode::ClimateTargetRange)
        );
    }

    #[test]
    fn every_failed_precondition_is_listed_in_order() {
        let mut facts = ready();
        facts.hood_open = true;
        facts.all_locked = false;
        facts.battery_12v_millivolts = 11_600;
        assert_eq!(
            engine_start_problems(&facts, 21),
            vec![
                EngineStartRefusal::HoodOpen,
                EngineStartRefusal::DoorsUnlocked,
                EngineStartRefusal::BatteryLow { millivolts: 11_600 }
            ]
        );
        assert_eq!(
            check_engine_start(&facts, 21),
            Err(EngineStartRefusal::HoodOpen)
        );
        assert!(engine_start_problems(&ready(), 21).is_empty());
    }

    #[test]
    fn the_budget_allows_two_starts_or_a_start_and_an_extension() {
        let mut budget = RemoteStartBudget::default();
        assert_eq!(budget.remaining(), 2);
        budget.used = 1;
        assert_eq!(budget.remaining(), 1);
        budget.used = 5;
        assert_eq!(budget.remaining(), 0);
    }
}

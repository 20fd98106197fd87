//! Remote commands: what can be asked of a car, and the one state machine every command follows
//! from the request to an honest outcome.

mod engine;
mod ev;
mod outcome;
mod state;
mod waypoint;

pub use engine::{
    check_engine_start, engine_start_problems, EngineStartFacts, EngineStartRefusal,
    RemoteStartBudget, CLIMATE_MAX_C, CLIMATE_MIN_C, ENGINE_RUN_SECONDS,
    MAX_REMOTE_STARTS_PER_CYCLE, MIN_12V_MILLIVOLTS, MIN_ENERGY_PERCENT,
};
pub use ev::{
    check_charge_start, check_charge_stop, check_climate_off, check_climate_on, parse_start_at,
    EvFacts, EvRefusal, CHARGE_LIMIT_MAX_PERCENT, CHARGE_LIMIT_MIN_PERCENT,
    CLIMATE_MIN_CHARGE_PERCENT, CLIMATE_RUN_PLUGGED_SECONDS, CLIMATE_RUN_SECONDS,
    CLIMATE_SCHEDULE_MAX_SECONDS,
};
pub(crate) use ev::{code as ev_code, message as ev_message};
pub use state::{CommandEvent, CommandState, FailureReason, InvalidTransition};
pub use waypoint::{validate_waypoints, Waypoint, MAX_WAYPOINTS};

use serde::{Deserialize, Serialize};

use crate::entitlement::Feature;

/// How long a confirmed password or PIN covers unlocking and remote start.
pub const IDENTITY_FRESH_SECONDS: u64 = 5 * 60;
/// An app PIN is exactly this many digits.
pub const PIN_DIGITS: usize = 4;
/// Wrong PINs in a row after which the PIN is forgotten and the password is needed.
pub const PIN_ATTEMPTS: u8 = 5;

/// Exactly [`PIN_DIGITS`] ASCII digits.
pub fn check_pin_format(pin: &str) -> Result<(), crate::Error> {
    if pin.len() == PIN_DIGITS && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(crate::Error::PinFormat { digits: PIN_DIGITS })
    }
}

/// What a remote command asks the car to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CommandKind {
    /// Start the engine with a climate target of 16–26 °C.
    EngineStart {
        #[serde(rename = "climateTargetC")]
        climate_target_c: u8,
    },
    /// Add the one 10-minute extension to a remote start.
    EngineExtend,
    EngineStop,
    Lock,
    Unlock,
    Horn,
    Lights,
    HornAndLights,
    /// Send 1–5 named waypoints to the car's navigation.
    SendDestination {
        waypoints: Vec<Waypoint>,
    },
    /// An EV on a charger starts charging (up to its charge limit).
    ChargeStart,
    ChargeStop,
    /// An EV heats or cools its cabin from the battery to 16–26 °C, now or at `startAt`
    /// (RFC 3339, within 7 days).
    ClimateOn {
        #[serde(rename = "targetC")]
        target_c: u8,
        #[serde(default, rename = "startAt", skip_serializing_if = "Option::is_none")]
        start_at: Option<String>,
    },
    ClimateOff,
}

impl CommandKind {
    /// The entitlement the command needs.
    pub fn feature(&self) -> Feature {
        match self {
            CommandKind::EngineStart { .. }
            | CommandKind::EngineExtend
            | CommandKind::EngineStop => Feature::RemoteStart,
            CommandKind::Lock | CommandKind::Unlock => Feature::LockUnlock,
            CommandKind::Horn | CommandKind::Lights | CommandKind::HornAndLights => {
                Feature::HornLights
            }
            CommandKind::SendDestination { .. } => Feature::SendToCar,
            CommandKind::ChargeStart | CommandKind::ChargeStop => Feature::Charging,
            CommandKind::ClimateOn { .. } | CommandKind::ClimateOff => Feature::Climate,
        }
    }

    /// How long the command may wait for the car before it expires undelivered, in vehicle
    /// seconds. A horn honked five minutes late is worse than none; a destination can wait.
    pub fn time_to_live_seconds(&self) -> u32 {
        match self {
            CommandKind::SendDestination { .. } => 15 * 60,
            CommandKind::Horn | CommandKind::Lights | CommandKind::HornAndLights => 60,
            _ => 2 * 60,
        }
    }

    /// Commands that let someone into the car or start it: the app asks for the account
    /// password (or the app PIN) first, at most every [`IDENTITY_FRESH_SECONDS`].
    pub fn needs_recent_identity(&self) -> bool {
        matches!(self, CommandKind::EngineStart { .. } | CommandKind::Unlock)
    }

    pub fn label(&self) -> &'static str {
        match self {
            CommandKind::EngineStart { .. } => "Start engine",
            CommandKind::EngineExtend => "Extend engine run",
            CommandKind::EngineStop => "Stop engine",
            CommandKind::Lock => "Lock",
            CommandKind::Unlock => "Unlock",
            CommandKind::Horn => "Horn",
            CommandKind::Lights => "Lights",
            CommandKind::HornAndLights => "Horn and lights",
            CommandKind::SendDestination { .. } => "Send destination",
            CommandKind::ChargeStart => "Start charging",
            CommandKind::ChargeStop => "Stop charging",
            CommandKind::ClimateOn { .. } => "Climate on",
            CommandKind::ClimateOff => "Climate off",
        }
    }
}

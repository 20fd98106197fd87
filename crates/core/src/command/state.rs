//! The command state machine: requested → delivered → running or succeeded, or failed(reason),
//! expired (never delivered in time) or unknown (delivered, never answered).

use serde::{Deserialize, Serialize};

/// Why the car (or the server on its behalf) refused or could not finish a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FailureReason {
    IgnitionOn,
    NotInPark,
    HoodOpen,
    DoorOpen,
    DoorsUnlocked,
    HazardsOn,
    AlarmTriggered,
    BatteryLow,
    FuelLow,
    StartLimitReached,
    ExtensionUsed,
    EngineNotRunning,
    EngineAlreadyRunning,
    NotPluggedIn,
    AlreadyCharging,
    NotCharging,
    ChargeComplete,
    ClimateChargeLow,
    ClimateNotOn,
    /// The car's connected service did not answer; nothing was sent to the car.
    ServiceUnavailable,
    /// The car's connected service refused the command.
    ServiceRejected,
    /// The sign-in to the car's connected service has expired; nothing was sent.
    ReconnectNeeded,
    /// The car rejected the command for a reason it did not give.
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum CommandState {
    /// Accepted by the server, not yet at the car.
    Requested,
    /// The car received it and is working on it.
    Delivered,
    /// The engine runs (remote start only), until it stops by itself or is stopped.
    Running,
    Succeeded,
    Failed(FailureReason),
    /// Never reached the car within its time-to-live.
    Expired,
    /// Reached the car, but no answer came back: check the car's status. Never retried alone.
    Unknown,
}

/// What can happen to a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandEvent {
    Delivered,
    /// The car reports the engine running (remote start).
    Started,
    Succeeded,
    Failed(FailureReason),
    /// The time-to-live passed before delivery.
    TimeToLivePassed,
    /// Delivered, then the answer window passed in silence.
    AnswerWindowPassed,
    /// The server stopped while handing the command to the car: it may have arrived.
    HandoverInterrupted,
    /// The engine stopped (runtime over or a stop command) after running.
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a command in state {from:?} cannot take {event:?}")]
pub struct InvalidTransition {
    pub from: CommandState,
    pub event: CommandEvent,
}

impl CommandState {
    /// Final states never change again.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CommandState::Succeeded
                | CommandState::Failed(_)
                | CommandState::Expired
                | CommandState::Unknown
        )
    }

    /// The only transitions there are. Anything else is a bug or a stale message, and is refused
    /// so a late answer can never rewrite an outcome already shown to the owner.
    pub fn apply(self, event: CommandEvent) -> Result<CommandState, InvalidTransition> {
        use CommandEvent as E;
        use CommandState as S;
        let next = match (self, event) {
            (S::Requested, E::Delivered) => S::Delivered,
            (S::Requested, E::TimeToLivePassed) => S::Expired,
            // It may have reached the car, so it may have run: never "expired", never re-sent.
            (S::Requested, E::HandoverInterrupted) => S::Unknown,
            // A refusal the server knows before delivery (e.g. the car reported ignition on).
            (S::Requested, E::Failed(reason)) => S::Failed(reason),
            (S::Delivered, E::Started) => S::Running,
            (S::Delivered, E::Succeeded) => S::Succeeded,
            (S::Delivered, E::Failed(reason)) => S::Failed(reason),
            (S::Delivered, E::AnswerWindowPassed) => S::Unknown,
            (S::Running, E::Stopped) => S::Succeeded,
            (from, event) => return Err(InvalidTransition { from, event }),
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn event() -> impl Strategy<Value = CommandEvent> {
        prop_oneof![
            Just(CommandEvent::Delivered),
            Just(CommandEvent::Started),
            Just(CommandEvent::Succeeded),
            Just(CommandEvent::Failed(FailureReason::DoorOpen)),
            Just(CommandEvent::TimeToLivePassed),
            Just(CommandEvent::AnswerWindowPassed),
            Just(CommandEvent::HandoverInterrupted),
            Just(CommandEvent::Stopped),
        ]
    }

    /// Position along the one-way path; a valid transition never moves back.
    fn rank(state: CommandState) -> u8 {
        match state {
            CommandState::Requested => 0,
            CommandState::Delivered => 1,
            CommandState::Running => 2,
            _ => 3,
        }
    }

    #[test]
    fn the_normal_paths() {
        use CommandEvent as E;
        let start = CommandState::Requested;
        let running = start
            .apply(E::Delivered)
            .and_then(|s| s.apply(E::Started))
            .expect("valid");
        assert_eq!(running, CommandState::Running);
        assert_eq!(running.apply(E::Stopped), Ok(CommandState::Succeeded));
        assert_eq!(start.apply(E::TimeToLivePassed), Ok(CommandState::Expired));
        let delivered = start.apply(E::Delivered).expect("valid");
        assert_eq!(
            delivered.apply(E::AnswerWindowPassed),
            Ok(CommandState::Unknown)
        );
        // Delivered means it may have run: expiry no longer applies.
        assert!(delivered.apply(E::TimeToLivePassed).is_err());
        // Interrupted while being handed over: it may have arrived, so unknown, never expired.
        assert_eq!(
            start.apply(E::HandoverInterrupted),
            Ok(CommandState::Unknown)
        );
    }

    #[test]
    fn the_wire_form_names_the_state_and_its_reason() {
        let failed = CommandState::Failed(FailureReason::BatteryLow);
        let json = serde_json::to_value(failed).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"state": "failed", "reason": "battery_low"})
        );
        let json = serde_json::to_value(CommandState::Unknown).expect("json");
        assert_eq!(json, serde_json::json!({"state": "unknown"}));
    }

    proptest! {
        /// Whatever arrives, in whatever order: final states never change, states never go
        /// back, and an accepted event always comes from a non-final state.
        #[test]
        fn any_sequence_of_events_moves_forward_and_ends_for_good(events in proptest::collection::vec(event(), 0..20)) {
            let mut state = CommandState::Requested;
            for event in events {
                match state.apply(event) {
                    Ok(next) => {
                        prop_assert!(!state.is_final());
                        prop_assert!(rank(next) > rank(state));
                        state = next;
                    }
                    Err(error) => prop_assert_eq!(error.from, state),
                }
            }
        }
    }
}

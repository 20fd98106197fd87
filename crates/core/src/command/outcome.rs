//! What a command's outcome means for the person who sent it, and what they can do next. The
//! app shows these words; the server never needs them.

use super::{CommandKind, CommandState, FailureReason};

impl FailureReason {
    /// Why the car said no, and what to do about it.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::IgnitionOn => "The ignition is on: someone is in the car. Remote commands wait until it is switched off.",
            Self::NotInPark => "The car is not in Park. Put the selector in P.",
            Self::HoodOpen => "The hood (bonnet) is open. Close it firmly, then try again.",
            Self::DoorOpen => "A door, the tailgate or the boot is open. Close it, then try again.",
            Self::DoorsUnlocked => "The car is unlocked. Lock it first (you can lock it from Keyfob), then try again.",
            Self::HazardsOn => "The hazard lights are on. Switch them off, then try again.",
            Self::AlarmTriggered => "The alarm was triggered. Check the car, then unlock and lock it to reset the alarm.",
            Self::BatteryLow => "The 12 V battery is too low to start safely (it needs at least 12.0 V). Drive the car or charge the battery.",
            Self::FuelLow => "Fuel or charge is critically low. Refuel or charge before a remote start.",
            Self::StartLimitReached => "The car allows two remote starts (or a start and an extension) between drives. Switch the ignition on and off in the car to reset it.",
            Self::ExtensionUsed => "This run was already extended once; the car allows one extension per start.",
            Self::EngineNotRunning => "The engine is not running, so there is nothing to extend or stop.",
            Self::EngineAlreadyRunning => "The engine is already running. You can extend the run once, or stop it.",
            Self::NotPluggedIn => "The car is not plugged in. Connect the charging cable, then try again.",
            Self::AlreadyCharging => "The car was already charging.",
            Self::NotCharging => "The car was not charging, so there was nothing to stop.",
            Self::ChargeComplete => "The battery is already at its charge limit. Raise the limit in the car to charge further.",
            Self::ClimateChargeLow => "The battery is too low to run the climate without a charger. Plug the car in, then try again.",
            Self::ClimateNotOn => "The climate was not running, so there was nothing to stop.",
            Self::ServiceUnavailable => "NissanConnect did not answer, so nothing was sent to the car. Nissan's service is probably busy or down; try again in a few minutes.",
            Self::ServiceRejected => "NissanConnect refused the command for this car. Check that the service is active for it in the MyNISSAN app.",
            Self::ReconnectNeeded => "Your NissanConnect sign-in has expired, so nothing was sent. Connect NissanConnect again (Account), then send the command again.",
            Self::Rejected => "The car refused the command without giving a reason. Check the car's status before trying again.",
        }
    }
}

impl CommandState {
    /// For an outcome that is not plain success: what happened, honestly, and what to do.
    /// `None` while the command is under way or when it did what was asked.
    pub fn explanation(self, kind: &CommandKind) -> Option<String> {
        match self {
            CommandState::Failed(reason) => Some(reason.explanation().to_owned()),
            CommandState::Expired => {
                let minutes = kind.time_to_live_seconds().div_ceil(60);
                let unit = if minutes == 1 { "minute" } else { "minutes" };
                Some(format!(
                    "The car could not be reached within {minutes} {unit}, so it never received the command and nothing happened. It may be out of mobile coverage (an underground car park, for example). Check its status, then send the command again if you still need it."
                ))
            }
            CommandState::Unknown => Some(
                "The car received the command but its answer never came back, so Keyfob cannot tell whether it was carried out. Check the car's status before sending it again."
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_outcomes_that_need_a_word_get_one() {
        let kind = CommandKind::Horn;
        assert_eq!(CommandState::Requested.explanation(&kind), None);
        assert_eq!(CommandState::Running.explanation(&kind), None);
        assert_eq!(CommandState::Succeeded.explanation(&kind), None);
        let expired = CommandState::Expired.explanation(&kind).expect("said");
        assert!(expired.contains("within 1 minute,"), "{expired}");
        let destination = CommandKind::SendDestination { waypoints: vec![] };
        assert!(CommandState::Expired
            .explanation(&destination)
            .expect("said")
            .contains("within 15 minutes"));
        assert!(CommandState::Unknown
            .explanation(&kind)
            .expect("said")
            .contains("Check the car's status"));
        assert!(CommandState::Failed(FailureReason::HoodOpen)
            .explanation(&kind)
            .expect("said")
            .contains("Close it"));
    }
}

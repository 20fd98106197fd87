//! How a command's state is stored: its name in one column, a failure's reason in another, so
//! queries can filter on the name.

use keyfob_core::command::{CommandState, FailureReason};

use crate::error::{ServerError, ServerResult};

pub fn state_name(state: CommandState) -> &'static str {
    match state {
        CommandState::Requested => "requested",
        CommandState::Delivered => "delivered",
        CommandState::Running => "running",
        CommandState::Succeeded => "succeeded",
        CommandState::Failed(_) => "failed",
        CommandState::Expired => "expired",
        CommandState::Unknown => "unknown",
    }
}

pub fn reason_name(state: CommandState) -> Option<String> {
    match state {
        CommandState::Failed(reason) => serde_json::to_value(reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        _ => None,
    }
}

pub fn parse_state(name: &str, reason: Option<&str>) -> ServerResult<CommandState> {
    Ok(match name {
        "requested" => CommandState::Requested,
        "delivered" => CommandState::Delivered,
        "running" => CommandState::Running,
        "succeeded" => CommandState::Succeeded,
        "expired" => CommandState::Expired,
        "unknown" => CommandState::Unknown,
        "failed" => {
            let reason: FailureReason = reason
                .and_then(|r| serde_json::from_value(serde_json::Value::String(r.to_owned())).ok())
                .unwrap_or(FailureReason::Rejected);
            CommandState::Failed(reason)
        }
        other => {
            return Err(ServerError::Internal(format!(
                "stored command state {other:?}"
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips() {
        for state in [
            CommandState::Requested,
            CommandState::Delivered,
            CommandState::Running,
            CommandState::Succeeded,
            CommandState::Failed(FailureReason::HoodOpen),
            CommandState::Expired,
            CommandState::Unknown,
        ] {
            let reason = reason_name(state);
            assert_eq!(
                parse_state(state_name(state), reason.as_deref()).expect("parses"),
                state
            );
        }
    }
}

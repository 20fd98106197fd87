//! OS notifications for what happens while the window is in the background: a command's
//! outcome now, the alerts of geofences later. The permission is asked the first time one is
//! needed, not at start.

use keyfob_core::{api::command::Command, command::CommandKind, command::CommandState};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::{NotificationExt, PermissionState};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// What to tell the owner about a command's new state; `None` for steps on the way.
pub fn command_notice(command: &Command) -> Option<Notice> {
    let label = &command.label;
    let (title, body) = match command.state {
        CommandState::Requested | CommandState::Delivered => return None,
        CommandState::Running => (
            "Engine running".to_owned(),
            "The engine started. It stops by itself unless you extend the run.".to_owned(),
        ),
        CommandState::Succeeded => match command.kind {
            CommandKind::EngineStart { .. } => (
                "Engine stopped".to_owned(),
                "The remote start has ended.".to_owned(),
            ),
            _ => (
                format!("{label}: done"),
                "The car carried it out.".to_owned(),
            ),
        },
        CommandState::Failed(_) => (format!("{label}: refused"), String::new()),
        CommandState::Expired => (format!("{label}: not delivered"), String::new()),
        CommandState::Unknown => (format!("{label}: outcome unknown"), String::new()),
    };
    let body = command.state.explanation(&command.kind).unwrap_or(body);
    Some(Notice { title, body })
}

/// Raises the notice for a command's new state, unless the owner is looking at the app.
pub fn command_progress<R: Runtime>(app: &AppHandle<R>, command: &Command) {
    if let Some(notice) = command_notice(command) {
        show_unless_focused(app, &notice);
    }
}

pub fn show_unless_focused<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
    let focused = app
        .get_webview_window("main")
        .and_then(|window| window.is_focused().ok())
        .unwrap_or(false);
    if focused {
        return;
    }
    let notifications = app.notification();
    let granted = match notifications.permission_state() {
        Ok(PermissionState::Granted) => true,
        Ok(PermissionState::Prompt | PermissionState::PromptWithRationale) => matches!(
            notifications.request_permission(),
            Ok(PermissionState::Granted)
        ),
        _ => false,
    };
    if !granted {
        return;
    }
    if let Err(error) = notifications
        .builder()
        .title(&notice.title)
        .body(&notice.body)
        .show()
    {
        // No notification service (a headless test machine, say): the window still shows it.
        eprintln!("keyfob: notification not shown: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyfob_core::command::FailureReason;

    fn command(kind: CommandKind, state: CommandState) -> Command {
        Command {
            id: "cmd_1".into(),
            vehicle_id: "veh_1".into(),
            label: kind.label().into(),
            kind,
            state,
            requested_by: "anna".into(),
            requested_at: "2026-11-23T10:00:00Z".into(),
            updated_at: "2026-11-23T10:00:05Z".into(),
            deliver_by: "2026-11-23T10:02:00Z".into(),
        }
    }

    #[test]
    fn steps_on_the_way_raise_nothing() {
        assert_eq!(
            command_notice(&command(CommandKind::Lock, CommandState::Requested)),
            None
        );
        assert_eq!(
            command_notice(&command(CommandKind::Lock, CommandState::Delivered)),
            None
        );
    }

    #[test]
    fn outcomes_say_what_happened_and_what_to_do() {
        let start = CommandKind::EngineStart {
            climate_target_c: 21,
        };
        let running = command_notice(&command(start.clone(), CommandState::Running)).expect("n");
        assert_eq!(running.title, "Engine running");
        let stopped = command_notice(&command(start, CommandState::Succeeded)).expect("n");
        assert_eq!(stopped.title, "Engine stopped");
        let locked = command_notice(&command(CommandKind::Lock, CommandState::Succeeded));
        assert_eq!(locked.expect("n").title, "Lock: done");
        let refused = command_notice(&command(
            CommandKind::Unlock,
            CommandState::Failed(FailureReason::IgnitionOn),
        ))
        .expect("n");
        assert_eq!(refused.title, "Unlock: refused");
        assert!(refused.body.contains("ignition is on"), "{}", refused.body);
        let expired = command_notice(&command(CommandKind::Horn, CommandState::Expired));
        assert!(expired.expect("n").body.contains("never received"));
    }
}

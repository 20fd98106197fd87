//! The server's live event stream, followed while someone is signed in: each car's status
//! goes to the main window as it arrives (and into the encrypted store, for offline use), each
//! command's progress likewise. The client reconnects and resumes by itself.

use keyfob_client::{Client, StreamEvent};
use keyfob_core::{
    api::command::{Command, LiveEvent},
    status::{StatusConcerns, VehicleStatus},
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

use crate::local_data::{LocalData, SavedStatus};

pub const STATUS_EVENT: &str = "vehicle-status";
pub const COMMAND_EVENT: &str = "vehicle-command";
pub const CONNECTION_EVENT: &str = "live-connection";
pub const ALERT_EVENT: &str = "vehicle-alert";
const REOPEN_PAUSE: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusUpdate {
    pub vehicle_id: String,
    pub status: VehicleStatus,
    pub concerns: StatusConcerns,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommandUpdate {
    pub vehicle_id: String,
    pub command: Command,
    /// What a failed, expired or unknown outcome means and what to do (keyfob-core's words).
    pub explanation: Option<String>,
}

/// A geofence alert, pushed to the window as it happens.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertUpdate {
    pub vehicle_id: String,
    /// The alert in one line ("Left Home").
    pub summary: String,
    pub alert: keyfob_core::api::geofence::VehicleAlert,
}

/// Whether the live stream is connected: the dashboard's offline banner follows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionUpdate {
    pub online: bool,
}

/// Starts following `client`'s stream for as long as the task lives; the backend aborts it
/// when it switches to another client.
pub fn follow<R: Runtime>(
    app: AppHandle<R>,
    data: LocalData,
    client: Client,
) -> tauri::async_runtime::JoinHandle<()> {
    tauri::async_runtime::spawn(async move {
        let mut session = client.subscribe_session();
        loop {
            // Wait for a session (sign-in); a refresh keeps the stream, a sign-out ends it.
            while session.borrow_and_update().is_none() {
                if session.changed().await.is_err() {
                    return;
                }
            }
            let mut stream = client.events(None);
            let mut connection = stream.connection();
            loop {
                tokio::select! {
                    changed = connection.changed() => {
                        if changed.is_ok() {
                            let online = *connection.borrow_and_update();
                            let _ = app.emit_to("main", CONNECTION_EVENT, ConnectionUpdate { online });
                        }
                    },
                    next = stream.next() => match next {
                        Some(Ok(event)) => deliver(&app, &data, event),
                        // Ended for good (the session is over); wait for the next one.
                        Some(Err(_)) | None => {
                            // Never reopen in a tight loop, whatever ended it.
                            tokio::time::sleep(REOPEN_PAUSE).await;
                            break;
                        }
                    },
                    changed = session.changed() => {
                        if changed.is_err() {
                            return;
                        }
                        if session.borrow().is_none() {
                            break;
                        }
                    }
                }
            }
        }
    })
}

fn deliver<R: Runtime>(app: &AppHandle<R>, data: &LocalData, event: StreamEvent) {
    match event.event {
        LiveEvent::Status { vehicle_id, status } => {
            data.set_status(
                &vehicle_id,
                Some(SavedStatus {
                    saved_at: now_rfc3339(),
                    status: (*status).clone(),
                }),
            );
            let update = StatusUpdate {
                vehicle_id,
                concerns: status.concerns(),
                status: *status,
            };
            let _ = app.emit_to("main", STATUS_EVENT, update);
        }
        LiveEvent::Alert { vehicle_id, alert } => {
            crate::notify::show_unless_focused(
                app,
                &crate::notify::Notice {
                    title: alert.summary(),
                    body: format!(
                        "The car reported it at {:.5}, {:.5}. Open Keyfob to see where it is now.",
                        alert.position.latitude, alert.position.longitude
                    ),
                },
            );
            let _ = app.emit_to(
                "main",
                ALERT_EVENT,
                AlertUpdate {
                    vehicle_id,
                    summary: alert.summary(),
                    alert: *alert,
                },
            );
        }
        LiveEvent::Command {
            vehicle_id,
            command,
        } => {
            crate::notify::command_progress(app, &command);
            let update = CommandUpdate {
                vehicle_id,
                explanation: command.state.explanation(&command.kind),
                command: *command,
            };
            let _ = app.emit_to("main", COMMAND_EVENT, update);
        }
    }
}

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

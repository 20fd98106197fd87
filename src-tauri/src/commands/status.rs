//! The car's status: read from the server (saved on the device for offline use) or asked of
//! the car. Live updates come by the event stream (`live.rs`), not by these.

use keyfob_core::{
    api::Done,
    status::{StatusConcerns, VehicleStatus},
    ErrorCode,
};
use serde::Serialize;
use tauri::State;

use crate::{
    backend::Backend,
    error::{AppError, AppResult},
    live::now_rfc3339,
    local_data::SavedStatus,
};

/// What the dashboard shows: the status and whether it is the one saved on the device.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    /// `None` when the car has not reported yet.
    pub status: Option<VehicleStatus>,
    /// What that status already says against using the car remotely (keyfob-core's rule).
    pub concerns: Option<StatusConcerns>,
    /// Set when the server could not be reached and this is the status saved on the device.
    pub offline: Option<AppError>,
    /// When the app received this status.
    pub saved_at: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn vehicle_status(
    backend: State<'_, Backend>,
    vehicle_id: String,
) -> AppResult<StatusView> {
    let client = backend.client()?;
    match client.status(&vehicle_id).await {
        Ok(status) => {
            let saved = SavedStatus {
                saved_at: now_rfc3339(),
                status,
            };
            backend.local().set_status(&vehicle_id, Some(saved.clone()));
            Ok(StatusView {
                concerns: Some(saved.status.concerns()),
                status: Some(saved.status),
                offline: None,
                saved_at: Some(saved.saved_at),
            })
        }
        Err(error) if error.code() == Some(ErrorCode::StatusUnavailable) => Ok(StatusView {
            status: None,
            concerns: None,
            offline: None,
            saved_at: None,
        }),
        Err(error) => {
            let error = AppError::from(error);
            if error.ends_session() {
                backend.forget_session();
                return Err(error);
            }
            let transport = error.is_transport();
            match backend.local().status(&vehicle_id) {
                Some(saved) if transport => Ok(StatusView {
                    concerns: Some(saved.status.concerns()),
                    status: Some(saved.status),
                    offline: Some(error),
                    saved_at: Some(saved.saved_at),
                }),
                _ => Err(error),
            }
        }
    }
}

/// Asks the car for a fresh report; it arrives by the live stream.
#[tauri::command]
#[specta::specta]
pub async fn refresh_status(backend: State<'_, Backend>, vehicle_id: String) -> AppResult<Done> {
    let client = backend.client()?;
    client
        .refresh_status(&vehicle_id)
        .await
        .map_err(|error| super::fail(&backend, error))
}

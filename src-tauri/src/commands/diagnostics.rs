//! Diagnostics: the car's health report (a subscription feature once the warranty ends) and
//! the history of its changes (kept with the basic service), with each lamp in plain words.

use keyfob_core::{api::command::HealthReport, health::LampMeaning, status::WarningLamp};
use serde::Serialize;
use tauri::State;

use super::fail;
use crate::{
    backend::Backend,
    error::{AppError, AppResult},
};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    /// The report from the last status; `None` with `report_error` saying why.
    pub report: Option<HealthReport>,
    pub report_error: Option<AppError>,
    /// Each change of health, newest first.
    pub history: Vec<HealthReport>,
    /// Every warning lamp with its meaning, for the lamps the report and history mention.
    pub lamps: Vec<LampMeaning>,
}

#[tauri::command]
#[specta::specta]
pub async fn diagnostics(
    backend: State<'_, Backend>,
    vehicle_id: String,
) -> AppResult<Diagnostics> {
    let client = backend.client()?;
    let (report, history) = tokio::join!(
        client.health_report(&vehicle_id),
        client.health_history(&vehicle_id)
    );
    let history = history.map_err(|error| fail(&backend, error))?;
    let (report, report_error) = match report {
        Ok(report) => (Some(report), None),
        Err(error) => (None, Some(fail(&backend, error))),
    };
    let lamps = WarningLamp::ALL
        .into_iter()
        .filter(|lamp| {
            report
                .iter()
                .chain(&history)
                .any(|r| r.warning_lamps.contains(lamp))
        })
        .map(WarningLamp::explained)
        .collect();
    Ok(Diagnostics {
        report,
        report_error,
        history,
        lamps,
    })
}

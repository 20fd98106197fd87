//! Sandbox-only commands: the mailbox and the car's head unit, a window of its own.

use keyfob_core::api::sandbox::{CarControl, HeadUnitScreen, OutboxMessage, SimulatedCar};
use tauri::{AppHandle, Manager, Runtime, State, WebviewUrl, WebviewWindowBuilder};

use crate::{
    backend::Backend,
    error::{codes, AppError, AppResult},
};

/// The label of the head-unit window; its capability file names it.
pub const HEAD_UNIT_WINDOW: &str = "head-unit";

/// What the sandbox sent to an email address or phone number, newest first.
#[tauri::command]
#[specta::specta]
pub async fn sandbox_mailbox(
    backend: State<'_, Backend>,
    to: String,
) -> AppResult<Vec<OutboxMessage>> {
    let to = super::clip(to.trim());
    if to.is_empty() {
        return Err(AppError::new(
            codes::INPUT_INVALID,
            "Enter the email address or phone number to look up.",
        )
        .on_field("to"));
    }
    Ok(backend.sandbox_client()?.sandbox_outbox(&to).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn head_unit(backend: State<'_, Backend>, vin: String) -> AppResult<HeadUnitScreen> {
    let vin = plain_vin(&vin)?;
    Ok(backend.sandbox_client()?.head_unit(&vin).await?)
}

/// Presses Confirm on the car's screen.
#[tauri::command]
#[specta::specta]
pub async fn head_unit_confirm(
    backend: State<'_, Backend>,
    vin: String,
) -> AppResult<HeadUnitScreen> {
    let vin = plain_vin(&vin)?;
    Ok(backend.sandbox_client()?.head_unit_confirm(&vin).await?)
}

/// Everything the simulator holds of a car.
#[tauri::command]
#[specta::specta]
pub async fn sandbox_car(backend: State<'_, Backend>, vin: String) -> AppResult<SimulatedCar> {
    let vin = plain_vin(&vin)?;
    Ok(backend.sandbox_client()?.sandbox_car(&vin).await?)
}

/// Changes the car as a person at it would (open a door, drain the battery, drive …).
#[tauri::command]
#[specta::specta]
pub async fn control_sandbox_car(
    backend: State<'_, Backend>,
    vin: String,
    control: CarControl,
) -> AppResult<SimulatedCar> {
    let vin = plain_vin(&vin)?;
    Ok(backend
        .sandbox_client()?
        .control_sandbox_car(&vin, &control)
        .await?)
}

/// Opens (or brings forward) the window standing for the car's head unit, showing `vin`.
#[tauri::command]
#[specta::specta]
pub async fn open_head_unit(
    backend: State<'_, Backend>,
    windows: State<'_, HeadUnitWindow>,
    vin: String,
) -> AppResult<()> {
    backend.sandbox_client()?;
    let vin = plain_vin(&vin)?;
    (windows.0)(&vin).map_err(|_| {
        AppError::new(
            codes::WINDOW_FAILED,
            "The head-unit window could not be opened. Close other Keyfob windows and try again.",
        )
    })
}

type OpenWindow = dyn Fn(&str) -> tauri::Result<()> + Send + Sync;

/// Opens the head-unit window; made at start for the app's runtime, so the command is not
/// generic over it.
pub struct HeadUnitWindow(Box<OpenWindow>);

impl HeadUnitWindow {
    pub fn new<R: Runtime>(app: AppHandle<R>) -> Self {
        Self(Box::new(move |vin| open_window(&app, vin)))
    }
}

fn open_window<R: Runtime>(app: &AppHandle<R>, vin: &str) -> tauri::Result<()> {
    let route = format!("#/head-unit?vin={vin}");
    if let Some(window) = app.get_webview_window(HEAD_UNIT_WINDOW) {
        // The VIN is checked to be 17 letters and digits, so it cannot break out of the string.
        window.eval(format!("window.location.hash = '{route}';"))?;
        let _ = window.unminimize();
        return window.set_focus();
    }
    WebviewWindowBuilder::new(
        app,
        HEAD_UNIT_WINDOW,
        WebviewUrl::App(format!("index.html{route}").into()),
    )
    .title("Car head unit (sandbox) — Keyfob")
    .inner_size(560.0, 460.0)
    .min_inner_size(360.0, 360.0)
    .build()?;
    Ok(())
}

/// A VIN as the sandbox routes take it: 17 capital letters and digits.
pub(crate) fn plain_vin(vin: &str) -> AppResult<String> {
    let vin = vin.trim().to_ascii_uppercase();
    if vin.len() == 17 && vin.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(vin)
    } else {
        Err(AppError::new(codes::INPUT_INVALID, "That is not a 17-character VIN.").on_field("vin"))
    }
}

//! NissanConnect: personal mode, connecting the owner's NissanConnect account, and linking its
//! cars. The server does the work; these parse, call the client and map the error.

use keyfob_core::api::{nissanconnect::NissanConnection, vehicle::Vehicle, Done};
use tauri::State;

use super::{clip, fail, vehicle::remember_new};
use crate::{
    backend::{Backend, BackendInfo},
    error::AppResult,
};

/// Uses the app's own server for the owner's NissanConnect cars, signed in at once.
#[tauri::command]
#[specta::specta]
pub async fn use_personal(backend: State<'_, Backend>) -> AppResult<BackendInfo> {
    backend.use_personal().await
}

/// The account's NissanConnect connection and cars; `nissanconnect_not_enabled` when the
/// backend does not reach cars through NissanConnect.
#[tauri::command]
#[specta::specta]
pub async fn nissanconnect(backend: State<'_, Backend>) -> AppResult<NissanConnection> {
    let client = backend.client()?;
    client.nissanconnect().await.map_err(|e| fail(&backend, e))
}

/// Signs in to NissanConnect through the server; the password is used once and not kept.
#[tauri::command]
#[specta::specta]
pub async fn connect_nissanconnect(
    backend: State<'_, Backend>,
    email: String,
    password: String,
) -> AppResult<NissanConnection> {
    let client = backend.client()?;
    client
        .connect_nissanconnect(&clip(&email), &password)
        .await
        .map_err(|e| fail(&backend, e))
}

#[tauri::command]
#[specta::specta]
pub async fn disconnect_nissanconnect(backend: State<'_, Backend>) -> AppResult<Done> {
    let client = backend.client()?;
    client
        .disconnect_nissanconnect()
        .await
        .map_err(|e| fail(&backend, e))
}

/// Links a car of the connected NissanConnect account; it is active at once.
#[tauri::command]
#[specta::specta]
pub async fn link_nissan_car(backend: State<'_, Backend>, vin: String) -> AppResult<Vehicle> {
    let client = backend.client()?;
    let vehicle = client
        .link_nissan_car(clip(&vin).trim())
        .await
        .map_err(|e| fail(&backend, e))?;
    remember_new(&backend, &vehicle);
    Ok(vehicle)
}

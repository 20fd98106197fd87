//! Vehicle commands: the list (kept on the device for offline use), linking and activation,
//! drivers and invitations, removal.

use keyfob_core::api::{
    vehicle::{Drivers, Invitation, LinkVehicleRequest, SentInvitation, Vehicle, VehicleLookup},
    Done,
};
use keyfob_core::{
    entitlement::{plan, PlanFeature},
    subscription::Tier,
};
use serde::Serialize;
use tauri::State;

use super::{fail, signed_in_account};
use crate::live::now_rfc3339;
use crate::{
    backend::Backend,
    error::{AppError, AppResult},
    local_data::SavedVehicles,
};

/// The vehicles of the signed-in account and the one the person is looking at.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VehicleList {
    pub vehicles: Vec<Vehicle>,
    pub selected_id: Option<String>,
    /// Set when the server could not be reached and this is the list saved on the device.
    pub offline: Option<AppError>,
    /// When the list was last read from the server.
    pub saved_at: Option<String>,
}

/// The selection kept if that vehicle is still there, else the first vehicle.
fn selection(backend: &Backend, vehicles: &[Vehicle]) -> Option<String> {
    let saved = backend.local().selected_vehicle();
    saved
        .filter(|id| vehicles.iter().any(|v| &v.id == id))
        .or_else(|| vehicles.first().map(|v| v.id.clone()))
}

/// Applies `change` to the saved list of the signed-in account, if there is one.
fn update_saved(backend: &Backend, change: impl FnOnce(&mut Vec<Vehicle>)) {
    let Ok((_, account)) = signed_in_account(backend) else {
        return;
    };
    if let Some(mut saved) = backend.local().vehicles(&account) {
        change(&mut saved.vehicles);
        backend.local().set_vehicles(&saved);
    }
}

#[tauri::command]
#[specta::specta]
pub async fn vehicles(backend: State<'_, Backend>) -> AppResult<VehicleList> {
    let (client, account) = signed_in_account(&backend)?;
    match client.vehicles().await {
        Ok(vehicles) => {
            let saved = SavedVehicles {
                account_id: account,
                saved_at: now_rfc3339(),
                vehicles,
            };
            backend.local().set_vehicles(&saved);
            let selected_id = selection(&backend, &saved.vehicles);
            backend.local().set_selected_vehicle(selected_id.as_deref());
            Ok(VehicleList {
                selected_id,
                vehicles: saved.vehicles,
                offline: None,
                saved_at: Some(saved.saved_at),
            })
        }
        Err(error) => {
            let error = fail(&backend, error);
            let transport = error.is_transport();
            match backend.local().vehicles(&account) {
                Some(saved) if transport => Ok(VehicleList {
                    selected_id: selection(&backend, &saved.vehicles),
                    vehicles: saved.vehicles,
                    offline: Some(error),
                    saved_at: Some(saved.saved_at),
                }),
                _ => Err(error),
            }
        }
    }
}

/// Puts the server's newer copy of a vehicle in the saved list.
fn replace_saved(backend: &Backend, vehicle: &Vehicle) {
    update_saved(backend, |vehicles| {
        if let Some(saved) = vehicles.iter_mut().find(|v| v.id == vehicle.id) {
            *saved = vehicle.clone();
        }
    });
}

#[tauri::command]
#[specta::specta]
pub fn select_vehicle(backend: State<'_, Backend>, vehicle_id: String) -> AppResult<()> {
    backend.local().set_selected_vehicle(Some(&vehicle_id));
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn vehicle(backend: State<'_, Backend>, vehicle_id: String) -> AppResult<Vehicle> {
    let client = backend.client()?;
    let vehicle = client
        .vehicle(&vehicle_id)
        .await
        .map_err(|e| fail(&backend, e))?;
    replace_saved(&backend, &vehicle);
    Ok(vehicle)
}

#[tauri::command]
#[specta::specta]
pub async fn lookup_vehicle(backend: State<'_, Backend>, vin: String) -> AppResult<VehicleLookup> {
    let client = backend.client()?;
    client
        .lookup_vehicle(&super::clip(&vin))
        .await
        .map_err(|e| fail(&backend, e))
}

#[tauri::command]
#[specta::specta]
pub async fn link_vehicle(
    backend: State<'_, Backend>,
    request: LinkVehicleRequest,
) -> AppResult<Vehicle> {
    let client = backend.client()?;
    let vehicle = client
        .link_vehicle(&request)
        .await
        .map_err(|e| fail(&backend, e))?;
    remember_new(&backend, &vehicle);
    Ok(vehicle)
}

/// A vehicle just linked or joined goes into the saved list and, if none was, becomes the one
/// shown.
pub(crate) fn remember_new(backend: &Backend, vehicle: &Vehicle) {
    update_saved(backend, |vehicles| {
        vehicles.retain(|v| v.id != vehicle.id);
        vehicles.push(vehicle.clone());
    });
    if backend.local().selected_vehicle().is_none() {
        backend.local().set_selected_vehicle(Some(&vehicle.id));
    }
}

#[tauri::command]
#[specta::specta]
pub async fn restart_activation(
    backend: State<'_, Backend>,
    vehicle_id: String,
) -> AppResult<Vehicle> {
    let client = backend.client()?;
    client
        .restart_activation(&vehicle_id)
        .await
        .map_err(|e| fail(&backend, e))
}

/// Buys Premium for the car (the sandbox's pretend payment) and returns it with its new
/// subscription and entitlements.
#[tauri::command]
#[specta::specta]
pub async fn purchase_premium(
    backend: State<'_, Backend>,
    vehicle_id: String,
    years: u8,
) -> AppResult<Vehicle> {
    let client = backend.client()?;
    let vehicle = client
        .purchase_premium(&vehicle_id, years)
        .await
        .map_err(|e| fail(&backend, e))?;
    replace_saved(&backend, &vehicle);
    Ok(vehicle)
}

/// What each subscription tier includes.
#[tauri::command]
#[specta::specta]
pub fn subscription_plans() -> Vec<SubscriptionPlan> {
    [Tier::Trial, Tier::Premium, Tier::Basic]
        .into_iter()
        .map(|tier| SubscriptionPlan {
            tier,
            label: tier.label().to_owned(),
            features: plan(tier),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPlan {
    pub tier: Tier,
    pub label: String,
    pub features: Vec<PlanFeature>,
}

/// Removes the vehicle from the account (the password again) and everything of it from this
/// device.
#[tauri::command]
#[specta::specta]
pub async fn remove_vehicle(
    backend: State<'_, Backend>,
    vehicle_id: String,
    password: String,
) -> AppResult<Done> {
    let client = backend.client()?;
    let done = client
        .remove_vehicle(&vehicle_id, &password)
        .await
        .map_err(|e| fail(&backend, e).on_field("password"))?;
    forget_vehicle(&backend, &vehicle_id);
    Ok(done)
}

/// Forgets everything this device keeps about a car: saved status, head-unit keys, its place
/// in the list and the selection.
fn forget_vehicle(backend: &Backend, vehicle_id: &str) {
    backend.local().forget_vehicle(vehicle_id);
}

/// Reports the owned car stolen (the password again): the server refuses every command and
/// revokes its keys; its keys are forgotten on this device too.
#[tauri::command]
#[specta::specta]
pub async fn report_stolen(
    backend: State<'_, Backend>,
    vehicle_id: String,
    password: String,
) -> AppResult<Vehicle> {
    let client = backend.client()?;
    let reported = client.report_stolen(&vehicle_id, &password).await;
    let vehicle = keep_stolen_change(&backend, reported)?;
    let mut keys = backend.local().auth_keys();
    keys.retain(|_, key| key.vehicle_id != vehicle_id);
    backend.local().set_auth_keys(&keys);
    Ok(vehicle)
}

/// Withdraws a stolen report: the owner has the car back.
#[tauri::command]
#[specta::specta]
pub async fn withdraw_stolen_report(
    backend: State<'_, Backend>,
    vehicle_id: String,
    password: String,
) -> AppResult<Vehicle> {
    let client = backend.client()?;
    let withdrawn = client.withdraw_stolen_report(&vehicle_id, &password).await;
    keep_stolen_change(&backend, withdrawn)
}

/// The car as the server has it after a stolen report changed, saved for offline use; a
/// refusal with the password field named.
fn keep_stolen_change(
    backend: &Backend,
    answer: Result<Vehicle, keyfob_client::ClientError>,
) -> AppResult<Vehicle> {
    let vehicle = answer.map_err(|e| fail(backend, e).on_field("password"))?;
    replace_saved(backend, &vehicle);
    Ok(vehicle)
}

#[tauri::command]
#[specta::specta]
pub async fn drivers(backend: State<'_, Backend>, vehicle_id: String) -> AppResult<Drivers> {
    let client = backend.client()?;
    client
        .drivers(&vehicle_id)
        .await
        .map_err(|e| fail(&backend, e))
}

#[tauri::command]
#[specta::specta]
pub async fn invite_driver(
    backend: State<'_, Backend>,
    vehicle_id: String,
    email: String,
) -> AppResult<SentInvitation> {
    let client = backend.client()?;
    client
        .invite_driver(&vehicle_id, email.trim())
        .await
        .map_err(|e| fail(&backend, e))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_driver(
    backend: State<'_, Backend>,
    vehicle_id: String,
    account_id: String,
) -> AppResult<Done> {
    let client = backend.client()?;
    client
        .remove_driver(&vehicle_id, &account_id)
        .await
        .map_err(|e| fail(&backend, e))
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_invitation(
    backend: State<'_, Backend>,
    vehicle_id: String,
    invitation_id: String,
) -> AppResult<Done> {
    let client = backend.client()?;
    client
        .cancel_invitation(&vehicle_id, &invitation_id)
        .await
        .map_err(|e| fail(&backend, e))
}

/// A driver leaves a vehicle shared with them; it is gone from this device too.
#[tauri::command]
#[specta::specta]
pub async fn leave_vehicle(backend: State<'_, Backend>, vehicle_id: String) -> AppResult<Done> {
    let client = backend.client()?;
    let done = client
        .leave_vehicle(&vehicle_id)
        .await
        .map_err(|e| fail(&backend, e))?;
    forget_vehicle(&backend, &vehicle_id);
    Ok(done)
}

#[tauri::command]
#[specta::specta]
pub async fn invitations(backend: State<'_, Backend>) -> AppResult<Vec<Invitation>> {
    let client = backend.client()?;
    client.invitations().await.map_err(|e| fail(&backend, e))
}

#[tauri::command]
#[specta::specta]
pub async fn accept_invitation(
    backend: State<'_, Backend>,
    invitation_id: String,
) -> AppResult<Vehicle> {
    let client = backend.client()?;
    let vehicle = client
        .accept_invitation(&invitation_id)
        .await
        .map_err(|e| fail(&backend, e))?;
    remember_new(&backend, &vehicle);
    Ok(vehicle)
}

#[tauri::command]
#[specta::specta]
pub async fn decline_invitation(
    backend: State<'_, Backend>,
    invitation_id: String,
) -> AppResult<Done> {
    let client = backend.client()?;
    client
        .decline_invitation(&invitation_id)
        .await
        .map_err(|e| fail(&backend, e))
}

//! Head-unit authentication keys: made for the owner's car, kept on this device (in the
//! encrypted store) only while they can still be used, and, in the sandbox, typed at the car's
//! head unit.

use std::collections::HashMap;

use keyfob_core::{
    api::{
        authkey::{HeadUnitAnswer, KeyState, KeyView, NewKey},
        Done,
    },
    authkey::{grouped, KeyReason},
};
use serde::Serialize;
use tauri::State;

use super::{fail, sandbox::plain_vin};
use crate::{backend::Backend, error::AppResult, local_data::SavedKey};

/// A key of the car with its text when this device still keeps it (live keys only).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuthKeyItem {
    pub key: KeyView,
    pub grouped: Option<String>,
}

/// Keeps the texts of the keys still live; forgets every other one (used, expired, or gone
/// from the list, as after the car changed hands).
fn keep_live(saved: &mut HashMap<String, SavedKey>, views: &[KeyView], vehicle_id: &str) {
    saved.retain(|id, key| {
        key.vehicle_id != vehicle_id
            || views
                .iter()
                .any(|view| &view.id == id && view.state == KeyState::Live)
    });
}

#[tauri::command]
#[specta::specta]
pub async fn generate_auth_key(
    backend: State<'_, Backend>,
    vehicle_id: String,
    reason: KeyReason,
) -> AppResult<NewKey> {
    let client = backend.client()?;
    let made = client
        .create_auth_key(&vehicle_id, reason)
        .await
        .map_err(|error| fail(&backend, error))?;
    let data = backend.local();
    let mut saved = data.auth_keys();
    saved.insert(
        made.id.clone(),
        SavedKey {
            vehicle_id,
            key: made.key.clone(),
        },
    );
    data.set_auth_keys(&saved);
    Ok(made)
}

#[tauri::command]
#[specta::specta]
pub async fn auth_keys(
    backend: State<'_, Backend>,
    vehicle_id: String,
) -> AppResult<Vec<AuthKeyItem>> {
    let client = backend.client()?;
    let views = client
        .auth_keys(&vehicle_id)
        .await
        .map_err(|error| fail(&backend, error))?;
    let data = backend.local();
    let mut saved = data.auth_keys();
    let before = saved.len();
    keep_live(&mut saved, &views, &vehicle_id);
    if saved.len() != before {
        data.set_auth_keys(&saved);
    }
    Ok(views
        .into_iter()
        .map(|view| AuthKeyItem {
            grouped: saved.get(&view.id).map(|kept| grouped(&kept.key)),
            key: view,
        })
        .collect())
}

/// Types a key at the sandbox car's head unit.
#[tauri::command]
#[specta::specta]
pub async fn head_unit_enter_key(
    backend: State<'_, Backend>,
    vin: String,
    typed: String,
) -> AppResult<HeadUnitAnswer> {
    let vin = plain_vin(&vin)?;
    let typed = super::clip(&typed);
    Ok(backend
        .sandbox_client()?
        .head_unit_enter_key(&vin, &typed)
        .await?)
}

/// Types the SMS code the sandbox car asked for after its key.
#[tauri::command]
#[specta::specta]
pub async fn head_unit_enter_code(
    backend: State<'_, Backend>,
    vin: String,
    typed: String,
) -> AppResult<HeadUnitAnswer> {
    let vin = plain_vin(&vin)?;
    let typed = super::clip(&typed);
    Ok(backend
        .sandbox_client()?
        .head_unit_enter_code(&vin, &typed)
        .await?)
}

/// The dealer's service tool in the sandbox: unlocks the head unit after three wrong keys.
#[tauri::command]
#[specta::specta]
pub async fn dealer_unlock_head_unit(backend: State<'_, Backend>, vin: String) -> AppResult<Done> {
    let vin = plain_vin(&vin)?;
    Ok(backend
        .sandbox_client()?
        .dealer_unlock_head_unit(&vin)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(id: &str, state: KeyState) -> KeyView {
        KeyView {
            id: id.into(),
            reason: KeyReason::SoftwareUpdate,
            state,
            created_at: String::new(),
            expires_at: String::new(),
            used_at: None,
        }
    }

    fn kept(vehicle_id: &str) -> SavedKey {
        SavedKey {
            vehicle_id: vehicle_id.into(),
            key: "Ab3dEfG7hJ2mN4qR".into(),
        }
    }

    #[test]
    fn only_live_keys_stay_on_the_device() {
        let mut saved = HashMap::from([
            ("live".to_owned(), kept("car")),
            ("used".to_owned(), kept("car")),
            ("expired".to_owned(), kept("car")),
            ("gone".to_owned(), kept("car")),
            ("other car".to_owned(), kept("another")),
        ]);
        let views = [
            view("live", KeyState::Live),
            view("used", KeyState::Used),
            view("expired", KeyState::Expired),
        ];
        keep_live(&mut saved, &views, "car");
        let mut left: Vec<_> = saved.keys().cloned().collect();
        left.sort();
        assert_eq!(left, vec!["live", "other car"]);
    }
}

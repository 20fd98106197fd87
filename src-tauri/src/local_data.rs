//! What the app keeps on the device, by name and type, in the encrypted store: the backend
//! chosen, the session, and the vehicle list last seen (for offline use). Nothing here is ever
//! sent to the web view as-is; commands decide what the screens may see.

use std::sync::Arc;

use keyfob_client::SessionTokens;
use keyfob_core::{api::vehicle::Vehicle, status::VehicleStatus};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use tauri::Runtime;
use tauri_plugin_store::{JsonValue, Store};

const BACKEND: &str = "backend";
const SESSION: &str = "session";
const VEHICLES: &str = "vehicles";
const SELECTED_VEHICLE: &str = "selectedVehicle";
const STATUSES: &str = "statuses";
/// Where an older version kept the app PIN's hash; the PIN is the server's now.
const LEGACY_PIN: &str = "pin";
const AUTH_KEYS: &str = "authKeys";
const DEVICE_ID: &str = "deviceId";
const MAP_TILES: &str = "mapTiles";

/// Which backend the person chose on first start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum BackendChoice {
    Sandbox,
    Server {
        url: String,
    },
    /// The app's own server for one owner's NissanConnect cars.
    Personal,
}

/// The vehicle list as last read from the server, for the account that read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedVehicles {
    pub account_id: String,
    pub saved_at: String,
    pub vehicles: Vec<Vehicle>,
}

/// A car's last status as the app received it, to show offline with its age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedStatus {
    pub saved_at: String,
    pub status: VehicleStatus,
}

/// A head-unit key as this device keeps it until it is used or expires (the server keeps
/// only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedKey {
    pub vehicle_id: String,
    pub key: String,
}

/// The few operations the app needs of a key–value store; the plugin's store in the app, a map
/// in tests.
pub trait KeyValueStore: Send + Sync {
    fn get(&self, key: &str) -> Option<JsonValue>;
    fn set(&self, key: &str, value: JsonValue);
    fn delete(&self, key: &str);
    /// Writes to disk now (sealed); a store without a key keeps everything in memory.
    fn save(&self);
}

impl<R: Runtime> KeyValueStore for Store<R> {
    fn get(&self, key: &str) -> Option<JsonValue> {
        Store::get(self, key)
    }
    fn set(&self, key: &str, value: JsonValue) {
        Store::set(self, key, value);
    }
    fn delete(&self, key: &str) {
        Store::delete(self, key);
    }
    fn save(&self) {
        // Fails only without a key (memory only, already told to the person) or on a full disk,
        // where the next save tries again; the values stay in memory either way.
        let _ = Store::save(self);
    }
}

#[derive(Clone)]
pub struct LocalData {
    store: Arc<dyn KeyValueStore>,
}

impl LocalData {
    pub fn new(store: Arc<dyn KeyValueStore>) -> Self {
        Self { store }
    }

    fn read<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        // A value of an older or damaged shape reads as absent rather than failing the app.
        self.store
            .get(key)
            .and_then(|value| serde_json::from_value(value).ok())
    }

    fn write<T: Serialize>(&self, key: &str, value: Option<&T>) {
        match value.and_then(|v| serde_json::to_value(v).ok()) {
            Some(value) => self.store.set(key, value),
            None => self.store.delete(key),
        }
        self.store.save();
    }

    pub fn backend(&self) -> Option<BackendChoice> {
        self.read(BACKEND)
    }

    pub fn set_backend(&self, choice: &BackendChoice) {
        self.write(BACKEND, Some(choice));
    }

    pub fn session(&self) -> Option<SessionTokens> {
        self.read(SESSION)
    }

    /// Saves the session, or with `None` forgets it together with everything of that account.
    pub fn set_session(&self, tokens: Option<&SessionTokens>) {
        if tokens.is_none() {
            self.store.delete(VEHICLES);
            self.store.delete(SELECTED_VEHICLE);
            self.store.delete(STATUSES);
            self.store.delete(LEGACY_PIN);
            self.store.delete(AUTH_KEYS);
        }
        self.write(SESSION, tokens);
    }

    /// The saved list, only if it belongs to `account_id`.
    pub fn vehicles(&self, account_id: &str) -> Option<SavedVehicles> {
        self.read::<SavedVehicles>(VEHICLES)
            .filter(|saved| saved.account_id == account_id)
    }

    pub fn set_vehicles(&self, saved: &SavedVehicles) {
        self.write(VEHICLES, Some(saved));
    }

    pub fn status(&self, vehicle_id: &str) -> Option<SavedStatus> {
        self.read::<std::collections::HashMap<String, SavedStatus>>(STATUSES)?
            .remove(vehicle_id)
    }

    /// Saves a car's status; `None` forgets it (the car left this account).
    pub fn set_status(&self, vehicle_id: &str, saved: Option<SavedStatus>) {
        let mut all: std::collections::HashMap<String, SavedStatus> =
            self.read(STATUSES).unwrap_or_default();
        match saved {
            Some(saved) => all.insert(vehicle_id.to_owned(), saved),
            None => all.remove(vehicle_id),
        };
        self.write(STATUSES, Some(&all));
    }

    /// This installation's identifier, made once (random): the server tells the owner about a
    /// sign-in from an installation the account never used.
    pub fn device_id(&self) -> String {
        if let Some(id) = self.read::<String>(DEVICE_ID) {
            return id;
        }
        let mut bytes = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        let id = format!("keyfob-{}", hex::encode(bytes));
        self.write(DEVICE_ID, Some(&id));
        id
    }

    /// Whether map tiles may be fetched from OpenStreetMap (which then learns the map's area);
    /// `None` until the person chose.
    pub fn map_tiles(&self) -> Option<bool> {
        self.read(MAP_TILES)
    }

    pub fn set_map_tiles(&self, allowed: bool) {
        self.write(MAP_TILES, Some(&allowed));
    }

    /// Forgets everything this device keeps about a car the account no longer holds (sold,
    /// reported stolen by its owner, or left as a driver): its saved status, its head-unit keys,
    /// its place in the saved list and the selection.
    pub fn forget_vehicle(&self, vehicle_id: &str) {
        self.set_status(vehicle_id, None);
        let mut keys = self.auth_keys();
        keys.retain(|_, key| key.vehicle_id != vehicle_id);
        self.set_auth_keys(&keys);
        if let Some(mut saved) = self.read::<SavedVehicles>(VEHICLES) {
            saved.vehicles.retain(|vehicle| vehicle.id != vehicle_id);
            self.set_vehicles(&saved);
        }
        if self.selected_vehicle().as_deref() == Some(vehicle_id) {
            self.set_selected_vehicle(None);
        }
    }

    /// The head-unit keys this device made and still keeps, by key id.
    pub fn auth_keys(&self) -> std::collections::HashMap<String, SavedKey> {
        self.read(AUTH_KEYS).unwrap_or_default()
    }

    pub fn set_auth_keys(&self, keys: &std::collections::HashMap<String, SavedKey>) {
        self.write(AUTH_KEYS, Some(keys));
    }

    pub fn selected_vehicle(&self) -> Option<String> {
        self.read(SELECTED_VEHICLE)
    }

    pub fn set_selected_vehicle(&self, id: Option<&str>) {
        self.write(SELECTED_VEHICLE, id.map(str::to_owned).as_ref());
    }
}

#[cfg(test)]
pub mod memory {
    use std::{collections::HashMap, sync::Mutex};

    use super::*;

    /// A store in a map, counting saves.
    #[derive(Default)]
    pub struct MemoryStore {
        pub values: Mutex<HashMap<String, JsonValue>>,
        pub saves: Mutex<usize>,
    }

    impl KeyValueStore for MemoryStore {
        fn get(&self, key: &str) -> Option<JsonValue> {
            self.values.lock().ok()?.get(key).cloned()
        }
        fn set(&self, key: &str, value: JsonValue) {
            if let Ok(mut values) = self.values.lock() {
                values.insert(key.to_owned(), value);
            }
        }
        fn delete(&self, key: &str) {
            if let Ok(mut values) = self.values.lock() {
                values.remove(key);
            }
        }
        fn save(&self) {
            if let Ok(mut saves) = self.saves.lock() {
                *saves += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{memory::MemoryStore, *};

    fn data() -> (Arc<MemoryStore>, LocalData) {
        let store = Arc::new(MemoryStore::default());
        (store.clone(), LocalData::new(store))
    }

    #[test]
    fn the_backend_choice_round_trips_and_is_saved_at_once() {
        let (store, data) = data();
        assert_eq!(data.backend(), None);
        let server = BackendChoice::Server {
            url: "https://keyfob.example.com/".into(),
        };
        data.set_backend(&server);
        assert_eq!(data.backend(), Some(server));
        assert_eq!(*store.saves.lock().expect("lock"), 1);
    }

    #[test]
    fn forgetting_the_session_forgets_that_accounts_vehicles() {
        let (_, data) = data();
        data.set_vehicles(&SavedVehicles {
            account_id: "acc_1".into(),
            saved_at: "2026-11-23T10:00:00Z".into(),
            vehicles: vec![],
        });
        data.set_selected_vehicle(Some("veh_1"));
        data.set_status("veh_1", Some(saved_status()));
        assert_eq!(data.status("veh_1"), Some(saved_status()));
        assert!(data.vehicles("acc_1").is_some());
        assert!(data.vehicles("acc_2").is_none(), "another account's list");
        data.set_session(None);
        assert!(data.vehicles("acc_1").is_none());
        assert_eq!(data.status("veh_1"), None);
        assert_eq!(data.selected_vehicle(), None);
    }

    #[test]
    fn the_device_id_is_made_once() {
        let (_, data) = data();
        let id = data.device_id();
        assert!(id.starts_with("keyfob-") && id.len() == 39, "{id}");
        assert_eq!(data.device_id(), id);
    }

    #[test]
    fn forgetting_a_car_forgets_its_status_keys_and_selection_only() {
        let (_, data) = data();
        data.set_status("veh_sold", Some(saved_status()));
        data.set_status("veh_kept", Some(saved_status()));
        let key = |vehicle: &str| SavedKey {
            vehicle_id: vehicle.into(),
            key: "Ab3dEfG7hJ2mN4qR".into(),
        };
        data.set_auth_keys(&std::collections::HashMap::from([
            ("key_1".to_owned(), key("veh_sold")),
            ("key_2".to_owned(), key("veh_kept")),
        ]));
        data.set_selected_vehicle(Some("veh_sold"));
        data.forget_vehicle("veh_sold");
        assert_eq!(data.status("veh_sold"), None);
        assert!(data.status("veh_kept").is_some());
        assert_eq!(data.auth_keys().keys().collect::<Vec<_>>(), ["key_2"]);
        assert_eq!(data.selected_vehicle(), None);
    }

    fn saved_status() -> SavedStatus {
        let status: VehicleStatus = serde_json::from_value(serde_json::json!({
            "doors": {"value": {"frontLeft": false, "frontRight": false, "rearLeft": false, "rearRight": false, "tailgate": false}, "at": "2026-11-23T10:00:00Z"},
            "locked": {"value": true, "at": "2026-11-23T10:00:00Z"},
            "hoodOpen": {"value": false, "at": "2026-11-23T10:00:00Z"},
            "windows": {"value": {"frontLeft": false, "frontRight": false, "rearLeft": false, "rearRight": false, "tailgate": false}, "at": "2026-11-23T10:00:00Z"},
            "ignitionOn": {"value": false, "at": "2026-11-23T10:00:00Z"},
            "engineRunning": {"value": false, "at": "2026-11-23T10:00:00Z"},
            "gear": {"value": "park", "at": "2026-11-23T10:00:00Z"},
            "hazardsOn": {"value": false, "at": "2026-11-23T10:00:00Z"},
            "alarmTriggered": {"value": false, "at": "2026-11-23T10:00:00Z"},
            "battery12vMillivolts": {"value": 12600, "at": "2026-11-23T10:00:00Z"},
            "energy": {"value": {"electric": false, "percent": 60, "rangeKm": 420}, "at": "2026-11-23T10:00:00Z"},
            "odometerKm": {"value": 12000, "at": "2026-11-23T10:00:00Z"},
            "tyresKpa": {"value": {"frontLeft": 240, "frontRight": 240, "rearLeft": 230, "rearRight": 230}, "at": "2026-11-23T10:00:00Z"},
            "warningLamps": {"value": [], "at": "2026-11-23T10:00:00Z"},
            "position": {"value": {"latitude": 52.5, "longitude": 13.4, "heading": 0, "speedKmh": 0}, "at": "2026-11-23T10:00:00Z"},
            "online": {"value": true, "at": "2026-11-23T10:00:00Z"}
        }))
        .expect("a status");
        SavedStatus {
            saved_at: "2026-11-23T10:00:05Z".into(),
            status,
        }
    }

    #[test]
    fn a_value_of_the_wrong_shape_reads_as_absent() {
        let (store, data) = data();
        store.set(BACKEND, JsonValue::from(42));
        assert_eq!(data.backend(), None);
    }
}

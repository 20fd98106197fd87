//! tauri-plugin-store with its file format replaced by keyfob-vault's sealed envelope. The
//! plugin takes plain function pointers for (de)serialisation, so the key they use is held
//! here, set once at start from the OS credential store. Without a key nothing is written.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::RwLock,
};

use keyfob_vault::{CredentialStore, Key, VaultError};
use serde::Serialize;
use tauri_plugin_store::JsonValue;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

static STORE_KEY: RwLock<Option<Key>> = RwLock::new(None);

/// What became of the store at start, for the UI to tell the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum StoreHealth {
    /// Encrypted on disk with a key from the system's credential store.
    Encrypted,
    /// No credential store answered: nothing is saved; the session lasts until the app closes.
    MemoryOnly { reason: String },
    /// The saved file had been changed or damaged; it was set aside and the app starts afresh.
    Discarded { reason: String },
}

/// The key and the state of the file, without installing anything (it can run on a thread
/// that the caller stops waiting for).
pub fn check(credentials: &dyn CredentialStore, file: &Path) -> (StoreHealth, Option<Key>) {
    let key = match keyfob_vault::load_or_create_key(credentials) {
        Ok(key) => key,
        Err(error) => {
            let reason = error.to_string();
            return (StoreHealth::MemoryOnly { reason }, None);
        }
    };
    let health = match std::fs::read(file) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => StoreHealth::Encrypted,
        Err(error) => discard(file, &error.to_string()),
        Ok(bytes) => match keyfob_vault::open(&key, &bytes) {
            Ok(_) => StoreHealth::Encrypted,
            Err(error) => discard(file, &error.to_string()),
        },
    };
    (health, Some(key))
}

/// The key the plugin seals with from now on; `None` stops all writing.
pub fn install_key(key: Option<Key>) {
    if let Ok(mut slot) = STORE_KEY.write() {
        *slot = key;
    }
}

/// A key for one purpose, derived from the store's key; `None` without a credential store.
fn derived_key(purpose: &str) -> Option<zeroize::Zeroizing<[u8; 32]>> {
    let slot = STORE_KEY.read().ok()?;
    let key = slot.as_ref()?;
    Some(zeroize::Zeroizing::new(*key.derive(purpose)))
}

/// The sandbox database's SQLCipher key (hex), derived from the store's key; `None` without a
/// credential store, when the sandbox must keep its database in memory.
pub fn sandbox_database_key() -> Option<zeroize::Zeroizing<String>> {
    derived_key("keyfob sandbox database v1").map(|key| zeroize::Zeroizing::new(hex::encode(*key)))
}

/// Personal mode's database key (hex), like the sandbox's.
pub fn personal_database_key() -> Option<zeroize::Zeroizing<String>> {
    derived_key("keyfob personal database v1").map(|key| zeroize::Zeroizing::new(hex::encode(*key)))
}

/// The key personal mode seals the NissanConnect tokens with, inside its encrypted database.
pub fn personal_token_key() -> Option<zeroize::Zeroizing<[u8; 32]>> {
    derived_key("keyfob personal nissanconnect tokens v1")
}

/// Moves an unreadable store aside (kept for a support case, never read again).
fn discard(file: &Path, reason: &str) -> StoreHealth {
    let mut aside = PathBuf::from(file);
    aside.set_extension("damaged");
    let _ = std::fs::rename(file, &aside);
    StoreHealth::Discarded {
        reason: reason.to_owned(),
    }
}

/// The plugin's serialiser: JSON, then sealed.
pub fn seal(cache: &HashMap<String, JsonValue>) -> Result<Vec<u8>, BoxError> {
    let json = serde_json::to_vec(cache)?;
    let slot = STORE_KEY
        .read()
        .map_err(|_| "the store key is unavailable")?;
    let key = slot
        .as_ref()
        .ok_or("no credential store: kept in memory only")?;
    Ok(keyfob_vault::seal(key, &json)?)
}

/// The plugin's deserialiser: opened, then JSON.
pub fn open(bytes: &[u8]) -> Result<HashMap<String, JsonValue>, BoxError> {
    let slot = STORE_KEY
        .read()
        .map_err(|_| "the store key is unavailable")?;
    let key = slot.as_ref().ok_or(VaultError::NotSealed)?;
    let json = keyfob_vault::open(key, bytes)?;
    Ok(serde_json::from_slice(&json)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyfob_vault::MemoryCredentials;

    fn prepare(credentials: &dyn CredentialStore, file: &Path) -> StoreHealth {
        let (health, key) = check(credentials, file);
        install_key(key);
        health
    }

    // One test: the key is process-wide.
    #[test]
    fn the_store_file_is_sealed_checked_and_set_aside_when_damaged() {
        let dir = std::env::temp_dir().join(format!("keyfob-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("settings.json");
        let credentials = MemoryCredentials::default();
        assert_eq!(prepare(&credentials, &file), StoreHealth::Encrypted);

        let mut cache = HashMap::new();
        cache.insert("email".to_owned(), JsonValue::from("owner@example.com"));
        let bytes = seal(&cache).expect("seal");
        assert!(!String::from_utf8_lossy(&bytes).contains("owner@example.com"));
        assert_eq!(open(&bytes).expect("open"), cache);
        std::fs::write(&file, &bytes).expect("write");
        assert_eq!(prepare(&credentials, &file), StoreHealth::Encrypted);

        let mut tampered = bytes.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 0x80;
        std::fs::write(&file, &tampered).expect("write");
        assert!(matches!(
            prepare(&credentials, &file),
            StoreHealth::Discarded { .. }
        ));
        assert!(!file.exists() && dir.join("settings.damaged").exists());

        assert!(matches!(
            prepare(&MemoryCredentials::unreachable(), &file),
            StoreHealth::MemoryOnly { .. }
        ));
        assert!(seal(&cache).is_err(), "nothing is written without a key");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

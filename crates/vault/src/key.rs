//! The store's key: 32 random bytes, made once and kept in the OS credential store (Secret
//! Service on Linux, Keychain on Apple systems, Credential Manager on Windows).

use chacha20poly1305::Key as AeadKey;
use rand::RngCore;
use zeroize::Zeroizing;

pub const KEY_LEN: usize = 32;

/// A store key. Wiped from memory when dropped; never printed.
pub struct Key(Zeroizing<[u8; KEY_LEN]>);

impl Key {
    pub fn generate() -> Key {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Key(bytes)
    }

    fn from_slice(bytes: &[u8]) -> Option<Key> {
        let array: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(Key(Zeroizing::new(array)))
    }

    pub(crate) fn as_aead_key(&self) -> &AeadKey {
        AeadKey::from_slice(self.0.as_ref())
    }

    fn bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// A separate key for another use (the sandbox's database), derived with keyed BLAKE2b so
    /// neither key reveals the other and the credential store still holds one secret.
    pub fn derive(&self, purpose: &str) -> Zeroizing<[u8; KEY_LEN]> {
        use blake2::{digest::Mac, Blake2bMac};
        type Blake2bMac256 = Blake2bMac<blake2::digest::consts::U32>;
        let mut mac = <Blake2bMac256 as Mac>::new_from_slice(self.bytes())
            .unwrap_or_else(|_| unreachable!("32 bytes is a valid BLAKE2b key"));
        mac.update(purpose.as_bytes());
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        out.copy_from_slice(&mac.finalize().into_bytes());
        out
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeystoreError {
    /// No credential store answered (no Secret Service running, access refused, …).
    #[error("the system's credential store is not available: {0}")]
    Unavailable(String),
}

/// Where the key lives. The OS credential store in the app; a map in memory in tests.
pub trait CredentialStore: Send + Sync {
    /// The stored secret, or `None` if there is none yet.
    fn get(&self) -> Result<Option<Vec<u8>>, KeystoreError>;
    fn set(&self, secret: &[u8]) -> Result<(), KeystoreError>;
}

/// The key for the store, made and saved on first use. A stored secret of the wrong length (not
/// ours, or damaged) is replaced: what it sealed could not be opened anyway.
pub fn load_or_create_key(store: &dyn CredentialStore) -> Result<Key, KeystoreError> {
    if let Some(key) = store.get()?.as_deref().and_then(Key::from_slice) {
        return Ok(key);
    }
    let key = Key::generate();
    store.set(key.bytes())?;
    // Read back: a store that accepts but does not keep the key would lose every file.
    match store.get()?.as_deref().and_then(Key::from_slice) {
        Some(kept) if kept.bytes() == key.bytes() => Ok(key),
        _ => Err(KeystoreError::Unavailable(
            "it did not keep the key it was given".into(),
        )),
    }
}

/// A credential store in memory, or one that is never reachable. For tests.
#[derive(Default)]
pub struct MemoryCredentials {
    secret: std::sync::Mutex<Option<Vec<u8>>>,
    unreachable: bool,
}

impl MemoryCredentials {
    pub fn unreachable() -> MemoryCredentials {
        MemoryCredentials {
            unreachable: true,
            ..Default::default()
        }
    }

    fn check(&self) -> Result<(), KeystoreError> {
        if self.unreachable {
            Err(KeystoreError::Unavailable(
                "no credential store in this test".into(),
            ))
        } else {
            Ok(())
        }
    }
}

impl CredentialStore for MemoryCredentials {
    fn get(&self) -> Result<Option<Vec<u8>>, KeystoreError> {
        self.check()?;
        Ok(self.secret.lock().map_err(|_| poisoned())?.clone())
    }

    fn set(&self, secret: &[u8]) -> Result<(), KeystoreError> {
        self.check()?;
        *self.secret.lock().map_err(|_| poisoned())? = Some(secret.to_vec());
        Ok(())
    }
}

fn poisoned() -> KeystoreError {
    KeystoreError::Unavailable("the in-memory store failed".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{open, seal};

    #[test]
    fn the_key_is_made_once_and_found_again() {
        let store = MemoryCredentials::default();
        let first = load_or_create_key(&store).expect("key");
        let again = load_or_create_key(&store).expect("key");
        assert_eq!(first.bytes(), again.bytes());
        let sealed = seal(&first, b"tokens").expect("seal");
        assert_eq!(open(&again, &sealed).expect("open"), b"tokens");
        assert_eq!(format!("{first:?}"), "Key(…)");
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_from_the_key() {
        let key = Key::generate();
        let database = key.derive("sandbox database");
        assert_eq!(*database, *key.derive("sandbox database"));
        assert_ne!(*database, *key.derive("something else"));
        assert_ne!(database.as_slice(), key.bytes());
        assert_ne!(*database, *Key::generate().derive("sandbox database"));
    }

    #[test]
    fn without_a_credential_store_there_is_no_key() {
        let error = load_or_create_key(&MemoryCredentials::unreachable()).expect_err("no key");
        assert!(matches!(error, KeystoreError::Unavailable(_)));
    }

    #[test]
    fn a_damaged_stored_key_is_replaced() {
        let store = MemoryCredentials::default();
        store.set(b"short").expect("set");
        let key = load_or_create_key(&store).expect("key");
        assert_eq!(store.get().expect("get").as_deref(), Some(key.bytes()));
    }

    /// A store that says yes and keeps nothing.
    struct Forgetful;
    impl CredentialStore for Forgetful {
        fn get(&self) -> Result<Option<Vec<u8>>, KeystoreError> {
            Ok(None)
        }
        fn set(&self, _: &[u8]) -> Result<(), KeystoreError> {
            Ok(())
        }
    }

    #[test]
    fn a_store_that_forgets_is_not_trusted() {
        assert!(load_or_create_key(&Forgetful).is_err());
    }
}

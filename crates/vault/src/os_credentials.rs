//! The operating system's credential store: Secret Service on Linux, Keychain on Apple systems,
//! Credential Manager on Windows, the Keystore on Android. Elsewhere there is none, and the app
//! keeps its session in memory only.

use crate::key::{CredentialStore, KeystoreError};

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
))]
mod platform {
    use super::{CredentialStore, KeystoreError};

    /// An entry of the operating system's credential store.
    pub struct OsCredentials {
        entry: Result<keyring::Entry, KeystoreError>,
    }

    impl OsCredentials {
        /// `service` names the app (its identifier), `account` the profile (its data folder),
        /// so profiles side by side each have their own key.
        pub fn new(service: &str, account: &str) -> OsCredentials {
            OsCredentials {
                entry: keyring::Entry::new(service, account).map_err(unavailable),
            }
        }

        fn entry(&self) -> Result<&keyring::Entry, KeystoreError> {
            self.entry.as_ref().map_err(Clone::clone)
        }
    }

    fn unavailable(error: keyring::Error) -> KeystoreError {
        KeystoreError::Unavailable(error.to_string())
    }

    impl CredentialStore for OsCredentials {
        fn get(&self) -> Result<Option<Vec<u8>>, KeystoreError> {
            match self.entry()?.get_secret() {
                Ok(secret) => Ok(Some(secret)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(error) => Err(unavailable(error)),
            }
        }

        fn set(&self, secret: &[u8]) -> Result<(), KeystoreError> {
            self.entry()?.set_secret(secret).map_err(unavailable)
        }
    }
}

/// Android: keyring-core's Android store, an AES key inside the Keystore (it never leaves it)
/// sealing the secret kept in the app's private SharedPreferences. It reaches Java through the
/// application context Tauri's window layer (tao) registers when the activity is created.
#[cfg(target_os = "android")]
mod platform {
    use std::sync::OnceLock;

    use super::{CredentialStore, KeystoreError};

    pub struct OsCredentials {
        entry: Result<keyring_core::Entry, KeystoreError>,
    }

    /// The store is set up once per process; a failure is remembered, not retried on every call.
    fn store_ready() -> Result<(), KeystoreError> {
        static READY: OnceLock<Result<(), KeystoreError>> = OnceLock::new();
        READY
            .get_or_init(|| {
                let store = android_native_keyring_store::Store::new().map_err(unavailable)?;
                keyring_core::set_default_store(store);
                Ok(())
            })
            .clone()
    }

    impl OsCredentials {
        pub fn new(service: &str, account: &str) -> OsCredentials {
            let entry = store_ready()
                .and_then(|()| keyring_core::Entry::new(service, account).map_err(unavailable));
            OsCredentials { entry }
        }

        fn entry(&self) -> Result<&keyring_core::Entry, KeystoreError> {
            self.entry.as_ref().map_err(Clone::clone)
        }
    }

    fn unavailable(error: keyring_core::Error) -> KeystoreError {
        KeystoreError::Unavailable(error.to_string())
    }

    impl CredentialStore for OsCredentials {
        fn get(&self) -> Result<Option<Vec<u8>>, KeystoreError> {
            match self.entry()?.get_secret() {
                Ok(secret) => Ok(Some(secret)),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(error) => Err(unavailable(error)),
            }
        }

        fn set(&self, secret: &[u8]) -> Result<(), KeystoreError> {
            self.entry()?.set_secret(secret).map_err(unavailable)
        }
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows",
    target_os = "android"
)))]
mod platform {
    use super::{CredentialStore, KeystoreError};

    pub struct OsCredentials;

    impl OsCredentials {
        pub fn new(_service: &str, _account: &str) -> OsCredentials {
            OsCredentials
        }
    }

    impl CredentialStore for OsCredentials {
        fn get(&self) -> Result<Option<Vec<u8>>, KeystoreError> {
            Err(KeystoreError::Unavailable(
                "this platform's credential store is not supported yet".into(),
            ))
        }

        fn set(&self, _secret: &[u8]) -> Result<(), KeystoreError> {
            self.get().map(|_| ())
        }
    }
}

pub use platform::OsCredentials;

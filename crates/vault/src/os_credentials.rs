//! The operating system's credential store: Secret Service on Linux, Keychain on Apple systems,
//! Credential Manager on Windows. Elsewhere (Android until the mobile build wires its keystore)
//! there is none, and the app keeps its session in memory only.

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

#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
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

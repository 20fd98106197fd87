//! Keyfob's encrypted local store. Every byte the app writes about its owner (session tokens,
//! settings, the vehicle list, cached status) is sealed here with XChaCha20-Poly1305 before it
//! reaches the disk. The key is made once and kept only in the operating system's credential
//! store; without one, nothing is written at all — never a plaintext file or a key file.

mod envelope;
mod key;
mod os_credentials;

pub use envelope::{open, seal, VaultError, MAGIC};
pub use key::{
    load_or_create_key, CredentialStore, Key, KeystoreError, MemoryCredentials, KEY_LEN,
};
pub use os_credentials::OsCredentials;

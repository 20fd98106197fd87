//! Head-unit authentication keys: the owner's calls, and the sandbox head unit that takes them.

use keyfob_core::{
    api::{
        authkey::{HeadUnitAnswer, KeyEntry, KeyView, NewKey, NewKeyRequest},
        Done,
    },
    authkey::KeyReason,
};
use reqwest::Method;

use crate::{Client, ClientError};

impl Client {
    /// A new key for the owner's active car; the only time the key itself is returned.
    pub async fn create_auth_key(
        &self,
        vehicle_id: &str,
        reason: KeyReason,
    ) -> Result<NewKey, ClientError> {
        self.authed(
            Method::POST,
            &["v1", "vehicles", vehicle_id, "auth-keys"],
            Some(&NewKeyRequest { reason }),
        )
        .await
    }

    pub async fn auth_keys(&self, vehicle_id: &str) -> Result<Vec<KeyView>, ClientError> {
        self.authed::<(), _>(
            Method::GET,
            &["v1", "vehicles", vehicle_id, "auth-keys"],
            None,
        )
        .await
    }

    /// Types a key at the sandbox car's "Enter authentication key" prompt.
    pub async fn head_unit_enter_key(
        &self,
        vin: &str,
        typed: &str,
    ) -> Result<HeadUnitAnswer, ClientError> {
        let entry = KeyEntry {
            typed: typed.to_owned(),
        };
        self.public(
            Method::POST,
            &["v1", "sandbox", "head-unit", vin, "key"],
            Some(&entry),
        )
        .await
    }

    /// Types the SMS code the sandbox car asked for after its key.
    pub async fn head_unit_enter_code(
        &self,
        vin: &str,
        typed: &str,
    ) -> Result<HeadUnitAnswer, ClientError> {
        let entry = KeyEntry {
            typed: typed.to_owned(),
        };
        self.public(
            Method::POST,
            &["v1", "sandbox", "head-unit", vin, "sms-code"],
            Some(&entry),
        )
        .await
    }

    /// The dealer's service tool in the sandbox: unlocks the head unit's key entry.
    pub async fn dealer_unlock_head_unit(&self, vin: &str) -> Result<Done, ClientError> {
        self.public::<(), _>(
            Method::POST,
            &["v1", "sandbox", "service", vin, "unlock-head-unit"],
            None,
        )
        .await
    }
}

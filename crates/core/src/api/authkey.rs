//! Head-unit authentication keys as the owner asks for them and the head unit answers them.

use serde::{Deserialize, Serialize};

use crate::authkey::KeyReason;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewKeyRequest {
    pub reason: KeyReason,
}

/// A key just made: the only time the server tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewKey {
    pub id: String,
    /// 16 characters, case-sensitive.
    pub key: String,
    /// The same in groups of four, as shown.
    pub grouped: String,
    pub reason: KeyReason,
    pub created_at: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeyState {
    Live,
    Used,
    Expired,
    /// Withdrawn before use: the car was reported stolen or sold, or its SMS code was got
    /// wrong too often.
    Revoked,
}

/// A key of the car as listed later: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KeyView {
    pub id: String,
    pub reason: KeyReason,
    pub state: KeyState,
    pub created_at: String,
    pub expires_at: String,
    pub used_at: Option<String>,
}

/// What a person types at the head unit's prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyEntry {
    pub typed: String,
}

/// The head unit's answer to a key or an SMS code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(
    tag = "outcome",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum HeadUnitAnswer {
    Accepted,
    /// The key was right; a 6-digit code went by SMS to the owner's phone (firmware 3.0+).
    SmsCodeRequired {
        phone_hint: String,
    },
    /// A typo, another car's key or one already used.
    InvalidKey {
        tries_left: u32,
    },
    KeyExpired {
        tries_left: u32,
    },
    /// Three wrong entries: only a dealer can unlock it.
    SystemLocked,
    InvalidCode {
        tries_left: u32,
    },
    /// The SMS code ran out of time: enter the key again.
    CodeExpired,
    /// Too many wrong SMS codes: this key is revoked. Generate a new one in the app.
    KeyRevoked,
}

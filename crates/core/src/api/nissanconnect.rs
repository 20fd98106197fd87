//! Connecting an account to NissanConnect (Nissan's connected service in Europe), so the cars
//! it holds can be linked and reached: the request, and what the connection looks like.

use serde::{Deserialize, Serialize};

/// The owner's NissanConnect (MyNISSAN) email and password, given once: the server signs in
/// with them, keeps only the tokens, and forgets the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectNissanRequest {
    pub email: String,
    pub password: String,
}

debug_without_secrets!(ConnectNissanRequest);

/// One car of the connected NissanConnect account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NissanCar {
    /// The full VIN: the caller holds this car in their own NissanConnect account.
    pub vin: String,
    pub model: String,
    pub model_year: Option<u16>,
    pub nickname: Option<String>,
    pub electric: bool,
    /// The Keyfob vehicle id once linked to this account; `None` while it can be linked.
    pub vehicle_id: Option<String>,
    /// Why it cannot be linked here, when it cannot (linked to another Keyfob account).
    pub unavailable_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NissanConnectionState {
    /// Never connected, or disconnected.
    NotConnected,
    Connected,
    /// The tokens could no longer be refreshed: sign in with NissanConnect again.
    SignInAgain,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NissanConnection {
    pub state: NissanConnectionState,
    /// The connected NissanConnect email, masked (`d•••@example.com`).
    pub email_hint: Option<String>,
    pub connected_at: Option<String>,
    pub cars: Vec<NissanCar>,
    /// How often Keyfob reads the service's stored values (they never wake the car), minutes.
    pub read_every_minutes: u32,
    /// How often "Refresh from car" may wake a car, minutes.
    pub wake_every_minutes: u32,
}

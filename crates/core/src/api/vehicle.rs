//! Vehicles: lookup, linking, activation, drivers and subscriptions.

use serde::{Deserialize, Serialize};

use crate::{
    account::Region, activation::ActivationState, entitlement::FeatureEntitlement,
    subscription::Tier, vin::DecodedVin, vin::Generation,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VinRequest {
    pub vin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SimState {
    Active,
    NotActivated,
}

/// What the manufacturer database says about a VIN, without anything that proves ownership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VehicleLookup {
    pub decoded: DecodedVin,
    pub model: String,
    pub model_year: u16,
    pub trim: String,
    pub equipment: Vec<String>,
    pub market: Region,
    pub telematics_unit: bool,
    pub sim: SimState,
    pub firmware_version: String,
    pub generation: Generation,
    pub generation_label: String,
}

/// The datum from the car's papers that proves the person holds the car.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProofKind {
    /// The body (chassis) number on the registration certificate.
    BodyNumber,
    /// The date of first registration, `YYYY-MM-DD`.
    FirstRegistration,
    /// The security code printed in the warranty book.
    WarrantyCode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OwnershipProof {
    pub kind: ProofKind,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkVehicleRequest {
    pub vin: String,
    pub proof: OwnershipProof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The primary owner: manages drivers, alerts, subscription and keys, and may remove the car.
    Owner,
    /// A secondary driver invited by the owner: status and everyday remote commands.
    Driver,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Activation {
    pub state: ActivationState,
    pub linked_at: String,
    /// When an unconfirmed link expires (only while pending).
    pub expires_at: Option<String>,
    pub confirmed_at: Option<String>,
    /// When the car finishes (or finished) synchronising.
    pub synced_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub tier: Tier,
    pub trial_ends_on: String,
    pub premium_ends_on: Option<String>,
    pub warranty_ends_on: String,
    pub warranty_active: bool,
}

/// A vehicle as a member of it (owner or driver) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Vehicle {
    pub id: String,
    pub vin: String,
    pub vin_masked: String,
    pub model: String,
    pub model_year: u16,
    pub trim: String,
    pub market: Region,
    pub generation: Generation,
    pub generation_label: String,
    pub firmware_version: String,
    pub role: Role,
    pub owner_nickname: String,
    pub activation: Activation,
    /// When the owner reported the car stolen: every remote command is refused and its keys
    /// are revoked until the owner withdraws the report.
    #[serde(default)]
    pub reported_stolen_at: Option<String>,
    /// Reached through the owner's NissanConnect account: its Nissan services (managed in the
    /// MyNISSAN app), not a Keyfob subscription, decide what it can do.
    #[serde(default)]
    pub via_nissanconnect: bool,
    pub subscription: Subscription,
    pub entitlements: Vec<FeatureEntitlement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub account_id: String,
    pub nickname: String,
    pub since: String,
}

/// An invitation as the owner who sent it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SentInvitation {
    pub id: String,
    pub email: String,
    pub sent_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Drivers {
    pub owner_nickname: String,
    pub drivers: Vec<Driver>,
    pub invitations: Vec<SentInvitation>,
}

/// An invitation as the invited person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: String,
    pub vehicle_model: String,
    pub vehicle_model_year: u16,
    pub vin_masked: String,
    pub owner_nickname: String,
    pub sent_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurchasePremiumRequest {
    /// 1 to 3 years, added to the end of any Premium still running.
    pub years: u8,
}

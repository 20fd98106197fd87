//! Which features a vehicle may use, and if not, why and what would unlock them. One function
//! answers for the server (which enforces it) and the app (which greys out locked controls).

use serde::{Deserialize, Serialize};

use crate::{activation::ActivationState, subscription::Tier, vin::Generation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    Status,
    RemoteStart,
    LockUnlock,
    HornLights,
    GeofenceAlerts,
    Diagnostics,
    SendToCar,
    /// An EV's charging, started and stopped remotely.
    Charging,
    /// An EV's cabin climate, run from the battery.
    Climate,
}

impl Feature {
    pub const ALL: [Feature; 9] = [
        Feature::Status,
        Feature::RemoteStart,
        Feature::LockUnlock,
        Feature::HornLights,
        Feature::GeofenceAlerts,
        Feature::Diagnostics,
        Feature::SendToCar,
        Feature::Charging,
        Feature::Climate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Feature::Status => "Vehicle status",
            Feature::RemoteStart => "Remote engine start",
            Feature::LockUnlock => "Lock and unlock",
            Feature::HornLights => "Horn and lights",
            Feature::GeofenceAlerts => "Geofence, curfew and speed alerts",
            Feature::Diagnostics => "Diagnostics and health report",
            Feature::SendToCar => "Send a destination to the car",
            Feature::Charging => "Remote charging",
            Feature::Climate => "Remote climate (electric)",
        }
    }

    /// Features that need Trial or Premium.
    fn needs_paid_tier(self) -> bool {
        matches!(
            self,
            Feature::RemoteStart
                | Feature::LockUnlock
                | Feature::HornLights
                | Feature::GeofenceAlerts
                | Feature::Charging
                | Feature::Climate
        )
    }

    /// Features only an electric car has.
    fn electric_only(self) -> bool {
        matches!(self, Feature::Charging | Feature::Climate)
    }

    /// Features that are free while the warranty runs, then need Trial or Premium.
    fn free_during_warranty(self) -> bool {
        matches!(self, Feature::Diagnostics | Feature::SendToCar)
    }
}

/// Why a feature is locked: it exists for this car but something must happen first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    ActivationPending,
    ActivationConfirming,
    ActivationExpired,
    SubscriptionRequired,
    WarrantyEnded,
    /// The car's connected service lists the feature, but it is not activated.
    ServiceNotActivated,
}

/// Why a feature can never work on this car.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnsupportedReason {
    NoTelematicsUnit,
    NoConnectedServices,
    NoRemoteServices,
    NeedsCurrentGeneration,
    /// Charging and battery climate on a car with an engine.
    NotElectric,
    /// Remote engine start on an electric car.
    NoEngine,
    /// The car's connected service (NissanConnect) does not offer it for this car, or Keyfob
    /// cannot reach it through that service.
    NotOfferedByService,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Entitlement {
    Available,
    Locked {
        code: LockReason,
        reason: String,
        /// What the person can do to unlock it.
        unlock: String,
    },
    Unsupported {
        code: UnsupportedReason,
        reason: String,
    },
}

impl Entitlement {
    pub fn is_available(&self) -> bool {
        matches!(self, Entitlement::Available)
    }
}

/// The facts about a vehicle the answer depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VehicleFacts {
    pub generation: Generation,
    pub telematics_unit: bool,
    pub activation: ActivationState,
    pub tier: Tier,
    pub warranty_active: bool,
    pub electric: bool,
}

/// One row of a vehicle's entitlement table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FeatureEntitlement {
    pub feature: Feature,
    pub label: String,
    pub entitlement: Entitlement,
}

/// Answers one feature for one vehicle.
pub fn entitlement(feature: Feature, facts: &VehicleFacts) -> Entitlement {
    if let Some(unsupported) = unsupported(feature, facts) {
        return unsupported;
    }
    if let Some(locked) = activation_lock(facts.activation) {
        return locked;
    }
    let paid = facts.tier.includes_remote_services();
    if feature.needs_paid_tier() && !paid {
        return Entitlement::Locked {
            code: LockReason::SubscriptionRequired,
            reason: format!(
                "{} needs a Trial or Premium subscription; this car is on {}.",
                feature.label(),
                facts.tier.label()
            ),
            unlock: "Buy Premium for this car under Subscription.".into(),
        };
    }
    if feature.free_during_warranty() && !facts.warranty_active && !paid {
        return Entitlement::Locked {
            code: LockReason::WarrantyEnded,
            reason: format!(
                "{} is free only during the warranty, which has ended.",
                feature.label()
            ),
            unlock: "Buy Premium for this car under Subscription.".into(),
        };
    }
    Entitlement::Available
}

/// Every feature, in a stable order, for one vehicle.
pub fn entitlement_table(facts: &VehicleFacts) -> Vec<FeatureEntitlement> {
    table_of(|feature| entitlement(feature, facts))
}

/// Every feature, in a stable order, as `judge` answers each: the one shape of an entitlement
/// table, whichever rules fill it (subscription dates, or a connected service's activations).
pub fn table_of(judge: impl Fn(Feature) -> Entitlement) -> Vec<FeatureEntitlement> {
    Feature::ALL
        .iter()
        .map(|&feature| FeatureEntitlement {
            feature,
            label: feature.label().to_string(),
            entitlement: judge(feature),
        })
        .collect()
}

/// Whether a subscription tier includes a feature, as the Subscription screen lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Inclusion {
    Included,
    /// Included while the car's warranty runs.
    DuringWarranty,
    NotIncluded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PlanFeature {
    pub feature: Feature,
    pub label: String,
    pub inclusion: Inclusion,
}

/// What a tier includes, feature by feature, from the same rules [`entitlement`] applies
/// (a car that supports the feature and is active).
pub fn plan(tier: Tier) -> Vec<PlanFeature> {
    let paid = tier.includes_remote_services();
    Feature::ALL
        .iter()
        .map(|&feature| PlanFeature {
            feature,
            label: feature.label().to_owned(),
            inclusion: if paid {
                Inclusion::Included
            } else if feature.needs_paid_tier() {
                Inclusion::NotIncluded
            } else if feature.free_during_warranty() {
                Inclusion::DuringWarranty
            } else {
                Inclusion::Included
            },
        })
        .collect()
}

fn unsupported(feature: Feature, facts: &VehicleFacts) -> Option<Entitlement> {
    let (code, reason) = if !facts.telematics_unit {
        (
            UnsupportedReason::NoTelematicsUnit,
            "This car has no telematics unit, so it cannot connect to NissanConnect.".to_string(),
        )
    } else {
        match facts.generation {
            Generation::None => (
                UnsupportedReason::NoConnectedServices,
                "Cars built before 2014 have no connected services.".to_string(),
            ),
            Generation::Legacy => (
                UnsupportedReason::NoRemoteServices,
                "NissanConnect 1.0/2.0 (2014–2017 models) has no remote services.".to_string(),
            ),
            Generation::V3 if feature == Feature::SendToCar => (
                UnsupportedReason::NeedsCurrentGeneration,
                "Sending a destination needs the current NissanConnect (2021 and later models)."
                    .to_string(),
            ),
            Generation::V3 | Generation::Current if feature.electric_only() && !facts.electric => (
                UnsupportedReason::NotElectric,
                "This car has an engine: charging and battery climate are for electric cars. Remote start runs its climate."
                    .to_string(),
            ),
            Generation::V3 | Generation::Current
                if feature == Feature::RemoteStart && facts.electric =>
            {
                (
                    UnsupportedReason::NoEngine,
                    "An electric car has no engine to start. Use Remote climate to heat or cool the cabin."
                        .to_string(),
                )
            }
            Generation::V3 | Generation::Current => return None,
        }
    };
    Some(Entitlement::Unsupported { code, reason })
}

fn activation_lock(state: ActivationState) -> Option<Entitlement> {
    let (code, reason, unlock) = match state {
        ActivationState::Active => return None,
        ActivationState::Pending => (
            LockReason::ActivationPending,
            "The link is waiting for confirmation in the car.",
            "Sit in the car with the ignition on and press Confirm on its screen.",
        ),
        ActivationState::Confirming => (
            LockReason::ActivationConfirming,
            "The car is synchronising with your account.",
            "Wait a few minutes with the ignition on; it finishes by itself.",
        ),
        ActivationState::Expired => (
            LockReason::ActivationExpired,
            "Nobody confirmed the link in the car within 24 hours.",
            "Start the activation again, then press Confirm on the car's screen.",
        ),
    };
    Some(Entitlement::Locked {
        code,
        reason: reason.into(),
        unlock: unlock.into(),
    })
}

#[cfg(test)]
mod tests;

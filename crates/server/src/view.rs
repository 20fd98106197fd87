//! Turns stored rows into the API's views, applying the core rules (activation, tier,
//! entitlements) at the moment of the request.

use keyfob_core::{
    account::Region,
    activation::{ActivationState, ActivationTimes},
    api::vehicle::{Activation, Role, SimState, Subscription, Vehicle, VehicleLookup},
    entitlement::{self, Entitlement, Feature, FeatureEntitlement, VehicleFacts},
    subscription::SubscriptionDates,
    vin::{DecodedVin, Generation, Vin},
};

use crate::{
    clock::{iso_date, rfc3339},
    db::{LinkRow, VehicleRow},
    error::{ServerError, ServerResult},
};

pub fn region(stored: &str) -> ServerResult<Region> {
    stored
        .parse()
        .map_err(|_| ServerError::Internal(format!("stored region {stored:?}")))
}

pub fn generation(row: &VehicleRow) -> Generation {
    Generation::for_model_year(u16::try_from(row.model_year).unwrap_or(0))
}

fn equipment(row: &VehicleRow) -> Vec<String> {
    serde_json::from_str(&row.equipment).unwrap_or_default()
}

pub fn activation_times(link: &LinkRow) -> ActivationTimes {
    ActivationTimes {
        linked_at: link.linked_at,
        confirmed_at: link.confirmed_at,
        synced_at: link.synced_at,
    }
}

fn subscription_dates(row: &VehicleRow) -> SubscriptionDates {
    SubscriptionDates {
        trial_ends_at: row.trial_ends_at,
        premium_ends_at: row.premium_ends_at,
        warranty_ends_at: row.warranty_ends_at,
    }
}

/// The facts the entitlement rules need, at `now`.
pub fn vehicle_facts(row: &VehicleRow, activation: ActivationState, now: i64) -> VehicleFacts {
    let dates = subscription_dates(row);
    VehicleFacts {
        generation: generation(row),
        telematics_unit: row.telematics_unit,
        activation,
        tier: dates.tier_at(now),
        warranty_active: dates.warranty_active_at(now),
        electric: keyfob_core::vin::is_electric_model(&row.model),
    }
}

/// The services NissanConnect lists for a car that came from it; `None` for a car of Keyfob's
/// own vehicle database (or a stored list that no longer reads, which then falls back to the
/// subscription dates rather than unlocking anything).
fn nissanconnect_services(row: &VehicleRow) -> Option<Vec<keyfob_nissanconnect::ServiceState>> {
    let json = row.services.as_deref()?;
    match serde_json::from_str(json) {
        Ok(services) => Some(services),
        Err(error) => {
            tracing::error!(%error, "stored NissanConnect services unreadable");
            None
        }
    }
}

/// Whether the car may use `feature` now. A car from NissanConnect is judged by the activation
/// of its Nissan services; any other by its subscription dates. Every check goes through here.
pub fn entitlement_of(
    row: &VehicleRow,
    feature: Feature,
    activation: ActivationState,
    now: i64,
) -> Entitlement {
    match nissanconnect_services(row) {
        Some(services) => crate::nissanconnect::entitlement::entitlement(
            feature, &row.model, &services, activation,
        ),
        None => entitlement::entitlement(feature, &vehicle_facts(row, activation, now)),
    }
}

/// The car's whole entitlement table, as [`entitlement_of`] judges each feature.
pub fn entitlement_table(
    row: &VehicleRow,
    activation: ActivationState,
    now: i64,
) -> Vec<FeatureEntitlement> {
    entitlement::table_of(|feature| entitlement_of(row, feature, activation, now))
}

/// How messages name a car: model year, model and masked VIN.
pub fn car_label(row: &VehicleRow) -> String {
    format!(
        "{} {} ({})",
        row.model_year,
        row.model,
        keyfob_core::vin::mask_vin(&row.vin)
    )
}

pub fn vehicle(link: &LinkRow, now: i64) -> ServerResult<Vehicle> {
    let row = &link.vehicle;
    let times = activation_times(link);
    let state = times.state_at(now);
    let dates = subscription_dates(row);
    let generation = generation(row);
    Ok(Vehicle {
        id: row.id.clone(),
        vin: row.vin.clone(),
        vin_masked: keyfob_core::vin::mask_vin(&row.vin),
        model: row.model.clone(),
        model_year: u16::try_from(row.model_year).unwrap_or(0),
        trim: row.trim.clone(),
        market: region(&row.market)?,
        generation,
        generation_label: generation.label().to_string(),
        firmware_version: row.firmware_version.clone(),
        role: if link.is_owner {
            Role::Owner
        } else {
            Role::Driver
        },
        owner_nickname: link.owner_nickname.clone(),
        activation: Activation {
            state,
            linked_at: rfc3339(times.linked_at),
            expires_at: (state == ActivationState::Pending).then(|| rfc3339(times.expires_at())),
            confirmed_at: times.confirmed_at.map(rfc3339),
            synced_at: times.synced_at.map(rfc3339),
        },
        reported_stolen_at: link.stolen_at.map(rfc3339),
        via_nissanconnect: row.services.is_some(),
        subscription: Subscription {
            tier: dates.tier_at(now),
            trial_ends_on: iso_date(dates.trial_ends_at),
            premium_ends_on: dates.premium_ends_at.map(iso_date),
            warranty_ends_on: iso_date(dates.warranty_ends_at),
            warranty_active: dates.warranty_active_at(now),
        },
        entitlements: entitlement_table(row, state, now),
    })
}

pub fn lookup(vin: &Vin, row: &VehicleRow) -> ServerResult<VehicleLookup> {
    let generation = generation(row);
    Ok(VehicleLookup {
        decoded: DecodedVin::from(vin),
        model: row.model.clone(),
        model_year: u16::try_from(row.model_year).unwrap_or(0),
        trim: row.trim.clone(),
        equipment: equipment(row),
        market: region(&row.market)?,
        telematics_unit: row.telematics_unit,
        sim: if row.sim_active {
            SimState::Active
        } else {
            SimState::NotActivated
        },
        firmware_version: row.firmware_version.clone(),
        generation,
        generation_label: generation.label().to_string(),
    })
}

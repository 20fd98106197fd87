//! A NissanConnect car's entitlement table: each Keyfob feature from the activation state of
//! the Nissan services it needs (the service, not Keyfob's subscription dates, knows what the
//! owner pays for).

use keyfob_core::{
    activation::ActivationState,
    entitlement::{Entitlement, Feature, LockReason, UnsupportedReason},
    vin::is_electric_model,
};
use keyfob_nissanconnect::{service, ServiceState};

/// What a feature needs of the car's services.
enum Needs {
    /// Always there: Keyfob reads the service's stored values.
    Nothing,
    /// Any one of these services, activated.
    AnyOf(&'static [u32], &'static str),
    /// Keyfob cannot offer it through NissanConnect, whatever the car; why.
    NotThroughService(&'static str),
}

fn needs(feature: Feature) -> Needs {
    match feature {
        Feature::Status => Needs::Nothing,
        Feature::RemoteStart => Needs::AnyOf(&[service::REMOTE_ENGINE_START], "remote engine start"),
        Feature::HornLights => Needs::AnyOf(&[service::HORN_AND_LIGHTS], "horn and lights"),
        Feature::GeofenceAlerts => Needs::AnyOf(&[service::LOCATION], "the car finder (location)"),
        Feature::Charging => Needs::AnyOf(&[service::CHARGING_START], "charging start"),
        Feature::Climate => Needs::AnyOf(
            &[service::CLIMATE_ON_OFF, service::INTERIOR_TEMP_SETTINGS, service::TEMPERATURE],
            "climate control",
        ),
        Feature::LockUnlock => Needs::NotThroughService(
            "Locking through NissanConnect needs a trusted device enrolled with a PIN (Nissan's SRP enrolment), which Keyfob does not do yet. Lock and unlock from the MyNISSAN app.",
        ),
        Feature::Diagnostics => Needs::NotThroughService(
            "NissanConnect does not give Keyfob tyre pressures, warning lamps or the 12 V battery, so there is no health report for this car.",
        ),
        Feature::SendToCar => Needs::NotThroughService(
            "Keyfob cannot send destinations through NissanConnect. Use the MyNISSAN app's route planner.",
        ),
    }
}

/// Whether a connected car is electric: by its model, or because the service lists battery or
/// charging services for it (the 2025 Micra is listed as plain `MICRA`).
pub fn is_electric(model: &str, services: &[ServiceState]) -> bool {
    const EV_SERVICES: [u32; 3] = [
        service::BATTERY_STATUS,
        service::CHARGING_START,
        service::CHARGING_STOP,
    ];
    is_electric_model(model) || services.iter().any(|s| EV_SERVICES.contains(&s.id))
}

/// One feature for a car of `model` with these services, at this activation state.
pub fn entitlement(
    feature: Feature,
    model: &str,
    services: &[ServiceState],
    activation: ActivationState,
) -> Entitlement {
    let electric = is_electric(model, services);
    if feature == Feature::RemoteStart && electric {
        return unsupported(
            UnsupportedReason::NoEngine,
            "An electric car has no engine to start. Use Remote climate to heat or cool the cabin.",
        );
    }
    if matches!(feature, Feature::Charging | Feature::Climate) && !electric {
        return unsupported(
            UnsupportedReason::NotElectric,
            "This car has an engine: charging and battery climate are for electric cars.",
        );
    }
    match needs(feature) {
        Needs::Nothing => {}
        Needs::NotThroughService(reason) => {
            return unsupported(UnsupportedReason::NotOfferedByService, reason)
        }
        Needs::AnyOf(ids, what) => {
            let listed: Vec<&ServiceState> =
                services.iter().filter(|s| ids.contains(&s.id)).collect();
            if listed.is_empty() {
                return unsupported(
                    UnsupportedReason::NotOfferedByService,
                    &format!("NissanConnect does not offer {what} for this car."),
                );
            }
            if !listed.iter().any(|s| s.activated) {
                let state = listed
                    .first()
                    .map(|s| s.raw_state.as_str())
                    .filter(|s| !s.is_empty())
                    .unwrap_or("not activated");
                return Entitlement::Locked {
                    code: LockReason::ServiceNotActivated,
                    reason: format!("NissanConnect lists {what} for this car, but it is {}.", state.to_ascii_lowercase().replace('_', " ")),
                    unlock: "Activate the service for this car in the MyNISSAN app (it may need a NissanConnect subscription), then refresh.".into(),
                };
            }
        }
    }
    // The service says what the car may do; the link must still be active in Keyfob.
    match activation {
        ActivationState::Active => Entitlement::Available,
        _ => Entitlement::Locked {
            code: LockReason::ActivationPending,
            reason: "The car is not linked to this account yet.".into(),
            unlock: "Link it from your NissanConnect cars.".into(),
        },
    }
}

fn unsupported(code: UnsupportedReason, reason: &str) -> Entitlement {
    Entitlement::Unsupported {
        code,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyfob_core::entitlement::{table_of, FeatureEntitlement};

    fn entitlement_table(
        model: &str,
        services: &[ServiceState],
        activation: ActivationState,
    ) -> Vec<FeatureEntitlement> {
        table_of(|feature| entitlement(feature, model, services, activation))
    }

    fn services(list: &[(u32, &str)]) -> Vec<ServiceState> {
        list.iter()
            .map(|(id, state)| ServiceState {
                id: *id,
                activated: *state == "ACTIVATED",
                raw_state: (*state).to_owned(),
            })
            .collect()
    }

    fn row(table: &[FeatureEntitlement], feature: Feature) -> Entitlement {
        table
            .iter()
            .find(|r| r.feature == feature)
            .expect("a row")
            .entitlement
            .clone()
    }

    #[test]
    fn a_leaf_with_its_services_activated_has_charging_climate_horn_and_alerts() {
        let leaf = services(&[
            (12, "ACTIVATED"),
            (97, "ACTIVATED"),
            (299, "ACTIVATED"),
            (303, "ACTIVATED"),
            (366, "ACTIVATED"),
            (319, "ACTIVATED"),
        ]);
        let table = entitlement_table("Leaf", &leaf, ActivationState::Active);
        for feature in [
            Feature::Status,
            Feature::Charging,
            Feature::Climate,
            Feature::HornLights,
            Feature::GeofenceAlerts,
        ] {
            assert_eq!(row(&table, feature), Entitlement::Available, "{feature:?}");
        }
        assert!(matches!(
            row(&table, Feature::RemoteStart),
            Entitlement::Unsupported {
                code: UnsupportedReason::NoEngine,
                ..
            }
        ));
        for feature in [
            Feature::LockUnlock,
            Feature::Diagnostics,
            Feature::SendToCar,
        ] {
            assert!(
                matches!(
                    row(&table, feature),
                    Entitlement::Unsupported {
                        code: UnsupportedReason::NotOfferedByService,
                        ..
                    }
                ),
                "{feature:?}"
            );
        }
    }

    #[test]
    fn a_listed_service_not_activated_is_locked_and_an_absent_one_unsupported() {
        let micra = services(&[
            (12, "ACTIVATED"),
            (366, "ACTIVATED"),
            (319, "ACTIVATED"),
            (97, "PENDING_ACTIVATION"),
        ]);
        let table = entitlement_table("MICRA", &micra, ActivationState::Active);
        match row(&table, Feature::HornLights) {
            Entitlement::Locked {
                code,
                reason,
                unlock,
            } => {
                assert_eq!(code, LockReason::ServiceNotActivated);
                assert!(reason.contains("pending activation"), "{reason}");
                assert!(unlock.contains("MyNISSAN"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            row(&table, Feature::Charging),
            Entitlement::Unsupported {
                code: UnsupportedReason::NotOfferedByService,
                ..
            }
        ));
        assert_eq!(row(&table, Feature::Climate), Entitlement::Available);
    }

    #[test]
    fn a_car_with_an_engine_starts_remotely_where_listed_and_never_charges() {
        let qashqai = services(&[(96, "ACTIVATED"), (12, "ACTIVATED")]);
        let table = entitlement_table("Qashqai", &qashqai, ActivationState::Active);
        assert_eq!(row(&table, Feature::RemoteStart), Entitlement::Available);
        assert!(matches!(
            row(&table, Feature::Charging),
            Entitlement::Unsupported {
                code: UnsupportedReason::NotElectric,
                ..
            }
        ));
        // Not yet linked: what the service allows still waits for the link.
        let pending = entitlement_table("Qashqai", &qashqai, ActivationState::Pending);
        assert!(matches!(
            row(&pending, Feature::RemoteStart),
            Entitlement::Locked { .. }
        ));
    }
}

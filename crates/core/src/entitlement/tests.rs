use super::*;

fn facts(generation: Generation, tier: Tier, warranty_active: bool) -> VehicleFacts {
    VehicleFacts {
        generation,
        telematics_unit: true,
        activation: ActivationState::Active,
        tier,
        warranty_active,
        electric: false,
    }
}

#[test]
fn trial_on_a_current_car_has_everything() {
    let table = entitlement_table(&facts(Generation::Current, Tier::Trial, true));
    assert_eq!(table.len(), Feature::ALL.len());
    for row in &table {
        match row.feature {
            Feature::Charging | Feature::Climate => assert!(matches!(
                row.entitlement,
                Entitlement::Unsupported {
                    code: UnsupportedReason::NotElectric,
                    ..
                }
            )),
            _ => assert!(row.entitlement.is_available(), "{:?}", row.feature),
        }
    }
}

#[test]
fn an_electric_car_charges_and_runs_climate_but_has_no_engine_to_start() {
    let ev = VehicleFacts {
        electric: true,
        ..facts(Generation::Current, Tier::Premium, true)
    };
    assert!(entitlement(Feature::Charging, &ev).is_available());
    assert!(entitlement(Feature::Climate, &ev).is_available());
    assert!(matches!(
        entitlement(Feature::RemoteStart, &ev),
        Entitlement::Unsupported {
            code: UnsupportedReason::NoEngine,
            ..
        }
    ));
    // Charging and climate are remote services: Basic locks them, as it locks remote start.
    let basic = VehicleFacts {
        electric: true,
        ..facts(Generation::Current, Tier::Basic, true)
    };
    assert!(matches!(
        entitlement(Feature::Charging, &basic),
        Entitlement::Locked {
            code: LockReason::SubscriptionRequired,
            ..
        }
    ));
    // An old EV has no remote services at all: that reason comes first.
    let legacy = VehicleFacts {
        electric: true,
        ..facts(Generation::Legacy, Tier::Premium, true)
    };
    assert!(matches!(
        entitlement(Feature::Climate, &legacy),
        Entitlement::Unsupported {
            code: UnsupportedReason::NoRemoteServices,
            ..
        }
    ));
}

#[test]
fn basic_locks_paid_features_with_a_way_to_unlock() {
    let facts = facts(Generation::Current, Tier::Basic, true);
    for feature in [
        Feature::RemoteStart,
        Feature::LockUnlock,
        Feature::HornLights,
        Feature::GeofenceAlerts,
    ] {
        match entitlement(feature, &facts) {
            Entitlement::Locked { code, unlock, .. } => {
                assert_eq!(code, LockReason::SubscriptionRequired);
                assert!(unlock.contains("Premium"));
            }
            other => panic!("{feature:?}: {other:?}"),
        }
    }
    assert!(entitlement(Feature::Status, &facts).is_available());
    assert!(entitlement(Feature::Diagnostics, &facts).is_available());
    assert!(entitlement(Feature::SendToCar, &facts).is_available());
}

#[test]
fn warranty_features_lock_on_basic_after_the_warranty() {
    let basic = facts(Generation::Current, Tier::Basic, false);
    assert!(matches!(
        entitlement(Feature::Diagnostics, &basic),
        Entitlement::Locked {
            code: LockReason::WarrantyEnded,
            ..
        }
    ));
    let premium = facts(Generation::Current, Tier::Premium, false);
    assert!(entitlement(Feature::Diagnostics, &premium).is_available());
}

#[test]
fn old_generations_and_missing_units_are_unsupported_whatever_the_tier() {
    for generation in [Generation::None, Generation::Legacy] {
        let table = entitlement_table(&facts(generation, Tier::Premium, true));
        assert!(table
            .iter()
            .all(|row| matches!(row.entitlement, Entitlement::Unsupported { .. })));
    }
    let mut no_unit = facts(Generation::Current, Tier::Premium, true);
    no_unit.telematics_unit = false;
    assert!(matches!(
        entitlement(Feature::Status, &no_unit),
        Entitlement::Unsupported {
            code: UnsupportedReason::NoTelematicsUnit,
            ..
        }
    ));
}

#[test]
fn nissanconnect_3_cannot_receive_destinations() {
    let v3 = facts(Generation::V3, Tier::Premium, true);
    assert!(entitlement(Feature::RemoteStart, &v3).is_available());
    assert!(matches!(
        entitlement(Feature::SendToCar, &v3),
        Entitlement::Unsupported {
            code: UnsupportedReason::NeedsCurrentGeneration,
            ..
        }
    ));
}

#[test]
fn an_unfinished_activation_locks_every_supported_feature() {
    for (state, code) in [
        (ActivationState::Pending, LockReason::ActivationPending),
        (
            ActivationState::Confirming,
            LockReason::ActivationConfirming,
        ),
        (ActivationState::Expired, LockReason::ActivationExpired),
    ] {
        let mut facts = facts(Generation::Current, Tier::Premium, true);
        facts.activation = state;
        // Charging and climate are Unsupported on this car with an engine, whatever its link.
        for row in entitlement_table(&facts)
            .into_iter()
            .filter(|row| !row.feature.electric_only())
        {
            assert_eq!(
                row.entitlement,
                match activation_lock(state) {
                    Some(locked) => locked,
                    None => unreachable!(),
                }
            );
            assert!(matches!(row.entitlement, Entitlement::Locked { code: c, .. } if c == code));
        }
    }
}

#[test]
fn the_wire_form_is_tagged_by_status() {
    let json = serde_json::to_value(Entitlement::Available).expect("serialisable");
    assert_eq!(json, serde_json::json!({"status": "available"}));
    let locked = entitlement(
        Feature::RemoteStart,
        &facts(Generation::Current, Tier::Basic, true),
    );
    let json = serde_json::to_value(&locked).expect("serialisable");
    assert_eq!(json["status"], "locked");
    assert_eq!(json["code"], "subscription_required");
}

#[test]
fn a_plan_says_what_entitlement_then_answers() {
    for tier in [Tier::Trial, Tier::Premium, Tier::Basic] {
        for row in plan(tier) {
            // Each feature asked of a car that has it: charging of an EV, remote start of a car with an engine.
            let car = |warranty| VehicleFacts {
                electric: row.feature.electric_only(),
                ..facts(Generation::Current, tier, warranty)
            };
            let with_warranty = entitlement(row.feature, &car(true));
            let without = entitlement(row.feature, &car(false));
            let expected = match (with_warranty.is_available(), without.is_available()) {
                (true, true) => Inclusion::Included,
                (true, false) => Inclusion::DuringWarranty,
                _ => Inclusion::NotIncluded,
            };
            assert_eq!(row.inclusion, expected, "{tier:?} {:?}", row.feature);
        }
    }
}

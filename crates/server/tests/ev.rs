//! Electric cars through keyfob-client and the simulator: charging that fills the battery live
//! and stops at the limit, climate from the battery, each refusal with its own code before
//! anything reaches the car, and the entitlement rows of an EV.

mod common;

use common::{active_car, car, code, eventually, TestServer};
use keyfob_core::{
    account::Region,
    api::sandbox::CarControl,
    command::{CommandKind, CommandState},
    entitlement::{Entitlement, Feature, UnsupportedReason},
    status::ChargerSpeed,
    ErrorCode,
};
use keyfob_server::fleet::SeedSubscription;

/// Vehicle time 600× faster: an hour of charging takes six seconds.
const FAST: f64 = 600.0;

fn uk_leaf() -> &'static keyfob_server::fleet::FleetVehicle {
    car(|c| {
        c.model == "Leaf"
            && c.market == Region::Uk
            && c.sim_active
            && matches!(c.subscription, SeedSubscription::TrialActive)
    })
}

#[tokio::test]
async fn a_plugged_in_leaf_charges_live_and_stops_when_told() {
    let server = TestServer::sandbox(FAST).await;
    let leaf = uk_leaf();
    let (owner, vehicle) = active_car(&server, "leaf@example.com", leaf).await;
    let status = eventually(|| owner.status(&vehicle), |s| s.is_ok())
        .await
        .expect("the car reported");
    let charge = status.charge.expect("an EV reports its charging").value;
    assert!(!charge.plugged_in && !charge.charging);

    // Not plugged in: refused by the server with its own code, before the car is bothered.
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::ChargeStart, "ev-charge-0001")
                .await
        ),
        ErrorCode::NotPluggedIn
    );
    server
        .client()
        .control_sandbox_car(
            leaf.vin,
            &CarControl::Plug {
                charger: Some(ChargerSpeed::Fast),
            },
        )
        .await
        .expect("plugged in");
    eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.charge.as_ref().is_some_and(|c| c.value.plugged_in)),
    )
    .await
    .expect("status");
    let start = owner
        .send_command(&vehicle, &CommandKind::ChargeStart, "ev-charge-0002")
        .await
        .expect("start charging");
    let done = eventually(
        || owner.command(&vehicle, &start.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Succeeded),
    )
    .await
    .expect("command");
    assert_eq!(done.state, CommandState::Succeeded);
    let before = owner
        .status(&vehicle)
        .await
        .expect("status")
        .energy
        .value
        .percent;
    let rising = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.energy.value.percent >= before + 2),
    )
    .await
    .expect("status");
    let charge = rising.charge.expect("charge").value;
    assert!(charge.charging && charge.minutes_to_full.fast.is_some());
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::ChargeStart, "ev-charge-0003")
                .await
        ),
        ErrorCode::AlreadyCharging
    );
    let stop = owner
        .send_command(&vehicle, &CommandKind::ChargeStop, "ev-charge-0004")
        .await
        .expect("stop charging");
    eventually(
        || owner.command(&vehicle, &stop.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Succeeded),
    )
    .await
    .expect("command");
    let stopped = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.charge.as_ref().is_some_and(|c| !c.value.charging)),
    )
    .await
    .expect("status");
    assert!(stopped.charge.expect("charge").value.plugged_in);
}

#[tokio::test]
async fn climate_runs_from_the_battery_and_each_refusal_has_its_code() {
    let server = TestServer::sandbox(FAST).await;
    let leaf = uk_leaf();
    let (owner, vehicle) = active_car(&server, "climate@example.com", leaf).await;
    eventually(|| owner.status(&vehicle), |s| s.is_ok())
        .await
        .expect("status");
    let on = |target_c, start_at: Option<&str>| CommandKind::ClimateOn {
        target_c,
        start_at: start_at.map(str::to_owned),
    };
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &on(27, None), "ev-climate-0001")
                .await
        ),
        ErrorCode::ClimateTargetRange
    );
    assert_eq!(
        code(
            owner
                .send_command(
                    &vehicle,
                    &on(21, Some("2020-01-01T07:00:00Z")),
                    "ev-climate-0002"
                )
                .await
        ),
        ErrorCode::ClimateStartTime
    );
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::ClimateOff, "ev-climate-0003")
                .await
        ),
        ErrorCode::ClimateNotOn
    );
    let command = owner
        .send_command(&vehicle, &on(22, None), "ev-climate-0004")
        .await
        .expect("climate on");
    eventually(
        || owner.command(&vehicle, &command.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Succeeded),
    )
    .await
    .expect("command");
    let running = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.climate.as_ref().is_some_and(|c| c.value.on)),
    )
    .await
    .expect("status");
    let climate = running.climate.expect("climate").value;
    assert_eq!(climate.target_c, Some(22));
    assert!(climate.ends_at.is_some(), "when it stops by itself");

    // Too little charge and no charger: refused before it reaches the car.
    server
        .client()
        .control_sandbox_car(leaf.vin, &CarControl::Energy { percent: 18 })
        .await
        .expect("drained");
    eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.energy.value.percent <= 18),
    )
    .await
    .expect("status");
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &on(21, None), "ev-climate-0005")
                .await
        ),
        ErrorCode::ClimateChargeLow
    );
}

#[tokio::test]
async fn an_ev_has_charging_and_climate_and_no_engine_start() {
    let server = TestServer::sandbox(FAST).await;
    let leaf = uk_leaf();
    let (owner, vehicle) = active_car(&server, "table@example.com", leaf).await;
    let view = owner.vehicle(&vehicle).await.expect("vehicle");
    let row = |feature| {
        view.entitlements
            .iter()
            .find(|row| row.feature == feature)
            .expect("a row")
            .entitlement
            .clone()
    };
    assert_eq!(row(Feature::Charging), Entitlement::Available);
    assert_eq!(row(Feature::Climate), Entitlement::Available);
    assert!(matches!(
        row(Feature::RemoteStart),
        Entitlement::Unsupported {
            code: UnsupportedReason::NoEngine,
            ..
        }
    ));
    assert_eq!(
        code(
            owner
                .send_command(
                    &vehicle,
                    &CommandKind::EngineStart {
                        climate_target_c: 21
                    },
                    "ev-engine-0001"
                )
                .await
        ),
        ErrorCode::FeatureUnsupported
    );
    // And a car with an engine has no charging.
    let qashqai = common::linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "petrol@example.com", qashqai).await;
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::ChargeStart, "ev-petrol-0001")
                .await
        ),
        ErrorCode::FeatureUnsupported
    );
}

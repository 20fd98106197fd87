//! The sandbox's simulated cars through keyfob-client: remote starts that run and stop by
//! themselves, refusals that come from the car's real state, the sandbox controls, lost
//! coverage and lost answers, and a car's state surviving a restart.

mod common;

use common::{active_car, code, eventually, linkable_car, TestServer};
use keyfob_core::{
    account::Region,
    api::sandbox::{CarControl, Opening},
    command::{CommandKind, CommandState},
    geo::GeoPoint,
    status::{CarSnapshot, Gear, VehicleStatus},
    ErrorCode,
};
use keyfob_server::fleet::{CarCondition, FLEET};

/// Vehicle time 600× faster: a 10-minute engine run takes a second.
const FAST: f64 = 600.0;

const START: CommandKind = CommandKind::EngineStart {
    climate_target_c: 21,
};

fn door(open: bool) -> CarControl {
    CarControl::Door {
        door: Opening::RearLeft,
        open,
    }
}

#[tokio::test]
async fn a_remote_start_runs_and_stops_by_itself_after_the_scaled_runtime() {
    let server = TestServer::sandbox(FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "runner@example.com", target).await;
    let status = eventually(|| owner.status(&vehicle), |s| s.is_ok()).await;
    assert!(!status.expect("the car reported").engine_running.value);

    let command = owner
        .send_command(&vehicle, &START, "sim-start-0001")
        .await
        .expect("start");
    let running = eventually(
        || owner.command(&vehicle, &command.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Running),
    )
    .await
    .expect("command");
    assert_eq!(running.state, CommandState::Running);
    let status = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.engine_running.value),
    )
    .await
    .expect("status");
    assert!(status.engine_running.value && !status.ignition_on.value);
    let car = server.client().sandbox_car(target.vin).await.expect("car");
    assert_eq!(car.remote_starts_this_cycle, 1);
    assert_eq!(car.climate_target_c, Some(21));
    assert!(car.remote_run_ends_at.is_some());
    // The status tells the app when the run ends, so it can count down.
    let ends_at = status
        .remote_run_ends_at
        .expect("the run's end is reported");
    assert!(ends_at.ends_with('Z') && ends_at.len() >= 20, "{ends_at}");

    // Ten vehicle minutes are one second here; give it a few.
    let done = eventually(
        || owner.command(&vehicle, &command.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Succeeded),
    )
    .await
    .expect("command");
    assert_eq!(done.state, CommandState::Succeeded);
    let status = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if !s.engine_running.value),
    )
    .await
    .expect("status");
    assert!(!status.engine_running.value);
    assert_eq!(status.remote_run_ends_at, None);
    let car = server.client().sandbox_car(target.vin).await.expect("car");
    assert!(car.remote_run_ends_at.is_none());
}

#[tokio::test]
async fn the_fleet_cars_documented_with_a_fault_are_refused_for_it() {
    let server = TestServer::sandbox(FAST).await;
    for (condition, expected) in [
        (CarCondition::BatteryLow, ErrorCode::BatteryLow),
        (CarCondition::DoorOpen, ErrorCode::DoorOpen),
    ] {
        let target = FLEET
            .iter()
            .find(|c| c.condition == condition)
            .expect("fleet car");
        let email = format!("{condition:?}@example.com").to_lowercase();
        let (owner, vehicle) = active_car(&server, &email, target).await;
        eventually(|| owner.status(&vehicle), |s| s.is_ok())
            .await
            .expect("status");
        assert_eq!(
            code(owner.send_command(&vehicle, &START, "sim-fault-0001").await),
            expected,
            "{}",
            target.vin
        );
    }
}

/// Whether the server's status carries the snapshot's values.
fn reports(status: &VehicleStatus, snapshot: &CarSnapshot) -> bool {
    status.hood_open.value == snapshot.hood_open
        && status.hazards_on.value == snapshot.hazards_on
        && status.alarm_triggered.value == snapshot.alarm_triggered
        && status.battery_12v_millivolts.value == snapshot.battery_12v_millivolts
        && status.energy.value == snapshot.energy
        && status.gear.value == snapshot.gear
        && status.locked.value == snapshot.locked
        && status.ignition_on.value == snapshot.ignition_on
}

#[tokio::test]
async fn sandbox_controls_create_each_refusal_and_undo_it() {
    let server = TestServer::sandbox(FAST).await;
    let target = linkable_car(Region::Us);
    let (owner, vehicle) = active_car(&server, "controls@example.com", target).await;
    let sandbox = server.client();
    let cases = [
        (
            CarControl::Hood { open: true },
            CarControl::Hood { open: false },
            ErrorCode::HoodOpen,
        ),
        (
            CarControl::Hazards { on: true },
            CarControl::Hazards { on: false },
            ErrorCode::HazardsOn,
        ),
        (
            CarControl::Alarm { triggered: true },
            CarControl::Alarm { triggered: false },
            ErrorCode::AlarmTriggered,
        ),
        (
            CarControl::Battery { millivolts: 11_700 },
            CarControl::Battery { millivolts: 12_600 },
            ErrorCode::BatteryLow,
        ),
        (
            CarControl::Energy { percent: 5 },
            CarControl::Energy { percent: 70 },
            ErrorCode::FuelLow,
        ),
        (
            CarControl::Gear {
                gear: Gear::Neutral,
            },
            CarControl::Gear { gear: Gear::Park },
            ErrorCode::NotInPark,
        ),
        (
            CarControl::Locks { locked: false },
            CarControl::Locks { locked: true },
            ErrorCode::DoorsUnlocked,
        ),
        (
            CarControl::Ignition { on: true },
            CarControl::Ignition { on: false },
            ErrorCode::IgnitionOn,
        ),
    ];
    for (index, (fault, fix, expected)) in cases.into_iter().enumerate() {
        let car = sandbox
            .control_sandbox_car(target.vin, &fault)
            .await
            .expect("control");
        // Once the car's report is in, the server refuses without bothering the car.
        eventually(
            || owner.status(&vehicle),
            |s| matches!(s, Ok(s) if reports(s, &car.state)),
        )
        .await
        .expect("status");
        let refused = owner
            .send_command(&vehicle, &START, &format!("sim-ctl-{index:04}"))
            .await;
        assert_eq!(code(refused), expected, "{fault:?}");
        sandbox
            .control_sandbox_car(target.vin, &fix)
            .await
            .expect("fix");
    }
    let car = sandbox.sandbox_car(target.vin).await.expect("car");
    assert!(!car.state.hood_open && car.state.locked && car.state.gear == Gear::Park);

    // The door needs the car unlocked first: the simulator says so.
    assert_eq!(
        code(sandbox.control_sandbox_car(target.vin, &door(true)).await),
        ErrorCode::SandboxControlRefused
    );
    assert_eq!(
        code(
            sandbox
                .control_sandbox_car(target.vin, &CarControl::Battery { millivolts: 20_000 })
                .await
        ),
        ErrorCode::SandboxControlInvalid
    );
}

#[tokio::test]
async fn out_of_coverage_expires_and_a_lost_answer_is_unknown() {
    let server = TestServer::sandbox(FAST).await;
    let target = linkable_car(Region::Uk);
    let (owner, vehicle) = active_car(&server, "coverage@example.com", target).await;
    eventually(|| owner.status(&vehicle), |s| s.is_ok())
        .await
        .expect("status");
    let sandbox = server.client();

    sandbox
        .control_sandbox_car(target.vin, &CarControl::Coverage { online: false })
        .await
        .expect("coverage off");
    let horn = owner
        .send_command(&vehicle, &CommandKind::Horn, "sim-cov-0001")
        .await
        .expect("accepted: the server cannot know the car is unreachable yet");
    let expired = eventually(
        || owner.command(&vehicle, &horn.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Expired),
    )
    .await
    .expect("command");
    assert_eq!(expired.state, CommandState::Expired);
    assert_eq!(
        code(owner.refresh_status(&vehicle).await),
        ErrorCode::VehicleOffline
    );

    sandbox
        .control_sandbox_car(target.vin, &CarControl::Coverage { online: true })
        .await
        .expect("coverage on");
    sandbox
        .control_sandbox_car(target.vin, &CarControl::DropAnswers { drop: true })
        .await
        .expect("drop answers");
    let unlock = owner
        .send_command(&vehicle, &CommandKind::Unlock, "sim-drop-0001")
        .await
        .expect("unlock");
    let unknown = eventually(
        || owner.command(&vehicle, &unlock.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Unknown),
    )
    .await
    .expect("command");
    assert_eq!(unknown.state, CommandState::Unknown);
    // It did unlock; the status says so even though the answer was lost.
    let status = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if !s.locked.value),
    )
    .await
    .expect("status");
    assert!(!status.locked.value);
}

#[tokio::test]
async fn a_drive_moves_the_car_and_reports_its_position() {
    let server = TestServer::sandbox(FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "driver@example.com", target).await;
    let before = eventually(|| owner.status(&vehicle), |s| s.is_ok())
        .await
        .expect("status");
    let from = before.position.value;
    let to = GeoPoint::new(from.latitude + 0.02, from.longitude);
    let sandbox = server.client();
    let car = sandbox
        .control_sandbox_car(
            target.vin,
            &CarControl::Drive {
                route: vec![to],
                speed_kmh: 30,
            },
        )
        .await
        .expect("drive");
    assert!(car.driving.is_some());
    assert_eq!(
        code(
            sandbox
                .control_sandbox_car(target.vin, &CarControl::Hood { open: true })
                .await
        ),
        ErrorCode::SandboxControlRefused
    );
    let moving = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.position.value.speed_kmh == 30 && s.position.value.latitude > from.latitude),
    )
    .await
    .expect("status");
    assert_eq!(moving.gear.value, Gear::Drive);
    // 2.2 km at 30 km/h is 267 vehicle seconds: under half a second here.
    let parked = eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.gear.value == Gear::Park && s.position.value.speed_kmh == 0),
    )
    .await
    .expect("status");
    let end = GeoPoint::new(
        parked.position.value.latitude,
        parked.position.value.longitude,
    );
    assert!(end.distance_m(to) < 1.0);
    assert!(parked.odometer_km.value >= before.odometer_km.value + 2);
    assert!(!parked.ignition_on.value);
}

#[tokio::test]
async fn a_cars_state_survives_a_restart_and_controls_check_the_vin() {
    let mut server = TestServer::sandbox(FAST).await;
    let target = linkable_car(Region::Eu);
    let sandbox = server.client();
    sandbox
        .control_sandbox_car(target.vin, &CarControl::Locks { locked: false })
        .await
        .expect("unlock");
    sandbox
        .control_sandbox_car(target.vin, &door(true))
        .await
        .expect("open");
    server.restart().await;
    let car = server.client().sandbox_car(target.vin).await.expect("car");
    assert!(car.state.doors.rear_left && !car.state.locked);

    let sandbox = server.client();
    assert_eq!(
        code(sandbox.sandbox_car("SJNTAAJ11SU51220").await),
        ErrorCode::VinLength
    );
    let no_unit = FLEET
        .iter()
        .find(|c| !c.telematics_unit)
        .expect("fleet car");
    assert_eq!(
        code(sandbox.sandbox_car(no_unit.vin).await),
        ErrorCode::NoTelematicsUnit
    );
    assert_eq!(
        code(sandbox.sandbox_car("1N4AL3AP1JC999999").await),
        ErrorCode::VehicleNotInDatabase
    );
}

//! The command path with scripted cars: idempotency, time-to-live, silence, restarts, the
//! remote-start budget and the live stream.

mod common;

use std::sync::atomic::Ordering;

use common::{
    active_car, code, eventually, linkable_car,
    scripted::{parked, ScriptedGateway},
    TestServer,
};
use keyfob_core::{
    account::Region,
    api::command::LiveEvent,
    command::{CommandKind, CommandState, Waypoint},
    ErrorCode,
};
use keyfob_server::telematics::{CarOutcome, CarReport};

/// Vehicle time runs 1000× faster: a 2-minute time-to-live is 0.12 s.
const FAST: f64 = 1000.0;

fn start(climate: u8) -> CommandKind {
    CommandKind::EngineStart {
        climate_target_c: climate,
    }
}

#[tokio::test]
async fn a_retried_request_with_the_same_key_is_one_command_delivered_once() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "retry@example.com", target).await;
    car.status(target.vin, parked()).await;

    let first = owner
        .send_command(&vehicle, &start(21), "key-0000000001")
        .await
        .expect("start");
    let again = owner
        .send_command(&vehicle, &start(21), "key-0000000001")
        .await
        .expect("same key, same body");
    assert_eq!(first.id, again.id);
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &start(22), "key-0000000001")
                .await
        ),
        ErrorCode::IdempotencyKeyReused
    );
    let running = eventually(
        || owner.command(&vehicle, &first.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Running),
    )
    .await
    .expect("command");
    assert_eq!(running.state, CommandState::Running);
    assert_eq!(car.delivered().len(), 1, "the engine was started once");
    // The car reports the run over.
    car.report(CarReport::CommandResult {
        vin: target.vin.into(),
        command_id: first.id.clone(),
        outcome: CarOutcome::EngineStopped,
    })
    .await;
    let done = eventually(
        || owner.command(&vehicle, &first.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Succeeded),
    )
    .await
    .expect("command");
    assert_eq!(done.state, CommandState::Succeeded);
    let raw = owner
        .send_raw(
            reqwest::Method::POST,
            &format!("v1/vehicles/{vehicle}/commands"),
            Some(&owner.session_tokens().expect("signed in").access_token),
            Some(serde_json::json!({"kind": "lock"})),
        )
        .await
        .expect("answer");
    assert_eq!(raw.body["code"], "idempotency_key_missing");
}

#[tokio::test]
async fn a_car_out_of_coverage_lets_the_command_expire_undelivered() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), FAST).await;
    let target = linkable_car(Region::Uk);
    let (owner, vehicle) = active_car(&server, "tunnel@example.com", target).await;
    car.reachable.store(false, Ordering::SeqCst);
    let command = owner
        .send_command(&vehicle, &CommandKind::Lock, "key-lock-0001")
        .await
        .expect("accepted");
    assert_eq!(command.state, CommandState::Requested);
    let expired = eventually(
        || owner.command(&vehicle, &command.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Expired),
    )
    .await
    .expect("command");
    assert_eq!(expired.state, CommandState::Expired);
    assert!(car.delivered().is_empty());
    // Coming back into coverage does not resurrect it.
    car.reachable.store(true, Ordering::SeqCst);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(car.delivered().is_empty());
}

#[tokio::test]
async fn a_delivered_command_without_an_answer_is_unknown_and_never_retried() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "silent@example.com", target).await;
    car.answers.store(false, Ordering::SeqCst);
    let command = owner
        .send_command(&vehicle, &CommandKind::Unlock, "key-unlock-01")
        .await
        .expect("accepted");
    let unknown = eventually(
        || owner.command(&vehicle, &command.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Unknown),
    )
    .await
    .expect("command");
    assert_eq!(unknown.state, CommandState::Unknown);
    // A late answer cannot rewrite what the owner was already shown.
    car.report(CarReport::CommandResult {
        vin: target.vin.into(),
        command_id: command.id.clone(),
        outcome: CarOutcome::Succeeded,
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(
        owner
            .command(&vehicle, &command.id)
            .await
            .expect("command")
            .state,
        CommandState::Unknown
    );
    assert_eq!(car.delivered().len(), 1);
}

#[tokio::test]
async fn a_restart_mid_command_resolves_it_and_sends_nothing_again() {
    let car = ScriptedGateway::new();
    // Real vehicle time: the command waits for its answer long enough to restart under it.
    let mut server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "restart@example.com", target).await;
    car.answers.store(false, Ordering::SeqCst);
    let delivered = owner
        .send_command(&vehicle, &CommandKind::Horn, "key-horn-0001")
        .await
        .expect("accepted");
    eventually(
        || owner.command(&vehicle, &delivered.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Delivered),
    )
    .await
    .expect("delivered");
    car.reachable.store(false, Ordering::SeqCst);
    let waiting = owner
        .send_command(&vehicle, &CommandKind::Lights, "key-lights-001")
        .await
        .expect("accepted");
    let tokens = owner.session_tokens().expect("signed in");

    let after = ScriptedGateway::new();
    server.restart_with(after.clone()).await;
    let owner = server.client();
    owner.restore_session(tokens);
    assert_eq!(
        owner
            .command(&vehicle, &delivered.id)
            .await
            .expect("command")
            .state,
        CommandState::Unknown
    );
    assert_eq!(
        owner
            .command(&vehicle, &waiting.id)
            .await
            .expect("command")
            .state,
        CommandState::Expired
    );
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(after.delivered().is_empty(), "nothing was sent again");
}

#[tokio::test]
async fn remote_start_checks_the_last_status_and_allows_two_starts_per_ignition_cycle() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "budget@example.com", target).await;
    let mut open_door = parked();
    open_door.doors.front_left = true;
    car.status(target.vin, open_door).await;
    eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if s.doors.value.front_left),
    )
    .await
    .expect("status");
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &start(21), "key-door-00001")
                .await
        ),
        ErrorCode::DoorOpen
    );
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &start(30), "key-hot-000001")
                .await
        ),
        ErrorCode::ClimateTargetRange
    );
    car.status(target.vin, parked()).await;
    eventually(
        || owner.status(&vehicle),
        |s| matches!(s, Ok(s) if !s.doors.value.front_left),
    )
    .await
    .expect("status");
    for n in 0..2 {
        let command = owner
            .send_command(&vehicle, &start(21), &format!("key-start-{n:04}"))
            .await
            .expect("start");
        car.report(CarReport::CommandResult {
            vin: target.vin.into(),
            command_id: command.id.clone(),
            outcome: CarOutcome::EngineStopped,
        })
        .await;
    }
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &start(21), "key-start-9999")
                .await
        ),
        ErrorCode::RemoteStartLimit
    );
    // A drive (ignition on, then off) gives two starts again.
    server.advance(60);
    let mut driving = parked();
    driving.ignition_on = true;
    car.status(target.vin, driving).await;
    car.status(target.vin, parked()).await;
    let after_drive = start(21);
    eventually(
        || owner.send_command(&vehicle, &after_drive, "key-after-drive"),
        |r| r.is_ok(),
    )
    .await
    .expect("allowed after an ignition cycle");
}

#[tokio::test]
async fn destinations_are_checked_and_locked_features_refused_with_the_reason() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "nav@example.com", target).await;
    let too_many = CommandKind::SendDestination {
        waypoints: (0..6)
            .map(|n| Waypoint {
                name: format!("Stop {n}"),
                latitude: 48.0,
                longitude: 2.0,
            })
            .collect(),
    };
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &too_many, "key-nav-000001")
                .await
        ),
        ErrorCode::WaypointCount
    );
    let home = CommandKind::SendDestination {
        waypoints: vec![Waypoint {
            name: "Home".into(),
            latitude: 48.85,
            longitude: 2.35,
        }],
    };
    let sent = owner
        .send_command(&vehicle, &home, "key-nav-000002")
        .await
        .expect("send");
    eventually(
        || owner.command(&vehicle, &sent.id),
        |c| matches!(c, Ok(c) if c.state == CommandState::Succeeded),
    )
    .await
    .expect("delivered");

    // A car still waiting for its Confirm refuses, saying what to do.
    let other = keyfob_server::fleet::FLEET
        .iter()
        .find(|c| {
            c.vin != target.vin
                && c.market == Region::Eu
                && c.model_year >= 2021
                && c.telematics_unit
                && c.sim_active
                && c.linked_to.is_none()
        })
        .expect("a second car");
    let pending = owner
        .link_vehicle(&keyfob_core::api::vehicle::LinkVehicleRequest {
            vin: other.vin.into(),
            proof: common::body_proof(other),
        })
        .await
        .expect("link");
    let refused = owner
        .send_command(&pending.id, &CommandKind::Lock, "key-pending-01")
        .await
        .expect_err("not active");
    assert_eq!(refused.code(), Some(ErrorCode::VehicleNotActive));
    assert!(refused.to_string().contains("Confirm"));
}

#[tokio::test]
async fn a_driver_may_command_and_the_stream_resumes_without_gaps() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), FAST).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "family-owner@example.com", target).await;
    let driver = common::added_driver(&server, &owner, &vehicle, "family-driver@example.com").await;

    let mut stream = driver.events(None);
    let mut connection = stream.connection();
    tokio::time::timeout(
        std::time::Duration::from_secs(5),
        connection.wait_for(|connected| *connected),
    )
    .await
    .expect("connected in time")
    .expect("the stream says when it is connected");
    let lock = driver
        .send_command(&vehicle, &CommandKind::Lock, "key-driver-001")
        .await
        .expect("a driver may lock");
    let mut states = Vec::new();
    let mut last_id = 0;
    while states.last() != Some(&CommandState::Succeeded) {
        let event = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
            .await
            .expect("an event in time")
            .expect("open")
            .expect("event");
        assert!(event.id > last_id, "ids increase");
        last_id = event.id;
        if let LiveEvent::Command { command, .. } = event.event {
            assert_eq!(command.id, lock.id);
            states.push(command.state);
        }
    }
    assert_eq!(
        states,
        vec![
            CommandState::Requested,
            CommandState::Delivered,
            CommandState::Succeeded
        ]
    );
    drop(stream);

    // While the driver is away, more happens; resuming delivers each missed event once.
    for n in 0..3 {
        owner
            .send_command(&vehicle, &CommandKind::Horn, &format!("key-away-{n:05}"))
            .await
            .expect("horn");
    }
    car.status(target.vin, parked()).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut resumed = driver.events(Some(last_id));
    let mut seen = Vec::new();
    let mut statuses = 0;
    while seen.len() < 9 || statuses < 1 {
        let event = tokio::time::timeout(std::time::Duration::from_secs(5), resumed.next())
            .await
            .expect("an event in time")
            .expect("open")
            .expect("event");
        assert!(event.id > last_id);
        last_id = event.id;
        match event.event {
            LiveEvent::Command { command, .. } => seen.push((command.id, command.state)),
            LiveEvent::Status { .. } => statuses += 1,
            LiveEvent::Alert { .. } => panic!("no zones here, so no alerts"),
        }
    }
    let mut unique = seen.clone();
    unique.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(format!("{:?}", a.1).cmp(&format!("{:?}", b.1)))
    });
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no event twice");
    assert_eq!(
        seen.len(),
        9,
        "three commands × requested, delivered, succeeded"
    );

    // Another account sees nothing of this car and can command nothing.
    let stranger = server.signed_in("stranger@example.com", Region::Eu).await;
    assert_eq!(
        code(
            stranger
                .send_command(&vehicle, &CommandKind::Unlock, "key-stranger-1")
                .await
        ),
        ErrorCode::VehicleNotFound
    );
    let mut foreign = stranger.events(None);
    owner
        .send_command(&vehicle, &CommandKind::Lights, "key-lights-ow1")
        .await
        .expect("lights");
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(300), foreign.next())
            .await
            .is_err(),
        "a stranger's stream stays silent"
    );
}

#[tokio::test]
async fn ten_commands_per_ten_minutes_of_car_time() {
    let car = ScriptedGateway::new();
    // At real time the window is ten wall minutes.
    let server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "busy@example.com", target).await;
    for n in 0..10 {
        owner
            .send_command(&vehicle, &CommandKind::Horn, &format!("key-horn-{n:04}"))
            .await
            .expect("within the limit");
    }
    let refused = owner
        .send_command(&vehicle, &CommandKind::Horn, "key-horn-0010")
        .await
        .expect_err("the eleventh waits");
    match refused {
        keyfob_client::ClientError::Api(error) => {
            assert_eq!(error.code, ErrorCode::CommandRateLimited);
            let wait = error.retry_after_seconds.expect("says how long");
            assert!((1..=600).contains(&wait), "{wait}");
        }
        other => panic!("{other:?}"),
    }
    // A retry of an accepted command is not a new one: it is answered, not refused.
    owner
        .send_command(&vehicle, &CommandKind::Horn, "key-horn-0003")
        .await
        .expect("the same command again");
    server.advance(601);
    owner
        .send_command(&vehicle, &CommandKind::Horn, "key-horn-0011")
        .await
        .expect("allowed again once the window passed");
}

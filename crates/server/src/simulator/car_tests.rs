use keyfob_core::{
    api::sandbox::{CarControl, Opening},
    command::{CommandKind, FailureReason, ENGINE_RUN_SECONDS},
    geo::GeoPoint,
    status::{Gear, WarningLamp},
};

use super::*;
use crate::{
    fleet::{CarCondition, FLEET},
    simulator::profile::initial_car,
    telematics::CarOutcome,
};

const START: CommandKind = CommandKind::EngineStart {
    climate_target_c: 21,
};
const RUN: f64 = ENGINE_RUN_SECONDS as f64;

fn ready_car() -> Car {
    let vehicle = FLEET
        .iter()
        .find(|v| v.condition == CarCondition::Ready && v.sim_active && v.telematics_unit)
        .expect("a ready car");
    initial_car(vehicle, 1_795_305_600)
}

fn outcomes(answers: &[Answer]) -> Vec<(&str, CarOutcome)> {
    answers
        .iter()
        .map(|a| (a.command_id.as_str(), a.outcome))
        .collect()
}

fn set(car: &mut Car, control: CarControl, now: f64) -> Vec<Answer> {
    car.control(&control, now).expect("control accepted")
}

#[test]
fn a_remote_start_runs_ten_minutes_then_stops_by_itself() {
    let mut car = ready_car();
    let answers = car.execute("s1", &START, 0.0);
    assert_eq!(outcomes(&answers), [("s1", CarOutcome::Started)]);
    assert!(car.snapshot().engine_running);
    assert_eq!(car.snapshot().battery_12v_millivolts, CHARGING_MILLIVOLTS);
    assert_eq!(car.next_event_at(), Some(RUN));
    assert!(car.advance(RUN - 1.0).is_empty());
    let fuel_before = car.energy_percent;
    let answers = car.advance(RUN + 30.0);
    assert_eq!(outcomes(&answers), [("s1", CarOutcome::EngineStopped)]);
    assert!(!car.snapshot().engine_running);
    assert!(
        !car.snapshot().ignition_on,
        "a remote start never switches the ignition on"
    );
    assert!(car.energy_percent < 70.0 && car.energy_percent <= fuel_before);
    assert_eq!(car.next_event_at(), None);
}

#[test]
fn one_extension_adds_ten_minutes_and_the_cycle_allows_two() {
    let mut car = ready_car();
    car.execute("s1", &START, 0.0);
    let answers = car.execute("x1", &CommandKind::EngineExtend, 60.0);
    assert_eq!(outcomes(&answers), [("x1", CarOutcome::Succeeded)]);
    assert_eq!(car.next_event_at(), Some(2.0 * RUN));
    let answers = car.execute("x2", &CommandKind::EngineExtend, 120.0);
    assert_eq!(
        outcomes(&answers),
        [("x2", CarOutcome::Failed(FailureReason::ExtensionUsed))]
    );
    let answers = car.advance(2.0 * RUN);
    assert_eq!(outcomes(&answers), [("s1", CarOutcome::EngineStopped)]);
    // Start plus extension used the cycle up.
    let answers = car.execute("s2", &START, 2.0 * RUN + 10.0);
    assert_eq!(
        outcomes(&answers),
        [("s2", CarOutcome::Failed(FailureReason::StartLimitReached))]
    );
    // Driving (an ignition cycle) allows remote starts again.
    set(&mut car, CarControl::Ignition { on: true }, 3000.0);
    set(&mut car, CarControl::Ignition { on: false }, 3010.0);
    let answers = car.execute("s3", &START, 3020.0);
    assert_eq!(outcomes(&answers), [("s3", CarOutcome::Started)]);
}

#[test]
fn a_stop_ends_the_run_and_answers_both_commands() {
    let mut car = ready_car();
    car.execute("s1", &START, 0.0);
    let answers = car.execute("stop", &CommandKind::EngineStop, 100.0);
    assert_eq!(
        outcomes(&answers),
        [
            ("s1", CarOutcome::EngineStopped),
            ("stop", CarOutcome::Succeeded)
        ]
    );
    let answers = car.execute("stop2", &CommandKind::EngineStop, 110.0);
    assert_eq!(
        outcomes(&answers),
        [("stop2", CarOutcome::Failed(FailureReason::EngineNotRunning))]
    );
    let answers = car.execute("x", &CommandKind::EngineExtend, 120.0);
    assert_eq!(
        outcomes(&answers),
        [("x", CarOutcome::Failed(FailureReason::EngineNotRunning))]
    );
}

#[test]
fn the_car_judges_every_precondition_itself() {
    type Breaker = fn(&mut Car);
    let cases: [(Breaker, FailureReason); 9] = [
        (|c| c.ignition_on = true, FailureReason::IgnitionOn),
        (|c| c.gear = Gear::Neutral, FailureReason::NotInPark),
        (|c| c.hood_open = true, FailureReason::HoodOpen),
        (|c| c.doors.tailgate = true, FailureReason::DoorOpen),
        (|c| c.locked = false, FailureReason::DoorsUnlocked),
        (|c| c.hazards_on = true, FailureReason::HazardsOn),
        (|c| c.alarm_triggered = true, FailureReason::AlarmTriggered),
        (
            |c| c.battery_rest_millivolts = 11_900,
            FailureReason::BatteryLow,
        ),
        (|c| c.energy_percent = 9.5, FailureReason::FuelLow),
    ];
    for (break_it, reason) in cases {
        let mut car = ready_car();
        break_it(&mut car);
        let answers = car.execute("s", &START, 0.0);
        assert_eq!(
            outcomes(&answers),
            [("s", CarOutcome::Failed(reason))],
            "{reason:?}"
        );
        assert!(car.remote_run.is_none());
    }
}

#[test]
fn opening_the_hood_or_getting_in_ends_a_remote_run() {
    let mut car = ready_car();
    car.execute("s1", &START, 0.0);
    let answers = set(&mut car, CarControl::Hood { open: true }, 30.0);
    assert_eq!(outcomes(&answers), [("s1", CarOutcome::EngineStopped)]);
    assert!(!car.engine_running);

    let mut car = ready_car();
    car.execute("s1", &START, 0.0);
    let answers = set(&mut car, CarControl::Ignition { on: true }, 30.0);
    assert_eq!(outcomes(&answers), [("s1", CarOutcome::EngineStopped)]);
    assert!(
        car.engine_running,
        "the driver took the running engine over"
    );
}

#[test]
fn locking_needs_closed_doors_and_unlocking_resets_the_alarm() {
    let mut car = ready_car();
    set(&mut car, CarControl::Locks { locked: false }, 0.0);
    set(
        &mut car,
        CarControl::Door {
            door: Opening::FrontLeft,
            open: true,
        },
        1.0,
    );
    let answers = car.execute("l", &CommandKind::Lock, 2.0);
    assert_eq!(
        outcomes(&answers),
        [("l", CarOutcome::Failed(FailureReason::DoorOpen))]
    );
    assert!(car
        .control(&CarControl::Locks { locked: true }, 3.0)
        .expect_err("refused")
        .contains("door is open"));
    set(
        &mut car,
        CarControl::Door {
            door: Opening::FrontLeft,
            open: false,
        },
        4.0,
    );
    let answers = car.execute("l2", &CommandKind::Lock, 5.0);
    assert_eq!(outcomes(&answers), [("l2", CarOutcome::Succeeded)]);
    assert!(car.locked);
    set(&mut car, CarControl::Alarm { triggered: true }, 6.0);
    car.execute("u", &CommandKind::Unlock, 7.0);
    assert!(!car.locked && !car.alarm_triggered);
}

#[test]
fn waking_a_parked_car_drains_its_battery_and_running_charges_it() {
    let mut car = ready_car();
    let before = car.battery_millivolts();
    car.wake();
    car.wake();
    assert_eq!(car.battery_millivolts(), before - 2 * WAKE_DRAIN_MILLIVOLTS);
    set(&mut car, CarControl::Battery { millivolts: 11_500 }, 0.0);
    assert!(car.snapshot().warning_lamps.contains(&WarningLamp::Battery));
    set(&mut car, CarControl::Ignition { on: true }, 0.0);
    car.wake();
    car.advance(20.0 * 60.0);
    set(&mut car, CarControl::Ignition { on: false }, 20.0 * 60.0);
    assert_eq!(car.battery_millivolts(), 11_500 + 20 * 15);
    assert!(!car.snapshot().warning_lamps.contains(&WarningLamp::Battery));
}

#[test]
fn a_drive_follows_the_route_reports_position_and_parks_at_the_end() {
    let mut car = ready_car();
    let start = car.position;
    let a = GeoPoint::new(start.latitude + 0.01, start.longitude);
    let b = GeoPoint::new(a.latitude, a.longitude + 0.01);
    let total = start.distance_m(a) + a.distance_m(b);
    let odometer = car.snapshot().odometer_km;
    set(
        &mut car,
        CarControl::Drive {
            route: vec![a, b],
            speed_kmh: 72, // 20 m/s
        },
        0.0,
    );
    let snapshot = car.snapshot();
    assert!(snapshot.ignition_on && snapshot.engine_running && snapshot.locked);
    assert_eq!(snapshot.gear, Gear::Drive);
    assert_eq!(car.next_event_at(), Some(POSITION_REPORT_SECONDS));
    assert!(car
        .control(&CarControl::Hood { open: true }, 1.0)
        .expect_err("refused")
        .contains("driving"));
    car.advance(30.0);
    let moved = car.snapshot();
    assert_eq!(
        moved.position.heading, 0,
        "heading north to the first point"
    );
    assert_eq!(moved.position.speed_kmh, 72);
    assert!((start.distance_m(car.position) - 600.0).abs() < 2.0);
    car.advance(total / 20.0 + 5.0);
    let parked = car.snapshot();
    assert_eq!(car.position, b);
    assert!(car.drive.is_none());
    assert_eq!(parked.gear, Gear::Park);
    assert!(!parked.ignition_on && !parked.engine_running && parked.locked);
    assert_eq!(parked.position.speed_kmh, 0);
    assert_eq!(
        parked.odometer_km,
        odometer + (total / 1000.0).round() as u32
    );
    assert!(car.energy_percent < 70.0);
}

#[test]
fn a_car_runs_dry_where_it_is() {
    let mut car = ready_car();
    set(&mut car, CarControl::Energy { percent: 1 }, 0.0);
    let far = GeoPoint::new(car.position.latitude + 1.0, car.position.longitude);
    set(
        &mut car,
        CarControl::Drive {
            route: vec![far],
            speed_kmh: 100,
        },
        0.0,
    );
    car.advance(3600.0);
    assert!(car.drive.is_none());
    assert_eq!(car.energy_percent, 0.0);
    assert!(!car.engine_running);
    assert!(car.position.distance_m(far) > 50_000.0);
    assert!(car
        .control(
            &CarControl::Drive {
                route: vec![far],
                speed_kmh: 100
            },
            3601.0
        )
        .expect_err("refused")
        .contains("empty"));
}

#[test]
fn a_resumed_car_has_no_remote_run_and_is_parked() {
    let mut car = ready_car();
    car.execute("s1", &START, 0.0);
    let saved: Car =
        serde_json::from_str(&serde_json::to_string(&car).expect("valid")).expect("valid");
    let resumed = saved.resumed(0.0);
    assert!(!resumed.engine_running && resumed.remote_run.is_none());
}

#[test]
fn destinations_reach_the_head_unit() {
    let mut car = ready_car();
    let waypoints = vec![keyfob_core::command::Waypoint {
        name: "Office".into(),
        latitude: 48.9,
        longitude: 2.2,
    }];
    let answers = car.execute(
        "d",
        &CommandKind::SendDestination {
            waypoints: waypoints.clone(),
        },
        0.0,
    );
    assert_eq!(outcomes(&answers), [("d", CarOutcome::Succeeded)]);
    assert_eq!(car.navigation, waypoints);
}

use keyfob_core::{
    command::{CommandKind, FailureReason},
    status::ChargerSpeed,
};

use super::super::{car::Car, profile::initial_car};
use crate::{fleet::FLEET, telematics::CarOutcome};

const TODAY: i64 = 1_795_305_600; // 2026-11-22

fn leaf() -> Car {
    let vehicle = FLEET
        .iter()
        .find(|v| v.model == "Leaf" && v.sim_active)
        .expect("a Leaf in the fleet");
    let mut car = initial_car(vehicle, TODAY);
    car.energy_percent = 50.0;
    car
}

fn run(car: &mut Car, kind: CommandKind, now: f64) -> CarOutcome {
    car.execute("c1", &kind, now)
        .pop()
        .expect("an answer")
        .outcome
}

#[test]
fn a_plugged_in_ev_charges_at_the_chargers_speed_and_stops_at_the_limit() {
    let mut car = leaf();
    assert_eq!(
        run(&mut car, CommandKind::ChargeStart, 0.0),
        CarOutcome::Failed(FailureReason::NotPluggedIn)
    );
    car.plug_in(Some(ChargerSpeed::Normal), 0.0)
        .expect("plugged");
    assert_eq!(
        run(&mut car, CommandKind::ChargeStart, 0.0),
        CarOutcome::Succeeded
    );
    let snapshot = car.snapshot();
    let charge = snapshot.charge.expect("an EV reports charging");
    assert!(charge.plugged_in && charge.charging);
    assert_eq!(charge.charger, Some(ChargerSpeed::Normal));
    // 7 kW into 40 kWh: 17.5 % an hour.
    car.advance(3600.0);
    assert!(
        (car.energy_percent - 67.5).abs() < 0.01,
        "{}",
        car.energy_percent
    );
    assert!(car.next_event_at().is_some(), "charging ticks");
    // The limit stops it by itself.
    car.set_charge_limit(80).expect("a limit");
    car.advance(3600.0 * 3.0);
    assert_eq!(car.energy_percent, 80.0);
    let charge = car.snapshot().charge.expect("charge");
    assert!(!charge.charging && charge.plugged_in);
    assert_eq!(charge.minutes_to_full.normal, Some(0));
    assert_eq!(
        run(&mut car, CommandKind::ChargeStart, 3600.0 * 3.0),
        CarOutcome::Failed(FailureReason::ChargeComplete)
    );
    assert_eq!(car.next_event_at(), None, "nothing left to happen");
}

#[test]
fn time_to_full_is_longer_on_a_slower_charger_and_a_rapid_charger_tapers() {
    let car = leaf();
    let times = car.snapshot().charge.expect("charge").minutes_to_full;
    let (slow, normal, fast) = (
        times.slow.expect("slow"),
        times.normal.expect("normal"),
        times.fast.expect("fast"),
    );
    assert!(slow > normal && normal > fast, "{slow} {normal} {fast}");
    // 50 % of 40 kWh at 7 kW: 2 h 52 min.
    assert_eq!(normal, 172);
    // 30 % at 50 kW then 20 % at 15 kW: 14.4 + 32 min.
    assert_eq!(fast, 47);
}

#[test]
fn unplugging_stops_charging_and_a_plugged_car_will_not_drive_off() {
    let mut car = leaf();
    car.plug_in(Some(ChargerSpeed::Fast), 0.0).expect("plugged");
    run(&mut car, CommandKind::ChargeStart, 0.0);
    car.plug_in(None, 60.0).expect("unplugged");
    assert!(!car.charging);
    assert!(car.energy_percent > 50.0, "a minute of rapid charging");
    car.plug_in(Some(ChargerSpeed::Slow), 60.0)
        .expect("plugged");
    let drive = keyfob_core::api::sandbox::CarControl::Drive {
        route: vec![car.position],
        speed_kmh: 50,
    };
    let refused = car.control(&drive, 60.0).expect_err("cable in");
    assert!(refused.contains("Unplug"), "{refused}");
    assert_eq!(
        run(&mut car, CommandKind::ChargeStop, 60.0),
        CarOutcome::Failed(FailureReason::NotCharging)
    );
}

#[test]
fn climate_runs_from_the_battery_for_fifteen_minutes_and_warms_the_cabin() {
    let mut car = leaf();
    let on = CommandKind::ClimateOn {
        target_c: 22,
        start_at: None,
    };
    assert_eq!(run(&mut car, on.clone(), 0.0), CarOutcome::Succeeded);
    assert!(car.snapshot().climate.expect("climate").on);
    car.advance(600.0);
    // 1.5 kW for 10 minutes from 40 kWh: 0.625 %.
    assert!(
        (car.energy_percent - 49.375).abs() < 0.01,
        "{}",
        car.energy_percent
    );
    assert_eq!(car.snapshot().climate.expect("climate").cabin_c, Some(18));
    car.advance(900.0);
    assert!(
        !car.snapshot().climate.expect("climate").on,
        "stopped by itself"
    );
    assert_eq!(
        run(&mut car, CommandKind::ClimateOff, 900.0),
        CarOutcome::Failed(FailureReason::ClimateNotOn)
    );
    // Too little charge without a charger; on a charger it runs.
    car.energy_percent = 15.0;
    assert_eq!(
        run(&mut car, on.clone(), 900.0),
        CarOutcome::Failed(FailureReason::ClimateChargeLow)
    );
    car.plug_in(Some(ChargerSpeed::Normal), 900.0)
        .expect("plugged");
    assert_eq!(run(&mut car, on, 900.0), CarOutcome::Succeeded);
    car.advance(900.0 + 3600.0);
    assert!(
        car.snapshot().climate.expect("climate").on,
        "two hours on a charger"
    );
    assert_eq!(car.energy_percent, 15.0, "the charger feeds the climate");
}

#[test]
fn a_climate_timer_fires_at_its_time_and_off_cancels_it() {
    let mut car = leaf();
    car.set_climate_timer(20, 1800.0, 0.0).expect("set");
    assert_eq!(car.next_event_at(), Some(1800.0));
    assert_eq!(car.snapshot().climate.expect("climate").target_c, Some(20));
    car.advance(1799.0);
    assert!(car.climate.is_none());
    car.advance(1800.0);
    assert!(car.climate.is_some(), "started at its time");
    car.set_climate_timer(20, 4000.0, 1800.0).expect("set");
    assert_eq!(
        run(&mut car, CommandKind::ClimateOff, 1801.0),
        CarOutcome::Succeeded
    );
    assert!(car.climate.is_none() && car.climate_timer.is_none());
    // A timer with nothing running: off cancels it and succeeds.
    car.set_climate_timer(20, 4000.0, 1801.0).expect("set");
    assert_eq!(
        run(&mut car, CommandKind::ClimateOff, 1802.0),
        CarOutcome::Succeeded
    );
    assert!(car.climate_timer.is_none());
}

#[test]
fn a_car_with_an_engine_has_no_charging() {
    let vehicle = FLEET
        .iter()
        .find(|v| v.model == "Qashqai")
        .expect("a Qashqai");
    let mut car = initial_car(vehicle, TODAY);
    assert!(car.snapshot().charge.is_none() && car.snapshot().climate.is_none());
    assert!(car.plug_in(Some(ChargerSpeed::Slow), 0.0).is_err());
    assert!(car.set_charge_limit(80).is_err());
}

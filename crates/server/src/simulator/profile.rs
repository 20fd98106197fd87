//! How each fleet car starts out the first time the sandbox runs: where it is parked, what it
//! runs on, how far it has been driven, and the condition the fleet documents for it.

use keyfob_core::{
    account::Region,
    geo::GeoPoint,
    status::{Gear, Openings, TyrePressures},
};

use super::car::Car;
use crate::fleet::{CarCondition, FleetVehicle};

/// A typical distance a year, for the odometer of a car of some age.
const KM_PER_YEAR: f64 = 13_000.0;
/// Full-tank range of the fleet's combustion and e-Power cars.
const FUEL_RANGE_KM: u16 = 650;

/// Where the market's cars are parked (near Nissan sites), before each gets its own spot.
fn home(market: Region) -> GeoPoint {
    match market {
        Region::Eu => GeoPoint::new(48.8867, 2.1734), // Montigny-le-Bretonneux
        Region::Uk => GeoPoint::new(54.9176, -1.4699), // Sunderland
        Region::Us => GeoPoint::new(35.9251, -86.8689), // Franklin, Tennessee
        Region::Ca => GeoPoint::new(43.8561, -79.3370), // Markham, Ontario
        Region::Jp => GeoPoint::new(35.4660, 139.6220), // Yokohama
        Region::Ru => GeoPoint::new(59.9343, 30.3351), // Saint Petersburg
    }
}

/// EVs by model, with their range on a full charge.
fn electric_range_km(model: &str) -> Option<u16> {
    match model {
        "Leaf" => Some(270),
        "Ariya" => Some(400),
        _ => None,
    }
}

/// A spot a few hundred metres from the market's home, the same for a VIN every time.
fn parking_spot(vin: &str, market: Region) -> GeoPoint {
    let hash = vin
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let north = f64::from(hash % 200) / 200.0 - 0.5;
    let east = f64::from((hash / 200) % 200) / 200.0 - 0.5;
    let centre = home(market);
    GeoPoint::new(
        centre.latitude + north * 0.01,
        centre.longitude + east * 0.01,
    )
}

/// The car as it stands the first time the simulator starts, at `today` (Unix seconds).
pub fn initial_car(vehicle: &FleetVehicle, today: i64) -> Car {
    let electric_range = electric_range_km(vehicle.model);
    let age_years = vehicle.first_registered().map_or(0.0, |d| {
        ((today - d.unix_seconds()).max(0) as f64) / 31_557_600.0
    });
    let mut car = Car {
        vin: vehicle.vin.to_owned(),
        model: vehicle.model.to_owned(),
        sim_active: vehicle.sim_active,
        coverage: true,
        drops_answers: false,
        doors: Openings::default(),
        windows: Openings::default(),
        locked: true,
        hood_open: false,
        ignition_on: false,
        engine_running: false,
        gear: Gear::Park,
        hazards_on: false,
        alarm_triggered: false,
        battery_rest_millivolts: 12_600,
        electric: electric_range.is_some(),
        energy_percent: 70.0,
        full_range_km: electric_range.unwrap_or(FUEL_RANGE_KM),
        odometer_m: (age_years * KM_PER_YEAR * 1000.0).round() + 120_000.0,
        tyres_kpa: TyrePressures {
            front_left: 240,
            front_right: 240,
            rear_left: 230,
            rear_right: 230,
        },
        lamps: Vec::new(),
        position: parking_spot(vehicle.vin, vehicle.market),
        heading: 0,
        drive: None,
        starts_this_cycle: 0,
        climate_target_c: None,
        navigation: Vec::new(),
        plug: None,
        charging: false,
        charge_limit_percent: super::ev::full_limit(),
        cabin_c: super::ev::ambient_c(),
        climate: None,
        climate_timer: None,
        remote_run: None,
        accounted_at: 0.0,
    };
    match vehicle.condition {
        CarCondition::Ready => {}
        CarCondition::BatteryLow => car.battery_rest_millivolts = 11_600,
        CarCondition::DoorOpen => {
            car.locked = false;
            car.doors.rear_left = true;
        }
    }
    car
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::FLEET;
    use keyfob_core::command::{RemoteStartBudget, MIN_12V_MILLIVOLTS};

    const TODAY: i64 = 1_795_305_600; // 2026-11-22

    #[test]
    fn every_car_starts_plausibly_and_as_the_fleet_documents() {
        for vehicle in FLEET {
            let car = initial_car(vehicle, TODAY);
            let snapshot = car.snapshot();
            assert!(snapshot.energy.range_km > 0, "{}", vehicle.vin);
            assert!(snapshot.odometer_km >= 120, "{}", vehicle.vin);
            assert!(car.position.is_on_globe());
            assert!(home(vehicle.market).distance_m(car.position) < 1_000.0);
            assert_eq!(snapshot.online, vehicle.sim_active);
            let facts = crate::status::from_snapshot(&snapshot, TODAY)
                .engine_start_facts(RemoteStartBudget::default());
            let ready = keyfob_core::command::check_engine_start(&facts, 21);
            match vehicle.condition {
                CarCondition::Ready if vehicle.sim_active => {
                    assert_eq!(ready, Ok(()), "{}", vehicle.vin)
                }
                CarCondition::Ready => {}
                CarCondition::BatteryLow => {
                    assert!(snapshot.battery_12v_millivolts < MIN_12V_MILLIVOLTS);
                    assert!(ready.is_err());
                }
                CarCondition::DoorOpen => {
                    assert!(snapshot.doors.any_open() && !snapshot.locked);
                    assert!(ready.is_err());
                }
            }
        }
        let leaf = FLEET.iter().find(|v| v.model == "Leaf").expect("a Leaf");
        assert!(initial_car(leaf, TODAY).snapshot().energy.electric);
    }
}

//! The sandbox's vehicle simulator: one task per fleet car with a telematics unit, each holding
//! the car's full state. The server reaches the cars only through [`TelematicsGateway`], which
//! the simulator implements in-process; the sandbox controls (a person or a test changing a
//! car) come through [`Simulator::control`].

mod car;
mod ev;
mod profile;
mod task;

use std::{collections::HashMap, sync::Mutex};

use keyfob_core::{
    activation::effective_time_scale,
    api::sandbox::{CarControl, DriveProgress, SimulatedCar},
    ErrorCode,
};
use tokio::sync::{mpsc, oneshot};

use crate::{
    clock::{rfc3339, Clock},
    db::Db,
    error::{ServerError, ServerResult},
    fleet::FLEET,
    telematics::{CarReport, Delivery, GatewayError, TelematicsGateway},
};
use car::Car;
use task::{CarTask, Input, VehicleTime};

pub use car::LOW_TYRE_KPA;

/// The state a fleet car starts in, for tests elsewhere in the crate.
#[cfg(test)]
pub fn initial_snapshot(
    vehicle: &crate::fleet::FleetVehicle,
    today: i64,
) -> keyfob_core::status::CarSnapshot {
    profile::initial_car(vehicle, today).snapshot()
}

/// Room for the reports of a burst of changes across the fleet before cars wait for the server.
const REPORT_QUEUE: usize = 1024;
const INPUT_QUEUE: usize = 64;

pub struct Simulator {
    cars: HashMap<String, mpsc::Sender<Input>>,
    reports: Mutex<Option<mpsc::Receiver<CarReport>>>,
}

impl Simulator {
    /// Starts one task per fleet car that has a telematics unit, from its saved state or, the
    /// first time, from its documented starting condition. Needs a Tokio runtime.
    pub async fn start(
        db: &Db,
        clock: std::sync::Arc<dyn Clock>,
        time_scale: f64,
    ) -> ServerResult<Simulator> {
        let time = VehicleTime {
            started: tokio::time::Instant::now(),
            scale: effective_time_scale(time_scale),
        };
        let mut saved: HashMap<String, Car> = HashMap::new();
        for (vin, json) in db.sim_cars().await? {
            match serde_json::from_str::<Car>(&json) {
                Ok(car) => {
                    saved.insert(vin, car);
                }
                // A state from an incompatible older sandbox: the car starts afresh.
                Err(error) => tracing::warn!(%error, "saved simulated car ignored"),
            }
        }
        let (report_tx, report_rx) = mpsc::channel(REPORT_QUEUE);
        let mut cars = HashMap::new();
        let today = clock.now();
        for vehicle in FLEET.iter().filter(|v| v.telematics_unit) {
            let car = match saved.remove(vehicle.vin) {
                Some(car) => car.resumed(0.0),
                None => profile::initial_car(vehicle, today),
            };
            let (input_tx, input_rx) = mpsc::channel(INPUT_QUEUE);
            cars.insert(vehicle.vin.to_owned(), input_tx);
            tokio::spawn(
                CarTask {
                    car,
                    inputs: input_rx,
                    reports: report_tx.clone(),
                    db: db.clone(),
                    clock: clock.clone(),
                    time,
                }
                .run(),
            );
        }
        Ok(Simulator {
            cars,
            reports: Mutex::new(Some(report_rx)),
        })
    }

    async fn ask<T>(
        &self,
        vin: &str,
        input: impl FnOnce(oneshot::Sender<T>) -> Input,
    ) -> Result<T, GatewayError> {
        let car = self.cars.get(vin).ok_or(GatewayError::UnknownVehicle)?;
        let (reply, answer) = oneshot::channel();
        car.send(input(reply))
            .await
            .map_err(|_| GatewayError::UnknownVehicle)?;
        answer.await.map_err(|_| GatewayError::UnknownVehicle)
    }

    /// The car as the simulator holds it.
    pub async fn view(&self, vin: &str) -> ServerResult<SimulatedCar> {
        self.ask(vin, |reply| Input::View { reply })
            .await
            .map_err(|_| not_simulated())
    }

    /// Changes the car as a person at it would; says why when the car cannot be put so.
    pub async fn control(&self, vin: &str, control: CarControl) -> ServerResult<SimulatedCar> {
        control.validate()?;
        self.ask(vin, |reply| Input::Control { control, reply })
            .await
            .map_err(|_| not_simulated())?
            .map_err(|reason| ServerError::refused(ErrorCode::SandboxControlRefused, reason))
    }
}

fn not_simulated() -> ServerError {
    ServerError::refused(
        ErrorCode::NoTelematicsUnit,
        "This car has no telematics unit, so the sandbox does not simulate it.",
    )
}

/// A vehicle-time instant on the wall clock, as the app counts down to it.
fn wall_time_of(vehicle_seconds: f64, time: &VehicleTime, wall_now: i64) -> String {
    let wall_seconds = ((vehicle_seconds - time.now()) / time.scale)
        .max(0.0)
        .ceil() as i64;
    rfc3339(wall_now + wall_seconds)
}

/// What the sandbox shows of a car.
fn view(car: &Car, time: &VehicleTime, wall_now: i64) -> SimulatedCar {
    let remote_run_ends_at = car
        .remote_run
        .as_ref()
        .map(|run| wall_time_of(run.ends_at, time, wall_now));
    let driving = car.drive.as_ref().map(|drive| {
        let mut remaining = 0.0;
        let mut from = car.position;
        for point in &drive.ahead {
            remaining += from.distance_m(*point);
            from = *point;
        }
        DriveProgress {
            speed_kmh: drive.speed_kmh,
            remaining_m: remaining.round() as u32,
            next_point: drive.ahead.first().copied().unwrap_or(car.position),
        }
    });
    SimulatedCar {
        vin: car.vin.clone(),
        model: car.model.clone(),
        state: car.snapshot(),
        sim_active: car.sim_active,
        coverage: car.coverage,
        drops_answers: car.drops_answers,
        driving,
        remote_run_ends_at,
        remote_starts_this_cycle: car.starts_this_cycle,
        climate_target_c: car.climate_target_c,
        navigation: car.navigation.clone(),
    }
}

#[async_trait::async_trait]
impl TelematicsGateway for Simulator {
    async fn deliver(&self, vin: &str, delivery: Delivery) -> Result<(), GatewayError> {
        self.ask(vin, |reply| Input::Deliver { delivery, reply })
            .await?
    }

    async fn request_status(&self, vin: &str) -> Result<(), GatewayError> {
        self.ask(vin, |reply| Input::RequestStatus { reply })
            .await?
    }

    async fn reachable(&self, vin: &str) -> bool {
        self.ask(vin, |reply| Input::Reachable { reply })
            .await
            .unwrap_or(false)
    }

    fn take_reports(&self) -> Option<mpsc::Receiver<CarReport>> {
        self.reports.lock().ok()?.take()
    }
}

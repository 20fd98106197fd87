//! The task that is one simulated car: it owns the car's state, takes requests from the
//! gateway and the sandbox controls, lets vehicle time pass, and reports what changed.

use std::{sync::Arc, time::Duration};

use keyfob_core::{
    api::sandbox::CarControl,
    command::{CommandKind, FailureReason},
    status::CarSnapshot,
};
use tokio::{
    sync::{mpsc, oneshot},
    time::Instant,
};

use super::{
    car::{answer_delay_seconds, Answer, Car},
    view,
};
use crate::{
    clock::Clock,
    db::Db,
    telematics::{CarOutcome, CarReport, Delivery, GatewayError},
};
use keyfob_core::api::sandbox::SimulatedCar;

/// While a car drives it saves its state at most this often; every other change is saved at once.
const SAVE_WHILE_DRIVING: Duration = Duration::from_secs(2);
/// However fast vehicle time runs, a driving car reports at most this often in real time.
const MIN_REAL_TICK: Duration = Duration::from_millis(50);

type ControlReply = oneshot::Sender<Result<SimulatedCar, String>>;

pub enum Input {
    Deliver {
        delivery: Delivery,
        reply: oneshot::Sender<Result<(), GatewayError>>,
    },
    RequestStatus {
        reply: oneshot::Sender<Result<(), GatewayError>>,
    },
    Reachable {
        reply: oneshot::Sender<bool>,
    },
    Control {
        control: CarControl,
        reply: ControlReply,
    },
    View {
        reply: oneshot::Sender<SimulatedCar>,
    },
}

/// Vehicle time: real time since the simulator started, times the scale.
#[derive(Clone, Copy)]
pub struct VehicleTime {
    pub started: Instant,
    pub scale: f64,
}

impl VehicleTime {
    pub fn now(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * self.scale
    }

    pub fn instant(&self, vehicle_seconds: f64) -> Instant {
        self.started + Duration::from_secs_f64((vehicle_seconds / self.scale).max(0.0))
    }
}

pub struct CarTask {
    pub car: Car,
    pub inputs: mpsc::Receiver<Input>,
    pub reports: mpsc::Sender<CarReport>,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub time: VehicleTime,
}

struct Running {
    /// Delivered commands the car is still working on: when each is done (vehicle seconds).
    pending: Vec<(f64, Delivery)>,
    /// The last snapshot the server heard; `None` forces the next report.
    reported: Option<CarSnapshot>,
    /// The state last written to the database.
    saved: Option<String>,
    saved_at: Instant,
    /// The running remote start's end, in vehicle seconds and as reported on the wall clock,
    /// worked out once per start or extension so reports do not jitter by a second.
    run_end: Option<(f64, String)>,
    /// The same for an EV's climate: its end and its timer.
    climate_walls: WallTimes,
}

/// Vehicle-time instants and their wall-clock text, worked out once per instant.
#[derive(Default)]
struct WallTimes(Vec<(f64, String)>);

impl WallTimes {
    fn of(&mut self, at: f64, time: &VehicleTime, wall_now: i64) -> String {
        if let Some((_, wall)) = self.0.iter().find(|(known, _)| *known == at) {
            return wall.clone();
        }
        let wall = super::wall_time_of(at, time, wall_now);
        self.0.push((at, wall.clone()));
        wall
    }

    fn keep_only(&mut self, instants: &[f64]) {
        self.0.retain(|(at, _)| instants.contains(at));
    }
}

impl CarTask {
    pub async fn run(mut self) {
        let mut run = Running {
            pending: Vec::new(),
            reported: None,
            // A car that starts as it was saved (or as the fleet describes it) needs no write:
            // two dozen cars writing at once at start only make the server's requests wait.
            saved: serde_json::to_string(&self.car).ok(),
            saved_at: Instant::now(),
            run_end: None,
            climate_walls: WallTimes::default(),
        };
        // The car says hello when the sandbox starts, so the app has a status at once.
        self.settle(&mut run, Vec::new()).await;
        loop {
            let wake_at = self.next_wake(&run);
            let input = tokio::select! {
                input = self.inputs.recv() => match input {
                    Some(input) => Some(input),
                    // The simulator is gone: the sandbox stopped.
                    None => break,
                },
                () = sleep_until(wake_at) => None,
            };
            let (mut answers, control_reply) = match input {
                Some(input) => self.handle(input, &mut run),
                None => (Vec::new(), None),
            };
            let now = self.time.now();
            answers.extend(self.car.advance(now));
            answers.extend(self.execute_due(&mut run, now));
            self.settle(&mut run, answers).await;
            // Answered once the change is saved and reported, so the caller can rely on both.
            if let Some(reply) = control_reply {
                let _ = reply.send(Ok(view(&self.car, &self.time, self.clock.now())));
            }
        }
    }

    fn next_wake(&self, run: &Running) -> Option<Instant> {
        let pending = run.pending.iter().map(|(at, _)| *at).reduce(f64::min);
        let own = self.car.next_event_at();
        let at = match (pending, own) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }?;
        let instant = self.time.instant(at);
        // A driving car ticks no faster than `MIN_REAL_TICK`, however high the time scale.
        Some(if self.car.moving() {
            instant.max(Instant::now() + MIN_REAL_TICK)
        } else {
            instant
        })
    }

    /// Acts on a request. Returns the answers it caused and, for an accepted control, the reply
    /// to give once the change is saved and reported.
    fn handle(&mut self, input: Input, run: &mut Running) -> (Vec<Answer>, Option<ControlReply>) {
        let now = self.time.now();
        match input {
            Input::Deliver { delivery, reply } => {
                if !self.car.online() {
                    let _ = reply.send(Err(GatewayError::Unreachable));
                    return (Vec::new(), None);
                }
                if self.clock.now() > delivery.deliver_by {
                    let _ = reply.send(Err(GatewayError::DeadlinePassed));
                    return (Vec::new(), None);
                }
                self.car.wake();
                let done_at = now + answer_delay_seconds(&delivery.kind);
                run.pending.push((done_at, delivery));
                let _ = reply.send(Ok(()));
            }
            Input::RequestStatus { reply } => {
                if !self.car.online() {
                    let _ = reply.send(Err(GatewayError::Unreachable));
                    return (Vec::new(), None);
                }
                self.car.wake();
                // Asked for: reported even if nothing changed.
                run.reported = None;
                let _ = reply.send(Ok(()));
            }
            Input::Reachable { reply } => {
                let _ = reply.send(self.car.online());
            }
            Input::Control { control, reply } => match self.car.control(&control, now) {
                Ok(caused) => return (caused, Some(reply)),
                Err(reason) => {
                    let _ = reply.send(Err(reason));
                }
            },
            Input::View { reply } => {
                self.car.advance(now);
                let _ = reply.send(view(&self.car, &self.time, self.clock.now()));
            }
        }
        (Vec::new(), None)
    }

    fn execute_due(&mut self, run: &mut Running, now: f64) -> Vec<Answer> {
        let mut answers = Vec::new();
        run.pending.sort_by(|a, b| a.0.total_cmp(&b.0));
        while run.pending.first().is_some_and(|(at, _)| *at <= now) {
            let (at, delivery) = run.pending.remove(0);
            if let CommandKind::ClimateOn {
                target_c,
                start_at: Some(start_at),
            } = &delivery.kind
            {
                answers.push(self.set_climate_timer(&delivery.command_id, *target_c, start_at, at));
                continue;
            }
            answers.extend(self.car.execute(&delivery.command_id, &delivery.kind, at));
        }
        answers
    }

    /// Sends the answers and any changed status, and saves the car.
    async fn settle(&mut self, run: &mut Running, answers: Vec<Answer>) {
        let online = self.car.online();
        if online && !self.car.drops_answers {
            for answer in answers {
                let report = CarReport::CommandResult {
                    vin: self.car.vin.clone(),
                    command_id: answer.command_id,
                    outcome: answer.outcome,
                };
                if self.reports.send(report).await.is_err() {
                    return;
                }
            }
        }
        let mut snapshot = self.car.snapshot();
        run.run_end = match (&self.car.remote_run, run.run_end.take()) {
            (Some(remote), Some((ends_at, wall))) if ends_at == remote.ends_at => {
                Some((ends_at, wall))
            }
            (Some(remote), _) => Some((
                remote.ends_at,
                super::wall_time_of(remote.ends_at, &self.time, self.clock.now()),
            )),
            (None, _) => None,
        };
        snapshot.remote_run_ends_at = run.run_end.as_ref().map(|(_, wall)| wall.clone());
        if let Some(climate) = snapshot.climate.as_mut() {
            let ends = self.car.climate.map(|c| c.ends_at);
            let timer = self.car.climate_timer.map(|t| t.at);
            let wall_now = self.clock.now();
            climate.ends_at = ends.map(|at| run.climate_walls.of(at, &self.time, wall_now));
            climate.scheduled_for = timer.map(|at| run.climate_walls.of(at, &self.time, wall_now));
            run.climate_walls
                .keep_only(&[ends, timer].into_iter().flatten().collect::<Vec<_>>());
        }
        if online && run.reported.as_ref() != Some(&snapshot) {
            run.reported = Some(snapshot.clone());
            let report = CarReport::Status {
                vin: self.car.vin.clone(),
                snapshot,
            };
            if self.reports.send(report).await.is_err() {
                return;
            }
        } else if !online {
            // Coming back into coverage, the car reports at once.
            run.reported = None;
        }
        self.save(run).await;
    }

    /// A climate start for later: the wall-clock time becomes vehicle time at this scale.
    fn set_climate_timer(
        &mut self,
        command_id: &str,
        target_c: u8,
        start_at: &str,
        now: f64,
    ) -> Answer {
        let outcome = match keyfob_core::command::parse_start_at(start_at) {
            Ok(wall) => {
                let ahead = (wall - self.clock.now()).max(0) as f64 * self.time.scale;
                match self.car.set_climate_timer(target_c, now + ahead, now) {
                    Ok(()) => CarOutcome::Succeeded,
                    Err(reason) => CarOutcome::Failed(reason),
                }
            }
            Err(_) => CarOutcome::Failed(FailureReason::Rejected),
        };
        Answer {
            command_id: command_id.to_owned(),
            outcome,
        }
    }

    async fn save(&self, run: &mut Running) {
        if self.car.moving() && run.saved_at.elapsed() < SAVE_WHILE_DRIVING {
            return;
        }
        let json = match serde_json::to_string(&self.car) {
            Ok(json) => json,
            Err(error) => {
                tracing::error!(%error, "simulated car not serialisable");
                return;
            }
        };
        if run.saved.as_deref() == Some(json.as_str()) {
            return;
        }
        match self
            .db
            .save_sim_car(&self.car.vin, &json, self.clock.now())
            .await
        {
            Ok(()) => {
                run.saved = Some(json);
                run.saved_at = Instant::now();
            }
            Err(error) => tracing::warn!(%error, "simulated car not saved"),
        }
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

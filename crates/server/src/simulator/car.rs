//! One simulated car: its state and how it reacts to people, commands and the passing of time.
//! Pure and synchronous (time is passed in as vehicle seconds), so every rule is unit-tested
//! without a clock; the car's task in `task.rs` supplies the time and the I/O.

use keyfob_core::{
    api::sandbox::{opening_name, CarControl, Opening},
    command::{
        check_engine_start, CommandKind, EngineStartFacts, FailureReason, RemoteStartBudget,
        Waypoint, ENGINE_RUN_SECONDS, MAX_REMOTE_STARTS_PER_CYCLE,
    },
    geo::GeoPoint,
    status::{
        CarSnapshot, ChargerSpeed, Energy, Gear, Openings, Position, TyrePressures, WarningLamp,
    },
};

use super::ev::{ClimateRun, ClimateTimer};
use serde::{Deserialize, Serialize};

use crate::telematics::CarOutcome;

/// While the engine runs the alternator holds the 12 V system here.
const CHARGING_MILLIVOLTS: u32 = 14_200;
/// A healthy battery at rest; the engine charges a drained one back up to this.
const FULL_REST_MILLIVOLTS: u32 = 12_700;
/// What waking the telematics unit once costs the 12 V battery.
const WAKE_DRAIN_MILLIVOLTS: u32 = 20;
/// What a running engine puts back into the 12 V battery per minute.
const CHARGE_MILLIVOLTS_PER_MINUTE: f64 = 15.0;
/// Below this the battery warning lamp lights.
const BATTERY_LAMP_MILLIVOLTS: u32 = 11_800;
/// Below this a tyre shows the pressure warning (the health report uses the same figure).
pub use keyfob_core::health::LOW_TYRE_KPA;
/// Idling (or running the climate of an EV) uses this share of a full tank or charge a minute.
const IDLE_PERCENT_PER_MINUTE: f64 = 0.06;
/// While moving, the car reports its position this often (vehicle seconds).
pub const POSITION_REPORT_SECONDS: f64 = 5.0;

/// A command's answer, to be sent to the server (unless the car drops its answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub command_id: String,
    pub outcome: CarOutcome,
}

fn answer(command_id: &str, outcome: CarOutcome) -> Answer {
    Answer {
        command_id: command_id.to_owned(),
        outcome,
    }
}

/// A remote start in progress. Lives only in memory: after a restart of the simulator the run
/// is over (the car's own timer ran out while nobody was listening).
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteRun {
    pub command_id: String,
    pub ends_at: f64,
    pub extended: bool,
}

/// A drive in progress: the points still ahead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drive {
    pub ahead: Vec<GeoPoint>,
    pub speed_kmh: u16,
}

/// The car's complete state, persisted between runs of the sandbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Car {
    pub vin: String,
    pub model: String,
    pub sim_active: bool,
    pub coverage: bool,
    pub drops_answers: bool,
    pub doors: Openings,
    pub windows: Openings,
    pub locked: bool,
    pub hood_open: bool,
    pub ignition_on: bool,
    pub engine_running: bool,
    pub gear: Gear,
    pub hazards_on: bool,
    pub alarm_triggered: bool,
    pub battery_rest_millivolts: u32,
    pub electric: bool,
    pub energy_percent: f64,
    pub full_range_km: u16,
    pub odometer_m: f64,
    pub tyres_kpa: TyrePressures,
    pub lamps: Vec<WarningLamp>,
    pub position: GeoPoint,
    pub heading: u16,
    pub drive: Option<Drive>,
    pub starts_this_cycle: u8,
    pub climate_target_c: Option<u8>,
    pub navigation: Vec<Waypoint>,
    /// An EV's charging cable: the charger it is plugged into.
    #[serde(default)]
    pub plug: Option<ChargerSpeed>,
    #[serde(default)]
    pub charging: bool,
    #[serde(default = "super::ev::full_limit")]
    pub charge_limit_percent: u8,
    /// The cabin's temperature (an EV's climate moves it towards the target).
    #[serde(default = "super::ev::ambient_c")]
    pub cabin_c: f64,
    /// An EV's climate while it runs. In memory only, like a remote run.
    #[serde(skip)]
    pub climate: Option<ClimateRun>,
    #[serde(skip)]
    pub climate_timer: Option<ClimateTimer>,
    #[serde(skip)]
    pub remote_run: Option<RemoteRun>,
    /// Vehicle time up to which running and driving have been accounted for.
    #[serde(skip)]
    pub accounted_at: f64,
}

impl Car {
    /// The state after the simulator was away: a remote run ended, a drive stopped where it was.
    pub fn resumed(mut self, now: f64) -> Car {
        if self.engine_running && !self.ignition_on {
            self.engine_running = false;
        }
        if self.drive.take().is_some() {
            self.park();
        }
        self.climate = None;
        self.accounted_at = now;
        self
    }

    pub fn online(&self) -> bool {
        self.sim_active && self.coverage
    }

    pub fn moving(&self) -> bool {
        self.drive.is_some()
    }

    pub fn speed_kmh(&self) -> u16 {
        self.drive.as_ref().map_or(0, |d| d.speed_kmh)
    }

    pub fn battery_millivolts(&self) -> u32 {
        if self.engine_running {
            CHARGING_MILLIVOLTS
        } else {
            self.battery_rest_millivolts
        }
    }

    pub fn snapshot(&self) -> CarSnapshot {
        let percent = self.energy_percent.clamp(0.0, 100.0);
        let mut lamps = self.lamps.clone();
        let mut light = |lamp: WarningLamp, on: bool| {
            if on && !lamps.contains(&lamp) {
                lamps.push(lamp);
            }
        };
        light(
            WarningLamp::Battery,
            self.battery_millivolts() < BATTERY_LAMP_MILLIVOLTS,
        );
        let t = self.tyres_kpa;
        light(
            WarningLamp::TyrePressure,
            [t.front_left, t.front_right, t.rear_left, t.rear_right]
                .iter()
                .any(|kpa| *kpa < LOW_TYRE_KPA),
        );
        CarSnapshot {
            doors: self.doors,
            locked: self.locked,
            hood_open: self.hood_open,
            windows: self.windows,
            ignition_on: self.ignition_on,
            engine_running: self.engine_running,
            gear: self.gear,
            hazards_on: self.hazards_on,
            alarm_triggered: self.alarm_triggered,
            battery_12v_millivolts: self.battery_millivolts(),
            energy: Energy {
                electric: self.electric,
                percent: percent.ceil() as u8,
                range_km: (percent / 100.0 * f64::from(self.full_range_km)).round() as u16,
            },
            odometer_km: (self.odometer_m / 1000.0) as u32,
            tyres_kpa: self.tyres_kpa,
            warning_lamps: lamps,
            position: Position {
                latitude: self.position.latitude,
                longitude: self.position.longitude,
                heading: self.heading,
                speed_kmh: self.speed_kmh(),
            },
            online: self.online(),
            // Filled in by the car's task, which knows the wall clock.
            remote_run_ends_at: None,
            charge: self.charge_state(),
            climate: self.climate_state(),
            unknown: Vec::new(),
            observed_at: Vec::new(),
            privacy_mode: false,
        }
    }

    /// The telematics unit woke up to talk to the server; with the engine off that costs the
    /// 12 V battery a little.
    pub fn wake(&mut self) {
        if !self.engine_running {
            self.battery_rest_millivolts = self
                .battery_rest_millivolts
                .saturating_sub(WAKE_DRAIN_MILLIVOLTS);
        }
    }

    /// The earliest vehicle time at which something happens by itself.
    pub fn next_event_at(&self) -> Option<f64> {
        let run_end = self.remote_run.as_ref().map(|run| run.ends_at);
        let drive_tick = self
            .drive
            .as_ref()
            .map(|_| self.accounted_at + POSITION_REPORT_SECONDS);
        [run_end, drive_tick, self.next_ev_event_at()]
            .into_iter()
            .flatten()
            .reduce(f64::min)
    }

    /// Lets vehicle time run to `now`: fuel burns, the battery charges, the car moves along its
    /// route, a remote run ends.
    pub fn advance(&mut self, now: f64) -> Vec<Answer> {
        let mut answers = Vec::new();
        let run_end = self.remote_run.as_ref().map(|run| run.ends_at);
        // Account up to the end of a remote run first, so it does not burn fuel beyond it.
        if let Some(end) = run_end.filter(|end| *end <= now) {
            self.account(end);
            answers.extend(self.end_remote_run());
        }
        self.advance_ev(now);
        self.account(now);
        answers
    }

    fn account(&mut self, now: f64) {
        let seconds = (now - self.accounted_at).max(0.0);
        if seconds == 0.0 {
            return;
        }
        self.accounted_at = now;
        if self.engine_running {
            let minutes = seconds / 60.0;
            let charged = (minutes * CHARGE_MILLIVOLTS_PER_MINUTE) as u32;
            if self.battery_rest_millivolts < FULL_REST_MILLIVOLTS {
                self.battery_rest_millivolts =
                    (self.battery_rest_millivolts + charged).min(FULL_REST_MILLIVOLTS);
            }
            if self.drive.is_none() {
                self.use_energy(minutes * IDLE_PERCENT_PER_MINUTE);
            }
        }
        if let Some(drive) = self.drive.clone() {
            // No further than the fuel or charge left takes it.
            let reach_m = self.energy_percent / self.percent_per_km() * 1000.0;
            let metres = (f64::from(drive.speed_kmh) / 3.6 * seconds).min(reach_m);
            self.move_along(drive, metres);
        }
    }

    pub(super) fn use_energy(&mut self, percent: f64) {
        self.energy_percent = (self.energy_percent - percent).max(0.0);
        if self.energy_percent < 1e-9 {
            self.energy_percent = 0.0;
        }
        if self.energy_percent == 0.0 && self.engine_running {
            // Out of fuel or charge: the car stops wherever it is.
            if self.drive.is_some() {
                self.park();
            } else {
                self.engine_running = false;
            }
        }
    }

    fn move_along(&mut self, mut drive: Drive, mut metres: f64) {
        let travelled_before = self.odometer_m;
        while metres > 0.0 {
            let Some(next) = drive.ahead.first().copied() else {
                break;
            };
            let gap = self.position.distance_m(next);
            if gap > 0.5 {
                self.heading = self.position.bearing_deg(next);
            }
            if gap <= metres {
                self.position = next;
                self.odometer_m += gap;
                metres -= gap;
                drive.ahead.remove(0);
            } else {
                self.position = self.position.towards(next, metres / gap);
                self.odometer_m += metres;
                metres = 0.0;
            }
        }
        let km = (self.odometer_m - travelled_before) / 1000.0;
        if drive.ahead.is_empty() {
            self.drive = None;
            self.park();
        } else {
            self.drive = Some(drive);
        }
        self.use_energy(km * self.percent_per_km());
    }

    fn percent_per_km(&self) -> f64 {
        100.0 / f64::from(self.full_range_km.max(1))
    }

    /// The driver stops, selects Park, switches off and locks up.
    fn park(&mut self) {
        self.drive = None;
        self.gear = Gear::Park;
        self.switch_ignition(false);
        self.locked = true;
    }

    fn switch_ignition(&mut self, on: bool) {
        if on && !self.ignition_on {
            // A new ignition cycle: the car allows remote starts again.
            self.starts_this_cycle = 0;
        }
        self.ignition_on = on;
        self.engine_running = on;
    }

    /// Ends a remote start, whether its time ran out or something stopped it.
    fn end_remote_run(&mut self) -> Option<Answer> {
        let run = self.remote_run.take()?;
        if !self.ignition_on {
            self.engine_running = false;
        }
        self.climate_target_c = None;
        Some(answer(&run.command_id, CarOutcome::EngineStopped))
    }

    /// A change made by someone at the car. `Err` says, for a person, why the car cannot be put
    /// in that state now.
    pub fn control(&mut self, control: &CarControl, now: f64) -> Result<Vec<Answer>, String> {
        let mut answers = self.advance(now);
        let moving = self.moving();
        let refuse_while_moving = |what: &str| {
            if moving {
                Err(format!(
                    "The car is driving. Stop the drive first, then {what}."
                ))
            } else {
                Ok(())
            }
        };
        match control {
            CarControl::Door { door, open } => {
                if *open {
                    refuse_while_moving(&format!("open the {} door", opening_name(*door)))?;
                    if self.locked {
                        return Err(format!(
                            "The car is locked. Unlock it before opening the {} door.",
                            opening_name(*door)
                        ));
                    }
                    // Getting into a remotely started car without the key ends the remote run.
                    answers.extend(self.end_remote_run());
                }
                set_opening(&mut self.doors, *door, *open);
            }
            CarControl::Window { window, open } => set_opening(&mut self.windows, *window, *open),
            CarControl::Hood { open } => {
                if *open {
                    refuse_while_moving("open the hood")?;
                    // Safety: an open hood stops a remotely started engine at once.
                    answers.extend(self.end_remote_run());
                }
                self.hood_open = *open;
            }
            CarControl::Locks { locked } => {
                if *locked && self.doors.any_open() {
                    return Err("A door is open. Close every door before locking.".into());
                }
                self.locked = *locked;
                if !locked {
                    self.alarm_triggered = false;
                }
            }
            CarControl::Ignition { on } => {
                if !on {
                    refuse_while_moving("switch the ignition off")?;
                }
                if *on {
                    // The driver takes over a remotely started engine.
                    answers.extend(self.end_remote_run());
                }
                self.switch_ignition(*on);
            }
            CarControl::Gear { gear } => {
                refuse_while_moving("change gear")?;
                self.gear = *gear;
            }
            CarControl::Hazards { on } => self.hazards_on = *on,
            CarControl::Alarm { triggered } => {
                if *triggered {
                    answers.extend(self.end_remote_run());
                }
                self.alarm_triggered = *triggered;
            }
            CarControl::Battery { millivolts } => self.battery_rest_millivolts = *millivolts,
            CarControl::Energy { percent } => self.energy_percent = f64::from(*percent),
            CarControl::Tyre { tyre, kpa } => match tyre {
                Opening::FrontLeft => self.tyres_kpa.front_left = *kpa,
                Opening::FrontRight => self.tyres_kpa.front_right = *kpa,
                Opening::RearLeft => self.tyres_kpa.rear_left = *kpa,
                Opening::RearRight => self.tyres_kpa.rear_right = *kpa,
                Opening::Tailgate => return Err("A car has no tailgate tyre.".into()),
            },
            CarControl::WarningLamp { lamp, on } => {
                self.lamps.retain(|l| l != lamp);
                if *on {
                    self.lamps.push(*lamp);
                }
            }
            CarControl::Coverage { online } => self.coverage = *online,
            CarControl::Drive { route, speed_kmh } => {
                if self.doors.any_open() {
                    return Err("A door is open. Close it before driving off.".into());
                }
                if self.hood_open {
                    return Err("The hood is open. Close it before driving off.".into());
                }
                if self.plug.is_some() {
                    return Err(
                        "The charging cable is connected. Unplug it before driving off.".into(),
                    );
                }
                if self.energy_percent <= 0.0 {
                    return Err(if self.electric {
                        "The battery is empty. Set a charge level before driving.".into()
                    } else {
                        "The tank is empty. Set a fuel level before driving.".into()
                    });
                }
                answers.extend(self.end_remote_run());
                self.switch_ignition(true);
                self.gear = Gear::Drive;
                self.locked = true;
                self.drive = Some(Drive {
                    ahead: route.clone(),
                    speed_kmh: *speed_kmh,
                });
            }
            CarControl::StopDriving => {
                if !self.moving() {
                    return Err("The car is not driving.".into());
                }
                self.park();
            }
            CarControl::DropAnswers { drop } => self.drops_answers = *drop,
            CarControl::Plug { charger } => self.plug_in(*charger, now)?,
            CarControl::ChargeLimit { percent } => self.set_charge_limit(*percent)?,
        }
        Ok(answers)
    }

    /// Carries out a delivered command and says how it went.
    pub fn execute(&mut self, command_id: &str, kind: &CommandKind, now: f64) -> Vec<Answer> {
        let mut answers = self.advance(now);
        let done = |outcome| answer(command_id, outcome);
        let failed = |reason| done(CarOutcome::Failed(reason));
        let outcome = match kind {
            CommandKind::EngineStart { climate_target_c } => {
                let facts = self.engine_start_facts();
                match check_engine_start(&facts, *climate_target_c) {
                    Err(refusal) => {
                        failed(refusal.failure_reason().unwrap_or(FailureReason::Rejected))
                    }
                    Ok(()) => {
                        self.engine_running = true;
                        self.starts_this_cycle += 1;
                        self.climate_target_c = Some(*climate_target_c);
                        self.remote_run = Some(RemoteRun {
                            command_id: command_id.to_owned(),
                            ends_at: now + f64::from(ENGINE_RUN_SECONDS),
                            extended: false,
                        });
                        done(CarOutcome::Started)
                    }
                }
            }
            CommandKind::EngineExtend => match &mut self.remote_run {
                None => failed(FailureReason::EngineNotRunning),
                Some(run) if run.extended => failed(FailureReason::ExtensionUsed),
                Some(_) if self.starts_this_cycle >= MAX_REMOTE_STARTS_PER_CYCLE => {
                    failed(FailureReason::StartLimitReached)
                }
                Some(run) => {
                    run.extended = true;
                    run.ends_at += f64::from(ENGINE_RUN_SECONDS);
                    self.starts_this_cycle += 1;
                    done(CarOutcome::Succeeded)
                }
            },
            CommandKind::EngineStop => match self.end_remote_run() {
                None => failed(FailureReason::EngineNotRunning),
                Some(stopped) => {
                    answers.push(stopped);
                    done(CarOutcome::Succeeded)
                }
            },
            CommandKind::Lock if self.doors.any_open() => failed(FailureReason::DoorOpen),
            CommandKind::Lock => {
                self.locked = true;
                done(CarOutcome::Succeeded)
            }
            CommandKind::Unlock => {
                self.locked = false;
                self.alarm_triggered = false;
                done(CarOutcome::Succeeded)
            }
            CommandKind::Horn | CommandKind::Lights | CommandKind::HornAndLights => {
                done(CarOutcome::Succeeded)
            }
            CommandKind::SendDestination { waypoints } => {
                self.navigation = waypoints.clone();
                done(CarOutcome::Succeeded)
            }
            CommandKind::ChargeStart
            | CommandKind::ChargeStop
            | CommandKind::ClimateOn { .. }
            | CommandKind::ClimateOff => match self.execute_ev(kind, now) {
                Ok(()) => done(CarOutcome::Succeeded),
                Err(reason) => failed(reason),
            },
        };
        answers.push(outcome);
        answers
    }

    fn engine_start_facts(&self) -> EngineStartFacts {
        EngineStartFacts {
            // It just received the command.
            telematics_online: true,
            ignition_on: self.ignition_on,
            in_park: self.gear == Gear::Park,
            hood_open: self.hood_open,
            door_open: self.doors.any_open(),
            all_locked: self.locked,
            hazards_on: self.hazards_on,
            alarm_triggered: self.alarm_triggered,
            battery_12v_millivolts: self.battery_rest_millivolts,
            energy_percent: self.energy_percent.ceil() as u8,
            engine_running: self.engine_running,
            budget: RemoteStartBudget {
                used: self.starts_this_cycle,
            },
        }
    }
}

fn set_opening(openings: &mut Openings, which: Opening, open: bool) {
    match which {
        Opening::FrontLeft => openings.front_left = open,
        Opening::FrontRight => openings.front_right = open,
        Opening::RearLeft => openings.rear_left = open,
        Opening::RearRight => openings.rear_right = open,
        Opening::Tailgate => openings.tailgate = open,
    }
}

/// How long (vehicle seconds) the car takes to carry out and answer a command: waking the
/// unit, then the mechanics (an engine has to crank and settle before it reports).
pub fn answer_delay_seconds(kind: &CommandKind) -> f64 {
    match kind {
        CommandKind::EngineStart { .. } => 25.0,
        CommandKind::EngineStop => 8.0,
        CommandKind::EngineExtend => 6.0,
        CommandKind::Lock | CommandKind::Unlock => 6.0,
        CommandKind::Horn | CommandKind::Lights | CommandKind::HornAndLights => 4.0,
        CommandKind::SendDestination { .. } => 10.0,
        CommandKind::ChargeStart | CommandKind::ChargeStop => 8.0,
        CommandKind::ClimateOn { .. } | CommandKind::ClimateOff => 6.0,
    }
}

#[cfg(test)]
#[path = "car_tests.rs"]
mod tests;

//! A simulated EV's charging and climate: the battery fills at the charger's power up to the
//! charge limit, the climate runs from the battery (or the charger) and stops by itself.

use keyfob_core::{
    command::{
        check_charge_start, check_charge_stop, check_climate_off, check_climate_on, CommandKind,
        EvFacts, EvRefusal, FailureReason, CHARGE_LIMIT_MAX_PERCENT, CLIMATE_RUN_PLUGGED_SECONDS,
        CLIMATE_RUN_SECONDS,
    },
    status::{ChargeState, ChargerSpeed, ClimateState, MinutesToFull},
};

use super::car::Car;

/// While charging or running the climate, the car accounts (and may report) this often.
pub const EV_TICK_SECONDS: f64 = 30.0;
/// What the climate draws from the battery.
const CLIMATE_KW: f64 = 1.5;
/// Above this level a DC charger slows down to protect the battery.
const FAST_TAPER_PERCENT: f64 = 80.0;
const FAST_TAPER_SHARE: f64 = 0.3;
/// Outside air where the fleet parks, and how fast the climate moves the cabin towards target.
const AMBIENT_C: f64 = 8.0;
const CABIN_C_PER_MINUTE: f64 = 1.0;

pub fn full_limit() -> u8 {
    CHARGE_LIMIT_MAX_PERCENT
}

pub fn ambient_c() -> f64 {
    AMBIENT_C
}

/// The climate while it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClimateRun {
    pub target_c: u8,
    /// Vehicle seconds.
    pub ends_at: f64,
}

/// A climate start set for later.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClimateTimer {
    pub target_c: u8,
    /// Vehicle seconds.
    pub at: f64,
}

fn charger_kw(speed: ChargerSpeed) -> f64 {
    match speed {
        ChargerSpeed::Slow => 2.3,
        ChargerSpeed::Normal => 7.0,
        ChargerSpeed::Fast => 50.0,
    }
}

impl Car {
    /// Usable battery capacity by model.
    fn battery_kwh(&self) -> f64 {
        match self.model.as_str() {
            "Ariya" => 87.0,
            "Leaf" => 40.0,
            _ => 50.0,
        }
    }

    fn percent_per_second(&self, kw: f64) -> f64 {
        kw / self.battery_kwh() * 100.0 / 3600.0
    }

    /// Charging power at a level, after the DC taper.
    fn charge_kw(&self, speed: ChargerSpeed, percent: f64) -> f64 {
        let kw = charger_kw(speed);
        if speed == ChargerSpeed::Fast && percent >= FAST_TAPER_PERCENT {
            kw * FAST_TAPER_SHARE
        } else {
            kw
        }
    }

    pub(super) fn next_ev_event_at(&self) -> Option<f64> {
        let tick = (self.charging || self.climate.is_some())
            .then_some(self.accounted_at + EV_TICK_SECONDS);
        [
            tick,
            self.climate.map(|run| run.ends_at),
            self.climate_timer.map(|timer| timer.at),
        ]
        .into_iter()
        .flatten()
        .reduce(f64::min)
    }

    /// Charging, climate drain and climate timers up to `now`, in order.
    pub(super) fn advance_ev(&mut self, now: f64) {
        let mut at = self.accounted_at;
        while at < now {
            let next = [
                Some(now),
                self.climate.map(|run| run.ends_at),
                self.climate_timer.map(|timer| timer.at),
            ]
            .into_iter()
            .flatten()
            .filter(|t| *t > at)
            .fold(now, f64::min);
            self.run_ev(next - at);
            at = next;
            if self.climate.is_some_and(|run| run.ends_at <= at) {
                self.climate = None;
            }
            if let Some(timer) = self.climate_timer.filter(|timer| timer.at <= at) {
                self.climate_timer = None;
                // The car judges a timer when it fires, as a person pressing the button would.
                if check_climate_on(&self.ev_facts(), timer.target_c, None, 0).is_ok() {
                    self.start_climate(timer.target_c, at);
                }
            }
        }
    }

    fn run_ev(&mut self, seconds: f64) {
        if seconds <= 0.0 || !self.electric {
            return;
        }
        let climate_kw = if self.climate.is_some() {
            CLIMATE_KW
        } else {
            0.0
        };
        let charging_kw = match (self.charging, self.plug) {
            (true, Some(speed)) => self.charge_kw(speed, self.energy_percent),
            _ => 0.0,
        };
        // On a charger the climate runs from the grid; charging gets what is left.
        let net_kw = if self.plug.is_some() {
            (charging_kw - climate_kw).max(0.0)
        } else {
            -climate_kw
        };
        if net_kw > 0.0 {
            let limit = f64::from(self.charge_limit_percent);
            self.energy_percent =
                (self.energy_percent + self.percent_per_second(net_kw) * seconds).min(limit);
            if self.energy_percent >= limit {
                self.charging = false;
            }
        } else if net_kw < 0.0 {
            self.use_energy(self.percent_per_second(-net_kw) * seconds);
            if self.energy_percent <= 0.0 {
                self.climate = None;
            }
        }
        let target = self
            .climate
            .map_or(AMBIENT_C, |run| f64::from(run.target_c));
        let step = CABIN_C_PER_MINUTE * seconds / 60.0;
        self.cabin_c = if self.cabin_c < target {
            (self.cabin_c + step).min(target)
        } else {
            (self.cabin_c - step).max(target)
        };
    }

    fn ev_facts(&self) -> EvFacts {
        EvFacts {
            electric: self.electric,
            // It just received the command.
            telematics_online: true,
            plugged_in: self.plug.is_some(),
            charging: self.charging,
            charge_percent: self.energy_percent.ceil() as u8,
            limit_percent: self.charge_limit_percent,
            climate_on: self.climate.is_some(),
        }
    }

    fn start_climate(&mut self, target_c: u8, now: f64) {
        let run = if self.plug.is_some() {
            CLIMATE_RUN_PLUGGED_SECONDS
        } else {
            CLIMATE_RUN_SECONDS
        };
        self.climate = Some(ClimateRun {
            target_c,
            ends_at: now + f64::from(run),
        });
        self.climate_target_c = Some(target_c);
    }

    /// Carries out a charging or climate command. A climate start for later is set by the
    /// car's task, which knows the wall clock (see [`Car::set_climate_timer`]); here it starts now.
    pub(super) fn execute_ev(&mut self, kind: &CommandKind, now: f64) -> Result<(), FailureReason> {
        let facts = self.ev_facts();
        let refused =
            |refusal: EvRefusal| refusal.failure_reason().unwrap_or(FailureReason::Rejected);
        match kind {
            CommandKind::ChargeStart => {
                check_charge_start(&facts).map_err(refused)?;
                self.charging = true;
            }
            CommandKind::ChargeStop => {
                check_charge_stop(&facts).map_err(refused)?;
                self.charging = false;
            }
            CommandKind::ClimateOn { target_c, .. } => {
                check_climate_on(&facts, *target_c, None, 0).map_err(refused)?;
                self.start_climate(*target_c, now);
            }
            CommandKind::ClimateOff => {
                // Off also cancels a timer that has not fired yet.
                if self.climate_timer.take().is_none() || self.climate.is_some() {
                    check_climate_off(&facts).map_err(refused)?;
                }
                self.climate = None;
            }
            _ => return Err(FailureReason::Rejected),
        }
        Ok(())
    }

    /// A climate start at vehicle time `at`, replacing any earlier timer.
    pub fn set_climate_timer(
        &mut self,
        target_c: u8,
        at: f64,
        now: f64,
    ) -> Result<(), FailureReason> {
        self.advance(now);
        if !self.electric {
            return Err(FailureReason::Rejected);
        }
        self.climate_timer = Some(ClimateTimer { target_c, at });
        Ok(())
    }

    /// The cable goes in (at a charger of this speed) or comes out; taking it out stops charging.
    pub(super) fn plug_in(
        &mut self,
        charger: Option<ChargerSpeed>,
        now: f64,
    ) -> Result<(), String> {
        if !self.electric {
            return Err("This car has no charging socket: it runs on fuel.".into());
        }
        if charger.is_some() && self.moving() {
            return Err("The car is driving. Stop the drive first, then plug it in.".into());
        }
        self.advance_ev(now);
        if charger.is_none() {
            self.charging = false;
        }
        self.plug = charger;
        Ok(())
    }

    pub(super) fn set_charge_limit(&mut self, percent: u8) -> Result<(), String> {
        if !self.electric {
            return Err("This car has no traction battery, so it has no charge limit.".into());
        }
        self.charge_limit_percent = percent;
        if self.energy_percent >= f64::from(percent) {
            self.charging = false;
        }
        Ok(())
    }

    pub(super) fn charge_state(&self) -> Option<ChargeState> {
        if !self.electric {
            return None;
        }
        let to_full = |speed: ChargerSpeed| {
            let mut percent = self.energy_percent;
            let limit = f64::from(self.charge_limit_percent);
            let mut seconds = 0.0;
            // In steps, so the DC taper above 80 % counts.
            while percent < limit {
                let step = (limit - percent).min(1.0);
                seconds += step / self.percent_per_second(self.charge_kw(speed, percent));
                percent += step;
            }
            Some((seconds / 60.0).ceil().min(f64::from(u16::MAX)) as u16)
        };
        let climate_share = CLIMATE_KW / 15.0; // about 15 kW average drive power
        Some(ChargeState {
            plugged_in: self.plug.is_some(),
            charging: self.charging,
            charger: self.plug,
            limit_percent: Some(self.charge_limit_percent),
            range_km_climate_on: Some(
                (self.energy_percent.clamp(0.0, 100.0) / 100.0
                    * f64::from(self.full_range_km)
                    * (1.0 - climate_share))
                    .round() as u16,
            ),
            minutes_to_full: MinutesToFull {
                slow: to_full(ChargerSpeed::Slow),
                normal: to_full(ChargerSpeed::Normal),
                fast: to_full(ChargerSpeed::Fast),
            },
            battery_temperature_c: Some(
                if self.charging && self.plug == Some(ChargerSpeed::Fast) {
                    32
                } else {
                    12
                },
            ),
        })
    }

    /// The climate as the car reports it; the task fills in the wall-clock times.
    pub(super) fn climate_state(&self) -> Option<ClimateState> {
        if !self.electric {
            return None;
        }
        Some(ClimateState {
            on: self.climate.is_some(),
            target_c: self
                .climate
                .map(|run| run.target_c)
                .or(self.climate_timer.map(|timer| timer.target_c)),
            cabin_c: Some(self.cabin_c.round() as i16),
            outside_c: Some(AMBIENT_C as i16),
            scheduled_for: None,
            ends_at: None,
        })
    }
}

#[cfg(test)]
#[path = "ev_tests.rs"]
mod tests;

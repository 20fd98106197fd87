//! What a car reports about itself: doors, locks, engine, energy, tyres, lamps, position.
//! Each value carries the time the car reported it, so a screen can show its age.

use serde::{Deserialize, Serialize};

/// A reported value and when the car reported it (RFC 3339).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reported<T> {
    pub value: T,
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gear {
    Park,
    Reverse,
    Neutral,
    Drive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarningLamp {
    CheckEngine,
    TyrePressure,
    Brake,
    Airbag,
    Battery,
    OilPressure,
    ServiceDue,
}

/// Open or closed for each opening of the body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Openings {
    pub front_left: bool,
    pub front_right: bool,
    pub rear_left: bool,
    pub rear_right: bool,
    pub tailgate: bool,
}

impl Openings {
    pub fn any_open(&self) -> bool {
        self.front_left || self.front_right || self.rear_left || self.rear_right || self.tailgate
    }
}

/// Tyre pressures in kPa.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TyrePressures {
    pub front_left: u16,
    pub front_right: u16,
    pub rear_left: u16,
    pub rear_right: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Position {
    pub latitude: f64,
    pub longitude: f64,
    /// Degrees clockwise from north.
    pub heading: u16,
    pub speed_kmh: u16,
}

/// Fuel or EV charge, and what it is good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Energy {
    /// True for an EV (the percentage is its charge), false for fuel.
    pub electric: bool,
    pub percent: u8,
    pub range_km: u16,
}

/// One value of a status, to say which a car does not report or when it observed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum StatusField {
    Doors,
    Locked,
    HoodOpen,
    Windows,
    IgnitionOn,
    EngineRunning,
    Gear,
    HazardsOn,
    AlarmTriggered,
    Battery12vMillivolts,
    Energy,
    OdometerKm,
    TyresKpa,
    WarningLamps,
    Position,
    Online,
    Charge,
    Climate,
}

/// The speed of the charger an EV is plugged into, as the car classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChargerSpeed {
    /// A household socket (about 2–3 kW).
    Slow,
    /// A wall box or public AC post (7–22 kW).
    Normal,
    /// A DC rapid charger.
    Fast,
}

/// Minutes to a full battery at each charger speed, where the car says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MinutesToFull {
    pub slow: Option<u16>,
    pub normal: Option<u16>,
    pub fast: Option<u16>,
}

/// An EV's charging, beside the charge level and range of [`Energy`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChargeState {
    pub plugged_in: bool,
    pub charging: bool,
    /// The charger the car is plugged into, when it is.
    pub charger: Option<ChargerSpeed>,
    /// Where charging stops by itself (the car's setting), when the car has one.
    pub limit_percent: Option<u8>,
    /// Range with the climate running; [`Energy::range_km`] is the range without.
    pub range_km_climate_on: Option<u16>,
    pub minutes_to_full: MinutesToFull,
    pub battery_temperature_c: Option<i16>,
}

/// An EV's cabin climate, run from the traction battery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ClimateState {
    pub on: bool,
    pub target_c: Option<u8>,
    pub cabin_c: Option<i16>,
    pub outside_c: Option<i16>,
    /// A start set for later (RFC 3339).
    pub scheduled_for: Option<String>,
    /// While on: when it stops by itself (RFC 3339).
    pub ends_at: Option<String>,
}

/// The last status a car reported, value by value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VehicleStatus {
    pub doors: Reported<Openings>,
    pub locked: Reported<bool>,
    pub hood_open: Reported<bool>,
    pub windows: Reported<Openings>,
    pub ignition_on: Reported<bool>,
    pub engine_running: Reported<bool>,
    pub gear: Reported<Gear>,
    pub hazards_on: Reported<bool>,
    pub alarm_triggered: Reported<bool>,
    pub battery_12v_millivolts: Reported<u32>,
    pub energy: Reported<Energy>,
    pub odometer_km: Reported<u32>,
    pub tyres_kpa: Reported<TyrePressures>,
    pub warning_lamps: Reported<Vec<WarningLamp>>,
    pub position: Reported<Position>,
    /// Whether the telematics unit can be reached (mobile coverage).
    pub online: Reported<bool>,
    /// While a remote start runs: when the engine stops by itself unless extended or stopped.
    #[serde(default)]
    pub remote_run_ends_at: Option<String>,
    /// An EV's charging (absent for cars with an engine, and in statuses stored before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<Reported<ChargeState>>,
    /// An EV's cabin climate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub climate: Option<Reported<ClimateState>>,
    /// Values this car's service does not report (a real car through NissanConnect has no tyre
    /// pressures, for one). Their fields hold neutral placeholders that screens must not show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<StatusField>,
    /// The car's privacy mode hides its position: [`VehicleStatus::position`] is the last one
    /// known from before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub privacy_mode: bool,
}

/// What the last status already says against using the car remotely, for screens to mark
/// before anyone taps: the same thresholds the remote-start rules use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StatusConcerns {
    /// Below 12.0 V: a remote start is refused.
    pub battery_low: bool,
    /// Fuel or charge critically low: a remote start is refused.
    pub energy_low: bool,
    /// Every remote-start precondition this status already fails, each with its code and what
    /// to do, shown before the owner sends a start. (The per-drive start limit is the
    /// server's to count, so it is not among them.)
    pub engine_start_problems: Vec<crate::ApiError>,
    /// For an EV: why charging cannot start now (empty when it can), and the same for
    /// stopping it and for switching the climate on now (at 21 °C) and off.
    pub charge_start_problems: Vec<crate::ApiError>,
    pub charge_stop_problems: Vec<crate::ApiError>,
    pub climate_on_problems: Vec<crate::ApiError>,
    pub climate_off_problems: Vec<crate::ApiError>,
}

impl VehicleStatus {
    pub fn concerns(&self) -> StatusConcerns {
        let ev = self.ev_facts();
        let problem = |result: Result<(), crate::command::EvRefusal>| {
            result
                .err()
                .map(|refusal| crate::ApiError::from(crate::Error::from(refusal)))
                .into_iter()
                .collect::<Vec<_>>()
        };
        StatusConcerns {
            battery_low: self.battery_12v_millivolts.value < crate::command::MIN_12V_MILLIVOLTS,
            energy_low: self.energy.value.percent <= crate::command::MIN_ENERGY_PERCENT,
            engine_start_problems: crate::command::engine_start_problems(
                &self.engine_start_facts(crate::command::RemoteStartBudget::default()),
                crate::command::CLIMATE_MIN_C,
            )
            .into_iter()
            .map(|refusal| crate::ApiError::from(crate::Error::from(refusal)))
            .collect(),
            charge_start_problems: problem(crate::command::check_charge_start(&ev)),
            charge_stop_problems: problem(crate::command::check_charge_stop(&ev)),
            climate_on_problems: problem(crate::command::check_climate_on(&ev, 21, None, 0)),
            climate_off_problems: problem(crate::command::check_climate_off(&ev)),
        }
    }

    /// The facts a remote start is judged on, from this status.
    pub fn engine_start_facts(
        &self,
        budget: crate::command::RemoteStartBudget,
    ) -> crate::command::EngineStartFacts {
        crate::command::EngineStartFacts {
            telematics_online: self.online.value,
            ignition_on: self.ignition_on.value,
            in_park: self.gear.value == Gear::Park,
            hood_open: self.hood_open.value,
            door_open: self.doors.value.any_open(),
            all_locked: self.locked.value,
            hazards_on: self.hazards_on.value,
            alarm_triggered: self.alarm_triggered.value,
            battery_12v_millivolts: self.battery_12v_millivolts.value,
            energy_percent: self.energy.value.percent,
            engine_running: self.engine_running.value,
            budget,
        }
    }

    /// The facts charging and climate commands are judged on, from this status.
    pub fn ev_facts(&self) -> crate::command::EvFacts {
        let charge = self.charge.as_ref().map(|c| c.value);
        crate::command::EvFacts {
            electric: self.energy.value.electric,
            telematics_online: self.online.value,
            plugged_in: charge.is_some_and(|c| c.plugged_in),
            charging: charge.is_some_and(|c| c.charging),
            charge_percent: self.energy.value.percent,
            limit_percent: charge.and_then(|c| c.limit_percent).unwrap_or(100),
            // "Off" also cancels a start set for later.
            climate_on: self
                .climate
                .as_ref()
                .is_some_and(|c| c.value.on || c.value.scheduled_for.is_some()),
        }
    }
}

/// The raw state a car reports at one instant. The server keeps, per value, when it last changed
/// (see [`VehicleStatus`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CarSnapshot {
    pub doors: Openings,
    pub locked: bool,
    pub hood_open: bool,
    pub windows: Openings,
    pub ignition_on: bool,
    pub engine_running: bool,
    pub gear: Gear,
    pub hazards_on: bool,
    pub alarm_triggered: bool,
    pub battery_12v_millivolts: u32,
    pub energy: Energy,
    pub odometer_km: u32,
    pub tyres_kpa: TyrePressures,
    pub warning_lamps: Vec<WarningLamp>,
    pub position: Position,
    pub online: bool,
    /// While a remote start runs: when it ends (RFC 3339, the car's clock).
    #[serde(default)]
    pub remote_run_ends_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<ChargeState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub climate: Option<ClimateState>,
    /// Values the car's service does not report; see [`VehicleStatus::unknown`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<StatusField>,
    /// When the car observed a value, where that is not the moment of the report (a service
    /// that serves stored readings); RFC 3339.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observed_at: Vec<(StatusField, String)>,
    /// See [`VehicleStatus::privacy_mode`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub privacy_mode: bool,
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// A parked, locked, healthy car, to be changed field by field.
    pub fn sample_status() -> VehicleStatus {
        let at = "2026-11-23T10:00:00Z";
        let closed = serde_json::json!({"frontLeft": false, "frontRight": false, "rearLeft": false, "rearRight": false, "tailgate": false});
        serde_json::from_value(serde_json::json!({
            "doors": {"value": closed, "at": at},
            "locked": {"value": true, "at": at},
            "hoodOpen": {"value": false, "at": at},
            "windows": {"value": closed, "at": at},
            "ignitionOn": {"value": false, "at": at},
            "engineRunning": {"value": false, "at": at},
            "gear": {"value": "park", "at": at},
            "hazardsOn": {"value": false, "at": at},
            "alarmTriggered": {"value": false, "at": at},
            "battery12vMillivolts": {"value": 12_600, "at": at},
            "energy": {"value": {"electric": false, "percent": 60, "rangeKm": 300}, "at": at},
            "odometerKm": {"value": 1000, "at": at},
            "tyresKpa": {"value": {"frontLeft": 240, "frontRight": 240, "rearLeft": 240, "rearRight": 240}, "at": at},
            "warningLamps": {"value": [], "at": at},
            "position": {"value": {"latitude": 0.0, "longitude": 0.0, "heading": 0, "speedKmh": 0}, "at": at},
            "online": {"value": true, "at": at}
        }))
        .expect("a status")
    }

    pub fn status_with(millivolts: u32, tyres: [u16; 4], lamps: Vec<WarningLamp>) -> VehicleStatus {
        let mut status = sample_status();
        status.battery_12v_millivolts.value = millivolts;
        let [front_left, front_right, rear_left, rear_right] = tyres;
        status.tyres_kpa.value = TyrePressures {
            front_left,
            front_right,
            rear_left,
            rear_right,
        };
        status.warning_lamps.value = lamps;
        status
    }
}

#[cfg(test)]
mod concern_tests {
    use super::tests_support::sample_status;

    #[test]
    fn concerns_use_the_remote_start_thresholds() {
        let mut status = sample_status();
        status.battery_12v_millivolts.value = 12_000;
        status.energy.value.percent = 11;
        let fine = status.concerns();
        assert!(!fine.battery_low && !fine.energy_low);
        assert!(fine.engine_start_problems.is_empty());
        status.battery_12v_millivolts.value = 11_999;
        status.energy.value.percent = 10;
        let low = status.concerns();
        assert!(low.battery_low && low.energy_low);
        let codes: Vec<_> = low.engine_start_problems.iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            vec![crate::ErrorCode::BatteryLow, crate::ErrorCode::FuelLow]
        );
        assert!(low.engine_start_problems[0].message.contains("at 11.99 V"));
    }
}

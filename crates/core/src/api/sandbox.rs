//! What only the sandbox exposes: the mailbox and the car's head unit.

use serde::{Deserialize, Serialize};

use crate::{
    activation::ActivationState,
    command::{Waypoint, CHARGE_LIMIT_MAX_PERCENT, CHARGE_LIMIT_MIN_PERCENT},
    error::Error,
    geo::GeoPoint,
    status::{CarSnapshot, ChargerSpeed, Gear, WarningLamp},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageChannel {
    Email,
    Sms,
}

/// One email or SMS the server sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    pub id: String,
    pub channel: MessageChannel,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The `keyfob://…` link or the code the message carries, when it carries one.
    pub action: Option<String>,
    pub sent_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutboxQuery {
    /// An email address or phone number; the messages sent to it, newest first.
    pub to: String,
}

/// The link waiting on the car's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HeadUnitPrompt {
    pub owner_nickname: String,
    pub state: ActivationState,
    pub linked_at: String,
}

/// What the car's screen shows about connected services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HeadUnitScreen {
    pub vin_masked: String,
    pub model: String,
    pub prompt: Option<HeadUnitPrompt>,
}

/// A door, window or the tailgate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Opening {
    FrontLeft,
    FrontRight,
    RearLeft,
    RearRight,
    Tailgate,
}

/// Battery voltages the simulator accepts, so every low-battery case can be set up.
pub const CONTROL_BATTERY_MILLIVOLTS: std::ops::RangeInclusive<u32> = 9_000..=15_000;
pub const CONTROL_TYRE_KPA: std::ops::RangeInclusive<u16> = 80..=400;
pub const CONTROL_SPEED_KMH: std::ops::RangeInclusive<u16> = 5..=200;
pub const MAX_ROUTE_POINTS: usize = 100;

/// A change a person or a test makes to a simulated car, as if standing next to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(
    tag = "control",
    rename_all = "snake_case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum CarControl {
    Door {
        door: Opening,
        open: bool,
    },
    Window {
        window: Opening,
        open: bool,
    },
    Hood {
        open: bool,
    },
    Locks {
        locked: bool,
    },
    /// Someone in the car switches the ignition (and so the engine) on or off.
    Ignition {
        on: bool,
    },
    Gear {
        gear: Gear,
    },
    Hazards {
        on: bool,
    },
    Alarm {
        triggered: bool,
    },
    /// The 12 V battery's resting voltage, 9,000–15,000 mV.
    Battery {
        millivolts: u32,
    },
    /// Fuel or EV charge, 0–100 %.
    Energy {
        percent: u8,
    },
    Tyre {
        tyre: Opening,
        kpa: u16,
    },
    WarningLamp {
        lamp: WarningLamp,
        on: bool,
    },
    /// Mobile coverage where the car is parked.
    Coverage {
        online: bool,
    },
    /// Drive from where the car is through these points (1–100) at this speed (5–200 km/h).
    Drive {
        route: Vec<GeoPoint>,
        speed_kmh: u16,
    },
    /// Stop where the car is, in Park, ignition off.
    StopDriving,
    /// The car carries out commands but its answers get lost on the way back.
    DropAnswers {
        drop: bool,
    },
    /// An EV's charging cable: plugged into a charger of this speed, or unplugged (`None`).
    Plug {
        charger: Option<ChargerSpeed>,
    },
    /// An EV's charge limit, 50–100 %: charging stops there by itself.
    ChargeLimit {
        percent: u8,
    },
}

impl CarControl {
    /// Checks the values; whether the car's state allows the change is the simulator's call.
    pub fn validate(&self) -> Result<(), Error> {
        let invalid = |reason: String| Err(Error::SandboxControlInvalid { reason });
        match self {
            CarControl::Battery { millivolts }
                if !CONTROL_BATTERY_MILLIVOLTS.contains(millivolts) =>
            {
                invalid(format!(
                    "Set the 12 V battery from {:.1} V to {:.1} V, not {:.3} V.",
                    f64::from(*CONTROL_BATTERY_MILLIVOLTS.start()) / 1000.0,
                    f64::from(*CONTROL_BATTERY_MILLIVOLTS.end()) / 1000.0,
                    f64::from(*millivolts) / 1000.0
                ))
            }
            CarControl::ChargeLimit { percent }
                if !(CHARGE_LIMIT_MIN_PERCENT..=CHARGE_LIMIT_MAX_PERCENT).contains(percent) =>
            {
                invalid(format!(
                    "Set the charge limit from {CHARGE_LIMIT_MIN_PERCENT} to {CHARGE_LIMIT_MAX_PERCENT} %, not {percent} %."
                ))
            }
            CarControl::Energy { percent } if *percent > 100 => invalid(format!(
                "Fuel or charge runs from 0 to 100 %, not {percent} %."
            )),
            CarControl::Tyre { tyre, kpa } if !CONTROL_TYRE_KPA.contains(kpa) => invalid(format!(
                "Set the {} tyre from {} to {} kPa, not {kpa} kPa.",
                opening_name(*tyre),
                CONTROL_TYRE_KPA.start(),
                CONTROL_TYRE_KPA.end()
            )),
            CarControl::Tyre {
                tyre: Opening::Tailgate,
                ..
            } => invalid("A car has four tyres: front or rear, left or right.".into()),
            CarControl::Drive { route, speed_kmh } => {
                if route.is_empty() || route.len() > MAX_ROUTE_POINTS {
                    return invalid(format!(
                        "A route has 1 to {MAX_ROUTE_POINTS} points; this one has {}.",
                        route.len()
                    ));
                }
                if let Some(index) = route.iter().position(|p| !p.is_on_globe()) {
                    return invalid(format!(
                        "Route point {} is not on the map: latitude runs from -90 to 90 and longitude from -180 to 180.",
                        index + 1
                    ));
                }
                if !CONTROL_SPEED_KMH.contains(speed_kmh) {
                    return invalid(format!(
                        "Drive at {} to {} km/h, not {speed_kmh} km/h.",
                        CONTROL_SPEED_KMH.start(),
                        CONTROL_SPEED_KMH.end()
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

pub fn opening_name(opening: Opening) -> &'static str {
    match opening {
        Opening::FrontLeft => "front left",
        Opening::FrontRight => "front right",
        Opening::RearLeft => "rear left",
        Opening::RearRight => "rear right",
        Opening::Tailgate => "tailgate",
    }
}

/// A drive under way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DriveProgress {
    pub speed_kmh: u16,
    pub remaining_m: u32,
    pub next_point: GeoPoint,
}

/// Everything the simulator holds of one car: what it reports, and what only the sandbox shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SimulatedCar {
    pub vin: String,
    pub model: String,
    pub state: CarSnapshot,
    /// The SIM is active (a dealer matter; coverage is where the car is).
    pub sim_active: bool,
    pub coverage: bool,
    pub drops_answers: bool,
    pub driving: Option<DriveProgress>,
    /// When a remote start's engine run ends by itself (RFC 3339), while one runs.
    pub remote_run_ends_at: Option<String>,
    pub remote_starts_this_cycle: u8,
    pub climate_target_c: Option<u8>,
    /// The destination the head unit last received.
    pub navigation: Vec<Waypoint>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn code(control: CarControl) -> Option<ErrorCode> {
        control.validate().err().map(|e| e.code())
    }

    #[test]
    fn values_out_of_range_are_refused_with_a_reason() {
        let bad = ErrorCode::SandboxControlInvalid;
        assert_eq!(code(CarControl::Battery { millivolts: 8_999 }), Some(bad));
        assert_eq!(code(CarControl::Battery { millivolts: 15_001 }), Some(bad));
        assert_eq!(code(CarControl::Battery { millivolts: 11_800 }), None);
        assert_eq!(code(CarControl::Energy { percent: 101 }), Some(bad));
        assert_eq!(code(CarControl::Energy { percent: 0 }), None);
        let tyre = |tyre, kpa| CarControl::Tyre { tyre, kpa };
        assert_eq!(code(tyre(Opening::RearLeft, 79)), Some(bad));
        assert_eq!(code(tyre(Opening::Tailgate, 230)), Some(bad));
        assert_eq!(code(tyre(Opening::RearLeft, 180)), None);
        let drive = |route: Vec<GeoPoint>, speed_kmh| CarControl::Drive { route, speed_kmh };
        let here = GeoPoint::new(48.85, 2.35);
        assert_eq!(code(drive(vec![], 50)), Some(bad));
        assert_eq!(code(drive(vec![here; 101], 50)), Some(bad));
        assert_eq!(
            code(drive(vec![here, GeoPoint::new(91.0, 0.0)], 50)),
            Some(bad)
        );
        assert_eq!(code(drive(vec![here], 4)), Some(bad));
        assert_eq!(code(drive(vec![here], 201)), Some(bad));
        assert_eq!(code(drive(vec![here], 50)), None);
        let message = drive(vec![here, GeoPoint::new(0.0, 181.0)], 50)
            .validate()
            .expect_err("refused")
            .to_string();
        assert!(message.contains("Route point 2"), "{message}");
    }

    #[test]
    fn controls_read_the_way_the_api_documents_them() {
        let control: CarControl = serde_json::from_str(
            r#"{"control":"drive","route":[{"latitude":1.0,"longitude":2.0}],"speedKmh":30}"#,
        )
        .expect("valid");
        assert_eq!(
            control,
            CarControl::Drive {
                route: vec![GeoPoint::new(1.0, 2.0)],
                speed_kmh: 30
            }
        );
        let door: CarControl =
            serde_json::from_str(r#"{"control":"door","door":"front_left","open":true}"#)
                .expect("valid");
        assert_eq!(
            door,
            CarControl::Door {
                door: Opening::FrontLeft,
                open: true
            }
        );
        assert!(serde_json::from_str::<CarControl>(r#"{"control":"stop_driving"}"#).is_ok());
        assert!(
            serde_json::from_str::<CarControl>(r#"{"control":"hood","open":true,"x":1}"#).is_err()
        );
        assert!(serde_json::from_str::<CarControl>(r#"{"control":"teleport"}"#).is_err());
    }
}

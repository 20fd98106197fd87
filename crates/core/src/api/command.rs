//! Remote commands, vehicle status and the live event stream.

use serde::{Deserialize, Serialize};

use crate::{
    command::{CommandKind, CommandState},
    status::{TyrePressures, VehicleStatus, WarningLamp},
};

/// A remote command as the owner and drivers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Command {
    pub id: String,
    pub vehicle_id: String,
    pub kind: CommandKind,
    pub label: String,
    pub state: CommandState,
    /// The nickname of whoever sent it.
    pub requested_by: String,
    pub requested_at: String,
    pub updated_at: String,
    /// When it expires if the car has not received it by then.
    pub deliver_by: String,
}

/// The car's health at a glance, from its last status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    pub warning_lamps: Vec<WarningLamp>,
    /// Tyres below the recommended pressure, by name ("front left").
    pub low_tyres: Vec<String>,
    pub tyres_kpa: TyrePressures,
    pub battery_12v_ok: bool,
    pub battery_12v_millivolts: u32,
    pub service_due: bool,
    pub odometer_km: u32,
    pub reported_at: String,
}

/// One item of the live stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    Status {
        #[serde(rename = "vehicleId")]
        vehicle_id: String,
        status: Box<VehicleStatus>,
    },
    Command {
        #[serde(rename = "vehicleId")]
        vehicle_id: String,
        command: Box<Command>,
    },
    /// The car crossed a geofence.
    Alert {
        #[serde(rename = "vehicleId")]
        vehicle_id: String,
        alert: Box<crate::api::geofence::VehicleAlert>,
    },
}

impl LiveEvent {
    pub fn vehicle_id(&self) -> &str {
        match self {
            LiveEvent::Status { vehicle_id, .. }
            | LiveEvent::Command { vehicle_id, .. }
            | LiveEvent::Alert { vehicle_id, .. } => vehicle_id,
        }
    }

    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Status { .. } => "status",
            LiveEvent::Command { .. } => "command",
            LiveEvent::Alert { .. } => "alert",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_event_round_trips_through_json() {
        let event = LiveEvent::Command {
            vehicle_id: "veh_1".into(),
            command: Box::new(Command {
                id: "cmd_1".into(),
                vehicle_id: "veh_1".into(),
                kind: CommandKind::EngineStart {
                    climate_target_c: 21,
                },
                label: "Start engine".into(),
                state: CommandState::Requested,
                requested_by: "anna".into(),
                requested_at: "2026-11-22T12:00:00Z".into(),
                updated_at: "2026-11-22T12:00:00Z".into(),
                deliver_by: "2026-11-22T12:02:00Z".into(),
            }),
        };
        let json = serde_json::to_string(&event).expect("json");
        let back: LiveEvent = serde_json::from_str(&json).expect(&json);
        assert_eq!(back, event);
    }
}

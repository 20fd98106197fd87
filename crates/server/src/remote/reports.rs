//! Everything the cars report, turned into stored status, command outcomes and live events.

use keyfob_core::{
    api::command::LiveEvent, command::CommandEvent, geo::GeoPoint, geofence::Report,
    status::VehicleStatus,
};
use tokio::sync::mpsc;

use super::Remote;
use crate::{
    error::{ServerError, ServerResult},
    status::from_snapshot,
    telematics::{CarOutcome, CarReport},
};

impl Remote {
    /// Consumes the gateway's reports until it closes.
    pub fn consume_reports(&self, mut reports: mpsc::Receiver<CarReport>) {
        let remote = self.clone();
        tokio::spawn(async move {
            while let Some(report) = reports.recv().await {
                if let Err(error) = remote.handle_report(report).await {
                    tracing::error!(%error, "car report not processed");
                }
            }
        });
    }

    async fn handle_report(&self, report: CarReport) -> ServerResult<()> {
        match report {
            CarReport::CommandResult {
                command_id,
                outcome,
                ..
            } => {
                let event = match outcome {
                    CarOutcome::Started => CommandEvent::Started,
                    CarOutcome::EngineStopped => CommandEvent::Stopped,
                    CarOutcome::Succeeded => CommandEvent::Succeeded,
                    CarOutcome::Failed(reason) => CommandEvent::Failed(reason),
                };
                // An answer proves delivery, and may overtake the gateway's own acknowledgement.
                self.apply(&command_id, CommandEvent::Delivered).await?;
                if self.apply(&command_id, event).await?.is_none() {
                    tracing::info!(command = %command_id, ?event, "late or duplicate car answer ignored");
                }
                Ok(())
            }
            CarReport::Status { vin, snapshot } => {
                // Kept for every car, so a car linked later shows its status at once; told to
                // the streams only when someone holds the car.
                let Some((vehicle_id, linked)) = self.db.vehicle_id_by_vin(&vin).await? else {
                    return Ok(());
                };
                let now = self.clock.now();
                let previous = self.db.vehicle_status(&vehicle_id).await?;
                let was_on = previous
                    .as_ref()
                    .and_then(|(json, _, _)| serde_json::from_str::<VehicleStatus>(json).ok())
                    .is_some_and(|s| s.ignition_on.value);
                // Remote starts are counted from the moment the ignition last went on.
                let ignition_turned_on = snapshot.ignition_on && !was_on;
                let cycle_at = if ignition_turned_on {
                    now
                } else {
                    previous.map_or(0, |(_, _, cycle_at)| cycle_at)
                };
                let status = from_snapshot(&snapshot, now);
                let json = serde_json::to_string(&status)
                    .map_err(|e| ServerError::Internal(e.to_string()))?;
                if !self
                    .db
                    .store_vehicle_status(&vehicle_id, &json, now, cycle_at)
                    .await?
                {
                    return Ok(());
                }
                if !snapshot.engine_running {
                    // A remote start whose stop report was lost (or whose car restarted) ends
                    // when the car says the engine is off.
                    for row in self.db.running_commands_of(&vehicle_id).await? {
                        self.apply(&row.id, CommandEvent::Stopped).await?;
                    }
                }
                if !linked {
                    return Ok(());
                }
                let position = status.position.value;
                self.hub
                    .publish(
                        LiveEvent::Status {
                            vehicle_id: vehicle_id.clone(),
                            status: Box::new(status),
                        },
                        now,
                    )
                    .await?;
                self.watch_report(
                    &vehicle_id,
                    Report {
                        position: GeoPoint::new(position.latitude, position.longitude),
                        speed_kmh: position.speed_kmh,
                        accuracy_m: None,
                        at: now,
                    },
                )
                .await
            }
        }
    }
}

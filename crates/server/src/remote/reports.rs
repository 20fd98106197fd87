//! Everything the cars report, turned into stored status, command outcomes and live events.
//!
//! Reports are taken in batches: whatever has arrived, up to [`MAX_BATCH`], in the order the
//! cars sent it. A run of status reports from different cars is handled together, with a few
//! statements for the whole run; a command answer, or a second report from a car already in the
//! run, ends the run, so every car's reports still take effect one after the other.

use std::collections::{HashMap, HashSet};

use keyfob_core::{
    api::command::LiveEvent,
    command::CommandEvent,
    geo::GeoPoint,
    geofence::Report,
    status::{CarSnapshot, VehicleStatus},
};
use tokio::sync::mpsc;

use super::{geofence::Watched, Remote};
use crate::{
    db::{NewStatus, ReportTarget, ZoneRow},
    error::{ServerError, ServerResult},
    status::from_snapshot,
    telematics::{CarOutcome, CarReport},
};

/// The most reports handled together: enough to pay a statement's cost once for many cars,
/// few enough that the statements stay small.
pub const MAX_BATCH: usize = 256;

impl Remote {
    /// Consumes the gateway's reports until it closes.
    pub fn consume_reports(&self, mut reports: mpsc::Receiver<CarReport>) {
        let remote = self.clone();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while reports.recv_many(&mut batch, MAX_BATCH).await > 0 {
                remote.handle_batch(std::mem::take(&mut batch)).await;
            }
        });
    }

    async fn handle_batch(&self, batch: Vec<CarReport>) {
        let mut run: Vec<(String, CarSnapshot)> = Vec::new();
        for report in batch {
            match report {
                CarReport::Status { vin, snapshot } => {
                    if run.iter().any(|(seen, _)| *seen == vin) {
                        self.handle_run(std::mem::take(&mut run)).await;
                    }
                    run.push((vin, snapshot));
                }
                CarReport::CommandResult {
                    command_id,
                    outcome,
                    ..
                } => {
                    self.handle_run(std::mem::take(&mut run)).await;
                    if let Err(error) = self.handle_answer(&command_id, outcome).await {
                        tracing::error!(%error, "car answer not processed");
                    }
                }
            }
        }
        self.handle_run(run).await;
    }

    async fn handle_run(&self, run: Vec<(String, CarSnapshot)>) {
        if run.is_empty() {
            return;
        }
        let cars = run.len();
        if let Err(error) = self.handle_statuses(run).await {
            tracing::error!(%error, cars, "car reports not processed");
        }
    }

    async fn handle_answer(&self, command_id: &str, outcome: CarOutcome) -> ServerResult<()> {
        let event = match outcome {
            CarOutcome::Started => CommandEvent::Started,
            CarOutcome::EngineStopped => CommandEvent::Stopped,
            CarOutcome::Succeeded => CommandEvent::Succeeded,
            CarOutcome::Failed(reason) => CommandEvent::Failed(reason),
        };
        // An answer proves delivery, and may overtake the gateway's own acknowledgement.
        self.apply(command_id, CommandEvent::Delivered).await?;
        if self.apply(command_id, event).await?.is_none() {
            tracing::info!(command = %command_id, ?event, "late or duplicate car answer ignored");
        }
        Ok(())
    }

    /// Status reports of different cars: stored for the linked ones, told to their streams,
    /// and their positions judged against the owners' alert rules.
    async fn handle_statuses(&self, run: Vec<(String, CarSnapshot)>) -> ServerResult<()> {
        // Held from reading the alert rules' memory to writing it back (zone edits wait).
        let _one_at_a_time = self.watching.lock().await;
        let now = self.clock.now();
        let vins: Vec<&str> = run.iter().map(|(vin, _)| vin.as_str()).collect();
        let targets: HashMap<String, ReportTarget> = self
            .db
            .report_targets(&vins)
            .await?
            .into_iter()
            .map(|target| (target.vin.clone(), target))
            .collect();
        // An unlinked car's report has no reader and is not kept.
        let mut reported = Vec::with_capacity(run.len());
        for (vin, snapshot) in &run {
            let Some(target) = targets.get(vin).filter(|t| t.owner_id.is_some()) else {
                continue;
            };
            reported.push(LinkedReport::new(target, snapshot, now)?);
        }
        let statuses: Vec<NewStatus> = reported.iter().map(LinkedReport::new_status).collect();
        let stored: HashSet<String> = self
            .db
            .store_vehicle_statuses(&statuses, now)
            .await?
            .into_iter()
            .collect();
        reported.retain(|car| stored.contains(&car.target.vehicle_id));

        // A remote start whose stop report was lost (or whose car restarted) ends when the car
        // says the engine is off.
        let engine_off: Vec<&str> = reported
            .iter()
            .filter(|car| !car.snapshot.engine_running)
            .map(|car| car.target.vehicle_id.as_str())
            .collect();
        for vehicle_id in self.db.vehicles_with_running_commands(&engine_off).await? {
            for row in self.db.running_commands_of(&vehicle_id).await? {
                self.apply(&row.id, CommandEvent::Stopped).await?;
            }
        }

        let events = reported
            .iter()
            .map(|car| LiveEvent::Status {
                vehicle_id: car.target.vehicle_id.clone(),
                status: Box::new(car.status.clone()),
            })
            .collect();
        self.hub.publish_many(events, now).await?;

        let ids: Vec<&str> = reported
            .iter()
            .map(|car| car.target.vehicle_id.as_str())
            .collect();
        let mut zones: HashMap<String, Vec<ZoneRow>> = HashMap::new();
        for (vehicle_id, zone) in self.db.zones_of_owners(&ids).await? {
            zones.entry(vehicle_id).or_default().push(zone);
        }
        let watched: Vec<Watched> = reported
            .iter()
            .map(|car| {
                let position = car.status.position.value;
                Watched {
                    target: car.target,
                    zones: zones.get(&car.target.vehicle_id).map_or(&[], Vec::as_slice),
                    report: Report {
                        position: GeoPoint::new(position.latitude, position.longitude),
                        speed_kmh: position.speed_kmh,
                        accuracy_m: None,
                        at: now,
                    },
                }
            })
            .collect();
        self.watch_reports(&watched, now).await
    }
}

/// The one value of a stored status a report needs; reading only it skips building the rest.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredIgnition {
    ignition_on: StoredValue,
}

#[derive(serde::Deserialize)]
struct StoredValue {
    value: bool,
}

/// A linked car's report, turned into the status to store.
struct LinkedReport<'a> {
    target: &'a ReportTarget,
    snapshot: &'a CarSnapshot,
    status: VehicleStatus,
    json: String,
    ignition_cycle_at: i64,
}

impl<'a> LinkedReport<'a> {
    fn new(target: &'a ReportTarget, snapshot: &'a CarSnapshot, now: i64) -> ServerResult<Self> {
        let was_on = target
            .status
            .as_deref()
            .and_then(|json| serde_json::from_str::<StoredIgnition>(json).ok())
            .is_some_and(|stored| stored.ignition_on.value);
        // Remote starts are counted from the moment the ignition last went on.
        let ignition_cycle_at = if snapshot.ignition_on && !was_on {
            now
        } else {
            target.ignition_cycle_at.unwrap_or(0)
        };
        let status = from_snapshot(snapshot, now);
        let json =
            serde_json::to_string(&status).map_err(|e| ServerError::Internal(e.to_string()))?;
        Ok(Self {
            target,
            snapshot,
            status,
            json,
            ignition_cycle_at,
        })
    }

    fn new_status(&self) -> NewStatus<'_> {
        NewStatus {
            vehicle_id: &self.target.vehicle_id,
            status: &self.json,
            ignition_cycle_at: self.ignition_cycle_at,
        }
    }
}

//! Each position a car reports, judged against its owner's zones by keyfob-core as it arrives.
//! Which zones the car is inside is stored, so a restart neither repeats an alert nor misses a
//! crossing that happened while the server was down (it is judged on the next report).

use keyfob_core::{
    api::{
        command::LiveEvent,
        geofence::{GeofenceAlert, ZoneRequest},
    },
    geo::GeoPoint,
    geofence::{evaluate, initial_inside, AlertOn, InsideSet, Schedule, Shape, Zone},
};
use serde::{Deserialize, Serialize};

use super::Remote;
use crate::{
    auth::new_id,
    clock::rfc3339,
    db::{Db, ZoneRow},
    error::{ServerError, ServerResult},
};

/// What the `definition` column of a zone holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ZoneDefinition {
    pub shape: Shape,
    pub alert_on: AlertOn,
    pub schedule: Option<Schedule>,
}

impl ZoneDefinition {
    pub fn of(request: &ZoneRequest) -> Self {
        Self {
            shape: request.shape.clone(),
            alert_on: request.alert_on,
            schedule: request.schedule.clone(),
        }
    }

    pub fn parse(row: &ZoneRow) -> ServerResult<Self> {
        serde_json::from_str(&row.definition)
            .map_err(|e| ServerError::Internal(format!("stored zone: {e}")))
    }

    pub fn to_json(&self) -> ServerResult<String> {
        serde_json::to_string(self).map_err(|e| ServerError::Internal(e.to_string()))
    }

    pub fn zone(&self, id: &str) -> Zone {
        Zone {
            id: id.to_owned(),
            shape: self.shape.clone(),
            alert_on: self.alert_on,
            schedule: self.schedule.clone(),
        }
    }
}

/// The zones of a car's owner as keyfob-core takes them, with their names.
fn zones_of(rows: &[ZoneRow]) -> ServerResult<Vec<(Zone, String)>> {
    rows.iter()
        .map(|row| Ok((ZoneDefinition::parse(row)?.zone(&row.id), row.name.clone())))
        .collect()
}

fn to_json(inside: &InsideSet) -> ServerResult<String> {
    serde_json::to_string(inside).map_err(|e| ServerError::Internal(e.to_string()))
}

/// Records whether the car is inside one zone just drawn, changed (`inside_now` from its last
/// position) or deleted (`false`), without an alert: drawing a circle around a parked car is
/// not the car entering it.
pub(crate) async fn place_zone(
    db: &Db,
    vehicle_id: &str,
    owner_id: &str,
    zone_id: &str,
    inside_now: bool,
) -> ServerResult<()> {
    let mut inside: InsideSet = db
        .zone_state(vehicle_id, owner_id)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    if inside_now {
        inside.insert(zone_id.to_owned());
    } else {
        inside.remove(zone_id);
    }
    db.set_zone_state(vehicle_id, owner_id, &to_json(&inside)?)
        .await
}

impl Remote {
    /// Judges a reported position against the owner's zones; stores and publishes each alert.
    pub(super) async fn check_zones(
        &self,
        vehicle_id: &str,
        position: GeoPoint,
        now: i64,
    ) -> ServerResult<()> {
        let Some(owner_id) = self.db.owner_of(vehicle_id).await? else {
            return Ok(());
        };
        let rows = self.db.zones(vehicle_id, &owner_id).await?;
        let named = zones_of(&rows)?;
        let zones: Vec<Zone> = named.iter().map(|(zone, _)| zone.clone()).collect();
        let previous: Option<InsideSet> = self
            .db
            .zone_state(vehicle_id, &owner_id)
            .await?
            .and_then(|json| serde_json::from_str(&json).ok());
        let Some(previous) = previous else {
            // The first position under this owner: where the car is, without alerts.
            let inside = initial_inside(&zones, position);
            return self
                .db
                .set_zone_state(vehicle_id, &owner_id, &to_json(&inside)?)
                .await;
        };
        let outcome = evaluate(&zones, &previous, position, None, now);
        if outcome.inside != previous {
            self.db
                .set_zone_state(vehicle_id, &owner_id, &to_json(&outcome.inside)?)
                .await?;
        }
        for transition in outcome.alerts {
            let zone_name = named
                .iter()
                .find(|(zone, _)| zone.id == transition.zone_id)
                .map(|(_, name)| name.clone())
                .unwrap_or_default();
            let alert = GeofenceAlert {
                id: new_id("alr"),
                vehicle_id: vehicle_id.to_owned(),
                zone_id: transition.zone_id,
                zone_name,
                crossing: transition.crossing,
                position,
                at: rfc3339(now),
            };
            let json =
                serde_json::to_string(&alert).map_err(|e| ServerError::Internal(e.to_string()))?;
            self.db
                .insert_alert(&alert.id, vehicle_id, &owner_id, &json, now)
                .await?;
            self.hub
                .publish(
                    LiveEvent::Alert {
                        vehicle_id: vehicle_id.to_owned(),
                        alert: Box::new(alert),
                    },
                    now,
                )
                .await?;
        }
        Ok(())
    }
}

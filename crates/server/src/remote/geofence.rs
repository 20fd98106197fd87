//! Each position a car reports, judged against its owner's zones, curfew and speed alert by
//! keyfob-core as it arrives. What the rules remember between reports is stored, so a restart
//! neither repeats an alert nor misses a crossing that happened while the server was down (it
//! is judged on the next report).

use keyfob_core::{
    api::{
        command::LiveEvent,
        geofence::{AlertEvent, AlertSettings, VehicleAlert, ZoneRequest},
    },
    entitlement::{Entitlement, Feature},
    geo::GeoPoint,
    geofence::{
        initial_inside, watch, Alarm, AlertOn, InsideSet, Report, Schedule, Shape, WatchState,
        Zone, SPEED_HOLD_SECONDS,
    },
};
use serde::{Deserialize, Serialize};

use super::Remote;
use crate::{
    auth::new_id,
    clock::rfc3339,
    db::{AlertRecipient, Db, ZoneRow},
    error::{ServerError, ServerResult},
    mail::Mail,
    view,
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

fn internal(error: serde_json::Error) -> ServerError {
    ServerError::Internal(error.to_string())
}

/// The stored state; an older row holds only the inside-set.
fn parse_state(json: &str) -> Option<WatchState> {
    serde_json::from_str::<WatchState>(json).ok().or_else(|| {
        serde_json::from_str::<InsideSet>(json)
            .ok()
            .map(|inside| WatchState {
                inside,
                ..WatchState::default()
            })
    })
}

/// The owner's curfew, speed alert and email choice; none set reads as all off.
pub(crate) async fn settings_of(
    db: &Db,
    vehicle_id: &str,
    owner_id: &str,
) -> ServerResult<AlertSettings> {
    db.alert_settings(vehicle_id, owner_id)
        .await?
        .map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| ServerError::Internal(format!("stored alert settings: {e}")))
        })
        .transpose()
        .map(Option::unwrap_or_default)
}

impl Remote {
    /// Records whether the car stands inside a zone just drawn or changed (`zone`), or forgets a
    /// deleted one (`None`), judged from its last position, without an alert: drawing a circle
    /// around a parked car is not the car entering it. A car that has not reported to this owner
    /// yet has nothing to update: its first report places every zone.
    pub(crate) async fn place_zone(
        &self,
        vehicle_id: &str,
        owner_id: &str,
        zone_id: &str,
        zone: Option<&Zone>,
        last_position: Option<GeoPoint>,
    ) -> ServerResult<()> {
        let _one_at_a_time = self.watching.lock().await;
        let Some(mut state) = self
            .db
            .zone_state(vehicle_id, owner_id)
            .await?
            .and_then(|json| parse_state(&json))
        else {
            return Ok(());
        };
        let inside_now = zone.zip(last_position).is_some_and(|(zone, position)| {
            !initial_inside(std::slice::from_ref(zone), position).is_empty()
        });
        if inside_now {
            state.inside.insert(zone_id.to_owned());
        } else {
            state.inside.remove(zone_id);
        }
        self.db
            .set_zone_state(
                vehicle_id,
                owner_id,
                &serde_json::to_string(&state).map_err(internal)?,
            )
            .await
    }

    /// Judges a position report against the owner's zones, curfew and speed alert; stores,
    /// publishes and (when the owner chose it) emails each alert.
    pub(super) async fn watch_report(&self, vehicle_id: &str, report: Report) -> ServerResult<()> {
        let _one_at_a_time = self.watching.lock().await;
        let Some(recipient) = self.db.alert_recipient(vehicle_id).await? else {
            return Ok(());
        };
        let owner_id = &recipient.owner_id;
        let rows = self.db.zones(vehicle_id, owner_id).await?;
        let named = zones_of(&rows)?;
        let zones: Vec<Zone> = named.iter().map(|(zone, _)| zone.clone()).collect();
        let settings = settings_of(&self.db, vehicle_id, owner_id).await?;
        let previous = self
            .db
            .zone_state(vehicle_id, owner_id)
            .await?
            .and_then(|json| parse_state(&json));
        let Some(previous) = previous else {
            // The first position under this owner: where the car is, without alerts.
            let first = WatchState::first(&zones, report.position);
            return self
                .db
                .set_zone_state(
                    vehicle_id,
                    owner_id,
                    &serde_json::to_string(&first).map_err(internal)?,
                )
                .await;
        };
        let (next, mut alarms) = watch(
            &zones,
            &settings.rules(),
            &previous,
            &report,
            self.speed_hold_seconds(),
        );
        if next != previous {
            self.db
                .set_zone_state(
                    vehicle_id,
                    owner_id,
                    &serde_json::to_string(&next).map_err(internal)?,
                )
                .await?;
        }
        if !self
            .alerts_included(vehicle_id, owner_id, report.at)
            .await?
        {
            // Tracked all the same, so alerts resume from the truth when the plan comes back.
            alarms.clear();
        }
        for alarm in alarms {
            let event = match alarm {
                Alarm::Zone(transition) => AlertEvent::Zone {
                    zone_name: named
                        .iter()
                        .find(|(zone, _)| zone.id == transition.zone_id)
                        .map(|(_, name)| name.clone())
                        .unwrap_or_default(),
                    zone_id: transition.zone_id,
                    crossing: transition.crossing,
                },
                Alarm::Curfew { since } => AlertEvent::Curfew {
                    since: rfc3339(since),
                },
                Alarm::Speed {
                    speed_kmh,
                    limit_kmh,
                } => AlertEvent::Speed {
                    speed_kmh,
                    limit_kmh,
                },
            };
            let alert = VehicleAlert {
                id: new_id("alr"),
                vehicle_id: vehicle_id.to_owned(),
                event,
                position: report.position,
                at: rfc3339(report.at),
            };
            self.raise(&recipient, &alert, settings.email_alerts, report.at)
                .await?;
        }
        Ok(())
    }

    /// Whether the car's plan (Trial or Premium) includes alerts now.
    async fn alerts_included(
        &self,
        vehicle_id: &str,
        owner_id: &str,
        now: i64,
    ) -> ServerResult<bool> {
        Ok(self
            .db
            .member_vehicle(owner_id, vehicle_id)
            .await?
            .is_some_and(|link| {
                let activation = view::activation_times(&link).state_at(now);
                view::entitlement_of(&link.vehicle, Feature::GeofenceAlerts, activation, now)
                    == Entitlement::Available
            }))
    }

    /// Speeding must last five seconds of car time, counted on the server's one-second clock:
    /// at a fast time scale, any two reports a second apart.
    fn speed_hold_seconds(&self) -> i64 {
        (SPEED_HOLD_SECONDS as f64 / self.time_scale).floor() as i64
    }

    async fn raise(
        &self,
        recipient: &AlertRecipient,
        alert: &VehicleAlert,
        email: bool,
        now: i64,
    ) -> ServerResult<()> {
        let json = serde_json::to_string(alert).map_err(internal)?;
        self.db
            .insert_alert(
                &alert.id,
                &alert.vehicle_id,
                &recipient.owner_id,
                &json,
                now,
            )
            .await?;
        self.hub
            .publish(
                LiveEvent::Alert {
                    vehicle_id: alert.vehicle_id.clone(),
                    alert: Box::new(alert.clone()),
                },
                now,
            )
            .await?;
        if email {
            self.mailer.email(alert_mail(recipient, alert), now).await?;
        }
        Ok(())
    }
}

fn alert_mail(recipient: &AlertRecipient, alert: &VehicleAlert) -> Mail {
    let car = format!("{} {}", recipient.model_year, recipient.model);
    let place = format!(
        "{:.5}, {:.5}",
        alert.position.latitude, alert.position.longitude
    );
    Mail {
        to: recipient.email.clone(),
        subject: format!("Keyfob alert: {car}: {}", alert.summary()),
        body: format!(
            "{}.\n\nYour {car} reported this at {} (UTC), at {place}.\n\n\
             Open Keyfob to see where the car is now. To stop these emails, turn off \
             \"Email me alerts\" on the car's Geofences screen.",
            alert.summary(),
            alert.at.replace('T', " ").trim_end_matches('Z'),
        ),
        action: None,
        secret_until: None,
    }
}

//! Each position a car reports, judged against its owner's zones, curfew and speed alert by
//! keyfob-core as it arrives. What the rules remember between reports is stored, so a restart
//! neither repeats an alert nor misses a crossing that happened while the server was down (it
//! is judged on the next report).

use std::collections::HashMap;

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
    db::{AlertRecipient, Db, LinkRow, ReportTarget, ZoneRow},
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
    parse_settings(db.alert_settings(vehicle_id, owner_id).await?.as_deref())
}

fn parse_settings(json: Option<&str>) -> ServerResult<AlertSettings> {
    json.map(|json| {
        serde_json::from_str(json)
            .map_err(|e| ServerError::Internal(format!("stored alert settings: {e}")))
    })
    .transpose()
    .map(Option::unwrap_or_default)
}

/// A car's position report with what it is judged against, read for the whole batch.
pub(super) struct Watched<'a> {
    pub target: &'a ReportTarget,
    /// The owner's zones of the car, oldest first.
    pub zones: &'a [ZoneRow],
    pub report: Report,
}

/// Whether the car's plan (Trial or Premium) includes alerts at `now`.
fn alerts_included(link: &LinkRow, now: i64) -> bool {
    let activation = view::activation_times(link).state_at(now);
    view::entitlement_of(&link.vehicle, Feature::GeofenceAlerts, activation, now)
        == Entitlement::Available
}

/// The alert an alarm of the rules raises.
fn alert_of(
    alarm: Alarm,
    named: &[(Zone, String)],
    vehicle_id: &str,
    report: &Report,
) -> VehicleAlert {
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
    VehicleAlert {
        id: new_id("alr"),
        vehicle_id: vehicle_id.to_owned(),
        event,
        position: report.position,
        at: rfc3339(report.at),
    }
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

    /// Judges a batch's position reports (one per car) against each owner's zones, curfew and
    /// speed alert; stores the rules' memory of every car in one statement, then stores,
    /// publishes and (when the owner chose it) emails each alert. The caller holds `watching`
    /// from reading the memory until this returns. A car whose stored zones or settings cannot
    /// be read is left out (and logged), not the whole batch.
    pub(super) async fn watch_reports(
        &self,
        watched: &[Watched<'_>],
        now: i64,
    ) -> ServerResult<()> {
        let mut states = Vec::new();
        let mut raised = Vec::new();
        for car in watched {
            let Some(owner_id) = car.target.owner_id.as_deref() else {
                continue;
            };
            let vehicle_id = car.target.vehicle_id.as_str();
            let stored = zones_of(car.zones).and_then(|named| {
                Ok((named, parse_settings(car.target.alert_settings.as_deref())?))
            });
            let (named, settings) = match stored {
                Ok(stored) => stored,
                Err(error) => {
                    tracing::error!(%error, vehicle = %vehicle_id, "position not judged");
                    continue;
                }
            };
            let zones: Vec<Zone> = named.iter().map(|(zone, _)| zone.clone()).collect();
            let previous = car.target.zone_state.as_deref().and_then(parse_state);
            let Some(previous) = previous else {
                // The first position under this owner: where the car is, without alerts.
                let first = WatchState::first(&zones, car.report.position);
                let json = serde_json::to_string(&first).map_err(internal)?;
                states.push((vehicle_id, owner_id, json));
                continue;
            };
            let (next, alarms) = watch(
                &zones,
                &settings.rules(),
                &previous,
                &car.report,
                self.speed_hold_seconds(),
            );
            if next != previous {
                let json = serde_json::to_string(&next).map_err(internal)?;
                states.push((vehicle_id, owner_id, json));
            }
            if !alarms.is_empty() {
                raised.push((car, owner_id, named, settings.email_alerts, alarms));
            }
        }
        self.db.set_zone_states(&states).await?;
        if raised.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = raised
            .iter()
            .map(|r| r.0.target.vehicle_id.as_str())
            .collect();
        let links: HashMap<String, LinkRow> = self
            .db
            .owner_links(&ids)
            .await?
            .into_iter()
            .map(|link| (link.vehicle.id.clone(), link))
            .collect();
        let mut alerts = Vec::new();
        for (car, owner_id, named, email, alarms) in raised {
            let vehicle_id = car.target.vehicle_id.as_str();
            let included = links
                .get(vehicle_id)
                .is_some_and(|link| link.owner_id == owner_id && alerts_included(link, now));
            if !included {
                // Tracked all the same, so alerts resume from the truth when the plan comes back.
                continue;
            }
            let recipient = AlertRecipient {
                owner_id: owner_id.to_owned(),
                email: car.target.owner_email.clone().unwrap_or_default(),
                model: car.target.model.clone(),
                model_year: car.target.model_year,
            };
            for alarm in alarms {
                let alert = alert_of(alarm, &named, vehicle_id, &car.report);
                alerts.push((recipient.clone(), alert, email));
            }
        }
        self.raise(alerts, now).await
    }

    /// Speeding must last five seconds of car time, counted on the server's one-second clock:
    /// at a fast time scale, any two reports a second apart.
    fn speed_hold_seconds(&self) -> i64 {
        (SPEED_HOLD_SECONDS as f64 / self.time_scale).floor() as i64
    }

    /// Stores the alerts, tells the owners' streams and emails those who chose it.
    async fn raise(
        &self,
        alerts: Vec<(AlertRecipient, VehicleAlert, bool)>,
        now: i64,
    ) -> ServerResult<()> {
        let rows = alerts
            .iter()
            .map(|(recipient, alert, _)| {
                let json = serde_json::to_string(alert).map_err(internal)?;
                Ok((
                    alert.id.as_str(),
                    alert.vehicle_id.as_str(),
                    recipient.owner_id.as_str(),
                    json,
                ))
            })
            .collect::<ServerResult<Vec<_>>>()?;
        self.db.insert_alerts(&rows, now).await?;
        let events = alerts
            .iter()
            .map(|(_, alert, _)| LiveEvent::Alert {
                vehicle_id: alert.vehicle_id.clone(),
                alert: Box::new(alert.clone()),
            })
            .collect();
        self.hub.publish_many(events, now).await?;
        for (recipient, alert, email) in &alerts {
            if *email {
                self.mailer.email(alert_mail(recipient, alert), now).await?;
            }
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

//! What a batch of car status reports reads and writes: a few statements for the whole batch
//! instead of a dozen for each report. A batch holds at most one report per car.

use sqlx::FromRow;

use super::{on_engine, vehicles::VEHICLE_COLUMNS, Db, EnginePool, LinkRow, ZoneRow};
use crate::error::ServerResult;

/// A reporting car and everything its report is judged against, read in one statement.
#[derive(Debug, Clone, FromRow)]
pub struct ReportTarget {
    pub vin: String,
    pub vehicle_id: String,
    /// The owner while the car is linked (in any state of the link).
    pub owner_id: Option<String>,
    /// The last stored status (JSON) and when the ignition last went on.
    pub status: Option<String>,
    pub ignition_cycle_at: Option<i64>,
    /// The alert rules' memory (JSON) and the owner's alert settings (JSON).
    pub zone_state: Option<String>,
    pub alert_settings: Option<String>,
    pub owner_email: Option<String>,
    pub model: String,
    pub model_year: i64,
}

/// A status to store: the car's, its JSON, and when the ignition last went on.
pub struct NewStatus<'a> {
    pub vehicle_id: &'a str,
    pub status: &'a str,
    pub ignition_cycle_at: i64,
}

/// `?, ?, …` for `n` values.
fn list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// `(?, ?, ?), (?, ?, ?), …`: `rows` rows of `columns` values.
fn rows(rows: usize, columns: usize) -> String {
    vec![format!("({})", list(columns)); rows].join(", ")
}

impl Db {
    /// The cars with these VINs that exist, with their link, last status, alert memory and
    /// settings.
    pub async fn report_targets(&self, vins: &[&str]) -> ServerResult<Vec<ReportTarget>> {
        if vins.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT v.vin, v.id AS vehicle_id, l.owner_id, s.status, s.ignition_cycle_at,
                    zs.inside AS zone_state, st.settings AS alert_settings, a.email AS owner_email,
                    v.model, v.model_year
             FROM vehicles v
             LEFT JOIN vehicle_links l ON l.vehicle_id = v.id
             LEFT JOIN vehicle_status s ON s.vehicle_id = v.id
             LEFT JOIN zone_state zs ON zs.vehicle_id = v.id AND zs.owner_id = l.owner_id
             LEFT JOIN alert_settings st ON st.vehicle_id = v.id AND st.owner_id = l.owner_id
             LEFT JOIN accounts a ON a.id = l.owner_id
             WHERE v.vin IN ({})",
            list(vins.len())
        );
        on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query_as(&sql);
            for vin in vins {
                query = query.bind(*vin);
            }
            Ok(query.fetch_all(pool).await?)
        })
    }

    /// The owners' zones of these cars, each car's oldest first.
    pub async fn zones_of_owners(
        &self,
        vehicle_ids: &[&str],
    ) -> ServerResult<Vec<(String, ZoneRow)>> {
        if vehicle_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT z.vehicle_id, z.id, z.name, z.definition, z.created_at, z.updated_at
             FROM zones z JOIN vehicle_links l ON l.vehicle_id = z.vehicle_id AND l.owner_id = z.owner_id
             WHERE z.vehicle_id IN ({}) ORDER BY z.vehicle_id, z.created_at, z.id",
            list(vehicle_ids.len())
        );
        type Row = (String, String, String, String, i64, i64);
        let rows: Vec<Row> = on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query_as(&sql);
            for id in vehicle_ids {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(vehicle_id, id, name, definition, created_at, updated_at)| {
                    let zone = ZoneRow {
                        id,
                        name,
                        definition,
                        created_at,
                        updated_at,
                    };
                    (vehicle_id, zone)
                },
            )
            .collect())
    }

    /// Stores the statuses of the cars still linked; returns the cars whose status was stored.
    pub async fn store_vehicle_statuses(
        &self,
        statuses: &[NewStatus<'_>],
        reported_at: i64,
    ) -> ServerResult<Vec<String>> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        // The link is checked in the statement: one removed meanwhile is skipped, not an error.
        let sql = format!(
            "INSERT INTO vehicle_status (vehicle_id, status, reported_at, ignition_cycle_at)
             SELECT r.column1, r.column2, r.column3, r.column4 FROM (VALUES {}) AS r
             WHERE EXISTS (SELECT 1 FROM vehicle_links l WHERE l.vehicle_id = r.column1)
             ON CONFLICT (vehicle_id) DO UPDATE SET status = excluded.status,
                reported_at = excluded.reported_at, ignition_cycle_at = excluded.ignition_cycle_at
             RETURNING vehicle_id",
            rows(statuses.len(), 4)
        );
        on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query_scalar(&sql);
            for status in statuses {
                query = query
                    .bind(status.vehicle_id)
                    .bind(status.status)
                    .bind(reported_at)
                    .bind(status.ignition_cycle_at);
            }
            Ok(query.fetch_all(pool).await?)
        })
    }

    /// Appends events (car, payload) for the cars still linked, in the order given; returns
    /// each stored event's sequence number with its car, in log order. The numbers are taken
    /// in the order of the rows, so a car's events keep their order.
    pub async fn insert_events(
        &self,
        events: &[(&str, &str)],
        now: i64,
    ) -> ServerResult<Vec<(i64, String)>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "INSERT INTO events (vehicle_id, payload, created_at)
             SELECT r.column1, r.column2, r.column3 FROM (VALUES {}) AS r
             WHERE EXISTS (SELECT 1 FROM vehicle_links l WHERE l.vehicle_id = r.column1)
             RETURNING seq, vehicle_id",
            rows(events.len(), 3)
        );
        let mut stored: Vec<(i64, String)> = on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query_as(&sql);
            for (vehicle_id, payload) in events {
                query = query.bind(*vehicle_id).bind(*payload).bind(now);
            }
            query.fetch_all(pool).await?
        });
        stored.sort_unstable_by_key(|(seq, _)| *seq);
        Ok(stored)
    }

    /// Stores the alert rules' memory (JSON) of several cars: (car, owner, state).
    pub async fn set_zone_states(&self, states: &[(&str, &str, String)]) -> ServerResult<()> {
        if states.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO zone_state (vehicle_id, owner_id, inside) VALUES {}
             ON CONFLICT (vehicle_id) DO UPDATE SET owner_id = excluded.owner_id, inside = excluded.inside",
            rows(states.len(), 3)
        );
        on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query(&sql);
            for (vehicle_id, owner_id, state) in states {
                query = query.bind(*vehicle_id).bind(*owner_id).bind(state.as_str());
            }
            query.execute(pool).await?;
            Ok(())
        })
    }

    /// The owners' links of these cars, as the owner sees them.
    pub async fn owner_links(&self, vehicle_ids: &[&str]) -> ServerResult<Vec<LinkRow>> {
        if vehicle_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {VEHICLE_COLUMNS}, l.owner_id, o.nickname AS owner_nickname, l.linked_at,
                    l.confirmed_at, l.synced_at, l.stolen_at, (1 = 1) AS is_owner,
                    l.linked_at AS member_since
             FROM vehicle_links l
             JOIN vehicles v ON v.id = l.vehicle_id
             JOIN accounts o ON o.id = l.owner_id
             WHERE l.vehicle_id IN ({})",
            list(vehicle_ids.len())
        );
        on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query_as(&sql);
            for id in vehicle_ids {
                query = query.bind(*id);
            }
            Ok(query.fetch_all(pool).await?)
        })
    }

    /// Stores alerts: (id, car, owner, alert JSON).
    pub async fn insert_alerts(
        &self,
        alerts: &[(&str, &str, &str, String)],
        now: i64,
    ) -> ServerResult<()> {
        if alerts.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO geofence_alerts (id, vehicle_id, owner_id, alert, created_at) VALUES {}",
            rows(alerts.len(), 5)
        );
        on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query(&sql);
            for (id, vehicle_id, owner_id, alert) in alerts {
                query = query
                    .bind(*id)
                    .bind(*vehicle_id)
                    .bind(*owner_id)
                    .bind(alert.as_str())
                    .bind(now);
            }
            query.execute(pool).await?;
            Ok(())
        })
    }

    /// The cars among these with a remote run still going.
    pub async fn vehicles_with_running_commands(
        &self,
        vehicle_ids: &[&str],
    ) -> ServerResult<Vec<String>> {
        if vehicle_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT DISTINCT vehicle_id FROM commands WHERE state = 'running' AND vehicle_id IN ({})",
            list(vehicle_ids.len())
        );
        on_engine!(self, |pool| {
            let sql = pool.sql(&sql);
            let mut query = sqlx::query_scalar(&sql);
            for id in vehicle_ids {
                query = query.bind(*id);
            }
            Ok(query.fetch_all(pool).await?)
        })
    }
}

use super::Db;
use super::{on_engine, EnginePool};
use crate::error::ServerResult;

impl Db {
    /// Appends an event; `None` if the car is no longer linked.
    pub async fn insert_event(
        &self,
        vehicle_id: &str,
        payload: &str,
        now: i64,
    ) -> ServerResult<Option<i64>> {
        on_engine!(self, |pool| {
            let seq: Option<i64> = sqlx::query_scalar(&pool.sql(
                "INSERT INTO events (vehicle_id, payload, created_at)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM vehicle_links WHERE vehicle_id = ?1)
                 RETURNING seq",
            ))
            .bind(vehicle_id)
            .bind(payload)
            .bind(now)
            .fetch_optional(pool)
            .await?;
            Ok(seq)
        })
    }

    /// The status events of a car since `since` (unix seconds), newest first, at most `limit`.
    pub async fn status_events_since(
        &self,
        vehicle_id: &str,
        since: i64,
        limit: i64,
    ) -> ServerResult<Vec<String>> {
        on_engine!(self, |pool| {
            // The payload's tag comes first (`{"type":"status",…`), so the prefix skips commands.
            let rows: Vec<(String,)> = sqlx::query_as(&pool.sql("SELECT payload FROM events WHERE vehicle_id = ? AND created_at >= ? AND payload LIKE '{\"type\":\"status\"%' ORDER BY seq DESC LIMIT ?"))
            .bind(vehicle_id)
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(|(payload,)| payload).collect())
        })
    }

    /// Events after `after` for the given cars, oldest first, at most `limit`.
    pub async fn events_after(
        &self,
        vehicle_ids: &[String],
        after: i64,
        limit: i64,
    ) -> ServerResult<Vec<(i64, String, String, i64)>> {
        on_engine!(self, |pool| {
            if vehicle_ids.is_empty() {
                return Ok(Vec::new());
            }
            let placeholders = vec!["?"; vehicle_ids.len()].join(", ");
            let sql = format!(
                "SELECT seq, vehicle_id, payload, created_at FROM events WHERE seq > ? AND vehicle_id IN ({placeholders}) ORDER BY seq LIMIT ?"
            );
            let sql = pool.sql(&sql);
            let mut query = sqlx::query_as(&sql).bind(after);
            for id in vehicle_ids {
                query = query.bind(id);
            }
            Ok(query.bind(limit).fetch_all(pool).await?)
        })
    }

    /// Drops events and alerts older than `before`: the retention period.
    pub async fn prune_history(&self, before: i64) -> ServerResult<u64> {
        on_engine!(self, |pool| {
            let events = sqlx::query(&pool.sql("DELETE FROM events WHERE created_at < ?"))
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected();
            let alerts = sqlx::query(&pool.sql("DELETE FROM geofence_alerts WHERE created_at < ?"))
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected();
            Ok(events + alerts)
        })
    }
}

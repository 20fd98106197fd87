use super::{on_engine, EnginePool};
use sqlx::FromRow;

use super::Db;
use crate::error::ServerResult;

#[derive(Debug, Clone, FromRow)]
pub struct ZoneRow {
    pub id: String,
    pub name: String,
    pub definition: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Db {
    /// The owner's zones of a car, oldest first.
    pub async fn zones(&self, vehicle_id: &str, owner_id: &str) -> ServerResult<Vec<ZoneRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT id, name, definition, created_at, updated_at FROM zones
                 WHERE vehicle_id = ? AND owner_id = ? ORDER BY created_at, id",
            ))
            .bind(vehicle_id)
            .bind(owner_id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// Adds a zone unless the car already has `limit`; `false` when it has. One statement, so
    /// two requests at once cannot both pass the count.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_zone(
        &self,
        id: &str,
        vehicle_id: &str,
        owner_id: &str,
        name: &str,
        definition: &str,
        now: i64,
        limit: usize,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql("INSERT INTO zones (id, vehicle_id, owner_id, name, definition, created_at, updated_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?6
             WHERE (SELECT COUNT(*) FROM zones WHERE vehicle_id = ?2 AND owner_id = ?3) < ?7"))
            .bind(id)
            .bind(vehicle_id)
            .bind(owner_id)
            .bind(name)
            .bind(definition)
            .bind(now)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// `false` when there is no such zone of this owner's car.
    pub async fn update_zone(
        &self,
        id: &str,
        vehicle_id: &str,
        owner_id: &str,
        name: &str,
        definition: &str,
        now: i64,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql(
                "UPDATE zones SET name = ?, definition = ?, updated_at = ?
                 WHERE id = ? AND vehicle_id = ? AND owner_id = ?",
            ))
            .bind(name)
            .bind(definition)
            .bind(now)
            .bind(id)
            .bind(vehicle_id)
            .bind(owner_id)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    pub async fn delete_zone(
        &self,
        id: &str,
        vehicle_id: &str,
        owner_id: &str,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(
                &pool.sql("DELETE FROM zones WHERE id = ? AND vehicle_id = ? AND owner_id = ?"),
            )
            .bind(id)
            .bind(vehicle_id)
            .bind(owner_id)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }
}

impl Db {
    /// What the alert rules remember about the car (keyfob-core's WatchState as JSON), if it
    /// was under the same owner.
    pub async fn zone_state(
        &self,
        vehicle_id: &str,
        owner_id: &str,
    ) -> ServerResult<Option<String>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_scalar(
                &pool.sql("SELECT inside FROM zone_state WHERE vehicle_id = ? AND owner_id = ?"),
            )
            .bind(vehicle_id)
            .bind(owner_id)
            .fetch_optional(pool)
            .await?)
        })
    }

    pub async fn set_zone_state(
        &self,
        vehicle_id: &str,
        owner_id: &str,
        inside: &str,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql(
                "INSERT INTO zone_state (vehicle_id, owner_id, inside) VALUES (?1, ?2, ?3)
                 ON CONFLICT (vehicle_id) DO UPDATE SET owner_id = ?2, inside = ?3",
            ))
            .bind(vehicle_id)
            .bind(owner_id)
            .bind(inside)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The owner's alerts of a car, newest first, before `before` (a `seq`), at most `limit`;
    /// with each one's `seq` for the next page.
    pub async fn alerts(
        &self,
        vehicle_id: &str,
        owner_id: &str,
        before: i64,
        limit: i64,
    ) -> ServerResult<Vec<(i64, String)>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT seq, alert FROM geofence_alerts
                 WHERE vehicle_id = ? AND owner_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
            ))
            .bind(vehicle_id)
            .bind(owner_id)
            .bind(before)
            .bind(limit)
            .fetch_all(pool)
            .await?)
        })
    }
}

//! The simulated cars' saved state (sandbox only).

use super::Db;
use super::{on_engine, EnginePool};
use crate::error::ServerResult;

impl Db {
    /// Every saved car: (VIN, state as JSON).
    pub async fn sim_cars(&self) -> ServerResult<Vec<(String, String)>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql("SELECT vin, state FROM sim_cars"))
                .fetch_all(pool)
                .await?)
        })
    }

    pub async fn save_sim_car(&self, vin: &str, state: &str, now: i64) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("INSERT INTO sim_cars (vin, state, updated_at) VALUES (?, ?, ?)
                 ON CONFLICT (vin) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"))
            .bind(vin)
            .bind(state)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

//! The simulated cars' saved state (sandbox only).

use super::Db;
use crate::error::ServerResult;

impl Db {
    /// Every saved car: (VIN, state as JSON).
    pub async fn sim_cars(&self) -> ServerResult<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT vin, state FROM sim_cars")
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn save_sim_car(&self, vin: &str, state: &str, now: i64) -> ServerResult<()> {
        sqlx::query(
            "INSERT INTO sim_cars (vin, state, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (vin) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        )
        .bind(vin)
        .bind(state)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

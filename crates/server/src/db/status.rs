use super::Db;
use crate::error::ServerResult;

impl Db {
    /// The last status (JSON) of a linked car and when the ignition last went on.
    pub async fn vehicle_status(
        &self,
        vehicle_id: &str,
    ) -> ServerResult<Option<(String, i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT status, reported_at, ignition_cycle_at FROM vehicle_status WHERE vehicle_id = ?",
        )
        .bind(vehicle_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Stores a car's status if it is linked (an unlinked car's reports have no reader).
    pub async fn store_vehicle_status(
        &self,
        vehicle_id: &str,
        status: &str,
        reported_at: i64,
        ignition_cycle_at: i64,
    ) -> ServerResult<bool> {
        let result = sqlx::query(
            "INSERT INTO vehicle_status (vehicle_id, status, reported_at, ignition_cycle_at)
             SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM vehicle_links WHERE vehicle_id = ?1)
             ON CONFLICT (vehicle_id) DO UPDATE SET status = excluded.status,
                reported_at = excluded.reported_at, ignition_cycle_at = excluded.ignition_cycle_at",
        )
        .bind(vehicle_id)
        .bind(status)
        .bind(reported_at)
        .bind(ignition_cycle_at)
        .execute(self.pool())
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// The id of a car by VIN, and whether it is linked.
    pub async fn vehicle_id_by_vin(&self, vin: &str) -> ServerResult<Option<(String, bool)>> {
        Ok(sqlx::query_as(
            "SELECT v.id, EXISTS (SELECT 1 FROM vehicle_links l WHERE l.vehicle_id = v.id) FROM vehicles v WHERE v.vin = ?",
        )
        .bind(vin)
        .fetch_optional(self.pool())
        .await?)
    }
}

use super::Db;
use super::{on_engine, EnginePool};
use crate::error::ServerResult;

impl Db {
    /// The last status (JSON) of a linked car and when the ignition last went on.
    pub async fn vehicle_status(
        &self,
        vehicle_id: &str,
    ) -> ServerResult<Option<(String, i64, i64)>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql("SELECT status, reported_at, ignition_cycle_at FROM vehicle_status WHERE vehicle_id = ?"))
            .bind(vehicle_id)
            .fetch_optional(pool)
            .await?)
        })
    }
}

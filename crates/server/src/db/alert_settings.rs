use super::Db;
use super::{on_engine, EnginePool};
use crate::error::ServerResult;

/// Who hears about a car's alerts: its owner, their address, and the car's name in mails.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AlertRecipient {
    pub owner_id: String,
    pub email: String,
    pub model: String,
    pub model_year: i64,
}

impl Db {
    /// The owner's curfew, speed alert and email choice for a car, as JSON.
    pub async fn alert_settings(
        &self,
        vehicle_id: &str,
        owner_id: &str,
    ) -> ServerResult<Option<String>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_scalar(
                &pool.sql(
                    "SELECT settings FROM alert_settings WHERE vehicle_id = ? AND owner_id = ?",
                ),
            )
            .bind(vehicle_id)
            .bind(owner_id)
            .fetch_optional(pool)
            .await?)
        })
    }

    pub async fn set_alert_settings(
        &self,
        vehicle_id: &str,
        owner_id: &str,
        settings: &str,
        now: i64,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql(
                "INSERT INTO alert_settings (vehicle_id, owner_id, settings, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (vehicle_id, owner_id) DO UPDATE SET settings = ?3, updated_at = ?4",
            ))
            .bind(vehicle_id)
            .bind(owner_id)
            .bind(settings)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The owner of a linked car, with what an alert mail needs.
    pub async fn alert_recipient(&self, vehicle_id: &str) -> ServerResult<Option<AlertRecipient>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT l.owner_id, a.email, v.model, v.model_year
             FROM vehicle_links l
             JOIN accounts a ON a.id = l.owner_id
             JOIN vehicles v ON v.id = l.vehicle_id
             WHERE l.vehicle_id = ?",
            ))
            .bind(vehicle_id)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// The cars an account owns (not those it drives).
    pub async fn owned_vehicle_ids(&self, account_id: &str) -> ServerResult<Vec<String>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_scalar(
                &pool.sql("SELECT vehicle_id FROM vehicle_links WHERE owner_id = ?"),
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?)
        })
    }
}

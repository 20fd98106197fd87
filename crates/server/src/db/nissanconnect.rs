//! Connections to NissanConnect: an account's sealed tokens and the cars its NissanConnect
//! account holds.

use super::{on_engine, EnginePool};
use sqlx::FromRow;

use super::Db;
use crate::error::ServerResult;

#[derive(Debug, Clone, FromRow)]
pub struct NissanConnectRow {
    pub account_id: String,
    /// The NissanConnect email, masked, so the owner sees which account is connected.
    pub email_hint: String,
    /// `None` once the tokens could no longer be refreshed.
    pub tokens_sealed: Option<Vec<u8>>,
    pub connected_at: i64,
    pub updated_at: i64,
}

impl Db {
    /// Stores a fresh connection (replacing an earlier one) and the cars it holds, in one go.
    pub async fn save_nissanconnect(
        &self,
        row: &NissanConnectRow,
        cars: &[(String, String)],
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(&pool.sql("INSERT INTO nissanconnect_accounts (account_id, email_hint, tokens_sealed, connected_at, updated_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (account_id) DO UPDATE SET email_hint = excluded.email_hint,
                 tokens_sealed = excluded.tokens_sealed, connected_at = excluded.connected_at,
                 updated_at = excluded.updated_at"))
            .bind(&row.account_id)
            .bind(&row.email_hint)
            .bind(&row.tokens_sealed)
            .bind(row.connected_at)
            .bind(row.updated_at)
            .execute(&mut *tx)
            .await?;
            sqlx::query(&pool.sql("DELETE FROM nissanconnect_cars WHERE account_id = ?"))
                .bind(&row.account_id)
                .execute(&mut *tx)
                .await?;
            for (vin, json) in cars {
                sqlx::query(&pool.sql("INSERT INTO nissanconnect_cars (account_id, vin, car_json, seen_at) VALUES (?, ?, ?, ?)"))
                .bind(&row.account_id)
                .bind(vin)
                .bind(json)
                .bind(row.updated_at)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn nissanconnect(&self, account_id: &str) -> ServerResult<Option<NissanConnectRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT account_id, email_hint, tokens_sealed, connected_at, updated_at
                 FROM nissanconnect_accounts WHERE account_id = ?",
            ))
            .bind(account_id)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// Replaces the sealed tokens after a refresh; `None` ends the session (sign in again).
    pub async fn set_nissanconnect_tokens(
        &self,
        account_id: &str,
        tokens_sealed: Option<&[u8]>,
        now: i64,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE nissanconnect_accounts SET tokens_sealed = ?, updated_at = ? WHERE account_id = ?"))
            .bind(tokens_sealed)
            .bind(now)
            .bind(account_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Forgets the connection and its car list (the owner disconnected).
    pub async fn delete_nissanconnect(&self, account_id: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("DELETE FROM nissanconnect_accounts WHERE account_id = ?"))
                .bind(account_id)
                .execute(pool)
                .await?;
            sqlx::query(&pool.sql("DELETE FROM nissanconnect_cars WHERE account_id = ?"))
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The cars of an account's NissanConnect account: (VIN, the service's description).
    pub async fn nissanconnect_cars(
        &self,
        account_id: &str,
    ) -> ServerResult<Vec<(String, String)>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT vin, car_json FROM nissanconnect_cars WHERE account_id = ? ORDER BY vin",
            ))
            .bind(account_id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// Which connected account reaches a car for Keyfob: the one whose Keyfob account owns the
    /// car's link. Returns (account id, the service's description of the car).
    pub async fn nissanconnect_car_of_owner(
        &self,
        vin: &str,
    ) -> ServerResult<Option<(String, String)>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT c.account_id, c.car_json FROM nissanconnect_cars c
             JOIN vehicles v ON v.vin = c.vin
             JOIN vehicle_links l ON l.vehicle_id = v.id AND l.owner_id = c.account_id
             WHERE c.vin = ?",
            ))
            .bind(vin)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// Every connected car with a Keyfob owner: the cars the gateway reads on its schedule.
    pub async fn linked_nissanconnect_cars(&self) -> ServerResult<Vec<(String, String, String)>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT c.account_id, c.vin, c.car_json FROM nissanconnect_cars c
             JOIN vehicles v ON v.vin = c.vin
             JOIN vehicle_links l ON l.vehicle_id = v.id AND l.owner_id = c.account_id
             JOIN nissanconnect_accounts a ON a.account_id = c.account_id
             WHERE a.tokens_sealed IS NOT NULL
             ORDER BY c.vin",
            ))
            .fetch_all(pool)
            .await?)
        })
    }

    /// Marks a link confirmed and synchronised at once: a car from NissanConnect is already
    /// active in Nissan's service, so there is nothing to confirm in the car.
    pub async fn activate_link_now(&self, vehicle_id: &str, now: i64) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql(
                "UPDATE vehicle_links SET confirmed_at = ?1, synced_at = ?1 WHERE vehicle_id = ?2",
            ))
            .bind(now)
            .bind(vehicle_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

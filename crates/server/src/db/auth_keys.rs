use sqlx::FromRow;

use super::Db;
use crate::error::ServerResult;

#[derive(Debug, Clone, FromRow)]
pub struct KeyRow {
    pub id: String,
    pub reason: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// A car's head unit as the key prompt sees it.
#[derive(Debug, Clone, Default, FromRow)]
pub struct HeadUnitKeys {
    pub wrong_entries: i64,
    pub locked_at: Option<i64>,
    pub pending_key_id: Option<String>,
    pub sms_code_hash: Option<String>,
    pub sms_expires_at: Option<i64>,
    pub sms_tries: i64,
}

/// Why a key was not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRefused {
    TooManyLive,
    TooManyToday,
}

pub struct NewKeyRow<'a> {
    pub id: &'a str,
    pub vehicle_id: &'a str,
    pub owner_id: &'a str,
    pub key_hash: &'a str,
    pub reason: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

impl Db {
    /// Adds a key unless the car has `max_live` unused, unexpired keys or `max_per_day` made in
    /// the last 24 hours; counted and written in one transaction.
    pub async fn insert_key(
        &self,
        key: &NewKeyRow<'_>,
        max_live: usize,
        max_per_day: usize,
    ) -> ServerResult<Result<(), KeyRefused>> {
        let mut tx = self.write_transaction().await?;
        let (live, today): (i64, i64) = sqlx::query_as(
            "SELECT
               COALESCE(SUM(used_at IS NULL AND expires_at > ?2), 0),
               COALESCE(SUM(created_at > ?2 - 86400), 0)
             FROM auth_keys WHERE vehicle_id = ?1",
        )
        .bind(key.vehicle_id)
        .bind(key.now)
        .fetch_one(&mut *tx)
        .await?;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        if live >= count(max_live) {
            return Ok(Err(KeyRefused::TooManyLive));
        }
        if today >= count(max_per_day) {
            return Ok(Err(KeyRefused::TooManyToday));
        }
        sqlx::query(
            "INSERT INTO auth_keys (id, vehicle_id, owner_id, key_hash, reason, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(key.id)
        .bind(key.vehicle_id)
        .bind(key.owner_id)
        .bind(key.key_hash)
        .bind(key.reason)
        .bind(key.now)
        .bind(key.expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The owner's keys of a car, newest first.
    pub async fn keys(&self, vehicle_id: &str, owner_id: &str) -> ServerResult<Vec<KeyRow>> {
        Ok(sqlx::query_as(
            "SELECT id, reason, created_at, expires_at, used_at FROM auth_keys
             WHERE vehicle_id = ? AND owner_id = ? ORDER BY created_at DESC, rowid DESC",
        )
        .bind(vehicle_id)
        .bind(owner_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The car's key with this hash, if any (another car's key is not found).
    pub async fn key_by_hash(
        &self,
        vehicle_id: &str,
        key_hash: &str,
    ) -> ServerResult<Option<KeyRow>> {
        Ok(sqlx::query_as(
            "SELECT id, reason, created_at, expires_at, used_at FROM auth_keys
             WHERE vehicle_id = ? AND key_hash = ?",
        )
        .bind(vehicle_id)
        .bind(key_hash)
        .fetch_optional(self.pool())
        .await?)
    }

    /// `false` when the key was already used.
    pub async fn use_key(&self, key_id: &str, now: i64) -> ServerResult<bool> {
        let result =
            sqlx::query("UPDATE auth_keys SET used_at = ? WHERE id = ? AND used_at IS NULL")
                .bind(now)
                .bind(key_id)
                .execute(self.pool())
                .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn head_unit_keys(&self, vehicle_id: &str) -> ServerResult<HeadUnitKeys> {
        Ok(sqlx::query_as(
            "SELECT wrong_entries, locked_at, pending_key_id, sms_code_hash, sms_expires_at, sms_tries
             FROM head_unit_keys WHERE vehicle_id = ?",
        )
        .bind(vehicle_id)
        .fetch_optional(self.pool())
        .await?
        .unwrap_or_default())
    }

    pub async fn set_head_unit_keys(
        &self,
        vehicle_id: &str,
        state: &HeadUnitKeys,
    ) -> ServerResult<()> {
        sqlx::query(
            "INSERT INTO head_unit_keys (vehicle_id, wrong_entries, locked_at, pending_key_id,
               sms_code_hash, sms_expires_at, sms_tries)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (vehicle_id) DO UPDATE SET wrong_entries = ?2, locked_at = ?3,
               pending_key_id = ?4, sms_code_hash = ?5, sms_expires_at = ?6, sms_tries = ?7",
        )
        .bind(vehicle_id)
        .bind(state.wrong_entries)
        .bind(state.locked_at)
        .bind(&state.pending_key_id)
        .bind(&state.sms_code_hash)
        .bind(state.sms_expires_at)
        .bind(state.sms_tries)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

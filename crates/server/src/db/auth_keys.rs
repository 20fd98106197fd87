use super::{on_engine, EnginePool};
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
    pub revoked_at: Option<i64>,
    /// SMS codes sent for this key so far.
    pub codes_sent: i64,
}

const KEY_COLUMNS: &str = "id, reason, created_at, expires_at, used_at, revoked_at, codes_sent";

/// A car's head unit as the key prompt sees it. `version` makes each write a compare-and-set.
#[derive(Debug, Clone, Default, FromRow)]
pub struct HeadUnitKeys {
    pub wrong_entries: i64,
    pub locked_at: Option<i64>,
    pub pending_key_id: Option<String>,
    pub sms_code_hash: Option<String>,
    pub sms_expires_at: Option<i64>,
    pub sms_tries: i64,
    pub version: i64,
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
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (live, today): (i64, i64) = sqlx::query_as(&pool.sql(
                "SELECT
               COALESCE(SUM(CASE WHEN used_at IS NULL AND revoked_at IS NULL AND expires_at > ?2 THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN created_at > ?2 - 86400 THEN 1 ELSE 0 END), 0)
             FROM auth_keys WHERE vehicle_id = ?1",
            ))
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
            sqlx::query(&pool.sql("INSERT INTO auth_keys (id, vehicle_id, owner_id, key_hash, reason, created_at, expires_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)"))
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
        })
    }

    /// The owner's keys of a car, newest first.
    pub async fn keys(&self, vehicle_id: &str, owner_id: &str) -> ServerResult<Vec<KeyRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(&format!(
                "SELECT {KEY_COLUMNS} FROM auth_keys
                     WHERE vehicle_id = ? AND owner_id = ? ORDER BY created_at DESC, rowid DESC"
            )))
            .bind(vehicle_id)
            .bind(owner_id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// The car's key with this hash, if any (another car's key is not found).
    pub async fn key_by_hash(
        &self,
        vehicle_id: &str,
        key_hash: &str,
    ) -> ServerResult<Option<KeyRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(&format!(
                "SELECT {KEY_COLUMNS} FROM auth_keys WHERE vehicle_id = ? AND key_hash = ?"
            )))
            .bind(vehicle_id)
            .bind(key_hash)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// `false` when the key was already used or revoked.
    pub async fn use_key(&self, key_id: &str, now: i64) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result =
                sqlx::query(&pool.sql("UPDATE auth_keys SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL"))
                    .bind(now)
                    .bind(key_id)
                    .execute(pool)
                    .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    pub async fn head_unit_keys(&self, vehicle_id: &str) -> ServerResult<HeadUnitKeys> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql("SELECT wrong_entries, locked_at, pending_key_id, sms_code_hash, sms_expires_at, sms_tries,
               version
             FROM head_unit_keys WHERE vehicle_id = ?"))
            .bind(vehicle_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or_default())
        })
    }

    /// Writes a head unit's counters if nobody wrote them since `state` was read (its
    /// `version`); `false` means read again and redo, so two entries at once never both count
    /// from the same old number.
    pub async fn set_head_unit_keys(
        &self,
        vehicle_id: &str,
        state: &HeadUnitKeys,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("INSERT INTO head_unit_keys (vehicle_id) VALUES (?) ON CONFLICT (vehicle_id) DO NOTHING"))
                .bind(vehicle_id)
                .execute(pool)
                .await?;
            let result = sqlx::query(&pool.sql(
                "UPDATE head_unit_keys SET wrong_entries = ?2, locked_at = ?3, pending_key_id = ?4,
               sms_code_hash = ?5, sms_expires_at = ?6, sms_tries = ?7, version = version + 1
             WHERE vehicle_id = ?1 AND version = ?8",
            ))
            .bind(vehicle_id)
            .bind(state.wrong_entries)
            .bind(state.locked_at)
            .bind(&state.pending_key_id)
            .bind(&state.sms_code_hash)
            .bind(state.sms_expires_at)
            .bind(state.sms_tries)
            .bind(state.version)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// The dealer's service tool: lock lifted, counters cleared.
    pub async fn reset_head_unit_keys(&self, vehicle_id: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE head_unit_keys SET wrong_entries = 0, locked_at = NULL, pending_key_id = NULL,
               sms_code_hash = NULL, sms_expires_at = NULL, sms_tries = 0, version = version + 1
             WHERE vehicle_id = ?"))
            .bind(vehicle_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Counts an SMS code about to be sent for a key, unless the key has had `per_key` codes or
    /// the car `per_day` in the last 24 hours; counted in one transaction.
    pub async fn count_code_sent(
        &self,
        vehicle_id: &str,
        key_id: &str,
        now: i64,
        per_key: i64,
        per_day: i64,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (sent_for_key, sent_today): (i64, i64) = sqlx::query_as(&pool.sql("SELECT (SELECT codes_sent FROM auth_keys WHERE id = ?2),
                        (SELECT COUNT(*) FROM sms_codes_sent WHERE vehicle_id = ?1 AND sent_at > ?3 - 86400)"))
            .bind(vehicle_id)
            .bind(key_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            if sent_for_key >= per_key || sent_today >= per_day {
                return Ok(false);
            }
            sqlx::query(&pool.sql("UPDATE auth_keys SET codes_sent = codes_sent + 1 WHERE id = ?"))
                .bind(key_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                &pool.sql("INSERT INTO sms_codes_sent (vehicle_id, sent_at) VALUES (?, ?)"),
            )
            .bind(vehicle_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Counts a wrong SMS code against its key, revoking the key at `max`; returns the wrong
    /// codes so far. One statement, so parallel guesses all count.
    pub async fn count_wrong_code(&self, key_id: &str, now: i64, max: i64) -> ServerResult<i64> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_scalar(&pool.sql("UPDATE auth_keys SET wrong_codes = wrong_codes + 1,
               revoked_at = CASE WHEN wrong_codes + 1 >= ?3 THEN COALESCE(revoked_at, ?2) ELSE revoked_at END
             WHERE id = ?1 RETURNING wrong_codes"))
            .bind(key_id)
            .bind(now)
            .bind(max)
            .fetch_optional(pool)
            .await?
            .unwrap_or(max))
        })
    }
}

//! Attempts counted against a limit, kept in the database: they survive a restart and every
//! server on the database sees the same counts.

use super::Db;
use super::{on_engine, EnginePool};
use crate::error::ServerResult;

/// One limit on one key: at most `limit` attempts in `window_seconds`.
#[derive(Debug, Clone, Copy)]
pub struct AttemptLimit<'a> {
    pub bucket: &'static str,
    pub key: &'a str,
    pub limit: usize,
    pub window_seconds: i64,
}

impl Db {
    /// Counts an attempt against every limit before the work it guards, in one write
    /// transaction, so parallel requests cannot all slip under a limit. `Err(seconds to wait)`
    /// when a limit is used up (nothing is counted then), else the reservations, which
    /// [`Db::release_attempts`] takes back when the attempt did not fail.
    pub async fn reserve_attempts(
        &self,
        limits: &[AttemptLimit<'_>],
        now: i64,
    ) -> ServerResult<Result<Vec<i64>, u32>> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut wait = 0_i64;
            for limit in limits {
                let since = now - limit.window_seconds;
                let times: Vec<i64> = sqlx::query_scalar(&pool.sql(
                    "SELECT at FROM throttle_events WHERE bucket = ? AND key = ? AND at > ?
                     ORDER BY at DESC LIMIT ?",
                ))
                .bind(limit.bucket)
                .bind(limit.key)
                .bind(since)
                .bind(i64::try_from(limit.limit).unwrap_or(i64::MAX))
                .fetch_all(&mut *tx)
                .await?;
                if times.len() >= limit.limit {
                    // The window frees up when the oldest counted attempt leaves it.
                    let oldest = times.last().copied().unwrap_or(now);
                    wait = wait.max((oldest + limit.window_seconds - now).max(1));
                }
            }
            if wait > 0 {
                return Ok(Err(u32::try_from(wait).unwrap_or(u32::MAX)));
            }
            let mut ids = Vec::with_capacity(limits.len());
            for limit in limits {
                let id: i64 = sqlx::query_scalar(&pool.sql(
                    "INSERT INTO throttle_events (bucket, key, at) VALUES (?, ?, ?) RETURNING id",
                ))
                .bind(limit.bucket)
                .bind(limit.key)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                ids.push(id);
            }
            tx.commit().await?;
            Ok(Ok(ids))
        })
    }

    /// Takes back reservations of an attempt that succeeded.
    pub async fn release_attempts(&self, ids: &[i64]) -> ServerResult<()> {
        on_engine!(self, |pool| {
            for id in ids {
                sqlx::query(&pool.sql("DELETE FROM throttle_events WHERE id = ?"))
                    .bind(id)
                    .execute(pool)
                    .await?;
            }
            Ok(())
        })
    }

    /// Forgets every counted attempt of a key (a successful sign-in clears the account's).
    pub async fn clear_attempts(&self, bucket: &str, key: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("DELETE FROM throttle_events WHERE bucket = ? AND key = ?"))
                .bind(bucket)
                .bind(key)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Drops attempts older than any window still needs.
    pub async fn prune_attempts(&self, before: i64) -> ServerResult<u64> {
        on_engine!(self, |pool| {
            Ok(
                sqlx::query(&pool.sql("DELETE FROM throttle_events WHERE at < ?"))
                    .bind(before)
                    .execute(pool)
                    .await?
                    .rows_affected(),
            )
        })
    }
}

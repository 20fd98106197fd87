use super::{on_engine, EnginePool};
use sqlx::FromRow;

use super::Db;
use crate::error::ServerResult;

/// What an access token resolves to, before the caller decides whether it is still good.
#[derive(Debug, Clone, FromRow)]
pub struct AccessCheck {
    pub account_id: String,
    pub session_id: String,
    pub token_expires_at: i64,
    pub session_expires_at: i64,
    pub revoked_at: Option<i64>,
    pub step_up_until: Option<i64>,
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was fresh and is now used; carry on in this session.
    Rotated {
        account_id: String,
        session_id: String,
    },
    Unknown,
    /// The token had been used before: the session was revoked as a whole.
    Reused,
    Revoked,
    Expired,
}

#[derive(FromRow)]
struct RefreshRow {
    session_id: String,
    account_id: String,
    used_at: Option<i64>,
    session_expires_at: i64,
    revoked_at: Option<i64>,
}

impl Db {
    pub async fn insert_session(
        &self,
        session_id: &str,
        account_id: &str,
        now: i64,
        expires_at: i64,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql(
                "INSERT INTO sessions (id, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            ))
            .bind(session_id)
            .bind(account_id)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Issues one access and one refresh token in a session.
    pub async fn insert_tokens(
        &self,
        session_id: &str,
        access_hash: &str,
        access_expires_at: i64,
        refresh_hash: &str,
        now: i64,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(&pool.sql(
                "INSERT INTO access_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
            ))
            .bind(access_hash)
            .bind(session_id)
            .bind(access_expires_at)
            .execute(&mut *tx)
            .await?;
            sqlx::query(&pool.sql(
                "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES (?, ?, ?)",
            ))
            .bind(refresh_hash)
            .bind(session_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn check_access_token(&self, access_hash: &str) -> ServerResult<Option<AccessCheck>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT s.account_id, s.id AS session_id, a.expires_at AS token_expires_at,
                    s.expires_at AS session_expires_at, s.revoked_at, s.step_up_until
             FROM access_tokens a JOIN sessions s ON s.id = a.session_id
             WHERE a.token_hash = ?",
            ))
            .bind(access_hash)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// Uses a refresh token once. A second use revokes its whole session (family), since one of
    /// the two holders must be a thief.
    pub async fn use_refresh_token(
        &self,
        refresh_hash: &str,
        now: i64,
    ) -> ServerResult<RefreshOutcome> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<RefreshRow> = sqlx::query_as(&pool.sql("SELECT r.session_id, s.account_id, r.used_at, s.expires_at AS session_expires_at, s.revoked_at
             FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
             WHERE r.token_hash = ?"))
            .bind(refresh_hash)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                return Ok(RefreshOutcome::Unknown);
            };
            if row.revoked_at.is_some() {
                return Ok(RefreshOutcome::Revoked);
            }
            if now >= row.session_expires_at {
                return Ok(RefreshOutcome::Expired);
            }
            if row.used_at.is_some() {
                sqlx::query(&pool.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = 'refresh_reuse' WHERE id = ?"))
                .bind(now)
                .bind(&row.session_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                return Ok(RefreshOutcome::Reused);
            }
            let updated = sqlx::query(&pool.sql(
                "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
            ))
            .bind(now)
            .bind(refresh_hash)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            if updated.rows_affected() != 1 {
                // Another request used it between our read and write: treat as reuse.
                self.revoke_session(&row.session_id, now, "refresh_reuse")
                    .await?;
                return Ok(RefreshOutcome::Reused);
            }
            Ok(RefreshOutcome::Rotated {
                account_id: row.account_id,
                session_id: row.session_id,
            })
        })
    }

    pub async fn session_expires_at(&self, session_id: &str) -> ServerResult<Option<i64>> {
        on_engine!(self, |pool| {
            Ok(
                sqlx::query_scalar(&pool.sql("SELECT expires_at FROM sessions WHERE id = ?"))
                    .bind(session_id)
                    .fetch_optional(pool)
                    .await?,
            )
        })
    }

    pub async fn revoke_session(
        &self,
        session_id: &str,
        now: i64,
        reason: &str,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL"))
            .bind(now)
            .bind(reason)
            .bind(session_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Ends every session of an account, or every one but `except`.
    pub async fn revoke_all_sessions(
        &self,
        account_id: &str,
        except: Option<&str>,
        now: i64,
        reason: &str,
    ) -> ServerResult<u64> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql(
                "UPDATE sessions SET revoked_at = ?, revoked_reason = ?
                 WHERE account_id = ? AND revoked_at IS NULL AND (?4 IS NULL OR id <> ?4)",
            ))
            .bind(now)
            .bind(reason)
            .bind(account_id)
            .bind(except)
            .execute(pool)
            .await?;
            Ok(result.rows_affected())
        })
    }
}

impl Db {
    /// Whether a session is neither revoked nor past its 30 days.
    pub async fn session_active(&self, session_id: &str, now: i64) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let found: Option<i64> = sqlx::query_scalar(&pool.sql(
                "SELECT CAST(1 AS BIGINT) FROM sessions WHERE id = ? AND revoked_at IS NULL AND expires_at > ?",
            ))
            .bind(session_id)
            .bind(now)
            .fetch_optional(pool)
            .await?;
            Ok(found.is_some())
        })
    }

    /// Records a password or PIN check by the server: this session may unlock the car and start
    /// its engine until `until`.
    pub async fn grant_step_up(&self, session_id: &str, until: i64) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE sessions SET step_up_until = ? WHERE id = ?"))
                .bind(until)
                .bind(session_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Whether this account has signed in from this device before; records it either way.
    /// `None` when the account never signed in anywhere (its first device is not "new").
    pub async fn note_device(
        &self,
        account_id: &str,
        device_hash: &str,
        now: i64,
    ) -> ServerResult<Option<bool>> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (known, any): (i64, i64) = sqlx::query_as(&pool.sql("SELECT COALESCE(SUM(CASE WHEN device_hash = ?2 THEN 1 ELSE 0 END), 0), COUNT(*) FROM known_devices WHERE account_id = ?1"))
            .bind(account_id)
            .bind(device_hash)
            .fetch_one(&mut *tx)
            .await?;
            if known == 0 {
                sqlx::query(&pool.sql("INSERT INTO known_devices (account_id, device_hash, first_seen_at) VALUES (?, ?, ?)"))
                .bind(account_id)
                .bind(device_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok((any > 0).then_some(known > 0))
        })
    }
}

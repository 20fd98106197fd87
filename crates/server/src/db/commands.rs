use super::{on_engine, EnginePool};
use sqlx::FromRow;

use super::Db;
use crate::error::ServerResult;

#[derive(Debug, Clone, FromRow)]
pub struct CommandRow {
    pub id: String,
    pub vehicle_id: String,
    pub account_id: String,
    pub requested_by: String,
    pub request_hash: String,
    /// JSON of `CommandKind`.
    pub kind: String,
    /// The state's name (`requested`, `failed`, …).
    pub state: String,
    pub failure_reason: Option<String>,
    pub requested_at: i64,
    pub updated_at: i64,
    pub deliver_by: i64,
    /// Set while the server hands the command to the car.
    pub handed_over_at: Option<i64>,
}

pub struct NewCommand<'a> {
    pub id: &'a str,
    pub vehicle_id: &'a str,
    pub account_id: &'a str,
    pub idempotency_key: &'a str,
    pub request_hash: &'a str,
    pub kind_name: &'a str,
    pub kind: &'a str,
    pub now: i64,
    pub deliver_by: i64,
}

const COMMAND_COLUMNS: &str = "c.id, c.vehicle_id, c.account_id, a.nickname AS requested_by, c.request_hash, c.kind, c.state, c.failure_reason, c.requested_at, c.updated_at, c.deliver_by, c.handed_over_at";

impl Db {
    /// The command an account sent under an idempotency key in the last 24 hours.
    pub async fn command_by_key(
        &self,
        account_id: &str,
        key: &str,
        since: i64,
    ) -> ServerResult<Option<CommandRow>> {
        on_engine!(self, |pool| {
            let sql = format!(
                "SELECT {COMMAND_COLUMNS} FROM commands c JOIN accounts a ON a.id = c.account_id
                 WHERE c.account_id = ? AND c.idempotency_key = ? AND c.requested_at > ?"
            );
            Ok(sqlx::query_as(&pool.sql(&sql))
                .bind(account_id)
                .bind(key)
                .bind(since)
                .fetch_optional(pool)
                .await?)
        })
    }

    /// Stores a new command; `false` if the key was taken meanwhile (a concurrent retry).
    pub async fn insert_command(
        &self,
        command: &NewCommand<'_>,
        key_expired_before: i64,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(&pool.sql(
                "UPDATE commands SET idempotency_key = NULL
                 WHERE account_id = ? AND idempotency_key = ? AND requested_at <= ?",
            ))
            .bind(command.account_id)
            .bind(command.idempotency_key)
            .bind(key_expired_before)
            .execute(&mut *tx)
            .await?;
            let inserted = sqlx::query(&pool.sql("INSERT INTO commands (id, vehicle_id, account_id, idempotency_key, request_hash, kind_name, kind,
                state, requested_at, updated_at, deliver_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?)
             ON CONFLICT (account_id, idempotency_key) DO NOTHING"))
            .bind(command.id)
            .bind(command.vehicle_id)
            .bind(command.account_id)
            .bind(command.idempotency_key)
            .bind(command.request_hash)
            .bind(command.kind_name)
            .bind(command.kind)
            .bind(command.now)
            .bind(command.now)
            .bind(command.deliver_by)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(inserted.rows_affected() == 1)
        })
    }

    pub async fn command(&self, id: &str) -> ServerResult<Option<CommandRow>> {
        on_engine!(self, |pool| {
            let sql = format!(
                "SELECT {COMMAND_COLUMNS} FROM commands c JOIN accounts a ON a.id = c.account_id WHERE c.id = ?"
            );
            Ok(sqlx::query_as(&pool.sql(&sql))
                .bind(id)
                .fetch_optional(pool)
                .await?)
        })
    }

    /// The car's newest commands sent since `since`, newest first.
    pub async fn recent_commands(
        &self,
        vehicle_id: &str,
        since: i64,
        limit: i64,
    ) -> ServerResult<Vec<CommandRow>> {
        on_engine!(self, |pool| {
            let sql = format!(
                "SELECT {COMMAND_COLUMNS} FROM commands c JOIN accounts a ON a.id = c.account_id
             WHERE c.vehicle_id = ? AND c.requested_at >= ?
             ORDER BY c.requested_at DESC, c.rowid DESC LIMIT ?"
            );
            Ok(sqlx::query_as(&pool.sql(&sql))
                .bind(vehicle_id)
                .bind(since)
                .bind(limit)
                .fetch_all(pool)
                .await?)
        })
    }

    /// Moves a command from `from` to `to`; `false` if its state was no longer `from`, so two
    /// writers can never both win.
    pub async fn set_command_state(
        &self,
        id: &str,
        from: &str,
        to: &str,
        reason: Option<&str>,
        now: i64,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql("UPDATE commands SET state = ?, failure_reason = ?, updated_at = ? WHERE id = ? AND state = ?"))
                .bind(to)
                .bind(reason)
                .bind(now)
                .bind(id)
                .bind(from)
                .execute(pool)
                .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Commands not yet final, for resolving after a restart.
    pub async fn unfinished_commands(&self) -> ServerResult<Vec<CommandRow>> {
        on_engine!(self, |pool| {
            let sql = format!(
                "SELECT {COMMAND_COLUMNS} FROM commands c JOIN accounts a ON a.id = c.account_id
                 WHERE c.state IN ('requested', 'delivered', 'running')"
            );
            Ok(sqlx::query_as(&pool.sql(&sql)).fetch_all(pool).await?)
        })
    }

    /// The car's remote runs still going, by the server's account.
    pub async fn running_commands_of(&self, vehicle_id: &str) -> ServerResult<Vec<CommandRow>> {
        on_engine!(self, |pool| {
            let sql = format!(
                "SELECT {COMMAND_COLUMNS} FROM commands c JOIN accounts a ON a.id = c.account_id
                 WHERE c.vehicle_id = ? AND c.state = 'running'"
            );
            Ok(sqlx::query_as(&pool.sql(&sql))
                .bind(vehicle_id)
                .fetch_all(pool)
                .await?)
        })
    }

    /// Remote starts and extensions that reached the engine since `since`.
    pub async fn remote_starts_since(&self, vehicle_id: &str, since: i64) -> ServerResult<i64> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_scalar(&pool.sql(
                "SELECT COUNT(*) FROM commands WHERE vehicle_id = ? AND requested_at >= ?
               AND kind_name IN ('engine_start', 'engine_extend')
               AND state IN ('requested', 'delivered', 'running', 'succeeded')",
            ))
            .bind(vehicle_id)
            .bind(since)
            .fetch_one(pool)
            .await?)
        })
    }

    /// Marks a requested command as being handed to the car; `false` if it is no longer
    /// requested (an answer or the deadline came first).
    pub async fn mark_handed_over(&self, id: &str, now: i64) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            Ok(sqlx::query(&pool.sql("UPDATE commands SET handed_over_at = COALESCE(handed_over_at, ?) WHERE id = ? AND state = 'requested'"))
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
                == 1)
        })
    }

    /// The car did not get it after all (out of reach, or it dropped it).
    pub async fn clear_handed_over(&self, id: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql(
                "UPDATE commands SET handed_over_at = NULL WHERE id = ? AND state = 'requested'",
            ))
            .bind(id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

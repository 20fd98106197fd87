//! Storage. Handlers call these methods and never hold SQL themselves, so a PostgreSQL backend
//! means a second implementation of this module, not a rewrite of the handlers.

mod accounts;
mod alert_settings;
mod auth_keys;
mod commands;
mod events;
mod links;
mod outbox;
mod sessions;
mod simulator;
mod status;
mod vehicles;
mod zones;

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use accounts::{AccountRow, TokenPurpose};
pub use alert_settings::AlertRecipient;
pub use auth_keys::{HeadUnitKeys, KeyRefused, KeyRow, NewKeyRow};
pub use commands::{CommandRow, NewCommand};
pub use links::{DriverRow, InvitationRow, LinkRow, ReceivedInvitationRow};
pub use outbox::NewMessage;
pub use sessions::{AccessCheck, RefreshOutcome};
pub use vehicles::{NewVehicle, VehicleRow};
pub use zones::ZoneRow;

use crate::error::{ServerError, ServerResult};

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
}

impl Db {
    /// Opens (creating if missing) a SQLite database, with WAL and foreign keys on.
    /// `url` is `sqlite://path/to/file.db` or `sqlite::memory:`.
    pub async fn connect(url: &str) -> ServerResult<Db> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL survives a crash of the process (what a restart is) and skips an
            // fsync per commit; each car report commits several times.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // An in-memory database lives as long as its one connection.
        let max = if url.contains(":memory:") { 1 } else { 8 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .connect_with(options)
            .await?;
        Ok(Db { pool })
    }

    pub async fn migrate(&self) -> ServerResult<()> {
        MIGRATIONS.run(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A transaction that takes the write lock at once. A deferred one that reads and then writes
    /// fails with "database is locked" (no waiting) when another connection wrote in between,
    /// which the simulated cars do all the time; taking the lock first makes it wait its turn.
    pub(crate) async fn write_transaction(
        &self,
    ) -> ServerResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation, which some inserts expect.
fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl From<ServerError> for std::io::Error {
    fn from(error: ServerError) -> Self {
        std::io::Error::other(error.to_string())
    }
}

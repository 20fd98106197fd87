//! Storage. Handlers call these methods and never hold SQL themselves, so a PostgreSQL backend
//! means a second implementation of this module, not a rewrite of the handlers.

mod accounts;
mod alert_settings;
mod auth_keys;
mod commands;
mod events;
mod links;
mod nissanconnect;
mod outbox;
mod sessions;
mod simulator;
mod status;
mod throttle;
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
pub use nissanconnect::NissanConnectRow;
pub use outbox::NewMessage;
pub use sessions::{AccessCheck, RefreshOutcome};
pub use throttle::AttemptLimit;
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
        Self::open(url, None).await
    }

    /// Like [`Db::connect`], encrypted at rest with SQLCipher under a 256-bit key (64 hex
    /// digits). A database written before encryption existed is encrypted in place first.
    pub async fn connect_encrypted(url: &str, hex_key: &str) -> ServerResult<Db> {
        if hex_key.len() != 64 || !hex_key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServerError::Internal(
                "a database key is 64 hex digits".into(),
            ));
        }
        encrypt_plain_file(url, hex_key).await?;
        let db = Self::open(url, Some(hex_key)).await?;
        // A wrong key (or a file that is not ours) fails here, not at the first request.
        sqlx::query("SELECT count(*) FROM sqlite_master")
            .execute(&db.pool)
            .await?;
        Ok(db)
    }

    async fn open(url: &str, hex_key: Option<&str>) -> ServerResult<Db> {
        let mut options = SqliteConnectOptions::from_str(url)?;
        if let Some(key) = hex_key {
            // SQLCipher's raw-key form; sqlx runs the `key` pragma before any other.
            options = options.pragma("key", format!("\"x'{key}'\""));
        }
        let options = options
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

/// SQLite's plaintext files start with this.
const PLAIN_HEADER: &[u8] = b"SQLite format 3\0";

/// Encrypts a plaintext database file (from before the sandbox was encrypted) in place with
/// SQLCipher's export, then removes every plaintext copy. Nothing to do for a missing or an
/// already encrypted file.
async fn encrypt_plain_file(url: &str, hex_key: &str) -> ServerResult<()> {
    let Some(path) = url
        .strip_prefix("sqlite://")
        .map(|p| std::path::PathBuf::from(p.split('?').next().unwrap_or(p)))
    else {
        return Ok(());
    };
    let mut header = [0u8; 16];
    let is_plain = std::fs::File::open(&path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header))
        .is_ok()
        && header == PLAIN_HEADER;
    if !is_plain {
        return Ok(());
    }
    let encrypted = path.with_extension("encrypting");
    let _ = std::fs::remove_file(&encrypted);
    let plain = Db::open(url, None).await?;
    {
        // ATTACH belongs to one connection: all three statements on the same one.
        let mut connection = plain.pool.acquire().await?;
        let target = encrypted.to_string_lossy().replace('\'', "''");
        sqlx::query(&format!(
            "ATTACH DATABASE '{target}' AS encrypted KEY \"x'{hex_key}'\""
        ))
        .execute(&mut *connection)
        .await?;
        sqlx::query("SELECT sqlcipher_export('encrypted')")
            .execute(&mut *connection)
            .await?;
        sqlx::query("DETACH DATABASE encrypted")
            .execute(&mut *connection)
            .await?;
    }
    plain.close().await;
    std::fs::rename(&encrypted, &path)
        .map_err(|e| ServerError::Internal(format!("replacing the plaintext database: {e}")))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    Ok(())
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

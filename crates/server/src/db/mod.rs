//! Storage. Handlers call these methods and never hold SQL themselves. Each method is written
//! once and runs on SQLite or PostgreSQL, whichever the database URL names (see `engine`).

mod accounts;
mod alert_settings;
mod auth_keys;
mod commands;
pub(crate) mod engine;
mod events;
mod links;
mod nissanconnect;
mod outbox;
mod reports;
mod sessions;
mod simulator;
mod status;
mod throttle;
mod vehicles;
mod zones;

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use accounts::{AccountRow, TokenPurpose};
pub use alert_settings::AlertRecipient;
pub use auth_keys::{HeadUnitKeys, KeyRefused, KeyRow, NewKeyRow};
pub use commands::{CommandRow, NewCommand};
pub use links::{DriverRow, InvitationRow, LinkRow, ReceivedInvitationRow};
pub use nissanconnect::NissanConnectRow;
pub use outbox::NewMessage;
pub use reports::{NewStatus, ReportTarget};
pub use sessions::{AccessCheck, RefreshOutcome};
pub use throttle::AttemptLimit;
pub use vehicles::{NewVehicle, VehicleRow};
pub use zones::ZoneRow;

use crate::error::{ServerError, ServerResult};
use engine::Pool;
pub(crate) use engine::{on_engine, EnginePool};

/// The same schema, version by version, in each engine's SQL (a test keeps the two in step).
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
#[cfg(feature = "postgres")]
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which engine a database is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a database URL names, or why it names none this build can open.
    pub fn of_url(url: &str) -> ServerResult<Engine> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            if cfg!(feature = "postgres") {
                Ok(Engine::Postgres)
            } else {
                Err(ServerError::Internal(
                    "this build has no PostgreSQL support (the `postgres` feature)".into(),
                ))
            }
        } else {
            Err(ServerError::Internal(
                "a database URL starts with sqlite: or postgres://".into(),
            ))
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
}

impl Db {
    /// Opens a database. `sqlite://path/to/file.db` (created if missing, WAL, foreign keys on)
    /// or `sqlite::memory:`; `postgres://user:password@host/database` for PostgreSQL.
    pub async fn connect(url: &str) -> ServerResult<Db> {
        match Engine::of_url(url)? {
            Engine::Sqlite => Self::open(url, None).await,
            Engine::Postgres => Self::open_postgres(url).await,
        }
    }

    #[cfg(feature = "postgres")]
    async fn open_postgres(url: &str) -> ServerResult<Db> {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Db {
            pool: Pool::Postgres(pool),
        })
    }

    #[cfg(not(feature = "postgres"))]
    async fn open_postgres(_url: &str) -> ServerResult<Db> {
        unreachable!("Engine::of_url refuses PostgreSQL without the feature")
    }

    /// The engine this database is on.
    pub fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            #[cfg(feature = "postgres")]
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// Like [`Db::connect`], encrypted at rest with SQLCipher under a 256-bit key (64 hex
    /// digits). A database written before encryption existed is encrypted in place first.
    pub async fn connect_encrypted(url: &str, hex_key: &str) -> ServerResult<Db> {
        if Engine::of_url(url)? != Engine::Sqlite {
            return Err(ServerError::Internal(
                "a database key encrypts a SQLite file; PostgreSQL encrypts at rest itself".into(),
            ));
        }
        if hex_key.len() != 64 || !hex_key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServerError::Internal(
                "a database key is 64 hex digits".into(),
            ));
        }
        encrypt_plain_file(url, hex_key).await?;
        let db = Self::open(url, Some(hex_key)).await?;
        // A wrong key (or a file that is not ours) fails here, not at the first request.
        // Irrefutable in a build without PostgreSQL.
        #[allow(irrefutable_let_patterns)]
        if let Pool::Sqlite(pool) = &db.pool {
            sqlx::query("SELECT count(*) FROM sqlite_master")
                .execute(pool)
                .await?;
        }
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
        Ok(Db {
            pool: Pool::Sqlite(pool),
        })
    }

    pub async fn migrate(&self) -> ServerResult<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            #[cfg(feature = "postgres")]
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    pub async fn close(&self) {
        on_engine!(self, |pool| pool.close().await)
    }

    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Claims a PostgreSQL database for this process alone, until the claim is dropped or the
    /// process ends (the database then lets go by itself). The simulated cars, the gateway's
    /// polling and command delivery run in the process, so a second instance on the same
    /// database would run them twice; it is refused instead. Nothing to claim on SQLite.
    pub async fn claim_sole_instance(&self) -> ServerResult<InstanceClaim> {
        match &self.pool {
            Pool::Sqlite(_) => Ok(InstanceClaim { _connection: None }),
            #[cfg(feature = "postgres")]
            Pool::Postgres(pool) => {
                // A session lock lives as long as its connection: this one stays out of the pool.
                let mut connection = pool.acquire().await?;
                let claimed: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(SOLE_INSTANCE)
                    .fetch_one(&mut *connection)
                    .await?;
                if !claimed {
                    return Err(ServerError::Internal(
                        "another keyfob-server is already serving this database; \
                         one instance per database until several are supported"
                            .into(),
                    ));
                }
                Ok(InstanceClaim {
                    _connection: Some(connection),
                })
            }
        }
    }
}

/// See [`Db::claim_sole_instance`].
#[must_use = "the claim ends when it is dropped"]
pub struct InstanceClaim {
    _connection: Option<ClaimConnection>,
}

#[cfg(feature = "postgres")]
type ClaimConnection = sqlx::pool::PoolConnection<sqlx::Postgres>;
#[cfg(not(feature = "postgres"))]
type ClaimConnection = ();

/// The advisory lock key of [`Db::claim_sole_instance`].
#[cfg(feature = "postgres")]
const SOLE_INSTANCE: i64 = 0x4B45_5946_4F42_0001;

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
        #[allow(irrefutable_let_patterns)]
        let Pool::Sqlite(pool) = &plain.pool
        else {
            unreachable!("opened as SQLite above")
        };
        let mut connection = pool.acquire().await?;
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

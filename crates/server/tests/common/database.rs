//! The database a test runs on. The test command runs the server suite twice: on SQLite files,
//! then on PostgreSQL, with `KEYFOB_TEST_POSTGRES_URL` naming a throwaway cluster
//! (`scripts/with-postgres.sh`). Each test gets a database of its own either way.

use std::{
    path::Path,
    sync::atomic::{AtomicU32, Ordering},
};

use sqlx::Connection;

/// The throwaway cluster's address, when this run is the PostgreSQL one.
pub fn postgres_cluster() -> Option<String> {
    std::env::var("KEYFOB_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A new, empty database: on the PostgreSQL cluster in the PostgreSQL run, else a SQLite file
/// in `dir`.
pub async fn fresh_database(dir: &Path) -> String {
    match postgres_cluster() {
        Some(cluster) => fresh_postgres_database(&cluster).await,
        None => sqlite_database(dir),
    }
}

/// A SQLite file in `dir` whatever the run: for what only SQLite has (an encrypted file).
pub fn sqlite_database(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("keyfob.db").display())
}

async fn fresh_postgres_database(cluster: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "keyfob_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(cluster)
        .await
        .expect("the test PostgreSQL cluster");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a test database");
    admin.close().await.expect("close");
    let (base, _database) = cluster
        .rsplit_once('/')
        .expect("a cluster URL ends in a database name");
    format!("{base}/{name}")
}

/// Runs one statement (no parameters) straight on a test's database, whichever engine: for a
/// test that must damage what the server stored.
pub async fn execute(url: &str, sql: &str) {
    if url.starts_with("postgres") {
        let mut connection = sqlx::PgConnection::connect(url).await.expect("connect");
        sqlx::query(sql).execute(&mut connection).await.expect(sql);
    } else {
        let mut connection = sqlx::SqliteConnection::connect(url).await.expect("connect");
        sqlx::query(sql).execute(&mut connection).await.expect(sql);
    }
}

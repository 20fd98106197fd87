//! The two database engines: the suite runs on the one the test command chose, and the two sets
//! of migrations build the same schema.

mod common;

use std::collections::BTreeMap;

use common::{database, TestServer};
use keyfob_server::db::Engine;

#[tokio::test]
async fn the_suite_runs_on_the_engine_the_test_command_chose() {
    let server = TestServer::start().await;
    let expected = if database::postgres_cluster().is_some() {
        Engine::Postgres
    } else {
        Engine::Sqlite
    };
    assert_eq!(server.state().db.engine(), expected);
}

#[test]
fn both_engines_have_the_same_migrations_version_by_version() {
    let names = |engine: &str| {
        let dir = format!("{}/migrations/{engine}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    };
    let sqlite = names("sqlite");
    assert!(sqlite.len() >= 9, "{sqlite:?}");
    assert_eq!(sqlite, names("postgres"));
}

/// Each table's columns, by name.
type Schema = BTreeMap<String, Vec<String>>;

async fn sqlite_schema() -> Schema {
    // One connection: each in-memory connection is a database of its own.
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .expect("pool");
    sqlx::migrate!("./migrations/sqlite")
        .run(&pool)
        .await
        .expect("migrate");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .expect("columns");
    collect(rows)
}

async fn postgres_schema(url: &str) -> Schema {
    let pool = sqlx::PgPool::connect(url).await.expect("pool");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .expect("columns");
    // SQLite's implicit rowid is an explicit column on PostgreSQL.
    collect(rows.into_iter().filter(|(_, column)| column != "row_order"))
}

fn collect(rows: impl IntoIterator<Item = (String, String)>) -> Schema {
    let mut schema = Schema::new();
    for (table, column) in rows {
        schema.entry(table).or_default().push(column);
    }
    for columns in schema.values_mut() {
        columns.sort();
    }
    schema
}

#[tokio::test]
async fn the_postgresql_migrations_build_the_tables_and_columns_the_sqlite_ones_build() {
    let Some(_) = database::postgres_cluster() else {
        // The SQLite run has no cluster; the PostgreSQL run of the same suite checks this.
        return;
    };
    let server = TestServer::start().await;
    let postgres = postgres_schema(&server.database_url()).await;
    let sqlite = sqlite_schema().await;
    assert!(sqlite.len() >= 20, "{:?}", sqlite.keys());
    assert_eq!(postgres, sqlite);
}

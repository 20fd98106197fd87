//! The two database engines behind [`super::Db`]: SQLite (embedded, the default) and PostgreSQL
//! (a server that outgrows one machine). Every statement is written once, in the SQL both engines
//! share, with SQLite's `?` / `?N` placeholders; [`EnginePool::sql`] turns it into PostgreSQL's
//! form. A method body runs on either pool through [`on_engine!`], compiled once per engine.

use std::borrow::Cow;

use sqlx::sqlite::SqlitePool;

/// The connection pool of whichever engine the server was started on.
#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::postgres::PgPool),
}

/// Runs `$body` with `$pool` bound to the engine's own pool type (`&SqlitePool` or `&PgPool`).
macro_rules! on_engine {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db.pool() {
            $crate::db::engine::Pool::Sqlite($pool) => $body,
            #[cfg(feature = "postgres")]
            $crate::db::engine::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_engine;

/// What differs between the engines, for the statements and transactions in `db/`.
pub(crate) trait EnginePool {
    type Database: sqlx::Database;

    /// The statement in this engine's form.
    fn sql<'a>(&self, sql: &'a str) -> Cow<'a, str>;

    /// A transaction that writers take one at a time: two read-then-write transactions never
    /// interleave, on either engine.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Database>, sqlx::Error>;
}

impl EnginePool for SqlitePool {
    type Database = sqlx::Sqlite;

    fn sql<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        Cow::Borrowed(sql)
    }

    /// A deferred transaction that reads and then writes fails with "database is locked" (no
    /// waiting) when another connection wrote in between, which the simulated cars do all the
    /// time; taking the write lock first makes it wait its turn.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

#[cfg(feature = "postgres")]
impl EnginePool for sqlx::postgres::PgPool {
    type Database = sqlx::Postgres;

    fn sql<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        Cow::Owned(to_postgres(sql))
    }

    /// PostgreSQL lets writers run side by side; the transaction-scoped advisory lock gives the
    /// read-then-write transactions the same one-at-a-time order SQLite's write lock gives them.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        let mut tx = self.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(WRITE_LOCK)
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// The advisory lock key of [`EnginePool::begin_write`] ("KEYFOB" in ASCII).
#[cfg(feature = "postgres")]
const WRITE_LOCK: i64 = 0x4B45_5946_4F42;

/// SQLite's form of a statement in PostgreSQL's: `?N` becomes `$N`, a bare `?` the next number
/// (SQLite numbers it one past the largest so far), and SQLite's implicit `rowid` the explicit
/// `row_order` column the PostgreSQL tables carry in its place. Quoted text is left alone.
#[cfg(any(feature = "postgres", test))]
pub(crate) fn to_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    let mut largest = 0_u32;
    let mut quote: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        if let Some(open) = quote {
            out.push(c);
            if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut digits = String::new();
                while let Some((_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let number = digits.parse().unwrap_or(largest + 1);
                largest = largest.max(number);
                out.push('$');
                out.push_str(&number.to_string());
            }
            'r' if is_word_at(sql, at, "rowid") => {
                out.push_str("row_order");
                for _ in 0.."rowid".len() - 1 {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `word` stands alone at `at`: not part of a longer name.
#[cfg(any(feature = "postgres", test))]
fn is_word_at(sql: &str, at: usize, word: &str) -> bool {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    sql[at..].starts_with(word)
        && !sql[..at].chars().next_back().is_some_and(is_name)
        && !sql[at + word.len()..].chars().next().is_some_and(is_name)
}

#[cfg(test)]
mod tests {
    use super::to_postgres;

    #[test]
    fn bare_placeholders_are_numbered_in_order() {
        assert_eq!(
            to_postgres("UPDATE t SET a = ?, b = ? WHERE id = ?"),
            "UPDATE t SET a = $1, b = $2 WHERE id = $3"
        );
    }

    #[test]
    fn numbered_placeholders_keep_their_number_and_a_bare_one_follows_the_largest() {
        assert_eq!(
            to_postgres("SELECT ?2, ?1 WHERE x = ?1 AND y = ?"),
            "SELECT $2, $1 WHERE x = $1 AND y = $3"
        );
    }

    #[test]
    fn quoted_text_is_left_alone() {
        assert_eq!(
            to_postgres(r#"SELECT 'a ? b', "odd?" FROM t WHERE p LIKE '{"type":"x"%' AND q = ?"#),
            r#"SELECT 'a ? b', "odd?" FROM t WHERE p LIKE '{"type":"x"%' AND q = $1"#
        );
        assert_eq!(to_postgres("SELECT 'it''s ?' , ?"), "SELECT 'it''s ?' , $1");
    }

    #[test]
    fn rowid_becomes_the_explicit_order_column_only_as_a_whole_word() {
        assert_eq!(
            to_postgres("ORDER BY c.rowid DESC, rowid, my_rowid, rowids"),
            "ORDER BY c.row_order DESC, row_order, my_rowid, rowids"
        );
    }
}

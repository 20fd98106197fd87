use super::{on_engine, EnginePool};
use sqlx::FromRow;

use super::{is_unique_violation, Db};
use crate::error::ServerResult;

#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub nickname: String,
    pub region: String,
    pub phone: Option<String>,
    pub email_confirmed_at: Option<i64>,
    pub created_at: i64,
    /// When the phone number last changed (not set at registration).
    pub phone_changed_at: Option<i64>,
    /// The app PIN's Argon2 hash, when one is set.
    pub pin_hash: Option<String>,
    pub pin_failures: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    ConfirmEmail,
    ResetPassword,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::ConfirmEmail => "confirm_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }
}

/// What a single-use token lookup found.
#[derive(Debug, Clone, FromRow)]
pub struct AccountTokenRow {
    pub account_id: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

const ACCOUNT_COLUMNS: &str = "id, email, password_hash, nickname, region, phone, \
     email_confirmed_at, created_at, phone_changed_at, pin_hash, pin_failures";

impl Db {
    /// Inserts an account; `Ok(false)` when the email is taken.
    pub async fn insert_account(
        &self,
        account: &AccountRow,
        email_key: &str,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql("INSERT INTO accounts (id, email, email_key, password_hash, nickname, region, phone, email_confirmed_at, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"))
            .bind(&account.id)
            .bind(&account.email)
            .bind(email_key)
            .bind(&account.password_hash)
            .bind(&account.nickname)
            .bind(&account.region)
            .bind(&account.phone)
            .bind(account.email_confirmed_at)
            .bind(account.created_at)
            .execute(pool)
            .await;
            match result {
                Ok(_) => Ok(true),
                Err(error) if is_unique_violation(&error) => Ok(false),
                Err(error) => Err(error.into()),
            }
        })
    }

    pub async fn account_by_email_key(&self, email_key: &str) -> ServerResult<Option<AccountRow>> {
        on_engine!(self, |pool| {
            let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email_key = ?");
            Ok(sqlx::query_as(&pool.sql(&sql))
                .bind(email_key)
                .fetch_optional(pool)
                .await?)
        })
    }

    pub async fn account_by_id(&self, id: &str) -> ServerResult<Option<AccountRow>> {
        on_engine!(self, |pool| {
            let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?");
            Ok(sqlx::query_as(&pool.sql(&sql))
                .bind(id)
                .fetch_optional(pool)
                .await?)
        })
    }

    pub async fn confirm_email(&self, account_id: &str, now: i64) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE accounts SET email_confirmed_at = COALESCE(email_confirmed_at, ?) WHERE id = ?"))
            .bind(now)
            .bind(account_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn set_password_hash(&self, account_id: &str, hash: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE accounts SET password_hash = ? WHERE id = ?"))
                .bind(hash)
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn set_nickname(&self, account_id: &str, nickname: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE accounts SET nickname = ? WHERE id = ?"))
                .bind(nickname)
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Changes (or removes) the phone number, recording when: codes wait 24 hours after it.
    pub async fn set_phone(
        &self,
        account_id: &str,
        phone: Option<&str>,
        now: i64,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(
                &pool.sql("UPDATE accounts SET phone = ?, phone_changed_at = ? WHERE id = ?"),
            )
            .bind(phone)
            .bind(now)
            .bind(account_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Sets (`Some`) or removes the app PIN's hash, with a fresh count of wrong tries.
    pub async fn set_pin_hash(&self, account_id: &str, hash: Option<&str>) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(
                &pool.sql("UPDATE accounts SET pin_hash = ?, pin_failures = 0 WHERE id = ?"),
            )
            .bind(hash)
            .bind(account_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Counts a wrong PIN; at `max` the PIN is switched off. Returns the failures so far, or
    /// `None` when this try switched it off. One statement, so parallel tries all count.
    pub async fn count_wrong_pin(&self, account_id: &str, max: i64) -> ServerResult<Option<i64>> {
        on_engine!(self, |pool| {
            let failures: Option<i64> = sqlx::query_scalar(&pool.sql(
                "UPDATE accounts SET pin_failures = pin_failures + 1,
               pin_hash = CASE WHEN pin_failures + 1 >= ?2 THEN NULL ELSE pin_hash END
             WHERE id = ?1 AND pin_hash IS NOT NULL RETURNING pin_failures",
            ))
            .bind(account_id)
            .bind(max)
            .fetch_optional(pool)
            .await?;
            Ok(failures.filter(|&f| f < max))
        })
    }

    pub async fn clear_pin_failures(&self, account_id: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE accounts SET pin_failures = 0 WHERE id = ?"))
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Deletes the account; its sessions, links, drivers and invitations go with it (cascade).
    pub async fn delete_account(&self, account_id: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("DELETE FROM accounts WHERE id = ?"))
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Stores a new single-use token, making earlier unused ones of the same purpose void.
    pub async fn insert_account_token(
        &self,
        token_hash: &str,
        account_id: &str,
        purpose: TokenPurpose,
        now: i64,
        expires_at: i64,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(&pool.sql("UPDATE account_tokens SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL"))
            .bind(now)
            .bind(account_id)
            .bind(purpose.as_str())
            .execute(&mut *tx)
            .await?;
            sqlx::query(&pool.sql("INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at)
                 VALUES (?, ?, ?, ?, ?)"))
            .bind(token_hash)
            .bind(account_id)
            .bind(purpose.as_str())
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn account_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
    ) -> ServerResult<Option<AccountTokenRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql("SELECT account_id, expires_at, used_at FROM account_tokens WHERE token_hash = ? AND purpose = ?"))
            .bind(token_hash)
            .bind(purpose.as_str())
            .fetch_optional(pool)
            .await?)
        })
    }

    /// Marks a token used; `false` if it was used already (two clicks racing on one link).
    pub async fn use_account_token(&self, token_hash: &str, now: i64) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql(
                "UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
            ))
            .bind(now)
            .bind(token_hash)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }
}

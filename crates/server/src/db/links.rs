use super::{on_engine, EnginePool};
use sqlx::FromRow;

use super::{is_unique_violation, vehicles::VEHICLE_COLUMNS, Db, VehicleRow};
use crate::error::ServerResult;

/// A car as one of its members sees it: the database row, its link and the member's role.
#[derive(Debug, Clone, FromRow)]
pub struct LinkRow {
    #[sqlx(flatten)]
    pub vehicle: VehicleRow,
    pub owner_id: String,
    pub owner_nickname: String,
    pub linked_at: i64,
    pub confirmed_at: Option<i64>,
    pub synced_at: Option<i64>,
    /// When the owner reported the car stolen, if they did.
    pub stolen_at: Option<i64>,
    /// True when the member asking is the owner, false for a secondary driver.
    pub is_owner: bool,
    /// When the member asking joined: the owner's link, a driver's acceptance. They see the
    /// car's history from here only.
    pub member_since: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct DriverRow {
    pub account_id: String,
    pub nickname: String,
    pub added_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct InvitationRow {
    pub id: String,
    pub vehicle_id: String,
    pub email: String,
    pub sent_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct ReceivedInvitationRow {
    pub id: String,
    pub vehicle_id: String,
    pub model: String,
    pub model_year: i64,
    pub vin: String,
    pub owner_nickname: String,
    pub sent_at: i64,
}

fn member_query(filter: &str) -> String {
    format!(
        "SELECT {VEHICLE_COLUMNS}, l.owner_id, o.nickname AS owner_nickname, l.linked_at,
                l.confirmed_at, l.synced_at, l.stolen_at, (l.owner_id = ?1) AS is_owner,
                CASE WHEN l.owner_id = ?1 THEN l.linked_at ELSE d.added_at END AS member_since
         FROM vehicle_links l
         JOIN vehicles v ON v.id = l.vehicle_id
         JOIN accounts o ON o.id = l.owner_id
         LEFT JOIN vehicle_drivers d ON d.vehicle_id = l.vehicle_id AND d.account_id = ?1
         WHERE (l.owner_id = ?1 OR d.account_id IS NOT NULL) {filter}
         ORDER BY l.linked_at, v.vin"
    )
}

impl Db {
    /// Links a car to its owner; `false` when someone holds it already.
    pub async fn insert_link(
        &self,
        vehicle_id: &str,
        owner_id: &str,
        now: i64,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql(
                "INSERT INTO vehicle_links (vehicle_id, owner_id, linked_at) VALUES (?, ?, ?)",
            ))
            .bind(vehicle_id)
            .bind(owner_id)
            .bind(now)
            .execute(pool)
            .await;
            match result {
                Ok(_) => Ok(true),
                Err(error) if is_unique_violation(&error) => Ok(false),
                Err(error) => Err(error.into()),
            }
        })
    }

    /// Who owns a car and the state of its link, whoever asks.
    pub async fn link_owner(
        &self,
        vehicle_id: &str,
    ) -> ServerResult<Option<(String, i64, Option<i64>)>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(
                "SELECT owner_id, linked_at, confirmed_at FROM vehicle_links WHERE vehicle_id = ?",
            ))
            .bind(vehicle_id)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// The car if `account_id` owns or drives it; `None` hides whether it exists at all.
    pub async fn member_vehicle(
        &self,
        account_id: &str,
        vehicle_id: &str,
    ) -> ServerResult<Option<LinkRow>> {
        on_engine!(self, |pool| {
            Ok(
                sqlx::query_as(&pool.sql(&member_query("AND l.vehicle_id = ?2")))
                    .bind(account_id)
                    .bind(vehicle_id)
                    .fetch_optional(pool)
                    .await?,
            )
        })
    }

    pub async fn member_vehicles(&self, account_id: &str) -> ServerResult<Vec<LinkRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql(&member_query("")))
                .bind(account_id)
                .fetch_all(pool)
                .await?)
        })
    }

    /// Removes a car's link and erases everything its members kept about it: drivers and
    /// invitations, commands, status and the event log (positions) by cascade; and zones, alert
    /// settings and history, the alert rules' memory, head-unit keys (a live one is refused from
    /// now on) and the head unit's pending code. The car stays in the manufacturer database,
    /// free to be linked by its next owner.
    pub async fn erase_link(&self, vehicle_id: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for table in [
                "proof_attempts",
                "zones",
                "zone_state",
                "geofence_alerts",
                "alert_settings",
                "auth_keys",
                "sms_codes_sent",
                "vehicle_links",
            ] {
                sqlx::query(&pool.sql(&format!("DELETE FROM {table} WHERE vehicle_id = ?")))
                    .bind(vehicle_id)
                    .execute(&mut *tx)
                    .await?;
            }
            // A lock after wrong keys is the car's own state and stays until a dealer lifts it;
            // only a code waiting for the old owner's key goes.
            sqlx::query(&pool.sql(
                "UPDATE head_unit_keys SET pending_key_id = NULL, sms_code_hash = NULL,
               sms_expires_at = NULL, sms_tries = 0, version = version + 1
             WHERE vehicle_id = ?",
            ))
            .bind(vehicle_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Marks an active car stolen: drivers and invitations go, live head-unit keys are revoked,
    /// a code the head unit waits for is dropped. `false` if it was reported already.
    pub async fn report_stolen(&self, vehicle_id: &str, now: i64) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let marked = sqlx::query(&pool.sql(
                "UPDATE vehicle_links SET stolen_at = ? WHERE vehicle_id = ? AND stolen_at IS NULL",
            ))
            .bind(now)
            .bind(vehicle_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !marked {
                return Ok(false);
            }
            for statement in [
                "DELETE FROM vehicle_drivers WHERE vehicle_id = ?2",
                "DELETE FROM driver_invitations WHERE vehicle_id = ?2",
                "UPDATE auth_keys SET revoked_at = ?1
                 WHERE vehicle_id = ?2 AND used_at IS NULL AND revoked_at IS NULL",
                "UPDATE head_unit_keys SET pending_key_id = NULL, sms_code_hash = NULL,
               sms_expires_at = NULL, sms_tries = 0, version = version + 1
             WHERE vehicle_id = ?2",
            ] {
                sqlx::query(&pool.sql(statement))
                    .bind(now)
                    .bind(vehicle_id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The owner has the car back. `false` if it was not reported stolen.
    pub async fn withdraw_stolen_report(&self, vehicle_id: &str) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            Ok(sqlx::query(&pool.sql("UPDATE vehicle_links SET stolen_at = NULL WHERE vehicle_id = ? AND stolen_at IS NOT NULL"))
            .bind(vehicle_id)
            .execute(pool)
            .await?
            .rows_affected()
                == 1)
        })
    }

    /// Records the Confirm press; `false` if the link was not waiting for it.
    pub async fn confirm_link(
        &self,
        vehicle_id: &str,
        now: i64,
        synced_at: i64,
        expires_before: i64,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql(
                "UPDATE vehicle_links SET confirmed_at = ?, synced_at = ?
                 WHERE vehicle_id = ? AND confirmed_at IS NULL AND linked_at > ?",
            ))
            .bind(now)
            .bind(synced_at)
            .bind(vehicle_id)
            .bind(expires_before)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Starts the activation again after it expired: a fresh 24-hour window.
    pub async fn restart_activation(&self, vehicle_id: &str, now: i64) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE vehicle_links SET linked_at = ?, confirmed_at = NULL, synced_at = NULL WHERE vehicle_id = ?"))
            .bind(now)
            .bind(vehicle_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn drivers(&self, vehicle_id: &str) -> ServerResult<Vec<DriverRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql("SELECT d.account_id, a.nickname, d.added_at FROM vehicle_drivers d
                 JOIN accounts a ON a.id = d.account_id WHERE d.vehicle_id = ? ORDER BY d.added_at, a.nickname"))
            .bind(vehicle_id)
            .fetch_all(pool)
            .await?)
        })
    }

    pub async fn is_driver(&self, vehicle_id: &str, account_id: &str) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let found: Option<i64> = sqlx::query_scalar(
                &pool.sql("SELECT CAST(1 AS BIGINT) FROM vehicle_drivers WHERE vehicle_id = ? AND account_id = ?"),
            )
            .bind(vehicle_id)
            .bind(account_id)
            .fetch_optional(pool)
            .await?;
            Ok(found.is_some())
        })
    }

    pub async fn remove_driver(&self, vehicle_id: &str, account_id: &str) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(
                &pool.sql("DELETE FROM vehicle_drivers WHERE vehicle_id = ? AND account_id = ?"),
            )
            .bind(vehicle_id)
            .bind(account_id)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Stores an invitation; `false` if this address is already invited to this car.
    pub async fn insert_invitation(
        &self,
        invitation: &InvitationRow,
        email_key: &str,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql("INSERT INTO driver_invitations (id, vehicle_id, email_key, email, sent_at) VALUES (?, ?, ?, ?, ?)"))
            .bind(&invitation.id)
            .bind(&invitation.vehicle_id)
            .bind(email_key)
            .bind(&invitation.email)
            .bind(invitation.sent_at)
            .execute(pool)
            .await;
            match result {
                Ok(_) => Ok(true),
                Err(error) if is_unique_violation(&error) => Ok(false),
                Err(error) => Err(error.into()),
            }
        })
    }

    pub async fn sent_invitations(&self, vehicle_id: &str) -> ServerResult<Vec<InvitationRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql("SELECT id, vehicle_id, email, sent_at FROM driver_invitations WHERE vehicle_id = ? ORDER BY sent_at, id"))
            .bind(vehicle_id)
            .fetch_all(pool)
            .await?)
        })
    }

    pub async fn received_invitations(
        &self,
        email_key: &str,
    ) -> ServerResult<Vec<ReceivedInvitationRow>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_as(&pool.sql("SELECT i.id, i.vehicle_id, v.model, v.model_year, v.vin, o.nickname AS owner_nickname, i.sent_at
             FROM driver_invitations i
             JOIN vehicles v ON v.id = i.vehicle_id
             JOIN vehicle_links l ON l.vehicle_id = i.vehicle_id
             JOIN accounts o ON o.id = l.owner_id
             WHERE i.email_key = ? ORDER BY i.sent_at, i.id"))
            .bind(email_key)
            .fetch_all(pool)
            .await?)
        })
    }

    /// Turns an invitation into a driver seat in one step; `None` if it does not exist for this
    /// address (anymore), else the car's id.
    pub async fn accept_invitation(
        &self,
        invitation_id: &str,
        email_key: &str,
        account_id: &str,
        now: i64,
    ) -> ServerResult<Option<String>> {
        on_engine!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let vehicle_id: Option<String> = sqlx::query_scalar(&pool.sql("DELETE FROM driver_invitations WHERE id = ? AND email_key = ? RETURNING vehicle_id"))
            .bind(invitation_id)
            .bind(email_key)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(vehicle_id) = vehicle_id else {
                return Ok(None);
            };
            sqlx::query(&pool.sql(
                "INSERT INTO vehicle_drivers (vehicle_id, account_id, added_at) VALUES (?, ?, ?)
                 ON CONFLICT (vehicle_id, account_id) DO NOTHING",
            ))
            .bind(&vehicle_id)
            .bind(account_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Some(vehicle_id))
        })
    }

    /// Deletes an invitation addressed to `email_key` (declined) or sent for `vehicle_id`
    /// (cancelled); `false` when there was none.
    pub async fn delete_invitation(
        &self,
        invitation_id: &str,
        email_key: Option<&str>,
        vehicle_id: Option<&str>,
    ) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql(
                "DELETE FROM driver_invitations WHERE id = ?1
                   AND (?2 IS NULL OR email_key = ?2) AND (?3 IS NULL OR vehicle_id = ?3)",
            ))
            .bind(invitation_id)
            .bind(email_key)
            .bind(vehicle_id)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    pub async fn record_wrong_proof(
        &self,
        account_id: &str,
        vehicle_id: &str,
        now: i64,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("INSERT INTO proof_attempts (account_id, vehicle_id, attempted_at) VALUES (?, ?, ?)"))
            .bind(account_id)
            .bind(vehicle_id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The times of wrong proofs since `since`, oldest first.
    pub async fn wrong_proofs_since(
        &self,
        account_id: &str,
        vehicle_id: &str,
        since: i64,
    ) -> ServerResult<Vec<i64>> {
        on_engine!(self, |pool| {
            Ok(sqlx::query_scalar(&pool.sql("SELECT attempted_at FROM proof_attempts
                 WHERE account_id = ? AND vehicle_id = ? AND attempted_at > ? ORDER BY attempted_at"))
            .bind(account_id)
            .bind(vehicle_id)
            .bind(since)
            .fetch_all(pool)
            .await?)
        })
    }

    pub async fn clear_wrong_proofs(&self, account_id: &str, vehicle_id: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(
                &pool.sql("DELETE FROM proof_attempts WHERE account_id = ? AND vehicle_id = ?"),
            )
            .bind(account_id)
            .bind(vehicle_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The pending or confirming link on a car, for its head unit.
    pub async fn head_unit_link(
        &self,
        vin: &str,
    ) -> ServerResult<Option<(VehicleRow, Option<(String, i64, Option<i64>, Option<i64>)>)>> {
        on_engine!(self, |pool| {
            let Some(vehicle) = self.vehicle_by_vin(vin).await? else {
                return Ok(None);
            };
            let link: Option<(String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(&pool.sql(
                "SELECT o.nickname, l.linked_at, l.confirmed_at, l.synced_at FROM vehicle_links l
                 JOIN accounts o ON o.id = l.owner_id WHERE l.vehicle_id = ?",
            ))
            .bind(&vehicle.id)
            .fetch_optional(pool)
            .await?;
            Ok(Some((vehicle, link)))
        })
    }
}

use super::{on_engine, EnginePool};
use keyfob_core::api::sandbox::{MessageChannel, OutboxMessage};
use sqlx::FromRow;

use super::Db;
use crate::{clock::rfc3339, error::ServerResult, mail::REDACTED_BODY};

pub struct NewMessage {
    pub id: String,
    pub channel: MessageChannel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub action: Option<String>,
    pub secret_until: Option<i64>,
    pub sent_at: i64,
}

#[derive(FromRow)]
struct MessageRow {
    id: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    action: Option<String>,
    sent_at: i64,
}

fn channel_name(channel: MessageChannel) -> &'static str {
    match channel {
        MessageChannel::Email => "email",
        MessageChannel::Sms => "sms",
    }
}

impl Db {
    pub async fn insert_message(&self, message: &NewMessage) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("INSERT INTO outbox (id, channel, recipient, subject, body, action, secret_until, sent_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)"))
            .bind(&message.id)
            .bind(channel_name(message.channel))
            .bind(&message.recipient)
            .bind(&message.subject)
            .bind(&message.body)
            .bind(&message.action)
            .bind(message.secret_until)
            .bind(message.sent_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Messages to one address (compared without case), newest first.
    pub async fn messages_to(&self, recipient: &str) -> ServerResult<Vec<OutboxMessage>> {
        on_engine!(self, |pool| {
            let rows: Vec<MessageRow> = sqlx::query_as(&pool.sql(
                "SELECT id, channel, recipient, subject, body, action, sent_at FROM outbox
                 WHERE lower(recipient) = lower(?) ORDER BY seq DESC LIMIT 200",
            ))
            .bind(recipient)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|row| OutboxMessage {
                    id: row.id,
                    channel: if row.channel == "sms" {
                        MessageChannel::Sms
                    } else {
                        MessageChannel::Email
                    },
                    to: row.recipient,
                    subject: row.subject,
                    body: row.body,
                    action: row.action,
                    sent_at: rfc3339(row.sent_at),
                })
                .collect())
        })
    }

    /// Blanks every message whose secret has stopped working.
    pub async fn redact_expired_messages(&self, now: i64) -> ServerResult<u64> {
        on_engine!(self, |pool| {
            Ok(sqlx::query(&pool.sql(
                "UPDATE outbox SET body = ?, action = NULL, secret_until = NULL
                 WHERE secret_until IS NOT NULL AND secret_until <= ?",
            ))
            .bind(REDACTED_BODY)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected())
        })
    }

    /// Deletes every message sent to these addresses or numbers (an account being deleted).
    pub async fn delete_messages_to(&self, recipients: &[&str]) -> ServerResult<()> {
        on_engine!(self, |pool| {
            for recipient in recipients {
                sqlx::query(&pool.sql("DELETE FROM outbox WHERE lower(recipient) = lower(?)"))
                    .bind(recipient)
                    .execute(pool)
                    .await?;
            }
            Ok(())
        })
    }
}

//! Every email and SMS goes into the outbox; emails also go out by SMTP when it is configured.

use keyfob_core::api::sandbox::MessageChannel;
use lettre::{message::Mailbox, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::{
    auth::new_id,
    config::SmtpConfig,
    db::{Db, NewMessage},
    error::{ServerError, ServerResult},
};

#[derive(Clone)]
pub struct Mailer {
    db: Db,
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
}

/// One message to send.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The link or code the message carries, kept apart so the sandbox mailbox can offer it.
    pub action: Option<String>,
}

impl Mailer {
    pub fn new(db: Db, smtp: Option<&SmtpConfig>) -> ServerResult<Self> {
        let smtp = match smtp {
            None => None,
            Some(config) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url)
                    .map_err(|e| ServerError::Internal(format!("SMTP address: {e}")))?
                    .build();
                let from = config
                    .from
                    .parse::<Mailbox>()
                    .map_err(|e| ServerError::Internal(format!("SMTP sender: {e}")))?;
                Some((transport, from))
            }
        };
        Ok(Self { db, smtp })
    }

    pub async fn email(&self, mail: Mail, now: i64) -> ServerResult<()> {
        self.store(MessageChannel::Email, &mail, now).await?;
        if let Some((transport, from)) = &self.smtp {
            self.deliver(transport.clone(), from.clone(), mail);
        }
        Ok(())
    }

    pub async fn sms(&self, mail: Mail, now: i64) -> ServerResult<()> {
        self.store(MessageChannel::Sms, &mail, now).await
    }

    async fn store(&self, channel: MessageChannel, mail: &Mail, now: i64) -> ServerResult<()> {
        self.db
            .insert_message(&NewMessage {
                id: new_id("msg"),
                channel,
                recipient: mail.to.clone(),
                subject: mail.subject.clone(),
                body: mail.body.clone(),
                action: mail.action.clone(),
                sent_at: now,
            })
            .await
    }

    /// Sends in the background: a slow mail server must not hold up the person's request.
    fn deliver(&self, transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox, mail: Mail) {
        tokio::spawn(async move {
            let message = mail
                .to
                .parse::<Mailbox>()
                .map_err(|e| e.to_string())
                .and_then(|to| {
                    Message::builder()
                        .from(from)
                        .to(to)
                        .subject(mail.subject)
                        .body(mail.body)
                        .map_err(|e| e.to_string())
                });
            let result = match message {
                Ok(message) => transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(error) => Err(error),
            };
            if let Err(error) = result {
                // The address is personal data: log only that delivery failed and why.
                tracing::warn!(%error, "email delivery failed");
            }
        });
    }
}

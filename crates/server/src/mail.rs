//! Every email and SMS goes into the outbox; emails also go out by SMTP when it is configured.
//!
//! The outbox never keeps a secret longer than it works. In the sandbox it is the mailbox the
//! person reads, so a message is kept whole until the link, key or code in it expires, then
//! blanked. A deployed server keeps only who was sent what subject when: the body goes to the
//! mail server from memory and is never stored.

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
    /// Whether the outbox keeps bodies (the sandbox's mailbox) or only who, what and when.
    keep_bodies: bool,
}

/// One message to send.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The link or code the message carries, kept apart so the sandbox mailbox can offer it.
    pub action: Option<String>,
    /// When the secret the message carries (link, key, code) stops working; `None` when it
    /// carries none.
    pub secret_until: Option<i64>,
}

/// What a redacted message says in place of its body.
pub const REDACTED_BODY: &str =
    "This message held a link, key or code that no longer works, so its text was removed.";

impl Mail {
    /// A message without a secret in it.
    pub fn notice(to: &str, subject: impl Into<String>, body: impl Into<String>) -> Mail {
        Mail {
            to: to.to_owned(),
            subject: subject.into(),
            body: body.into(),
            action: None,
            secret_until: None,
        }
    }
}

impl Mailer {
    pub fn new(db: Db, smtp: Option<&SmtpConfig>, keep_bodies: bool) -> ServerResult<Self> {
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
        Ok(Self {
            db,
            smtp,
            keep_bodies,
        })
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
        let (body, action, secret_until) = if self.keep_bodies {
            (mail.body.clone(), mail.action.clone(), mail.secret_until)
        } else {
            (String::new(), None, None)
        };
        self.db
            .insert_message(&NewMessage {
                id: new_id("msg"),
                channel,
                recipient: mail.to.clone(),
                subject: mail.subject.clone(),
                body,
                action,
                secret_until,
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

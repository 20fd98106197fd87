//! How a server instance behaves: sandbox or server mode, vehicle time scale, mail delivery.

use std::sync::Arc;

use crate::clock::{Clock, SystemClock};

#[derive(Clone)]
pub struct ServerConfig {
    /// Sandbox mode exposes the mailbox and the simulated head units.
    pub sandbox: bool,
    /// Vehicle time runs this many times faster than real time (car delays shrink by it).
    pub time_scale: f64,
    pub clock: Arc<dyn Clock>,
    /// Where emails also go besides the outbox; `None` keeps them in the outbox only.
    pub smtp: Option<SmtpConfig>,
}

impl ServerConfig {
    /// The app's embedded sandbox: mailbox and head units on, real time.
    pub fn sandbox() -> Self {
        Self {
            sandbox: true,
            time_scale: 1.0,
            clock: Arc::new(SystemClock),
            smtp: None,
        }
    }

    /// A stand-alone deployment: no sandbox endpoints.
    pub fn server() -> Self {
        Self {
            sandbox: false,
            ..Self::sandbox()
        }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn with_time_scale(mut self, time_scale: f64) -> Self {
        self.time_scale = time_scale;
        self
    }
}

#[derive(Clone)]
pub struct SmtpConfig {
    /// `smtps://user:password@host:465` or `smtp://host:25?tls=required`, as lettre reads it.
    pub url: String,
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    // The URL carries the SMTP password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

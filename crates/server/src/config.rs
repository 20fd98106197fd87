//! How a server instance behaves: sandbox or server mode, vehicle time scale, mail delivery,
//! and what it trusts about the network in front of it.

use std::sync::Arc;

use ipnet::IpNet;

use crate::clock::{Clock, SystemClock};

#[derive(Clone)]
pub struct ServerConfig {
    /// Sandbox mode exposes the mailbox and the simulated head units.
    pub sandbox: bool,
    /// Personal mode: the app's own server for one owner and the cars of their NissanConnect
    /// account. It keeps a local account the app signs in to without asking, and has no
    /// registration, drivers or invitations.
    pub personal: bool,
    /// Vehicle time runs this many times faster than real time (car delays shrink by it).
    pub time_scale: f64,
    pub clock: Arc<dyn Clock>,
    /// Where emails also go besides the outbox; `None` keeps them in the outbox only.
    pub smtp: Option<SmtpConfig>,
    /// Every request must carry this in [`LAUNCH_SECRET_HEADER`]: the app's embedded server
    /// answers only the app that started it, not any other program on the machine.
    pub launch_secret: Option<String>,
    /// Only requests addressed to 127.0.0.1, [::1] or localhost are answered, so a web page
    /// that rebinds its own name to 127.0.0.1 cannot reach a loopback server.
    pub loopback_hosts_only: bool,
    /// Answers carry `Strict-Transport-Security`: the server is reached over HTTPS only.
    pub hsts: bool,
    /// Proxies whose `X-Forwarded-For` names the client's address for the sign-in limits. A
    /// request from anywhere else is judged by its own peer address, whatever it claims.
    pub trusted_proxies: Vec<IpNet>,
    /// Events, alerts and status history older than this many days are pruned.
    pub retention_days: u32,
    /// SQLCipher key (64 hex digits) the database is encrypted with at rest; `None` for a
    /// plain file.
    pub database_key: Option<String>,
}

/// The header that carries [`ServerConfig::launch_secret`].
pub const LAUNCH_SECRET_HEADER: &str = "x-keyfob-launch-secret";
/// How long events, alerts and status history are kept unless configured otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;

impl std::fmt::Debug for ServerConfig {
    // The launch secret and the SMTP password stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("sandbox", &self.sandbox)
            .field("personal", &self.personal)
            .field("time_scale", &self.time_scale)
            .field("smtp", &self.smtp)
            .field("launch_secret", &self.launch_secret.as_ref().map(|_| "…"))
            .field("loopback_hosts_only", &self.loopback_hosts_only)
            .field("hsts", &self.hsts)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("retention_days", &self.retention_days)
            .field("database_key", &self.database_key.as_ref().map(|_| "…"))
            .finish_non_exhaustive()
    }
}

impl ServerConfig {
    /// The app's embedded sandbox: mailbox and head units on, real time.
    pub fn sandbox() -> Self {
        Self {
            sandbox: true,
            personal: false,
            time_scale: 1.0,
            clock: Arc::new(SystemClock),
            smtp: None,
            launch_secret: None,
            loopback_hosts_only: false,
            hsts: false,
            trusted_proxies: Vec::new(),
            retention_days: DEFAULT_RETENTION_DAYS,
            database_key: None,
        }
    }

    /// The app's own server: answers only requests that carry `secret` and are addressed to
    /// loopback.
    pub fn embedded(mut self, secret: String) -> Self {
        self.launch_secret = Some(secret);
        self.loopback_hosts_only = true;
        self
    }

    /// A stand-alone deployment: no sandbox endpoints.
    pub fn server() -> Self {
        Self {
            sandbox: false,
            ..Self::sandbox()
        }
    }

    /// The app's personal mode: no sandbox, one local owner (see [`ServerConfig::personal`]).
    pub fn personal() -> Self {
        Self {
            personal: true,
            ..Self::server()
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

/// How a stand-alone server meets its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// It serves TLS itself (certificate and key files).
    Tls,
    /// Plain HTTP to a TLS reverse proxy in front of it, which clients reach over HTTPS.
    BehindTlsProxy,
    /// Plain HTTP with nothing in front: only ever on loopback.
    Plain,
}

/// Refuses a deployment that would carry passwords and tokens in the clear, or open the
/// sandbox (mailbox, simulated cars, head units without a password) to the network.
pub fn check_deployment(
    bind: std::net::SocketAddr,
    transport: Transport,
    sandbox: bool,
) -> Result<(), String> {
    let loopback = bind.ip().is_loopback();
    if sandbox && !loopback {
        return Err(format!(
            "--seed-sandbox serves the sandbox's mailbox and simulated cars to anyone who can \
             reach it, so it binds only to loopback (127.0.0.1 or [::1]), not {bind}."
        ));
    }
    if transport == Transport::Plain && !loopback {
        return Err(format!(
            "Refusing plain HTTP on {bind}: passwords and tokens would cross the network \
             unencrypted. Serve TLS with --tls-cert and --tls-key, or put a TLS reverse proxy \
             in front and say so with --behind-tls-proxy."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_and_the_sandbox_stay_on_loopback() {
        let public = "0.0.0.0:8080".parse().expect("addr");
        let local = "127.0.0.1:8080".parse().expect("addr");
        assert!(check_deployment(local, Transport::Plain, false).is_ok());
        assert!(check_deployment(local, Transport::Plain, true).is_ok());
        assert!(check_deployment(public, Transport::Plain, false).is_err());
        assert!(check_deployment(public, Transport::Tls, false).is_ok());
        assert!(check_deployment(public, Transport::BehindTlsProxy, false).is_ok());
        let sandbox = check_deployment(public, Transport::Tls, true).expect_err("refused");
        assert!(sandbox.contains("loopback"), "{sandbox}");
    }
}

//! `keyfob-server`: the backend, stand-alone.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, sync::Arc};

use clap::{Parser, Subcommand};
use ipnet::IpNet;
use keyfob_server::{
    clock::SystemClock,
    config::{check_deployment, SmtpConfig, Transport, DEFAULT_RETENTION_DAYS},
    nissanconnect::{NissanConnectSettings, SealKey},
    ServerConfig, ServerError,
};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "keyfob-server",
    version,
    about = "Keyfob's connected-services backend"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (migrating the database first).
    Serve(Box<ServeArgs>),
    /// Apply database migrations and exit.
    Migrate {
        /// `sqlite://path/to/keyfob.db` or `postgres://user:password@host/database` (with a
        /// password, set KEYFOB_DATABASE_URL instead: the command line is readable by every user).
        #[arg(
            long,
            env = "KEYFOB_DATABASE_URL",
            default_value = "sqlite://keyfob.db"
        )]
        database_url: String,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address and port to listen on. Anything but loopback needs TLS (--tls-cert and
    /// --tls-key) or a TLS reverse proxy in front (--behind-tls-proxy).
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// `sqlite://path/to/keyfob.db` (created if missing) or
    /// `postgres://user:password@host/database` (an existing database; `?sslmode=require` for TLS;
    /// with a password, set KEYFOB_DATABASE_URL instead: the command line is readable by every user).
    #[arg(
        long,
        env = "KEYFOB_DATABASE_URL",
        default_value = "sqlite://keyfob.db"
    )]
    database_url: String,
    /// Serve HTTPS with this certificate chain (PEM).
    #[arg(long, requires = "tls_key", env = "KEYFOB_TLS_CERT")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, requires = "tls_cert", env = "KEYFOB_TLS_KEY")]
    tls_key: Option<PathBuf>,
    /// A TLS reverse proxy in front terminates HTTPS: serve plain HTTP to it and tell clients
    /// to use HTTPS only (HSTS).
    #[arg(long, conflicts_with = "tls_cert")]
    behind_tls_proxy: bool,
    /// A proxy (address or CIDR range) whose X-Forwarded-For names the client's address for the
    /// sign-in limits. Repeat for several. Without one, the header is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "KEYFOB_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<IpNet>,
    /// Days events, alerts and status history are kept.
    #[arg(long, env = "KEYFOB_RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS,
        value_parser = clap::value_parser!(u32).range(1..=3650))]
    retention_days: u32,
    /// Vehicle time runs this many times faster than real time.
    #[arg(long, default_value_t = 1.0, value_parser = parse_time_scale)]
    time_scale: f64,
    /// Run as the sandbox: load the simulated fleet, expose the mailbox and head units. Binds
    /// only to loopback.
    #[arg(long)]
    seed_sandbox: bool,
    /// How the server reaches cars: `offline` (none; commands expire honestly) or
    /// `nissanconnect` (each owner connects their own NissanConnect account, Europe).
    #[arg(long, value_enum, env = "KEYFOB_GATEWAY", default_value_t = Gateway::Offline, conflicts_with = "seed_sandbox")]
    gateway: Gateway,
    /// A file holding the key (64 hex digits) NissanConnect tokens are sealed with at rest. The
    /// key can also come from the environment variable KEYFOB_NISSANCONNECT_KEY. Required with
    /// `--gateway nissanconnect`; keep it: without it every owner must connect again.
    #[arg(long)]
    nissanconnect_key_file: Option<PathBuf>,
    /// Where NissanConnect is: Nissan's European service unless this names another (a fake
    /// of it, for trials).
    #[arg(long, env = "KEYFOB_NISSANCONNECT_BASE_URL")]
    nissanconnect_base_url: Option<String>,
    /// Minutes between reads of the service's stored values (they never wake a car); at least 5.
    #[arg(long, env = "KEYFOB_NISSANCONNECT_READ_MINUTES", default_value_t = 15,
        value_parser = clap::value_parser!(u64).range(5..=1440))]
    nissanconnect_read_minutes: u64,
    /// A file holding the SMTP URL (`smtps://user:password@mail.example.com`), so the password
    /// is not on the command line where every user of the machine can read it. The URL can also
    /// come from the environment variable KEYFOB_SMTP_URL.
    #[arg(long)]
    smtp_url_file: Option<PathBuf>,
    /// Sender address for SMTP delivery.
    #[arg(
        long,
        env = "KEYFOB_SMTP_FROM",
        default_value = "Keyfob <no-reply@keyfob.invalid>"
    )]
    smtp_from: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Gateway {
    Offline,
    Nissanconnect,
}

fn parse_time_scale(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(scale) if scale.is_finite() && (1.0..=100_000.0).contains(&scale) => Ok(scale),
        _ => Err(format!(
            "{value:?} is not a time scale between 1 and 100000"
        )),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let result = match Cli::parse().command {
        Command::Migrate { database_url } => migrate(&database_url).await,
        Command::Serve(args) => serve(*args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("keyfob-server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(database_url: &str) -> Result<(), ServerError> {
    let db = keyfob_server::Db::connect(database_url).await?;
    db.migrate().await?;
    db.close().await;
    eprintln!("keyfob-server: migrations applied");
    Ok(())
}

/// The SMTP URL from its file or the environment, never from the command line.
fn smtp_url(file: Option<&PathBuf>) -> Result<Option<String>, ServerError> {
    if let Some(file) = file {
        let url = std::fs::read_to_string(file).map_err(|e| {
            ServerError::Internal(format!(
                "cannot read the SMTP URL from {}: {e}",
                file.display()
            ))
        })?;
        return Ok(Some(url.trim().to_owned()));
    }
    Ok(std::env::var("KEYFOB_SMTP_URL")
        .ok()
        .map(|url| url.trim().to_owned())
        .filter(|url| !url.is_empty()))
}

/// The key NissanConnect tokens are sealed with, from its file or the environment; never
/// from the command line, and never made up: a new key would orphan every stored sign-in.
fn nissanconnect_key(file: Option<&PathBuf>) -> Result<SealKey, ServerError> {
    let text = match file {
        Some(file) => std::fs::read_to_string(file).map_err(|e| {
            ServerError::Internal(format!(
                "cannot read the NissanConnect key from {}: {e}",
                file.display()
            ))
        })?,
        None => std::env::var("KEYFOB_NISSANCONNECT_KEY").map_err(|_| {
            ServerError::Internal(
                "--gateway nissanconnect needs the key NissanConnect tokens are sealed with: \
                 --nissanconnect-key-file FILE or KEYFOB_NISSANCONNECT_KEY (64 hex digits; \
                 make one with `openssl rand -hex 32`)"
                    .into(),
            )
        })?,
    };
    SealKey::from_hex(text.trim())
        .map_err(|e| ServerError::Internal(format!("the NissanConnect key: {e}")))
}

async fn serve(args: ServeArgs) -> Result<(), ServerError> {
    let transport = match (&args.tls_cert, args.behind_tls_proxy) {
        (Some(_), _) => Transport::Tls,
        (None, true) => Transport::BehindTlsProxy,
        (None, false) => Transport::Plain,
    };
    check_deployment(args.bind, transport, args.seed_sandbox).map_err(ServerError::Internal)?;
    let mut config = if args.seed_sandbox {
        let mut sandbox = ServerConfig::sandbox();
        sandbox.loopback_hosts_only = true;
        sandbox
    } else {
        ServerConfig::server()
    };
    config = config
        .with_time_scale(args.time_scale)
        .with_clock(Arc::new(SystemClock));
    config.hsts = transport != Transport::Plain;
    config.trusted_proxies = args.trusted_proxies;
    config.retention_days = args.retention_days;
    config.smtp = smtp_url(args.smtp_url_file.as_ref())?.map(|url| SmtpConfig {
        url,
        from: args.smtp_from,
    });
    // Before anything starts working on the database: a second instance is refused here.
    let claim = keyfob_server::Db::connect(&args.database_url)
        .await?
        .claim_sole_instance()
        .await?;
    let state = match args.gateway {
        Gateway::Offline => {
            keyfob_server::open_state(&args.database_url, config, args.seed_sandbox).await?
        }
        Gateway::Nissanconnect => {
            let key = nissanconnect_key(args.nissanconnect_key_file.as_ref())?;
            let settings = NissanConnectSettings::configured(
                args.nissanconnect_base_url.as_deref(),
                args.nissanconnect_read_minutes,
                key,
            )
            .map_err(ServerError::Internal)?;
            keyfob_server::open_state_nissanconnect(&args.database_url, config, settings).await?
        }
    };
    let db = state.db.clone();
    let served = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => serve_tls(args.bind, state, cert, key).await,
        _ => serve_plain(args.bind, state, args.seed_sandbox).await,
    };
    db.close().await;
    drop(claim);
    served
}

async fn serve_plain(
    bind: SocketAddr,
    state: keyfob_server::AppState,
    sandbox: bool,
) -> Result<(), ServerError> {
    let server = keyfob_server::Server::bind(bind, state)
        .await
        .map_err(|e| ServerError::Internal(format!("cannot listen on {bind}: {e}")))?;
    let address = server
        .local_addr()
        .map_err(|e| ServerError::Internal(e.to_string()))?;
    tracing::info!(%address, sandbox, "keyfob-server listening (HTTP)");
    server
        .serve(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| ServerError::Internal(e.to_string()))
}

async fn serve_tls(
    bind: SocketAddr,
    state: keyfob_server::AppState,
    cert: &PathBuf,
    key: &PathBuf,
) -> Result<(), ServerError> {
    // One crypto provider for the process: ring, as the client side uses.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
        .await
        .map_err(|e| {
            ServerError::Internal(format!(
                "cannot load the TLS certificate {} and key {}: {e}",
                cert.display(),
                key.display()
            ))
        })?;
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        stopping.graceful_shutdown(Some(std::time::Duration::from_secs(30)));
    });
    let maintenance = keyfob_server::spawn_maintenance(state.clone());
    tracing::info!(address = %bind, "keyfob-server listening (HTTPS)");
    let served = axum_server::bind_rustls(bind, tls)
        .handle(handle)
        .serve(keyfob_server::app(state).into_make_service_with_connect_info::<SocketAddr>())
        .await
        .map_err(|e| ServerError::Internal(format!("cannot serve HTTPS on {bind}: {e}")));
    maintenance.abort();
    served
}

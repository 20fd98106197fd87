//! `keyfob-server`: the backend, stand-alone.

use std::{net::SocketAddr, process::ExitCode, sync::Arc};

use clap::{Parser, Subcommand};
use keyfob_server::{clock::SystemClock, config::SmtpConfig, ServerConfig};
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
    Serve {
        /// Address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// `sqlite://path/to/keyfob.db` (created if missing).
        #[arg(
            long,
            env = "KEYFOB_DATABASE_URL",
            default_value = "sqlite://keyfob.db"
        )]
        database_url: String,
        /// Vehicle time runs this many times faster than real time.
        #[arg(long, default_value_t = 1.0, value_parser = parse_time_scale)]
        time_scale: f64,
        /// Run as the sandbox: load the simulated fleet, expose the mailbox and head units.
        #[arg(long)]
        seed_sandbox: bool,
        /// Also deliver emails by SMTP, e.g. `smtps://user:password@mail.example.com`.
        #[arg(long, env = "KEYFOB_SMTP_URL", hide_env_values = true)]
        smtp_url: Option<String>,
        /// Sender address for SMTP delivery.
        #[arg(
            long,
            env = "KEYFOB_SMTP_FROM",
            default_value = "Keyfob <no-reply@keyfob.invalid>"
        )]
        smtp_from: String,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[arg(
            long,
            env = "KEYFOB_DATABASE_URL",
            default_value = "sqlite://keyfob.db"
        )]
        database_url: String,
    },
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
        Command::Serve {
            bind,
            database_url,
            time_scale,
            seed_sandbox,
            smtp_url,
            smtp_from,
        } => {
            let mut config = if seed_sandbox {
                ServerConfig::sandbox()
            } else {
                ServerConfig::server()
            };
            config = config
                .with_time_scale(time_scale)
                .with_clock(Arc::new(SystemClock));
            config.smtp = smtp_url.map(|url| SmtpConfig {
                url,
                from: smtp_from,
            });
            serve(bind, &database_url, config, seed_sandbox).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("keyfob-server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(database_url: &str) -> Result<(), keyfob_server::ServerError> {
    let db = keyfob_server::Db::connect(database_url).await?;
    db.migrate().await?;
    db.close().await;
    eprintln!("keyfob-server: migrations applied");
    Ok(())
}

async fn serve(
    bind: SocketAddr,
    database_url: &str,
    config: ServerConfig,
    seed: bool,
) -> Result<(), keyfob_server::ServerError> {
    let state = keyfob_server::open_state(database_url, config, seed).await?;
    let db = state.db.clone();
    let server = keyfob_server::Server::bind(bind, state)
        .await
        .map_err(|e| {
            keyfob_server::ServerError::Internal(format!("cannot listen on {bind}: {e}"))
        })?;
    let address = server
        .local_addr()
        .map_err(|e| keyfob_server::ServerError::Internal(e.to_string()))?;
    tracing::info!(%address, sandbox = seed, "keyfob-server listening");
    server
        .serve(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| keyfob_server::ServerError::Internal(e.to_string()))?;
    db.close().await;
    Ok(())
}

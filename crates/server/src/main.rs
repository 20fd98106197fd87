//! `keyfob-server serve --bind ADDR`: the backend, stand-alone.

use std::net::SocketAddr;

use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: keyfob-server serve [--bind 127.0.0.1:8080]";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bind = match parse_args(&args) {
        Ok(bind) => bind,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return std::process::ExitCode::from(2);
        }
    };
    match run(bind).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("keyfob-server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn parse_args(args: &[String]) -> Result<SocketAddr, String> {
    let mut bind: SocketAddr = ([127, 0, 0, 1], 8080).into();
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("serve") => {}
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("missing command".into()),
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bind" => {
                let value = args.next().ok_or("--bind needs an address")?;
                bind = value
                    .parse()
                    .map_err(|_| format!("{value:?} is not an address like 127.0.0.1:8080"))?;
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(bind)
}

async fn run(bind: SocketAddr) -> std::io::Result<()> {
    let server = keyfob_server::Server::bind(bind).await?;
    tracing::info!(address = %server.local_addr()?, "keyfob-server listening");
    server
        .serve(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

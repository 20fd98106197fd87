//! The built-in sandbox: keyfob-server running inside the app on 127.0.0.1 (a free port), its
//! SQLite database in the app's data folder, seeded once with the documented fleet. The app then
//! talks to it over HTTP exactly as it would to a deployed server.

use std::path::Path;

use keyfob_server::{open_state, Server, ServerConfig};

/// Vehicle time runs this many times faster (tests set it so car delays take moments).
pub const TIME_SCALE_ENV: &str = "KEYFOB_TIME_SCALE";

/// The time scale from the environment; 1 (real time) when unset or not a positive number.
pub fn time_scale_from_env() -> f64 {
    std::env::var(TIME_SCALE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(1.0)
}

/// A running sandbox.
#[derive(Debug, Clone)]
pub struct Sandbox {
    pub base_url: String,
}

/// Opens (creating, migrating and seeding when needed) the sandbox database in `data_dir`,
/// binds a free loopback port and serves in the background for the life of the app.
pub async fn start(data_dir: &Path, time_scale: f64) -> Result<Sandbox, String> {
    let database = data_dir.join("sandbox.db");
    let url = format!("sqlite://{}", database.display());
    let config = ServerConfig::sandbox().with_time_scale(time_scale);
    let state = open_state(&url, config, true)
        .await
        .map_err(|e| format!("the sandbox database could not be opened: {e}"))?;
    let server = Server::bind(([127, 0, 0, 1], 0).into(), state)
        .await
        .map_err(|e| format!("the sandbox could not listen on 127.0.0.1: {e}"))?;
    let addr = server
        .local_addr()
        .map_err(|e| format!("the sandbox has no address: {e}"))?;
    tauri::async_runtime::spawn(async move {
        if let Err(error) = server.serve(std::future::pending()).await {
            eprintln!("Keyfob's sandbox stopped: {error}");
        }
    });
    Ok(Sandbox {
        base_url: format!("http://{addr}"),
    })
}

//! The built-in sandbox: keyfob-server running inside the app on 127.0.0.1 (a free port), seeded
//! once with the documented fleet. The app talks to it over HTTP exactly as it would to a
//! deployed server, with two guards a deployed server does not need: every request must carry
//! a secret made for this launch (so no other program on the machine can read the mailbox or
//! drive the cars), and only requests addressed to loopback are answered.
//!
//! Its database `sandbox.db` in the app's data folder is encrypted with SQLCipher under a key
//! derived from the encrypted store's key (kept in the OS credential store). Without a
//! credential store nothing is written: the sandbox lives in memory for this run.

use std::path::Path;

use keyfob_server::{open_state, ServerConfig};
use zeroize::Zeroizing;

use crate::embedded::{database_url, launch_secret, serve, EmbeddedServer};

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

/// Opens (creating, migrating and seeding when needed) the sandbox database, binds a free
/// loopback port and serves in the background for the life of the app.
pub async fn start(
    data_dir: &Path,
    time_scale: f64,
    database_key: Option<Zeroizing<String>>,
) -> Result<EmbeddedServer, String> {
    let url = database_url(
        data_dir,
        "sandbox.db",
        database_key.as_deref().map(String::as_str),
    );
    let secret = launch_secret();
    let mut config = ServerConfig::sandbox()
        .with_time_scale(time_scale)
        .embedded(secret.to_string());
    config.database_key = database_key.as_ref().map(|key| key.to_string());
    let state = open_state(&url, config, true)
        .await
        .map_err(|e| format!("the sandbox database could not be opened: {e}"))?;
    serve(state, secret, database_key.is_some()).await
}

#[cfg(test)]
mod tests {
    use keyfob_client::{Client, ClientConfig};

    use super::*;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    #[tokio::test]
    async fn the_sandbox_database_is_sealed_and_answers_only_this_launch() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sandbox = start(dir.path(), 1.0, Some(Zeroizing::new(KEY.into())))
            .await
            .expect("sandbox");
        let bytes = std::fs::read(dir.path().join("sandbox.db")).expect("written");
        assert!(!bytes.starts_with(b"SQLite format 3"));
        assert!(!String::from_utf8_lossy(&bytes).contains("demo@sandbox.keyfob.test"));
        let stranger =
            Client::new(ClientConfig::new(&sandbox.base_url).expect("config")).expect("client");
        assert!(
            stranger.health().await.is_err(),
            "answered without the secret"
        );
        let app = Client::new(
            ClientConfig::embedded(&sandbox.base_url, sandbox.launch_secret.to_string())
                .expect("config"),
        )
        .expect("client");
        assert_eq!(app.health().await.expect("health").status, "ok");
        assert!(format!("{sandbox:?}")
            .find(sandbox.launch_secret.as_str())
            .is_none());
    }

    #[tokio::test]
    async fn without_a_credential_store_nothing_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A plaintext database an older version left behind is removed, not read.
        std::fs::write(dir.path().join("sandbox.db"), b"SQLite format 3\0old").expect("write");
        let sandbox = start(dir.path(), 1.0, None).await.expect("sandbox");
        assert!(!sandbox.persistent);
        assert!(std::fs::read_dir(dir.path()).expect("dir").next().is_none());
    }
}

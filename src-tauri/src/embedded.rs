//! What the app's own servers share: keyfob-server inside the app on 127.0.0.1 (a free port),
//! talked to over HTTP exactly as a deployed server, with two guards a deployed server does not
//! need: every request must carry a secret made for this launch (so no other program on the
//! machine can use it), and only requests addressed to loopback are answered. Its database is
//! encrypted with SQLCipher, or kept in memory when there is no credential store.

use std::path::Path;

use keyfob_server::{AppState, Server};
use rand::RngCore;
use zeroize::Zeroizing;

/// A keyfob-server running inside the app (the sandbox, or personal mode).
#[derive(Clone)]
pub struct EmbeddedServer {
    pub base_url: String,
    /// Sent with every request; made for this launch only.
    pub launch_secret: Zeroizing<String>,
    /// False when there is no credential store and nothing is kept across restarts.
    pub persistent: bool,
}

impl std::fmt::Debug for EmbeddedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedServer")
            .field("base_url", &self.base_url)
            .field("persistent", &self.persistent)
            .finish_non_exhaustive()
    }
}

/// A fresh secret for this launch: 256 random bits.
pub fn launch_secret() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(bytes.as_mut());
    Zeroizing::new(hex::encode(bytes.as_ref()))
}

/// Where an embedded server keeps its database `file`: encrypted in the data folder under
/// `database_key`, or, without a key, in memory (and any plaintext database an older version
/// left is removed).
pub fn database_url(data_dir: &Path, file: &str, database_key: Option<&str>) -> String {
    let file = data_dir.join(file);
    if database_key.is_some() {
        return format!("sqlite://{}", file.display());
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut path = file.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
    "sqlite::memory:".into()
}

/// Binds a free loopback port and serves `state` in the background for the life of the app.
pub async fn serve(
    state: AppState,
    secret: Zeroizing<String>,
    persistent: bool,
) -> Result<EmbeddedServer, String> {
    let server = Server::bind(([127, 0, 0, 1], 0).into(), state)
        .await
        .map_err(|e| format!("it could not listen on 127.0.0.1: {e}"))?;
    let addr = server
        .local_addr()
        .map_err(|e| format!("it has no address: {e}"))?;
    tauri::async_runtime::spawn(async move {
        if let Err(error) = server.serve(std::future::pending()).await {
            eprintln!("Keyfob's own server stopped: {error}");
        }
    });
    Ok(EmbeddedServer {
        base_url: format!("http://{addr}"),
        launch_secret: secret,
        persistent,
    })
}

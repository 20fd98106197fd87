//! Where the app keeps its files. `KEYFOB_DATA_DIR` overrides the platform's app-data folder so
//! every test (and a tester with several profiles) runs on data of its own.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use keyfob_vault::OsCredentials;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;

use crate::secure_store::{self, StoreHealth};

pub const DATA_DIR_ENV: &str = "KEYFOB_DATA_DIR";
const SETTINGS_FILE: &str = "settings.json";

/// The app's data folder, managed as state once the app has started.
#[derive(Debug, Clone)]
pub struct DataDir(PathBuf);

impl DataDir {
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The encrypted store of settings, session and saved vehicles.
    pub fn settings_file(&self) -> PathBuf {
        self.0.join(SETTINGS_FILE)
    }
}

/// The data folder named by the environment, if any.
pub fn from_env() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// How long the system's credential store may take to answer before the app goes on without it.
const KEYSTORE_PATIENCE: Duration = Duration::from_secs(8);

/// Finds and creates the data folder, unlocks the encrypted store in it and opens the settings.
pub fn resolve<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<(DataDir, StoreHealth), Box<dyn std::error::Error>> {
    let path = match from_env() {
        Some(path) => path,
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&path)
        .map_err(|e| format!("cannot create the data folder {}: {e}", path.display()))?;
    let file = path.join(SETTINGS_FILE);
    let health = unlock_store(&app.config().identifier, &path, &file);
    let settings = app.store(file)?;
    // Lets a later version know which version last ran on this data, to migrate it.
    settings.set("lastVersion", app.package_info().version.to_string());
    // Without a key nothing may reach the disk; with one, a failed write is a real problem.
    if !matches!(health, StoreHealth::MemoryOnly { .. }) {
        settings.save()?;
    }
    Ok((DataDir(path), health))
}

/// Asks the credential store for the store's key on a thread of its own: a keyring that never
/// answers (a locked desktop, a missing daemon) must not keep the app from starting.
fn unlock_store(identifier: &str, data_dir: &Path, file: &Path) -> StoreHealth {
    let credentials = OsCredentials::new(identifier, &data_dir.to_string_lossy());
    let file = file.to_path_buf();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(secure_store::check(&credentials, &file));
    });
    let (health, key) = receiver
        .recv_timeout(KEYSTORE_PATIENCE)
        .unwrap_or_else(|_| {
            let reason = "the system's credential store did not answer".to_owned();
            (StoreHealth::MemoryOnly { reason }, None)
        });
    secure_store::install_key(key);
    health
}

//! Where the app keeps its files. `KEYFOB_DATA_DIR` overrides the platform's app-data folder so
//! every test (and a tester with several profiles) runs on data of its own.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;

pub const DATA_DIR_ENV: &str = "KEYFOB_DATA_DIR";

/// The app's data folder, managed as state once the app has started.
#[derive(Debug, Clone)]
pub struct DataDir(PathBuf);

impl DataDir {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

/// The data folder named by the environment, if any.
pub fn from_env() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Finds and creates the data folder and opens the settings store in it.
pub fn resolve<R: Runtime>(app: &AppHandle<R>) -> Result<DataDir, Box<dyn std::error::Error>> {
    let path = match from_env() {
        Some(path) => path,
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&path)
        .map_err(|e| format!("cannot create the data folder {}: {e}", path.display()))?;
    let settings = app.store(path.join("settings.json"))?;
    // Lets a later version know which version last ran on this data, to migrate it.
    settings.set("lastVersion", app.package_info().version.to_string());
    settings.save()?;
    Ok(DataDir(path))
}

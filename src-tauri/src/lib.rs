//! The Keyfob app shell: the Tauri builder, its plugins and the thin IPC commands over
//! keyfob-core and keyfob-client.

mod backend;
mod bindings;
mod command_names;
mod commands;
mod data_dir;
mod deep_link;
mod embedded;
mod error;
mod identity;
mod live;
mod local_data;
mod notify;
mod personal;
mod sandbox;
mod secure_store;

pub use bindings::{export_bindings, specta_builder, BINDINGS_PATH};
pub use command_names::COMMANDS;
pub use data_dir::DataDir;

use std::sync::Arc;

use tauri::{Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_plugin_store::StoreExt;

/// The one entry point of the desktop and the mobile builds.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let builder = tauri::Builder::default();
    #[cfg(desktop)]
    let builder = builder.plugin(single_instance());
    if let Err(error) = run_app(builder) {
        eprintln!("Keyfob could not start: {error}");
        std::process::exit(1);
    }
}

/// Builds and runs the app on any runtime, so tests can drive it with Tauri's mock runtime.
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Result<()> {
    let specta = specta_builder::<R>();
    // The phone's location service (Find my car) and camera (the VIN barcode).
    #[cfg(mobile)]
    let builder = builder
        .plugin(tauri_plugin_geolocation::init())
        .plugin(tauri_plugin_barcode_scanner::init());
    builder
        .plugin(
            tauri_plugin_store::Builder::new()
                .default_serialize_fn(secure_store::seal)
                .default_deserialize_fn(secure_store::open)
                .build(),
        )
        .invoke_handler(specta.invoke_handler())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init())
        .manage(deep_link::PendingOutcome::default())
        .setup(|app| {
            let (data_dir, store_health) = data_dir::resolve(app.handle())?;
            let settings = app.store(data_dir.settings_file())?;
            let local = local_data::LocalData::new(settings as Arc<dyn local_data::KeyValueStore>);
            let backend = backend::Backend::new(
                local,
                data_dir.path().to_path_buf(),
                sandbox::time_scale_from_env(),
                store_health,
            );
            let (handle, local) = (app.handle().clone(), backend.local().clone());
            backend.set_live_feed(Box::new(move |client| {
                live::follow(handle.clone(), local.clone(), client)
            }));
            // A backend that cannot be reached now is not fatal: the screens say so and retry.
            if let Err(error) = tauri::async_runtime::block_on(backend.resume()) {
                eprintln!("Keyfob could not reconnect to its backend: {error}");
            }
            app.manage(backend);
            app.manage(commands::sandbox::HeadUnitWindow::new(app.handle().clone()));
            app.manage(data_dir);
            listen_for_links(app)?;
            Ok(())
        })
        .run(tauri::generate_context!())
}

/// `keyfob://verify?token=…` links: the one the app was started with and those that reach it
/// while it runs (on Linux and Windows through the single-instance plugin).
fn listen_for_links<R: Runtime>(app: &mut tauri::App<R>) -> Result<(), Box<dyn std::error::Error>> {
    // A test profile (its own data folder) must not make itself the system's link handler.
    #[cfg(any(target_os = "linux", windows))]
    if data_dir::from_env().is_none() {
        if let Err(error) = app.deep_link().register_all() {
            eprintln!("Keyfob could not register itself for keyfob:// links: {error}");
        }
    }
    let handle = app.handle().clone();
    app.deep_link().on_open_url(move |event| {
        deep_link::opened(&handle, event.urls(), false);
    });
    if let Some(urls) = app.deep_link().get_current()? {
        deep_link::opened(app.handle(), urls, true);
    }
    Ok(())
}

/// A second launch on the same data folder focuses the running window instead of opening a
/// second app on the same files. Each data folder is its own instance, so testers and the
/// WebDriver tests can run profiles side by side.
#[cfg(desktop)]
fn single_instance<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let mut builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    if let Some(dir) = data_dir::from_env() {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        dir.hash(&mut hasher);
        builder = builder.dbus_id(format!("app.keyfob.owner.profile{:016x}", hasher.finish()));
    }
    builder.build()
}

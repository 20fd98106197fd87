//! The Keyfob app shell: the Tauri builder, its plugins and the thin IPC commands over
//! keyfob-core (and, later, keyfob-client).

mod bindings;
mod command_names;
mod commands;
mod data_dir;
mod sandbox;
mod secure_store;

pub use bindings::{export_bindings, specta_builder, BINDINGS_PATH};
pub use command_names::COMMANDS;
pub use data_dir::DataDir;

use tauri::{Manager, Runtime};

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
    builder
        .plugin(
            tauri_plugin_store::Builder::new()
                .default_serialize_fn(secure_store::seal)
                .default_deserialize_fn(secure_store::open)
                .build(),
        )
        .invoke_handler(specta.invoke_handler())
        .setup(|app| {
            let (data_dir, store_health) = data_dir::resolve(app.handle())?;
            let sandbox = tauri::async_runtime::block_on(sandbox::start(
                data_dir.path(),
                sandbox::time_scale_from_env(),
            ))?;
            app.manage(commands::BackendInfo {
                mode: commands::BackendMode::Sandbox,
                base_url: sandbox.base_url,
                store: store_health,
            });
            app.manage(data_dir);
            Ok(())
        })
        .run(tauri::generate_context!())
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

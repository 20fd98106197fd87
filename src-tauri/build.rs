fn main() {
    // Declaring the commands generates `allow-<command>` permissions, and from then on a command
    // is reachable from the web view only if a capability grants it.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(keyfob_app_commands::COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}

/// The app's IPC commands; kept in one list shared with the bindings test.
mod keyfob_app_commands {
    include!("src/command_names.rs");
}

//! The typed command list, from which tauri-specta generates the UI's TypeScript bindings.

use specta_typescript::Typescript;
use tauri::Runtime;

use crate::commands;

/// Where the generated bindings are checked in, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(tauri_specta::collect_commands![
            commands::vin_check,
            commands::password_check,
            commands::backend_info,
        ])
        .typ::<keyfob_core::ApiError>()
        // One TypeScript type per Rust type: IPC values only travel Rust → UI in the shape serde writes.
        .disable_serde_phases()
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            Typescript::default().header("// Generated from the Rust commands by `cargo test -p keyfob-app --test bindings` with UPDATE_BINDINGS=1. Do not edit.\n"),
            path,
        )
        .map_err(|e| e.to_string())
}

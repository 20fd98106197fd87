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
            commands::device::device_kind,
            commands::use_sandbox,
            commands::use_server,
            commands::nissanconnect::use_personal,
            commands::nissanconnect::nissanconnect,
            commands::nissanconnect::connect_nissanconnect,
            commands::nissanconnect::disconnect_nissanconnect,
            commands::nissanconnect::link_nissan_car,
            commands::account::register,
            commands::account::confirm_email,
            commands::account::resend_confirmation,
            commands::account::sign_in,
            commands::account::sign_out,
            commands::account::sign_out_everywhere,
            commands::account::forgot_password,
            commands::account::reset_password,
            commands::account::current_account,
            commands::account::refresh_account,
            commands::account::update_profile,
            commands::account::change_password,
            commands::account::delete_account,
            commands::account::take_verify_link_outcome,
            commands::vehicle::vehicles,
            commands::vehicle::select_vehicle,
            commands::vehicle::vehicle,
            commands::vehicle::lookup_vehicle,
            commands::vehicle::link_vehicle,
            commands::vehicle::restart_activation,
            commands::vehicle::remove_vehicle,
            commands::vehicle::report_stolen,
            commands::vehicle::withdraw_stolen_report,
            commands::privacy::map_privacy,
            commands::privacy::set_map_tiles,
            commands::vehicle::drivers,
            commands::vehicle::invite_driver,
            commands::vehicle::remove_driver,
            commands::vehicle::cancel_invitation,
            commands::vehicle::leave_vehicle,
            commands::vehicle::invitations,
            commands::vehicle::accept_invitation,
            commands::vehicle::decline_invitation,
            commands::sandbox::sandbox_mailbox,
            commands::sandbox::head_unit,
            commands::sandbox::head_unit_confirm,
            commands::sandbox::open_head_unit,
            commands::sandbox::sandbox_car,
            commands::sandbox::control_sandbox_car,
            commands::status::vehicle_status,
            commands::status::refresh_status,
            commands::remote::send_command,
            commands::remote::vehicle_commands,
            commands::identity::identity_state,
            commands::identity::confirm_identity,
            commands::identity::set_app_pin,
            commands::identity::remove_app_pin,
            commands::diagnostics::diagnostics,
            commands::find::find_car,
            commands::vehicle::purchase_premium,
            commands::vehicle::subscription_plans,
            commands::geofence::geofences,
            commands::geofence::zone_check,
            commands::geofence::alert_settings_check,
            commands::geofence::save_zone,
            commands::geofence::delete_zone,
            commands::geofence::save_alert_settings,
            commands::geofence::alert_history,
            commands::authkey::generate_auth_key,
            commands::authkey::auth_keys,
            commands::authkey::head_unit_enter_key,
            commands::authkey::head_unit_enter_code,
            commands::authkey::dealer_unlock_head_unit,
        ])
        .typ::<keyfob_core::ApiError>()
        // Payloads of the live events (see live.rs), for the UI's listeners.
        .typ::<crate::live::StatusUpdate>()
        .typ::<crate::live::CommandUpdate>()
        .typ::<crate::live::ConnectionUpdate>()
        .typ::<crate::live::AlertUpdate>()
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

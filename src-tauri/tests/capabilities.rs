//! Least privilege: each window's web view is granted exactly the app commands it uses (and the
//! main window event listening), no plugin or core permission beyond them.
use std::collections::BTreeSet;

fn granted(file: &str) -> (BTreeSet<String>, serde_json::Value) {
    let path = format!("{}/capabilities/{file}", env!("CARGO_MANIFEST_DIR"));
    let capability: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read capability"))
            .expect("JSON");
    let granted = capability["permissions"]
        .as_array()
        .expect("permissions list")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission identifiers")
                .to_string()
        })
        .collect();
    (granted, capability["windows"].clone())
}

fn allow(commands: &[&str]) -> BTreeSet<String> {
    commands
        .iter()
        .map(|command| format!("allow-{}", command.replace('_', "-")))
        .collect()
}

/// What only the head-unit window (the car's screen in the sandbox) may do.
const HEAD_UNIT_ONLY: &[&str] = &[
    "head_unit",
    "head_unit_confirm",
    "sandbox_car",
    "control_sandbox_car",
    "head_unit_enter_key",
    "head_unit_enter_code",
    "dealer_unlock_head_unit",
];

#[test]
fn main_window_gets_the_app_commands_and_event_listening_only() {
    let (granted, windows) = granted("main.json");
    let app_commands: Vec<&str> = keyfob_app_lib::COMMANDS
        .iter()
        .copied()
        .filter(|c| !HEAD_UNIT_ONLY.contains(c))
        .collect();
    let mut expected = allow(&app_commands);
    // Listening is how a confirmation link reaches the open window.
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted, expected);
    assert_eq!(windows, serde_json::json!(["main"]));
}

#[test]
fn head_unit_window_can_only_show_the_car_confirm_its_prompt_take_a_key_and_change_it() {
    let (granted, windows) = granted("head-unit.json");
    let expected = allow(&[
        "backend_info",
        "current_account",
        "head_unit",
        "head_unit_confirm",
        "sandbox_car",
        "control_sandbox_car",
        "head_unit_enter_key",
        "head_unit_enter_code",
        "dealer_unlock_head_unit",
    ]);
    assert_eq!(granted, expected);
    assert_eq!(windows, serde_json::json!(["head-unit"]));
}

#[test]
fn content_security_policy_allows_only_the_app_itself() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read config")).expect("JSON");
    let csp = &config["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    let text = csp.to_string();
    assert!(
        !text.contains("unsafe-eval") && !text.contains("unsafe-inline") && !text.contains('*'),
        "{text}"
    );
}

#[test]
fn the_phone_only_capability_grants_location_the_camera_the_back_button_and_the_in_app_head_unit() {
    let path = format!("{}/capabilities/mobile.json", env!("CARGO_MANIFEST_DIR"));
    let capability: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read capability"))
            .expect("JSON");
    assert_eq!(
        capability["platforms"],
        serde_json::json!(["android", "iOS"])
    );
    let (granted, windows) = granted("mobile.json");
    assert_eq!(windows, serde_json::json!(["main"]));
    let expected: BTreeSet<String> = [
        "geolocation:allow-check-permissions",
        "geolocation:allow-request-permissions",
        "geolocation:allow-get-current-position",
        "barcode-scanner:allow-check-permissions",
        "barcode-scanner:allow-request-permissions",
        "barcode-scanner:allow-scan",
        "barcode-scanner:allow-cancel",
        "barcode-scanner:allow-open-app-settings",
        "core:app:allow-register-listener",
        "core:app:allow-remove-listener",
        "core:app:allow-exit",
    ]
    .into_iter()
    .map(String::from)
    .chain(allow(HEAD_UNIT_ONLY))
    .collect();
    assert_eq!(granted, expected);
}

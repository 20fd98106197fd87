//! Least privilege: the web view is granted exactly the app's own commands, and no plugin or
//! core permission beyond them.

use std::collections::BTreeSet;

#[test]
fn main_window_gets_exactly_the_app_commands() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/main.json");
    let capability: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read capability"))
            .expect("JSON");
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("permissions list")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission identifiers")
                .to_string()
        })
        .collect();
    let expected: BTreeSet<String> = keyfob_app_lib::COMMANDS
        .iter()
        .map(|command| format!("allow-{}", command.replace('_', "-")))
        .collect();
    assert_eq!(granted, expected);
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
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

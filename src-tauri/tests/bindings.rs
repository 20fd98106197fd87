//! The checked-in TypeScript bindings must match the Rust commands and types. Run with
//! `UPDATE_BINDINGS=1` to regenerate them after changing a command or a type.

use std::path::Path;

#[test]
fn checked_in_bindings_are_current() {
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join(keyfob_app_lib::BINDINGS_PATH);
    let fresh = tempfile_path("bindings.ts");
    keyfob_app_lib::export_bindings(&fresh).expect("export bindings");
    let fresh_text = std::fs::read_to_string(&fresh).expect("read fresh bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&checked_in, &fresh_text).expect("write bindings");
        return;
    }
    let current = std::fs::read_to_string(&checked_in).unwrap_or_default();
    assert!(
        current == fresh_text,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p keyfob-app --test bindings` and commit it",
        checked_in.display()
    );
}

#[test]
fn bindings_invoke_every_declared_command() {
    let fresh = tempfile_path("bindings-commands.ts");
    keyfob_app_lib::export_bindings(&fresh).expect("export bindings");
    let text = std::fs::read_to_string(&fresh).expect("read bindings");
    for command in keyfob_app_lib::COMMANDS {
        assert!(
            text.contains(&format!("\"{command}\"")),
            "{command} is declared to the ACL but not in the bindings"
        );
    }
}

fn tempfile_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("keyfob-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

//! Finds or builds the app binary the scenarios launch.

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

/// The repository root (the workspace folder).
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace")
}

/// The app binary, built once per test run with the bundled UI (custom-protocol) unless
/// `KEYFOB_APP_BIN` names one already built.
pub fn app_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        if let Some(path) = std::env::var_os("KEYFOB_APP_BIN") {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "KEYFOB_APP_BIN={} is not a file",
                path.display()
            );
            return path;
        }
        build_app()
    })
}

fn build_app() -> PathBuf {
    let root = workspace_root();
    run(Command::new("npm")
        .args(["--prefix", "ui", "run", "build"])
        .current_dir(root));
    run(Command::new(env!("CARGO"))
        .args(["build", "-p", "keyfob-app"])
        .current_dir(root));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = target.join("debug").join("keyfob-app");
    assert!(
        binary.is_file(),
        "the build did not produce {}",
        binary.display()
    );
    binary
}

fn run(command: &mut Command) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(status.success(), "{command:?} failed with {status}");
}

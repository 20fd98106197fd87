//! The WebDriver harness for Keyfob's end-to-end tests.
//!
//! Each scenario gets its own data folder, its own `tauri-driver` (which starts WebKitWebDriver,
//! which starts the app) on ports of its own, and is torn down — app, drivers and folder — even
//! when it fails. A failed scenario leaves a screenshot and the page source in
//! `target/e2e-artifacts/`.

mod build;
mod driver;
mod page;

pub use build::{app_binary, workspace_root};
pub use page::Page;

use std::{future::Future, time::Duration};

/// What a scenario returns; any error fails it (and saves the artifacts).
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long a scenario waits for something to appear before it fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// The longest a whole scenario may take before it is failed and torn down.
pub const SCENARIO_LIMIT: Duration = Duration::from_secs(180);

/// Runs one scenario against a freshly launched app and tears everything down afterwards.
pub async fn scenario<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = Result>,
{
    let session = match driver::Session::start(name).await {
        Ok(session) => session,
        Err(error) => panic!("scenario {name}: the app could not be started: {error}"),
    };
    let page = Page::new(session.client.clone(), session.app_data_dir());
    let outcome = match tokio::time::timeout(SCENARIO_LIMIT, body(page)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(format!("the scenario did not finish within {SCENARIO_LIMIT:?}").into()),
    };
    if let Err(error) = &outcome {
        session.save_artifacts(name).await;
        eprintln!("scenario {name} failed: {error}");
    }
    session.stop().await;
    if let Err(error) = outcome {
        panic!("scenario {name} failed: {error} (screenshot in target/e2e-artifacts/{name}.png)");
    }
}

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
pub use driver::TIME_SCALE;
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
    run(name, None, TIME_SCALE, &[], body).await
}

/// Like [`scenario`], with these variables in the app's environment (where a fake service is,
/// for one).
pub async fn scenario_with_env<F, Fut>(name: &str, env: &[(String, String)], body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = Result>,
{
    run(name, None, TIME_SCALE, env, body).await
}

/// Like [`scenario`], with the sandbox's cars living at `time_scale` × real time instead of
/// [`TIME_SCALE`]: for a scenario that must act while something runs (a 10-minute engine run
/// lasts 600 / `time_scale` seconds).
pub async fn scenario_at_scale<F, Fut>(name: &str, time_scale: &str, body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = Result>,
{
    run(name, None, time_scale, &[], body).await
}

/// Like [`scenario`], on a data folder the test keeps, so a second launch finds what the first
/// one left (the session, the vehicles, the sandbox's database).
pub async fn scenario_in<F, Fut>(name: &str, folder: &std::path::Path, body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = Result>,
{
    run(name, Some(folder.to_path_buf()), TIME_SCALE, &[], body).await
}

async fn run<F, Fut>(
    name: &str,
    folder: Option<std::path::PathBuf>,
    time_scale: &str,
    env: &[(String, String)],
    body: F,
) where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = Result>,
{
    let session = match driver::Session::start(name, folder, time_scale, env).await {
        Ok(session) => session,
        Err(error) => panic!("scenario {name}: the app could not be started: {error}"),
    };
    let page = Page::new(session.client.clone(), session.app_data_dir());
    let outcome = match tokio::time::timeout(SCENARIO_LIMIT, body(page)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(format!("the scenario did not finish within {SCENARIO_LIMIT:?}").into()),
    };
    if let Err(error) = &outcome {
        // A web view that stopped answering must not hold the run up: the artifacts are a help.
        let _ = tokio::time::timeout(Duration::from_secs(20), session.save_artifacts(name)).await;
        eprintln!("scenario {name} failed: {error}");
    }
    session.stop().await;
    if let Err(error) = outcome {
        panic!("scenario {name} failed: {error} (screenshot in target/e2e-artifacts/{name}.png)");
    }
}

/// Launches the app on `folder` (a fresh one if `None`), and measures the time from asking
/// WebDriver for the app until the element `testid` is shown; `prepare` then runs on the
/// page (to sign in, say) before the app is closed. For the launch-time figures; never a test.
pub async fn measure_launch<F, Fut>(
    folder: Option<&std::path::Path>,
    testid: &str,
    prepare: F,
) -> Result<Duration>
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = Result>,
{
    let started = std::time::Instant::now();
    let session = driver::Session::start(
        "measure_launch",
        folder.map(|f| f.to_path_buf()),
        TIME_SCALE,
        &[],
    )
    .await?;
    let page = Page::new(session.client.clone(), session.app_data_dir());
    let shown = page.element(testid).await.map(|_| started.elapsed());
    let outcome = match shown {
        Ok(elapsed) => prepare(page).await.map(|()| elapsed),
        Err(error) => Err(error),
    };
    session.stop().await;
    outcome
}

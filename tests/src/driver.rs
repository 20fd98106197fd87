//! One tauri-driver per scenario, on free ports, in its own process group so that it, the
//! WebKitWebDriver it starts and the app are all stopped together.

use std::{
    net::{SocketAddr, TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::{app_binary, workspace_root, Result};

const SESSION_START: Duration = Duration::from_secs(60);

/// Vehicle time in the scenarios runs this many times faster: a car's 1–5 minute
/// synchronisation takes a second or two.
pub const TIME_SCALE: &str = "120";

pub(crate) struct Session {
    pub(crate) client: Client,
    driver: Child,
    // Dropped last: the data folder outlives the processes that use it.
    data: ScenarioData,
}

/// A scenario's folder: its own, or one a test keeps across two launches of the app.
pub(crate) enum ScenarioData {
    Own(tempfile::TempDir),
    Shared(PathBuf),
}

impl ScenarioData {
    fn path(&self) -> &std::path::Path {
        match self {
            ScenarioData::Own(dir) => dir.path(),
            ScenarioData::Shared(path) => path,
        }
    }
}

impl Session {
    /// Starts the driver and the app. On a loaded 2-core machine tauri-driver now and then
    /// drops the very first request although its port is open; one more try, on a fresh
    /// driver, tells that apart from an app that really cannot start.
    pub(crate) async fn start(
        name: &str,
        shared: Option<PathBuf>,
        time_scale: &str,
        env: &[(String, String)],
    ) -> Result<Session> {
        match Self::start_once(name, shared.clone(), time_scale, env).await {
            Ok(session) => Ok(session),
            Err(first) => {
                eprintln!("scenario {name}: {first}; starting once more");
                Self::start_once(name, shared, time_scale, env).await
            }
        }
    }

    async fn start_once(
        name: &str,
        shared: Option<PathBuf>,
        time_scale: &str,
        env: &[(String, String)],
    ) -> Result<Session> {
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return Err("no DISPLAY: run the end-to-end tests through the README's test command, which starts Xvfb".into());
        }
        let binary = app_binary();
        let data = match shared {
            Some(path) => ScenarioData::Shared(path),
            None => ScenarioData::Own(
                tempfile::Builder::new()
                    .prefix(&format!("keyfob-e2e-{name}-"))
                    .tempdir()?,
            ),
        };
        let (port, native_port) = (free_port()?, free_port()?);
        let log = std::fs::File::create(artifacts_dir()?.join(format!("{name}.driver.log")))?;
        let mut command = Command::new(tauri_driver());
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("KEYFOB_DATA_DIR", data.path().join("app"))
            .env("KEYFOB_TIME_SCALE", time_scale)
            // WebKit keeps its own caches and storage under the XDG folders: isolate them too.
            .env("XDG_DATA_HOME", data.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", data.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", data.path().join("xdg-cache"))
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut driver = command.spawn().map_err(|e| {
            format!("cannot start tauri-driver ({e}); the README's test command installs it")
        })?;
        if let Err(error) = wait_for_port(port, Duration::from_secs(30)) {
            stop_group(&mut driver);
            return Err(error);
        }
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": binary },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{port}");
        let connect = builder.connect(&url);
        // A session that never opens (the app hung on start) must fail the scenario, not hang CI.
        let outcome = match tokio::time::timeout(SESSION_START, connect).await {
            Ok(Ok(client)) => {
                return Ok(Session {
                    client,
                    driver,
                    data,
                })
            }
            Ok(Err(error)) => format!("WebDriver session could not start: {error}"),
            Err(_) => format!("the app did not open a WebDriver session within {SESSION_START:?}"),
        };
        stop_group(&mut driver);
        Err(outcome.into())
    }

    /// The folder the app was given as `KEYFOB_DATA_DIR`.
    pub(crate) fn app_data_dir(&self) -> std::path::PathBuf {
        self.data.path().join("app")
    }

    pub(crate) async fn save_artifacts(&self, name: &str) {
        let Ok(dir) = artifacts_dir() else { return };
        // The page source first: it is cheap, and a screenshot can hang on a busy web view.
        if let Ok(source) = self.client.source().await {
            let _ = std::fs::write(dir.join(format!("{name}.html")), source);
        }
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    pub(crate) async fn stop(mut self) {
        // Ending the session closes the app; the group kill catches whatever is left.
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        stop_group(&mut self.driver);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        stop_group(&mut self.driver);
    }
}

fn stop_group(driver: &mut Child) {
    if let Ok(Some(_)) = driver.try_wait() {
        return;
    }
    #[cfg(unix)]
    {
        let group = format!("-{}", driver.id());
        for signal in ["-TERM", "-KILL"] {
            let _ = Command::new("kill")
                .args([signal, "--", &group])
                .stderr(Stdio::null())
                .status();
            std::thread::sleep(Duration::from_millis(200));
            if let Ok(Some(_)) = driver.try_wait() {
                break;
            }
        }
    }
    let _ = driver.kill();
    let _ = driver.wait();
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin").join("tauri-driver"));
    match cargo_bin {
        Some(path) if path.is_file() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_for_port(port: u16, timeout: Duration) -> Result {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("tauri-driver did not listen on port {port} within {timeout:?}").into())
}

pub(crate) fn artifacts_dir() -> Result<PathBuf> {
    let dir = workspace_root().join("target").join("e2e-artifacts");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

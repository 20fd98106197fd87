//! The server goes away and comes back: the app shows what it saved, with its age, and
//! recovers without losing anything. Runs against a stand-alone keyfob-server process (a
//! sandbox one, for its simulated cars) that the test can kill outright.

use std::{
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use keyfob_client::{Client, ClientConfig};
use keyfob_e2e::{scenario_in, workspace_root, TIME_SCALE};

use crate::account::{DEMO_EMAIL, DEMO_PASSWORD};
use crate::vehicles::QASHQAI;

/// A `keyfob-server serve --seed-sandbox` process on a fixed port and database.
struct ServerProcess {
    child: Child,
}

impl ServerProcess {
    fn start(port: u16, database: &Path) -> ServerProcess {
        let binary = server_binary();
        let child = Command::new(&binary)
            .args(["serve", "--seed-sandbox", "--time-scale", TIME_SCALE])
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .arg("--database-url")
            .arg(format!("sqlite://{}", database.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the server did not listen"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        ServerProcess { child }
    }

    /// Gone at once, connections and all, as a crashed server or a lost network would be.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server binary the workspace's test build made (built here if it is missing).
fn server_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let binary = target.join("debug").join("keyfob-server");
    if !binary.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "keyfob-server", "--bin", "keyfob-server"])
            .current_dir(workspace_root())
            .status()
            .expect("cargo build");
        assert!(status.success(), "building keyfob-server failed");
    }
    binary
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_server_gone_the_saved_status_shows_with_its_age_then_recovers() {
    let folder = tempfile::tempdir().expect("folder");
    let app_folder = folder.path().join("app-profile");
    std::fs::create_dir_all(&app_folder).expect("app folder");
    let database = folder.path().join("server.db");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let server = ServerProcess::start(port, &database);

    let first_url = url.clone();
    scenario_in("offline_first_launch", &app_folder, |page| async move {
        page.fill("start-server-url", &first_url).await?;
        page.click("start-server-connect").await?;
        page.element("screen-welcome").await?;
        page.sign_in(DEMO_EMAIL, DEMO_PASSWORD).await?;
        page.link_car(QASHQAI, "QJ12-0512207").await?;
        // Confirm on the car's screen, which this server (a sandbox) exposes over HTTP.
        let car = Client::new(ClientConfig::new(&first_url)?)?;
        car.head_unit_confirm(QASHQAI).await?;
        page.wait_for_attribute("activation-step-active", "data-status", "done")
            .await?;
        page.click("nav-dashboard").await?;
        page.wait_for_attribute("status-locks", "data-state", "locked")
            .await?;

        // The server goes away while the app is open.
        server.kill();
        page.click("nav-vehicles").await?;
        page.element("vehicles-offline").await?;
        page.wait_for_text("vehicle-card-model", "Qashqai").await?;
        page.click("nav-dashboard").await?;
        page.element("dashboard-offline").await?;
        page.element("dashboard-offline-age").await?;
        page.wait_for_attribute("status-locks", "data-state", "locked")
            .await?;
        Ok(())
    })
    .await;

    // Started again while the server is still down: still signed in, on the chosen server, with
    // what was saved; then the server is back and the app recovers without a click.
    scenario_in("offline_second_launch", &app_folder, |page| async move {
        page.element("screen-vehicles").await?;
        page.element("vehicles-offline").await?;
        page.click("nav-dashboard").await?;
        page.element("dashboard-offline").await?;
        page.wait_for_attribute("status-locks", "data-state", "locked")
            .await?;

        // Commands are off, with the reason, while the server is away.
        page.element("locks-card-offline").await?;
        assert!(!page.element("command-lock").await?.is_enabled().await?);

        // The server comes back: the live stream reconnects and the banner goes by itself.
        let _server = ServerProcess::start(port, &database);
        page.wait_until("the offline banner gone", |page| async move {
            Ok(!page.is_present("dashboard-offline").await?)
        })
        .await?;
        page.wait_for_attribute("status-locks", "data-state", "locked")
            .await?;
        page.wait_until("commands back on", |page| async move {
            Ok(page.element("command-lock").await?.is_enabled().await?)
        })
        .await?;
        Ok(())
    })
    .await;
}

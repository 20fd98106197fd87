//! Prints the CPU the app uses while it sits with the dashboard open on a linked, active car:
//! the app and its WebKit processes together, as a share of one core, over `SECONDS`. Run
//! through `scripts/measure-app.sh`, which provides Xvfb, D-Bus and a keyring.

use std::time::Duration;

use keyfob_e2e::{measure_launch, Page, Result};

const SECONDS: u64 = 30;

/// CPU time (user + system, in clock ticks) of the newest `keyfob-app` and its descendants.
fn cpu_ticks() -> Result<u64> {
    let app = std::process::Command::new("pgrep")
        .args(["-n", "-x", "keyfob-app"])
        .output()?;
    let root: u32 = String::from_utf8(app.stdout)?.trim().parse()?;
    let mut pids = vec![root];
    let mut i = 0;
    while i < pids.len() {
        let children = std::process::Command::new("pgrep")
            .args(["-P", &pids[i].to_string()])
            .output()?;
        for line in String::from_utf8(children.stdout)?.lines() {
            pids.push(line.trim().parse()?);
        }
        i += 1;
    }
    let mut ticks = 0;
    for pid in pids {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let utime: u64 = fields.get(11).and_then(|f| f.parse().ok()).unwrap_or(0);
        let stime: u64 = fields.get(12).and_then(|f| f.parse().ok()).unwrap_or(0);
        ticks += utime + stime;
    }
    Ok(ticks)
}

async fn dashboard_idle(page: Page) -> Result {
    page.start_sandbox().await?;
    page.sign_in("demo@sandbox.keyfob.test", "Sandbox-Demo-2026")
        .await?;
    page.link_car("SJNTAAJ11SU512207", "QJ12-0512207").await?;
    page.click("activation-open-head-unit").await?;
    let app_window = page.switch_to_window_with("head-unit-confirm").await?;
    page.click("head-unit-confirm").await?;
    page.element("head-unit-active").await?;
    // Only the app's own window stays open: the car's window polls the simulator.
    page.client().close_window().await?;
    page.switch_to_window(app_window).await?;
    page.click("nav-dashboard").await?;
    page.element("status-locks").await?;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let ticks_per_second = 100.0; // USER_HZ on Linux
    let before = cpu_ticks()?;
    tokio::time::sleep(Duration::from_secs(SECONDS)).await;
    let used = (cpu_ticks()? - before) as f64 / ticks_per_second;
    println!(
        "idle with the dashboard open: {:.1} % of one core over {SECONDS} s ({used:.2} s CPU, app + WebKit)",
        used / SECONDS as f64 * 100.0
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result {
    measure_launch(None, "screen-start", dashboard_idle).await?;
    Ok(())
}

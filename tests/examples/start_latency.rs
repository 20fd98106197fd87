//! Prints how long it takes from pressing Start on the dashboard to the dashboard showing the
//! engine running, minus the time the simulated car itself takes to start (its fixed 25 s of
//! vehicle time, divided by the harness's time scale): the median of 20 starts, timed inside
//! the page from the click to the status tile changing. Run through `scripts/measure-app.sh
//! start`, which provides Xvfb, D-Bus and a keyring.

use std::time::Duration;

use keyfob_e2e::{measure_launch, Page, Result, TIME_SCALE};

const STARTS: usize = 20;
/// The simulator's answer delay for a remote start, in vehicle seconds.
const CAR_START_SECONDS: f64 = 25.0;

/// Clicks Start and resolves with the milliseconds until the engine tile says running.
const TIME_START: &str = r#"
const done = arguments[arguments.length - 1];
const tile = () => document.querySelector("[data-testid='status-engine']");
const started = performance.now();
const observer = new MutationObserver(() => {
  if (tile()?.getAttribute('data-state') === 'running') {
    observer.disconnect();
    done(performance.now() - started);
  }
});
observer.observe(document.body, { subtree: true, attributes: true, childList: true });
document.querySelector("[data-testid='engine-start']").click();
"#;

async fn at_the_car(page: &Page, control: &str, pressed: &str) -> Result {
    let app_window = page.switch_to_window_with("car-controls").await?;
    page.click(control).await?;
    page.wait_for_attribute(control, "aria-pressed", pressed)
        .await?;
    page.switch_to_window(app_window).await?;
    Ok(())
}

async fn start_latency(page: Page) -> Result {
    page.start_sandbox().await?;
    page.sign_in("demo@sandbox.keyfob.test", "Sandbox-Demo-2026")
        .await?;
    page.link_car("SJNTAAJ11SU512207", "QJ12-0512207").await?;
    page.click("activation-open-head-unit").await?;
    let app_window = page.switch_to_window_with("head-unit-confirm").await?;
    page.click("head-unit-confirm").await?;
    page.element("head-unit-active").await?;
    page.switch_to_window(app_window).await?;
    page.click("nav-dashboard").await?;
    page.wait_for_attribute("status-engine", "data-state", "off")
        .await?;
    // The password is asked once; the starts below fall within its five minutes.
    page.click("command-unlock").await?;
    page.fill("identity-password", "Sandbox-Demo-2026").await?;
    page.click("identity-submit").await?;
    page.wait_for_attribute("locks-card-timeline", "data-outcome", "succeeded")
        .await?;
    page.click("command-lock").await?;
    page.wait_for_attribute("locks-card-timeline", "data-outcome", "succeeded")
        .await?;

    let scale: f64 = TIME_SCALE.parse()?;
    let car_ms = CAR_START_SECONDS / scale * 1000.0;
    let mut samples = Vec::with_capacity(STARTS);
    for n in 1..=STARTS {
        page.wait_until("Start offered", |page| async move {
            Ok(page.element("engine-start").await?.is_enabled().await?)
        })
        .await?;
        let timed = page.client().execute_async(TIME_START, Vec::new()).await;
        let total = match timed {
            Ok(value) => value.as_f64().ok_or("the page did not time the start")?,
            Err(error) => {
                let outcome = page.attr("engine-timeline", "data-outcome").await;
                let text = page.text("dashboard-commands").await;
                return Err(format!("start {n}: {error}; timeline {outcome:?}; {text:?}").into());
            }
        };
        eprintln!("start {n}: {:.0} ms", total - car_ms);
        samples.push(total - car_ms);
        page.click("engine-stop").await?;
        page.wait_for_attribute("status-engine", "data-state", "off")
            .await?;
        // Two remote starts per ignition cycle: a turn of the key at the car resets them.
        at_the_car(&page, "car-ignition", "true").await?;
        at_the_car(&page, "car-ignition", "false").await?;
        page.wait_for_attribute("status-engine", "data-state", "off")
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    samples.sort_by(f64::total_cmp);
    let median = (samples[STARTS / 2 - 1] + samples[STARTS / 2]) / 2.0;
    println!(
        "Start → engine running on the dashboard, minus the car's own {car_ms:.0} ms: median {median:.0} ms of {STARTS} (fastest {:.0} ms, slowest {:.0} ms)",
        samples[0],
        samples[STARTS - 1]
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result {
    measure_launch(None, "screen-start", start_latency).await?;
    Ok(())
}

//! Prints how long the app takes from launch to its first screens, as the README reports:
//! the first start (backend choice), a signed-out start (welcome with Sign in), and a
//! signed-in owner's start (the vehicle list with the cars shown), over `RUNS` launches each.
//! The time runs from asking WebDriver for the app, so the driver's own set-up is included.
//!
//! Run through `scripts/measure-app.sh`, which provides Xvfb, D-Bus and a keyring.

use std::time::Duration;

use keyfob_e2e::{measure_launch, Page, Result};

const RUNS: usize = 9;

/// Median, and the fastest and slowest run.
fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.0} ms (fastest {:.0}, slowest {:.0}; {} runs)",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    )
}

async fn sign_in_and_link(page: Page) -> Result {
    page.start_sandbox().await?;
    page.sign_in("demo@sandbox.keyfob.test", "Sandbox-Demo-2026")
        .await?;
    page.link_car("SJNTAAJ11SU512207", "QJ12-0512207").await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result {
    let mut first = Vec::new();
    for _ in 0..RUNS {
        first.push(measure_launch(None, "screen-start", |_| async { Ok(()) }).await?);
    }

    let signed_out = tempfile::tempdir()?;
    measure_launch(Some(signed_out.path()), "screen-start", |page| async move {
        page.start_sandbox().await
    })
    .await?;
    let mut welcome = Vec::new();
    for _ in 0..RUNS {
        welcome.push(
            measure_launch(Some(signed_out.path()), "welcome-sign-in", |_| async {
                Ok(())
            })
            .await?,
        );
    }

    let signed_in = tempfile::tempdir()?;
    measure_launch(Some(signed_in.path()), "screen-start", sign_in_and_link).await?;
    let mut vehicles = Vec::new();
    for _ in 0..RUNS {
        vehicles.push(
            measure_launch(Some(signed_in.path()), "vehicle-card", |_| async { Ok(()) }).await?,
        );
    }

    println!("launch to the first-start screen:       {}", summary(first));
    println!(
        "launch to the sign-in (signed out):     {}",
        summary(welcome)
    );
    println!(
        "launch to the vehicle list (signed in): {}",
        summary(vehicles)
    );
    Ok(())
}

//! Every screen fits a 360 px wide window: nothing sticks out to the right.

use keyfob_e2e::{scenario, Page, Result};

use crate::account::{DEMO_EMAIL, DEMO_PASSWORD};

/// The elements (by test id, else tag and class) whose right edge passes the window's.
async fn overflowing(page: &Page) -> Result<Vec<String>> {
    let script = r#"
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
            .filter((e) => {
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.height > 0 && r.right > width + 1 && r.left < width;
            })
            .map((e) => e.dataset.testid || `${e.tagName.toLowerCase()}.${e.className}`)
            .slice(0, 8);
    "#;
    let found = page.client().execute(script, vec![]).await?;
    Ok(serde_json::from_value(found)?)
}

async fn fits(page: &Page, screen: &str) -> Result {
    page.element(screen).await?;
    // Let the layout settle after the screen change.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let wide = overflowing(page).await?;
    if wide.is_empty() {
        Ok(())
    } else {
        Err(format!("{screen} is wider than 360 px: {wide:?}").into())
    }
}

/// Goes to a screen by its address, as a deep link inside the app would.
async fn visit(page: &Page, hash: &str) -> Result {
    page.client()
        .execute(&format!("window.location.hash = '{hash}';"), vec![])
        .await?;
    Ok(())
}

#[tokio::test]
async fn every_screen_fits_a_360_px_window() {
    scenario("responsive_360", |page| async move {
        page.client().set_window_size(360, 740).await?;
        let width = page
            .client()
            .execute("return document.documentElement.clientWidth;", vec![])
            .await?;
        assert!(
            width.as_u64().is_some_and(|w| w <= 360),
            "window is {width} px wide"
        );
        fits(&page, "screen-start").await?;
        // The check itself sees an element that is too wide.
        page.client()
            .execute(
                "const d = document.createElement('div'); d.id = 'too-wide'; \
                 d.style.width = '600px'; d.style.height = '4px'; document.body.append(d);",
                vec![],
            )
            .await?;
        assert!(
            !overflowing(&page).await?.is_empty(),
            "a 600 px element overflows"
        );
        page.client()
            .execute("document.getElementById('too-wide').remove();", vec![])
            .await?;
        page.start_sandbox().await?;
        fits(&page, "screen-welcome").await?;
        for (hash, screen) in [
            ("#/register", "screen-register"),
            ("#/sign-in", "screen-sign-in"),
            ("#/forgot-password", "screen-forgot-password"),
            ("#/reset-password", "screen-reset-password"),
            (
                "#/confirm-email?email=a%40example.com",
                "screen-confirm-email",
            ),
            ("#/mailbox", "screen-mailbox"),
            ("#/vin", "screen-vin-check"),
            ("#/password", "screen-password-check"),
            ("#/help", "screen-help"),
        ] {
            visit(&page, hash).await?;
            fits(&page, screen).await?;
        }
        visit(&page, "#/sign-in").await?;
        page.fill("sign-in-email", DEMO_EMAIL).await?;
        page.fill("sign-in-password", DEMO_PASSWORD).await?;
        page.click("sign-in-submit").await?;
        fits(&page, "screen-vehicles").await?;
        page.click("vehicles-link").await?;
        page.fill("link-vin-input", "SJNTAAJ11SU512207").await?;
        page.click("link-vin-lookup").await?;
        fits(&page, "link-lookup").await?;
        page.click("link-continue").await?;
        fits(&page, "link-proof-value").await?;
        page.choose("link-proof-kind", "body_number").await?;
        page.fill("link-proof-value", "QJ12-0512207").await?;
        page.click("link-submit").await?;
        fits(&page, "activation-steps").await?;
        // The car's own screens, reached from its dashboard.
        visit(&page, "#/dashboard").await?;
        fits(&page, "dashboard-commands").await?;
        for (link, screen) in [
            ("dashboard-find-car", "screen-find-car"),
            ("dashboard-send-to-car", "screen-send-to-car"),
            ("dashboard-diagnostics", "screen-diagnostics"),
            ("dashboard-subscription", "screen-subscription"),
            ("dashboard-geofences", "geofences-screen"),
            ("dashboard-alerts", "alerts-screen"),
            ("dashboard-auth-keys", "auth-keys-screen"),
        ] {
            visit(&page, "#/dashboard").await?;
            page.click(link).await?;
            fits(&page, screen).await?;
        }
        for (hash, screen) in [
            ("#/account", "screen-account"),
            ("#/invitations", "screen-invitations"),
        ] {
            visit(&page, hash).await?;
            fits(&page, screen).await?;
        }
        Ok(())
    })
    .await;
}

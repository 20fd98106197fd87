//! Every screen fits a phone (360 × 740, and turned on its side where it matters): nothing sticks
//! out to the right, no control is covered by another element, and every control is a touch
//! target of at least 44 × 44 px.

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

/// Controls smaller than a finger (44 × 44 px), and controls another element covers at their
/// centre (a sticky bar over a button, say), by test id.
async fn hard_to_touch(page: &Page) -> Result<(Vec<String>, Vec<String>)> {
    let script = r#"
        const name = (e) => e.dataset.testid || `${e.tagName.toLowerCase()}.${e.className}`;
        const controls = [...document.querySelectorAll(
            'button, a.button, select, input:not([type=hidden]), textarea, [role=button], [role=switch]'
        )].filter((e) => {
            const r = e.getBoundingClientRect();
            const style = getComputedStyle(e);
            return r.width > 0 && r.height > 0 && style.visibility !== 'hidden'
                && !e.closest('[aria-hidden=true], .leaflet-container');
        });
        // A box or a round button counts with its label, which takes the tap too.
        const target = (e) => (e.matches('input[type=checkbox], input[type=radio]') && e.closest('label')) || e;
        const small = controls.filter((e) => {
            const r = target(e).getBoundingClientRect();
            return r.width < 43.5 || r.height < 43.5;
        }).map(name);
        const covered = controls.filter((e) => {
            const r = e.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
            const top = document.elementFromPoint(x, y);
            return top && top !== e && !e.contains(top) && !top.contains(e)
                && !(e.labels && [...e.labels].some((l) => l.contains(top)));
        }).map(name);
        return [small.slice(0, 8), covered.slice(0, 8)];
    "#;
    let found = page.client().execute(script, vec![]).await?;
    Ok(serde_json::from_value(found)?)
}

async fn fits(page: &Page, screen: &str) -> Result {
    page.element(screen).await?;
    // Let the layout settle after the screen change.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let wide = overflowing(page).await?;
    if !wide.is_empty() {
        return Err(format!("{screen} is wider than the window: {wide:?}").into());
    }
    let (small, covered) = hard_to_touch(page).await?;
    if !small.is_empty() {
        return Err(format!("{screen} has controls under 44 × 44 px: {small:?}").into());
    }
    if !covered.is_empty() {
        return Err(format!("{screen} has controls covered by something else: {covered:?}").into());
    }
    Ok(())
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
        // … and a button too small for a finger, and one hidden under another element.
        page.client()
            .execute(
                "const b = document.createElement('button'); b.dataset.testid = 'tiny'; \
                 b.style.cssText = 'position:fixed;left:10px;top:200px;width:20px;height:20px;min-width:0;min-height:0;padding:0'; \
                 const c = document.createElement('button'); c.dataset.testid = 'under'; \
                 c.style.cssText = 'position:fixed;left:100px;top:200px;width:60px;height:60px'; \
                 const lid = document.createElement('div'); lid.dataset.testid = 'lid'; \
                 lid.style.cssText = 'position:fixed;left:90px;top:190px;width:80px;height:80px;z-index:9'; \
                 document.body.append(b, c, lid);",
                vec![],
            )
            .await?;
        let (small, covered) = hard_to_touch(&page).await?;
        assert!(small.contains(&"tiny".to_owned()), "{small:?}");
        assert!(covered.contains(&"under".to_owned()), "{covered:?}");
        page.client()
            .execute(
                "for (const id of ['tiny', 'under', 'lid']) document.querySelector(`[data-testid=${id}]`).remove();",
                vec![],
            )
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
        // The car's head unit: its own window on a computer, a screen of the one window on a
        // phone; either way it must fit a phone's width.
        page.click("activation-open-head-unit").await?;
        let app_window = page.switch_to_window_with("screen-head-unit").await?;
        page.client().set_window_size(360, 740).await?;
        page.element("head-unit-prompt").await?;
        fits(&page, "screen-head-unit").await?;
        page.switch_to_window(app_window).await?;
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
            ("#/vehicle", "screen-vehicle"),
            ("#/account", "screen-account"),
            ("#/invitations", "screen-invitations"),
            ("#/nissanconnect", "screen-nissanconnect"),
            ("#/nowhere", "screen-not-found"),
        ] {
            visit(&page, hash).await?;
            fits(&page, screen).await?;
        }
        // Turned on its side: the screens with forms and the dashboard.
        page.client().set_window_size(740, 360).await?;
        for (hash, screen) in [
            ("#/dashboard", "dashboard-commands"),
            ("#/vehicles", "screen-vehicles"),
            ("#/account", "screen-account"),
            ("#/vin", "screen-vin-check"),
        ] {
            visit(&page, hash).await?;
            fits(&page, screen).await?;
        }
        Ok(())
    })
    .await;
}

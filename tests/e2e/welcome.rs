use keyfob_e2e::scenario;

#[tokio::test]
async fn welcome_screen_appears() {
    scenario("welcome_screen_appears", |page| async move {
        page.element("screen-welcome").await?;
        page.wait_for_text("welcome-title", "Keyfob").await?;
        let title = page.client().title().await?;
        assert_eq!(title, "Keyfob", "window document title");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn navigation_reaches_every_screen() {
    scenario("navigation_reaches_every_screen", |page| async move {
        page.element("screen-welcome").await?;
        page.click("welcome-check-vin").await?;
        page.element("screen-vin-check").await?;
        page.click("nav-password-check").await?;
        page.element("screen-password-check").await?;
        page.click("nav-help").await?;
        page.element("screen-help").await?;
        page.type_into("help-search", "battery").await?;
        page.element("help-topic-remote-start").await?;
        page.click("help-topic-remote-start-toggle").await?;
        page.wait_for_attribute("help-topic-remote-start-toggle", "aria-expanded", "true")
            .await?;
        page.click("nav-welcome").await?;
        page.element("screen-welcome").await?;
        Ok(())
    })
    .await;
}

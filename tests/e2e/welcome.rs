use keyfob_e2e::scenario;

#[tokio::test]
async fn first_start_offers_the_sandbox_and_checks_a_server_address() {
    scenario("first_start", |page| async move {
        page.element("screen-start").await?;
        let title = page.client().title().await?;
        assert_eq!(title, "Keyfob", "window document title");

        // Not an address at all: said on the field, nothing changes.
        page.fill("start-server-url", "keyfob server").await?;
        page.click("start-server-connect").await?;
        page.wait_for_text("start-server-error", "not a web address")
            .await?;
        // An address where nothing answers: the connection error with what to try.
        page.fill("start-server-url", "http://127.0.0.1:9").await?;
        page.click("start-server-connect").await?;
        page.wait_for_text("start-server-error", "Failed to connect")
            .await?;
        page.element("screen-start").await?;

        page.start_sandbox().await?;
        page.wait_for_text("welcome-title", "Keyfob").await?;
        page.element("nav-mailbox").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn navigation_reaches_every_public_screen() {
    scenario("navigation_reaches_every_screen", |page| async move {
        page.start_sandbox().await?;
        page.click("nav-vin-check").await?;
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
        page.click("nav-mailbox").await?;
        page.element("screen-mailbox").await?;
        page.click("nav-register").await?;
        page.element("screen-register").await?;
        page.click("nav-sign-in").await?;
        page.element("screen-sign-in").await?;
        page.click("nav-welcome").await?;
        page.element("screen-welcome").await?;
        Ok(())
    })
    .await;
}

// The server runs on this test's runtime: give it threads of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_mode_talks_to_a_stand_alone_server() {
    let (server, stop) = stand_alone_server().await;
    scenario("server_mode", |page| async move {
        page.element("screen-start").await?;
        page.fill("start-server-url", &server).await?;
        page.click("start-server-connect").await?;
        page.element("screen-welcome").await?;
        // The mailbox and the simulated cars belong to the sandbox only.
        assert!(!page.is_present("nav-mailbox").await?);
        // A stand-alone server has no demo account.
        page.click("nav-sign-in").await?;
        page.fill("sign-in-email", "demo@sandbox.keyfob.test")
            .await?;
        page.fill("sign-in-password", "Sandbox-Demo-2026").await?;
        page.click("sign-in-submit").await?;
        page.wait_for_text("sign-in-error", "password").await?;

        // The server goes away: the next attempt says so, offers a retry and keeps the form.
        let _ = stop.send(());
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        page.click("sign-in-submit").await?;
        page.wait_for_attribute("sign-in-error", "data-code", "unreachable")
            .await?;
        page.wait_for_text("sign-in-error", "Failed to connect")
            .await?;
        page.element("sign-in-error-retry").await?;
        let email = page.element("sign-in-email").await?.prop("value").await?;
        assert_eq!(email.as_deref(), Some("demo@sandbox.keyfob.test"));
        Ok(())
    })
    .await;
}

/// A keyfob-server as an operator runs it (no sandbox), on a free port, for this test only;
/// sending on the returned channel stops it.
async fn stand_alone_server() -> (String, tokio::sync::oneshot::Sender<()>) {
    let folder = tempfile::tempdir().expect("server folder");
    let url = format!("sqlite://{}", folder.path().join("server.db").display());
    let state = keyfob_server::open_state(&url, keyfob_server::ServerConfig::server(), false)
        .await
        .expect("server state");
    let server = keyfob_server::Server::bind(([127, 0, 0, 1], 0).into(), state)
        .await
        .expect("bind");
    let address = format!("http://{}", server.local_addr().expect("address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _keep = folder;
        let _ = server
            .serve(async {
                let _ = stopped.await;
            })
            .await;
    });
    (address, stop)
}

use keyfob_e2e::scenario;

#[tokio::test]
async fn password_checker_applies_the_policy_live() {
    scenario(
        "password_checker_applies_the_policy_live",
        |page| async move {
            page.start_sandbox().await?;
            page.click("nav-password-check").await?;
            page.type_into("password-input", "password1").await?;
            page.wait_for_attribute("password-rule-capital", "data-met", "false")
                .await?;
            page.wait_for_attribute("password-rule-not_common", "data-met", "false")
                .await?;
            page.wait_for_attribute("password-strength", "data-score", "0")
                .await?;
            page.clear("password-input").await?;
            page.type_into("password-input", "Quiet-Harbour-Lantern-58")
                .await?;
            page.wait_for_attribute("password-rule-length", "data-met", "true")
                .await?;
            page.wait_for_attribute("password-rule-capital", "data-met", "true")
                .await?;
            page.wait_for_attribute("password-rule-not_common", "data-met", "true")
                .await?;
            page.wait_for_attribute("password-strength", "data-score", "4")
                .await?;
            Ok(())
        },
    )
    .await;
}

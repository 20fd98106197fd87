use keyfob_e2e::scenario;

#[tokio::test]
async fn vin_check_flags_the_letter_o_at_position_17() {
    scenario(
        "vin_check_flags_the_letter_o_at_position_17",
        |page| async move {
            page.start_sandbox().await?;
            page.click("nav-vin-check").await?;
            page.type_into("vin-input", "1N4AL3AP8JC12345O").await?;
            page.wait_for_attribute("vin-char-17", "data-state", "error")
                .await?;
            let problem = page.element("vin-problem").await?;
            assert_eq!(problem.attr("data-position").await?.as_deref(), Some("17"));
            assert_eq!(
                problem.attr("data-code").await?.as_deref(),
                Some("vin_forbidden_letter")
            );
            let message = problem.text().await?;
            assert!(
                message.contains("Position 17"),
                "message names the position: {message}"
            );
            assert_eq!(
                page.element("vin-char-16")
                    .await?
                    .attr("data-state")
                    .await?
                    .as_deref(),
                Some("ok")
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn vin_check_decodes_a_north_american_nissan() {
    scenario(
        "vin_check_decodes_a_north_american_nissan",
        |page| async move {
            page.start_sandbox().await?;
            page.click("nav-vin-check").await?;
            // Typed as people copy it from a document: lower case, with spaces and a hyphen.
            page.type_into("vin-input", "1n4al3ap0 jc-123456").await?;
            page.element("vin-decoded").await?;
            page.wait_for_text("vin-decoded-model-year", "2018").await?;
            page.wait_for_text("vin-decoded-generation", "NissanConnect 3.0")
                .await?;
            page.wait_for_text("vin-decoded-country", "United States")
                .await?;
            let masked = page.text("vin-decoded-vin").await?;
            assert!(
                masked.ends_with("123456") && !masked.contains("1N4AL3"),
                "masked VIN: {masked}"
            );
            Ok(())
        },
    )
    .await;
}

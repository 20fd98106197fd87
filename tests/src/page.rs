//! What a scenario does with the app's window, by `data-testid`.

use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, Locator};

use crate::{Result, WAIT};

/// The app's web view as a scenario sees it.
#[derive(Clone)]
pub struct Page {
    client: Client,
    data_dir: std::path::PathBuf,
}

fn by_testid(testid: &str) -> String {
    format!("[data-testid='{testid}']")
}

impl Page {
    pub(crate) fn new(client: Client, data_dir: std::path::PathBuf) -> Page {
        Page { client, data_dir }
    }

    /// The app's data folder (`KEYFOB_DATA_DIR`) in this scenario, to inspect what it wrote.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits until the element is in the page and returns it.
    pub async fn element(&self, testid: &str) -> Result<Element> {
        self.element_css(&by_testid(testid)).await
    }

    pub async fn element_css(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("{css} did not appear within {WAIT:?}: {e}").into())
    }

    pub async fn click(&self, testid: &str) -> Result {
        self.element(testid).await?.click().await?;
        Ok(())
    }

    pub async fn type_into(&self, testid: &str, text: &str) -> Result {
        self.element(testid).await?.send_keys(text).await?;
        Ok(())
    }

    pub async fn clear(&self, testid: &str) -> Result {
        self.element(testid).await?.clear().await?;
        Ok(())
    }

    pub async fn text(&self, testid: &str) -> Result<String> {
        Ok(self.element(testid).await?.text().await?)
    }

    /// Waits until `check` holds for the page, polling; fails with `what` after [`WAIT`].
    pub async fn wait_until<F, Fut>(&self, what: &str, mut check: F) -> Result
    where
        F: FnMut(Page) -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        let start = Instant::now();
        let mut last_error = None;
        while start.elapsed() < WAIT {
            match check(self.clone()).await {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(error) => last_error = Some(error.to_string()),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("{what} did not happen within {WAIT:?} (last error: {last_error:?})").into())
    }

    /// Waits until the element's attribute has the expected value.
    pub async fn wait_for_attribute(
        &self,
        testid: &str,
        attribute: &str,
        expected: &str,
    ) -> Result {
        let (testid, attribute, expected) = (
            testid.to_string(),
            attribute.to_string(),
            expected.to_string(),
        );
        self.wait_until(&format!("{testid} {attribute}={expected}"), move |page| {
            let (testid, attribute, expected) =
                (testid.clone(), attribute.clone(), expected.clone());
            async move {
                let value = page.element(&testid).await?.attr(&attribute).await?;
                Ok(value.as_deref() == Some(expected.as_str()))
            }
        })
        .await
    }

    /// Waits until the element's text contains `expected`.
    pub async fn wait_for_text(&self, testid: &str, expected: &str) -> Result {
        let (testid, expected) = (testid.to_string(), expected.to_string());
        self.wait_until(&format!("{testid} containing {expected:?}"), move |page| {
            let (testid, expected) = (testid.clone(), expected.clone());
            async move { Ok(page.text(&testid).await?.contains(&expected)) }
        })
        .await
    }
}

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
        self.element(testid)
            .await?
            .click()
            .await
            .map_err(|e| format!("clicking {testid}: {e:?}"))?;
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

    /// Waits until the element's text contains `expected`; the failure says what it showed.
    pub async fn wait_for_text(&self, testid: &str, expected: &str) -> Result {
        let start = Instant::now();
        let mut last = String::from("(not found)");
        while start.elapsed() < WAIT {
            if let Ok(text) = self.text(testid).await {
                if text.contains(expected) {
                    return Ok(());
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(
            format!("{testid} did not contain {expected:?} within {WAIT:?}; it showed {last:?}")
                .into(),
        )
    }

    /// Replaces what a field holds.
    pub async fn fill(&self, testid: &str, text: &str) -> Result {
        let field = self.element(testid).await?;
        field
            .clear()
            .await
            .map_err(|e| format!("clearing {testid}: {e:?}"))?;
        field
            .send_keys(text)
            .await
            .map_err(|e| format!("typing into {testid}: {e:?}"))?;
        Ok(())
    }

    /// Picks an option of a `<select>` by its value.
    pub async fn choose(&self, testid: &str, value: &str) -> Result {
        self.element_css(&format!("{} option[value='{value}']", by_testid(testid)))
            .await?
            .click()
            .await?;
        Ok(())
    }

    pub async fn attr(&self, testid: &str, attribute: &str) -> Result<Option<String>> {
        Ok(self.element(testid).await?.attr(attribute).await?)
    }

    /// Whether the element is in the page right now (no waiting).
    pub async fn is_present(&self, testid: &str) -> Result<bool> {
        Ok(!self
            .client
            .find_all(Locator::Css(&by_testid(testid)))
            .await?
            .is_empty())
    }

    /// How many elements carry the test id right now.
    pub async fn count(&self, testid: &str) -> Result<usize> {
        Ok(self
            .client
            .find_all(Locator::Css(&by_testid(testid)))
            .await?
            .len())
    }

    /// The first start: picks the simulated cars and waits for the welcome screen.
    pub async fn start_sandbox(&self) -> Result {
        self.click("start-sandbox").await?;
        self.element("screen-welcome").await?;
        Ok(())
    }

    /// Signs in from the welcome screen and waits for the vehicle list.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result {
        self.click("nav-sign-in").await?;
        self.fill("sign-in-email", email).await?;
        self.fill("sign-in-password", password).await?;
        self.click("sign-in-submit").await?;
        self.element("screen-vehicles").await?;
        Ok(())
    }

    /// Links a car from the vehicle list with its body number as the proof, and waits for the
    /// activation steps.
    pub async fn link_car(&self, vin: &str, body_number: &str) -> Result {
        self.click("vehicles-link").await?;
        self.fill("link-vin-input", vin).await?;
        self.click("link-vin-lookup").await?;
        self.element("link-lookup").await?;
        self.click("link-continue").await?;
        self.choose("link-proof-kind", "body_number").await?;
        self.fill("link-proof-value", body_number).await?;
        self.click("link-submit").await?;
        self.element("activation-steps").await?;
        Ok(())
    }

    /// Makes the window that shows `testid` the one the scenario drives; returns the handle of
    /// the window it was driving before.
    pub async fn switch_to_window_with(
        &self,
        testid: &str,
    ) -> Result<fantoccini::wd::WindowHandle> {
        let before = self.client.window().await?;
        let start = Instant::now();
        while start.elapsed() < WAIT {
            for handle in self.client.windows().await? {
                self.client.switch_to_window(handle.clone()).await?;
                if self.is_present(testid).await.unwrap_or(false) {
                    return Ok(before);
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.client.switch_to_window(before).await?;
        Err(format!("no window showed {testid} within {WAIT:?}").into())
    }

    pub async fn switch_to_window(&self, handle: fantoccini::wd::WindowHandle) -> Result {
        self.client.switch_to_window(handle).await?;
        Ok(())
    }

    /// Opens a `keyfob://` link the way the system does: by launching the app with it, which
    /// hands it to the running app on the same data folder and exits.
    pub async fn open_link(&self, link: &str) -> Result {
        let mut child = tokio::process::Command::new(crate::app_binary())
            .arg(link)
            .env("KEYFOB_DATA_DIR", &self.data_dir)
            .stdin(std::process::Stdio::null())
            .spawn()?;
        match tokio::time::timeout(WAIT, child.wait()).await {
            Ok(status) => {
                status?;
                Ok(())
            }
            Err(_) => {
                let _ = child.kill().await;
                Err("the second launch did not hand the link over and exit".into())
            }
        }
    }
}

//! The sandbox's mailbox and the simulated cars' head units.

use keyfob_core::api::sandbox::{HeadUnitScreen, OutboxMessage};
use reqwest::Method;

use crate::{http::url, Client, ClientError};

impl Client {
    /// Emails and SMS sent to an address or phone number, newest first.
    pub async fn sandbox_outbox(&self, to: &str) -> Result<Vec<OutboxMessage>, ClientError> {
        let mut url = url(self, &["v1", "sandbox", "outbox"])?;
        url.query_pairs_mut().append_pair("to", to);
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(ClientError::from_transport)?;
        crate::error::read_json(response).await
    }

    /// What the car's screen shows about a pending link.
    pub async fn head_unit(&self, vin: &str) -> Result<HeadUnitScreen, ClientError> {
        self.public::<(), _>(Method::GET, &["v1", "sandbox", "head-unit", vin], None)
            .await
    }

    /// Presses Confirm on the car's screen.
    pub async fn head_unit_confirm(&self, vin: &str) -> Result<HeadUnitScreen, ClientError> {
        self.public::<(), _>(
            Method::POST,
            &["v1", "sandbox", "head-unit", vin, "confirm"],
            None,
        )
        .await
    }
}

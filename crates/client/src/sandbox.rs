//! The sandbox's mailbox, the simulated cars' head units, and the simulated cars themselves.

use keyfob_core::api::sandbox::{CarControl, HeadUnitScreen, OutboxMessage, SimulatedCar};
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

    /// Everything the simulator holds of a car.
    pub async fn sandbox_car(&self, vin: &str) -> Result<SimulatedCar, ClientError> {
        self.public::<(), _>(Method::GET, &["v1", "sandbox", "cars", vin], None)
            .await
    }

    /// Changes a simulated car as a person at it would (open a door, drain the battery,
    /// drive a route …); returns the car afterwards.
    pub async fn control_sandbox_car(
        &self,
        vin: &str,
        control: &CarControl,
    ) -> Result<SimulatedCar, ClientError> {
        self.public(
            Method::POST,
            &["v1", "sandbox", "cars", vin, "control"],
            Some(control),
        )
        .await
    }
}

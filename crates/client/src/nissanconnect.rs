//! The account's NissanConnect connection, and personal mode's sign-in.

use keyfob_core::api::{
    nissanconnect::{ConnectNissanRequest, NissanConnection},
    vehicle::Vehicle,
    Done,
};
use reqwest::Method;

use crate::{Client, ClientError, SessionTokens};

impl Client {
    /// The connection and the cars of the NissanConnect account; `nissanconnect_not_enabled`
    /// when the server does not reach cars through NissanConnect.
    pub async fn nissanconnect(&self) -> Result<NissanConnection, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "me", "nissanconnect"], None)
            .await
    }

    /// Signs in to NissanConnect through the server, which keeps only the tokens.
    pub async fn connect_nissanconnect(
        &self,
        email: &str,
        password: &str,
    ) -> Result<NissanConnection, ClientError> {
        let body = ConnectNissanRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        self.authed(Method::PUT, &["v1", "me", "nissanconnect"], Some(&body))
            .await
    }

    pub async fn disconnect_nissanconnect(&self) -> Result<Done, ClientError> {
        self.authed::<(), _>(Method::DELETE, &["v1", "me", "nissanconnect"], None)
            .await
    }

    /// Links a car of the connected NissanConnect account; it is active at once.
    pub async fn link_nissan_car(&self, vin: &str) -> Result<Vehicle, ClientError> {
        self.authed::<(), _>(
            Method::POST,
            &["v1", "me", "nissanconnect", "cars", vin, "link"],
            None,
        )
        .await
    }

    /// Personal mode: signs in to the app's own server as its one local owner.
    pub async fn personal_session(&self) -> Result<SessionTokens, ClientError> {
        let session = self
            .public::<(), _>(Method::POST, &["v1", "personal", "session"], None)
            .await?;
        Ok(self.store_session(session))
    }
}

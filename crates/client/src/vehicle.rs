//! Vehicles, drivers and subscriptions.

use keyfob_core::{
    api::{
        account::{EmailRequest, PasswordConfirmation},
        vehicle::{
            Drivers, Invitation, LinkVehicleRequest, PurchasePremiumRequest, SentInvitation,
            Vehicle, VehicleLookup, VinRequest,
        },
        Done,
    },
    entitlement::FeatureEntitlement,
};
use reqwest::Method;

use crate::{Client, ClientError};

impl Client {
    pub async fn lookup_vehicle(&self, vin: &str) -> Result<VehicleLookup, ClientError> {
        let body = VinRequest {
            vin: vin.to_owned(),
        };
        self.authed(Method::POST, &["v1", "vehicles", "lookup"], Some(&body))
            .await
    }

    /// The cars the account owns or drives.
    pub async fn vehicles(&self) -> Result<Vec<Vehicle>, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles"], None)
            .await
    }

    pub async fn link_vehicle(&self, request: &LinkVehicleRequest) -> Result<Vehicle, ClientError> {
        self.authed(Method::POST, &["v1", "vehicles"], Some(request))
            .await
    }

    pub async fn vehicle(&self, id: &str) -> Result<Vehicle, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles", id], None)
            .await
    }

    /// Removes a car the account owns (selling it), with its drivers and history.
    pub async fn remove_vehicle(&self, id: &str, password: &str) -> Result<Done, ClientError> {
        let body = PasswordConfirmation {
            password: password.to_owned(),
        };
        self.authed(Method::DELETE, &["v1", "vehicles", id], Some(&body))
            .await
    }

    /// Reports the owned car stolen (password again): commands refused, keys revoked, drivers
    /// removed, other sessions signed out.
    pub async fn report_stolen(&self, id: &str, password: &str) -> Result<Vehicle, ClientError> {
        let body = PasswordConfirmation {
            password: password.to_owned(),
        };
        self.authed(Method::POST, &["v1", "vehicles", id, "stolen"], Some(&body))
            .await
    }

    /// Withdraws a stolen report: the owner has the car back.
    pub async fn withdraw_stolen_report(
        &self,
        id: &str,
        password: &str,
    ) -> Result<Vehicle, ClientError> {
        let body = PasswordConfirmation {
            password: password.to_owned(),
        };
        self.authed(
            Method::DELETE,
            &["v1", "vehicles", id, "stolen"],
            Some(&body),
        )
        .await
    }

    pub async fn entitlements(&self, id: &str) -> Result<Vec<FeatureEntitlement>, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles", id, "entitlements"], None)
            .await
    }

    /// Starts an expired activation again.
    pub async fn restart_activation(&self, id: &str) -> Result<Vehicle, ClientError> {
        self.authed::<(), _>(Method::POST, &["v1", "vehicles", id, "activation"], None)
            .await
    }

    /// Buys (sandbox) Premium for 1–3 years.
    pub async fn purchase_premium(&self, id: &str, years: u8) -> Result<Vehicle, ClientError> {
        let body = PurchasePremiumRequest { years };
        self.authed(
            Method::POST,
            &["v1", "vehicles", id, "subscription", "premium"],
            Some(&body),
        )
        .await
    }

    pub async fn drivers(&self, id: &str) -> Result<Drivers, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles", id, "drivers"], None)
            .await
    }

    pub async fn invite_driver(
        &self,
        id: &str,
        email: &str,
    ) -> Result<SentInvitation, ClientError> {
        let body = EmailRequest {
            email: email.to_owned(),
        };
        self.authed(
            Method::POST,
            &["v1", "vehicles", id, "drivers"],
            Some(&body),
        )
        .await
    }

    pub async fn remove_driver(&self, id: &str, account_id: &str) -> Result<Done, ClientError> {
        self.authed::<(), _>(
            Method::DELETE,
            &["v1", "vehicles", id, "drivers", account_id],
            None,
        )
        .await
    }

    pub async fn cancel_invitation(
        &self,
        id: &str,
        invitation_id: &str,
    ) -> Result<Done, ClientError> {
        self.authed::<(), _>(
            Method::DELETE,
            &["v1", "vehicles", id, "invitations", invitation_id],
            None,
        )
        .await
    }

    /// A driver gives up their seat in someone else's car.
    pub async fn leave_vehicle(&self, id: &str) -> Result<Done, ClientError> {
        self.authed::<(), _>(Method::DELETE, &["v1", "vehicles", id, "membership"], None)
            .await
    }

    /// Invitations to drive other people's cars, addressed to this account's email.
    pub async fn invitations(&self) -> Result<Vec<Invitation>, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "invitations"], None)
            .await
    }

    pub async fn accept_invitation(&self, invitation_id: &str) -> Result<Vehicle, ClientError> {
        self.authed::<(), _>(
            Method::POST,
            &["v1", "invitations", invitation_id, "accept"],
            None,
        )
        .await
    }

    pub async fn decline_invitation(&self, invitation_id: &str) -> Result<Done, ClientError> {
        self.authed::<(), _>(Method::DELETE, &["v1", "invitations", invitation_id], None)
            .await
    }
}

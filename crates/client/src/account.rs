//! Accounts and sessions.

use keyfob_core::api::{
    account::{
        Account, ChangePasswordRequest, EmailRequest, LoginRequest, PasswordConfirmation,
        PinRequest, RegisterRequest, ResetPasswordRequest, SetPinRequest, StepUpGrant,
        TokenRequest, UpdateProfileRequest,
    },
    Done,
};
use reqwest::Method;

use crate::{Client, ClientError, SessionTokens};

impl Client {
    /// Creates an account; the answer is the same whether or not the address was free.
    pub async fn register(&self, request: &RegisterRequest) -> Result<Done, ClientError> {
        self.public(Method::POST, &["v1", "accounts"], Some(request))
            .await
    }

    pub async fn confirm_email(&self, token: &str) -> Result<Done, ClientError> {
        let body = TokenRequest {
            token: token.to_owned(),
        };
        self.public(
            Method::POST,
            &["v1", "accounts", "confirm-email"],
            Some(&body),
        )
        .await
    }

    pub async fn resend_confirmation(&self, email: &str) -> Result<Done, ClientError> {
        let body = EmailRequest {
            email: email.to_owned(),
        };
        self.public(
            Method::POST,
            &["v1", "accounts", "resend-confirmation"],
            Some(&body),
        )
        .await
    }

    pub async fn forgot_password(&self, email: &str) -> Result<Done, ClientError> {
        let body = EmailRequest {
            email: email.to_owned(),
        };
        self.public(
            Method::POST,
            &["v1", "accounts", "forgot-password"],
            Some(&body),
        )
        .await
    }

    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
    ) -> Result<Done, ClientError> {
        let body = ResetPasswordRequest {
            token: token.to_owned(),
            new_password: new_password.to_owned(),
        };
        self.public(
            Method::POST,
            &["v1", "accounts", "reset-password"],
            Some(&body),
        )
        .await
    }

    /// Signs in and keeps the session in this client.
    pub async fn login(&self, email: &str, password: &str) -> Result<SessionTokens, ClientError> {
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        let session = self
            .public(Method::POST, &["v1", "sessions"], Some(&body))
            .await?;
        Ok(self.store_session(session))
    }

    /// Signs out this device. The session is forgotten locally even if the server is unreachable.
    pub async fn logout(&self) -> Result<Done, ClientError> {
        let result = self
            .authed::<(), _>(Method::DELETE, &["v1", "sessions", "current"], None)
            .await;
        self.clear_session();
        result
    }

    /// Ends every session of the account, this one included. If the server could not be asked,
    /// this session is kept so the person can try again: the other devices are still signed in.
    pub async fn logout_everywhere(&self) -> Result<Done, ClientError> {
        let result = self
            .authed::<(), _>(Method::DELETE, &["v1", "sessions"], None)
            .await;
        if result.is_ok() {
            self.clear_session();
        }
        result
    }

    pub async fn me(&self) -> Result<Account, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "me"], None).await
    }

    pub async fn update_profile(
        &self,
        request: &UpdateProfileRequest,
    ) -> Result<Account, ClientError> {
        self.authed(Method::PATCH, &["v1", "me"], Some(request))
            .await
    }

    pub async fn change_password(
        &self,
        current: &str,
        new_password: &str,
    ) -> Result<Done, ClientError> {
        let body = ChangePasswordRequest {
            current_password: current.to_owned(),
            new_password: new_password.to_owned(),
        };
        self.authed(Method::POST, &["v1", "me", "password"], Some(&body))
            .await
    }

    /// Deletes the account for good; the session ends with it.
    pub async fn delete_account(&self, password: &str) -> Result<Done, ClientError> {
        let body = PasswordConfirmation {
            password: password.to_owned(),
        };
        let done = self
            .authed(Method::DELETE, &["v1", "me"], Some(&body))
            .await?;
        self.clear_session();
        Ok(done)
    }

    /// Checks the account's password again; the server grants this session a 5-minute
    /// step-up for unlocking and remote start.
    pub async fn verify_password(&self, password: &str) -> Result<StepUpGrant, ClientError> {
        let body = PasswordConfirmation {
            password: password.to_owned(),
        };
        self.authed(
            Method::POST,
            &["v1", "me", "password", "verify"],
            Some(&body),
        )
        .await
    }

    /// Checks the app PIN; like [`Client::verify_password`], it grants a step-up.
    pub async fn verify_pin(&self, pin: &str) -> Result<StepUpGrant, ClientError> {
        let body = PinRequest {
            pin: pin.to_owned(),
        };
        self.authed(Method::POST, &["v1", "me", "pin", "verify"], Some(&body))
            .await
    }

    /// Sets or replaces the app PIN, proven with the password.
    pub async fn set_pin(&self, password: &str, pin: &str) -> Result<Account, ClientError> {
        let body = SetPinRequest {
            password: password.to_owned(),
            pin: pin.to_owned(),
        };
        self.authed(Method::PUT, &["v1", "me", "pin"], Some(&body))
            .await
    }

    pub async fn remove_pin(&self) -> Result<Account, ClientError> {
        self.authed::<(), _>(Method::DELETE, &["v1", "me", "pin"], None)
            .await
    }
}

//! Remote commands and vehicle status.

use keyfob_core::{
    api::{
        command::{Command, HealthReport},
        Done,
    },
    command::CommandKind,
    status::VehicleStatus,
};
use reqwest::Method;

use crate::{Client, ClientError};

impl Client {
    /// Sends a command. `idempotency_key` must be fresh per command and reused on a retry:
    /// the server then answers with the command already sent instead of sending it twice.
    pub async fn send_command(
        &self,
        vehicle_id: &str,
        kind: &CommandKind,
        idempotency_key: &str,
    ) -> Result<Command, ClientError> {
        self.authed_with_header(
            Method::POST,
            &["v1", "vehicles", vehicle_id, "commands"],
            Some(kind),
            ("Idempotency-Key", idempotency_key),
        )
        .await
    }

    pub async fn command(
        &self,
        vehicle_id: &str,
        command_id: &str,
    ) -> Result<Command, ClientError> {
        self.authed::<(), _>(
            Method::GET,
            &["v1", "vehicles", vehicle_id, "commands", command_id],
            None,
        )
        .await
    }

    /// The car's recent commands, newest first.
    pub async fn commands(&self, vehicle_id: &str) -> Result<Vec<Command>, ClientError> {
        self.authed::<(), _>(
            Method::GET,
            &["v1", "vehicles", vehicle_id, "commands"],
            None,
        )
        .await
    }

    /// The last status the car reported (it is not woken for this).
    pub async fn status(&self, vehicle_id: &str) -> Result<VehicleStatus, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles", vehicle_id, "status"], None)
            .await
    }

    pub async fn health_report(&self, vehicle_id: &str) -> Result<HealthReport, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles", vehicle_id, "health"], None)
            .await
    }

    /// Each change in the car's health, newest first.
    pub async fn health_history(&self, vehicle_id: &str) -> Result<Vec<HealthReport>, ClientError> {
        self.authed::<(), _>(
            Method::GET,
            &["v1", "vehicles", vehicle_id, "health", "history"],
            None,
        )
        .await
    }

    /// Asks the car for a fresh status (it wakes the car); the status arrives on the event stream.
    pub async fn refresh_status(&self, vehicle_id: &str) -> Result<Done, ClientError> {
        self.authed::<(), _>(
            Method::POST,
            &["v1", "vehicles", vehicle_id, "status", "refresh"],
            None,
        )
        .await
    }
}

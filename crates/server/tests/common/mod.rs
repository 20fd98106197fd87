//! A real server on a free loopback port with a fresh database, a manual clock, and a client.
#![allow(dead_code)]

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use keyfob_client::{Client, ClientConfig, ClientError};
use keyfob_core::{
    account::Region,
    api::{account::RegisterRequest, sandbox::OutboxMessage},
    ErrorCode,
};
use keyfob_server::{
    clock::{parse_iso_date, ManualClock},
    fleet::{FleetVehicle, SeedSubscription, FLEET},
    open_state, Server, ServerConfig,
};
use tokio::{sync::oneshot, task::JoinHandle};

pub const PASSWORD: &str = "Harbour-Lights-42";

/// Tests start on the date the fleet's states are documented for.
pub fn start_of_tests() -> i64 {
    parse_iso_date("2026-11-22").expect("date") + 12 * 3600
}

pub struct TestServer {
    pub clock: ManualClock,
    pub addr: SocketAddr,
    dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = ManualClock::starting_at(start_of_tests());
        let mut server = TestServer {
            clock,
            addr: ([127, 0, 0, 1], 0).into(),
            dir,
            stop: None,
            task: None,
        };
        server.launch().await;
        server
    }

    fn database_url(&self) -> String {
        format!("sqlite://{}", self.database_path().display())
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.path().join("keyfob.db")
    }

    async fn launch(&mut self) {
        let config = ServerConfig::sandbox().with_clock(Arc::new(self.clock.clone()));
        let state = open_state(&self.database_url(), config, true)
            .await
            .expect("state");
        let server = Server::bind(([127, 0, 0, 1], 0).into(), state)
            .await
            .expect("bind");
        self.addr = server.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        self.stop = Some(stop);
        self.task = Some(tokio::spawn(async move {
            server
                .serve(async {
                    let _ = stopped.await;
                })
                .await
                .expect("serve");
        }));
    }

    /// Stops the server gracefully and starts a new one on the same database file.
    pub async fn restart(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task");
        }
        self.launch().await;
    }

    pub fn client(&self) -> Client {
        Client::new(ClientConfig::new(&format!("http://{}", self.addr)).expect("config"))
            .expect("client")
    }

    pub fn advance(&self, seconds: i64) {
        self.clock.advance(seconds);
    }

    /// The newest message to `to` whose subject contains `subject`.
    pub async fn message(&self, to: &str, subject: &str) -> OutboxMessage {
        let messages = self.client().sandbox_outbox(to).await.expect("outbox");
        messages
            .into_iter()
            .find(|m| m.subject.contains(subject))
            .unwrap_or_else(|| panic!("no message {subject:?} to {to}"))
    }

    /// The token from the newest link of that kind sent to `to`.
    pub async fn link_token(&self, to: &str, subject: &str) -> String {
        let action = self.message(to, subject).await.action.expect("a link");
        action
            .split("token=")
            .nth(1)
            .expect("a token in the link")
            .to_owned()
    }

    /// Registers, confirms and signs in an account; returns its client.
    pub async fn signed_in(&self, email: &str, region: Region) -> Client {
        let client = self.client();
        client
            .register(&register_request(email, region))
            .await
            .expect("register");
        let token = self.link_token(email, "Confirm your Keyfob account").await;
        client.confirm_email(&token).await.expect("confirm");
        client.login(email, PASSWORD).await.expect("login");
        client
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub fn register_request(email: &str, region: Region) -> RegisterRequest {
    let nickname: String = email
        .split('@')
        .next()
        .unwrap_or("driver")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    RegisterRequest {
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        nickname: format!("{nickname}_1"),
        region,
        phone: None,
    }
}

/// The API error code of a failed call.
pub fn code<T: std::fmt::Debug>(result: Result<T, ClientError>) -> ErrorCode {
    match result {
        Err(ClientError::Api(error)) => error.code,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The first fleet car matching `wanted`, for tests that need a car of some kind.
pub fn car(wanted: impl Fn(&FleetVehicle) -> bool) -> &'static FleetVehicle {
    FLEET
        .iter()
        .find(|c| wanted(c))
        .expect("a fleet car of that kind")
}

/// A car anyone of its market can link and use: current generation, unit and SIM working,
/// trial running, nobody holding it.
pub fn linkable_car(market: Region) -> &'static FleetVehicle {
    car(|c| {
        c.market == market
            && c.model_year >= 2021
            && c.telematics_unit
            && c.sim_active
            && c.linked_to.is_none()
            && matches!(c.subscription, SeedSubscription::TrialActive)
    })
}

pub fn body_proof(car: &FleetVehicle) -> keyfob_core::api::vehicle::OwnershipProof {
    keyfob_core::api::vehicle::OwnershipProof {
        kind: keyfob_core::api::vehicle::ProofKind::BodyNumber,
        value: car.body_number.to_owned(),
    }
}

//! A real server on a free loopback port with a fresh database, a manual clock, and a client.
#![allow(dead_code)]

pub mod database;
pub mod scripted;

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
    open_state, open_state_with_gateway,
    telematics::{OfflineGateway, TelematicsGateway},
    AppState, Server, ServerConfig,
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
    /// The cars' gateway when a test scripts them; `None` runs the sandbox's simulator.
    gateway: Option<Arc<dyn TelematicsGateway>>,
    time_scale: f64,
    /// False runs the server as a stand-alone deployment (no sandbox routes, no simulator).
    sandbox: bool,
    /// Changes to the configuration a test wants (embedded secret, HSTS, retention, …).
    configure: Option<fn(ServerConfig) -> ServerConfig>,
    /// The running server's state, for tests that drive its maintenance or read its database.
    state: Option<AppState>,
    dir: tempfile::TempDir,
    /// Chosen once: a restart opens the same database.
    database_url: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestServer {
    /// A sandbox server with its simulated cars at real time.
    pub async fn start() -> TestServer {
        Self::start_with(None, 1.0).await
    }

    /// A sandbox server with its simulated cars, vehicle time `time_scale` times faster.
    pub async fn sandbox(time_scale: f64) -> TestServer {
        Self::start_with(None, time_scale).await
    }

    /// A server as deployed stand-alone: no mailbox, no simulated cars.
    pub async fn server_mode() -> TestServer {
        let mut server = Self::start_with(Some(Arc::new(OfflineGateway)), 1.0).await;
        server.sandbox = false;
        server.restart().await;
        server
    }

    /// A sandbox server whose configuration `configure` changes first.
    pub async fn configured(configure: fn(ServerConfig) -> ServerConfig) -> TestServer {
        let mut server = Self::start_with(None, 1.0).await;
        server.configure = Some(configure);
        server.restart().await;
        server
    }

    /// Like [`TestServer::configured`], on a SQLite file in either run: for what only SQLite has.
    pub async fn configured_on_sqlite(configure: fn(ServerConfig) -> ServerConfig) -> TestServer {
        let mut server = Self::start_on(None, 1.0, true).await;
        server.configure = Some(configure);
        server.restart().await;
        server
    }

    /// The running server's state: its database, its maintenance.
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("a running server")
    }

    /// A server whose cars are behind `gateway`, with vehicle time `time_scale` times faster.
    pub async fn with_gateway(gateway: Arc<dyn TelematicsGateway>, time_scale: f64) -> TestServer {
        Self::start_with(Some(gateway), time_scale).await
    }

    async fn start_with(
        gateway: Option<Arc<dyn TelematicsGateway>>,
        time_scale: f64,
    ) -> TestServer {
        Self::start_on(gateway, time_scale, false).await
    }

    async fn start_on(
        gateway: Option<Arc<dyn TelematicsGateway>>,
        time_scale: f64,
        sqlite_only: bool,
    ) -> TestServer {
        // A server error shows in the failing test's output, not only as `internal`.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("keyfob_server=warn")
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = if sqlite_only {
            database::sqlite_database(dir.path())
        } else {
            database::fresh_database(dir.path()).await
        };
        let clock = ManualClock::starting_at(start_of_tests());
        let mut server = TestServer {
            clock,
            addr: ([127, 0, 0, 1], 0).into(),
            gateway,
            time_scale,
            sandbox: true,
            configure: None,
            state: None,
            dir,
            database_url,
            stop: None,
            task: None,
        };
        server.launch().await;
        server
    }

    /// The database this server runs on (SQLite or PostgreSQL, see `database`).
    pub fn database_url(&self) -> String {
        self.database_url.clone()
    }

    /// The SQLite file, in a run on SQLite.
    pub fn database_path(&self) -> PathBuf {
        self.dir.path().join("keyfob.db")
    }

    async fn launch(&mut self) {
        let config = if self.sandbox {
            ServerConfig::sandbox()
        } else {
            ServerConfig::server()
        };
        let mut config = config
            .with_clock(Arc::new(self.clock.clone()))
            .with_time_scale(self.time_scale);
        if let Some(configure) = self.configure {
            config = configure(config);
        }
        let state = match &self.gateway {
            Some(gateway) => {
                open_state_with_gateway(&self.database_url(), config, true, gateway.clone()).await
            }
            None => open_state(&self.database_url(), config, true).await,
        }
        .expect("state");
        self.state = Some(state.clone());
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

    /// Stops the server gracefully and starts a new one on the same database file, with its cars
    /// behind `gateway` (a new process has new connections to the cars).
    pub async fn restart_with(&mut self, gateway: Arc<dyn TelematicsGateway>) {
        self.gateway = Some(gateway);
        self.restart().await;
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
    car(|c| is_linkable(c, market))
}

/// Another such car than `other`, for a test that needs two.
pub fn second_linkable_car(market: Region, other: &FleetVehicle) -> &'static FleetVehicle {
    car(|c| is_linkable(c, market) && c.vin != other.vin)
}

fn is_linkable(c: &FleetVehicle, market: Region) -> bool {
    c.market == market
        && c.model_year >= 2021
        && c.telematics_unit
        && c.sim_active
        && c.linked_to.is_none()
        && matches!(c.subscription, SeedSubscription::TrialActive)
}

pub fn body_proof(car: &FleetVehicle) -> keyfob_core::api::vehicle::OwnershipProof {
    keyfob_core::api::vehicle::OwnershipProof {
        kind: keyfob_core::api::vehicle::ProofKind::BodyNumber,
        value: car.body_number.to_owned(),
    }
}

/// Links `car` to a new account of its market and activates it (Confirm in the car, then the
/// synchronisation). The owner's session has just confirmed the password (a step-up), so it may
/// unlock and start the car for the next five minutes. Returns the owner's client and the
/// vehicle id.
pub async fn active_car(server: &TestServer, email: &str, car: &FleetVehicle) -> (Client, String) {
    let owner = server.signed_in(email, car.market).await;
    let vehicle = owner
        .link_vehicle(&keyfob_core::api::vehicle::LinkVehicleRequest {
            vin: car.vin.into(),
            proof: body_proof(car),
        })
        .await
        .expect("link");
    server
        .client()
        .head_unit_confirm(car.vin)
        .await
        .expect("confirm in the car");
    server.advance(300);
    owner.verify_password(PASSWORD).await.expect("step-up");
    (owner, vehicle.id)
}

/// Registers `email`, has the owner invite it to drive the car, and accepts; returns the
/// driver's client.
pub async fn added_driver(
    server: &TestServer,
    owner: &Client,
    vehicle: &str,
    email: &str,
) -> Client {
    let driver = server.signed_in(email, Region::Eu).await;
    owner.invite_driver(vehicle, email).await.expect("invite");
    let invitation = driver.invitations().await.expect("list").remove(0);
    driver
        .accept_invitation(&invitation.id)
        .await
        .expect("accept");
    driver
}

/// Polls until `check` holds, for at most five seconds of real time.
pub async fn eventually<T, F, Fut>(mut probe: F, check: impl Fn(&T) -> bool) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let value = probe().await;
        if check(&value) || tokio::time::Instant::now() >= deadline {
            return value;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

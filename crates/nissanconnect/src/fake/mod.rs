//! A fake of the NissanConnect service on loopback, for tests (feature `fake`).
//!
//! It serves all five services under one address (see [`crate::Endpoints::from_base`]) and
//! reproduces the login flow, the token endpoints, the data plane and the failures described
//! in the research brief §6. Its clock is a [`ManualClock`]: timestamps, token expiry and
//! delayed action effects follow it, never the wall clock.

mod actions;
mod api;
mod intercept;
mod login;
mod profiles;
mod reply;
mod state;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use time::OffsetDateTime;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use crate::clock::ManualClock;
use crate::endpoints::Endpoints;

pub use profiles::{BatteryApi, CarState, FakeCar, FakeService, Profile, TimeFormat};
pub use state::{
    ActionOutcome, ActionTiming, AuthorizationKind, Failure, FakeEndpoint, LoginQuirk,
    RecordedRequest,
};

use state::{Account, Settings, Shared, State};

/// Where the fake's clock starts unless told otherwise.
pub const DEFAULT_START: OffsetDateTime = time::macros::datetime!(2030-01-01 08:00:00 UTC);

/// A running fake service. Dropping it stops the server.
pub struct FakeNissan {
    shared: Arc<Shared>,
    endpoints: Endpoints,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl FakeNissan {
    /// Starts on `127.0.0.1` on a free port, with the clock at [`DEFAULT_START`].
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with_clock(ManualClock::new(DEFAULT_START)).await
    }

    /// Starts with a clock the test also gives to the client.
    pub async fn start_with_clock(clock: ManualClock) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let invalid = |_| std::io::Error::new(std::io::ErrorKind::InvalidData, "bad fake address");
        let base = Url::parse(&format!("http://{address}/")).map_err(invalid)?;
        let endpoints = Endpoints::from_base(&base)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            settings: Mutex::new(Settings::default()),
            clock,
            base,
        });
        let router = Router::new()
            .route("/auth/oauth2/authorize", get(login::authorize))
            .route(
                "/auth/authenticationendpoint/login.do",
                get(login::login_page),
            )
            .route(
                "/auth/authenticationendpoint/consent.do",
                get(login::consent_page),
            )
            .route("/auth/commonauth", post(login::commonauth))
            .route("/auth/oauth2/token", post(login::token))
            .route(
                "/bff-web/v1/oauth2/access_token",
                post(login::kamereon_token),
            )
            .route(
                "/bff-web/v1/oauth2/refresh-token",
                post(login::refresh_token),
            )
            .route("/user-adapter/v1/users/current", get(api::current_user))
            .route("/bff-web/v5/users/{user_id}/cars", get(api::cars))
            .route(
                "/bff-web/{version}/cars/{vin}/battery-status",
                get(api::bff_battery),
            )
            .route(
                "/car-adapter/{version}/cars/{vin}/{endpoint}",
                get(api::car_read),
            )
            .route(
                "/car-adapter/{version}/cars/{vin}/actions/{name}",
                post(actions::action).get(actions::action_status_on_car_adapter),
            )
            .route(
                "/action-status/v1/cars/{vin}/actions/status",
                get(actions::action_status),
            )
            .fallback(|| async { reply::not_found() })
            .layer(axum::middleware::from_fn_with_state(
                shared.clone(),
                intercept::intercept,
            ))
            .with_state(shared.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            // A serve error ends the fake; the test then sees connection failures.
            let _ = serve.await;
        });
        Ok(Self {
            shared,
            endpoints,
            shutdown: Some(shutdown),
            server: Some(server),
        })
    }

    /// Stops the server; afterwards connections are refused.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            // Idle keep-alive connections close at once; a request held by `Failure::Slow`
            // is not waited for.
            if tokio::time::timeout(Duration::from_secs(2), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }

    pub fn base_url(&self) -> Url {
        self.shared.base.clone()
    }

    /// The five services of this fake.
    pub fn endpoints(&self) -> Endpoints {
        self.endpoints.clone()
    }

    pub fn clock(&self) -> ManualClock {
        self.shared.clock.clone()
    }

    pub fn set_time(&self, now: OffsetDateTime) {
        self.shared.clock.set(now);
    }

    /// Adds an account with its cars; returns its Kamereon user id. The email is matched
    /// case-insensitively.
    pub fn add_account(&self, email: &str, password: &str, cars: Vec<FakeCar>) -> String {
        let mut state = self.shared.state();
        let user_id = state.id("user");
        let vins = cars.iter().map(|c| c.vin.clone()).collect();
        for car in cars {
            state.cars.insert(car.vin.clone(), car);
        }
        let account = Account {
            password: password.to_owned(),
            user_id: user_id.clone(),
            vins,
            locked: false,
            consent_pending: false,
        };
        state
            .accounts
            .insert(email.trim().to_ascii_lowercase(), account);
        user_id
    }

    /// A locked account is refused with WSO2's `errorCode=17003`, whatever the password.
    pub fn set_account_locked(&self, email: &str, locked: bool) {
        self.with_account(email, |a| a.locked = locked);
    }

    /// After a correct password the login stops at a terms page with no way past it.
    pub fn set_consent_pending(&self, email: &str, pending: bool) {
        self.with_account(email, |a| a.consent_pending = pending);
    }

    fn with_account(&self, email: &str, change: impl FnOnce(&mut Account)) {
        if let Some(account) = self
            .shared
            .state()
            .accounts
            .get_mut(&email.trim().to_ascii_lowercase())
        {
            change(account);
        }
    }

    /// The login form's `regionCode` (default `NG`); the post must send `username` as
    /// `region/email`, or the email alone when this is empty.
    pub fn set_region_code(&self, region: &str) {
        self.shared.settings().region_code = region.to_owned();
    }

    pub fn set_login_quirk(&self, quirk: LoginQuirk) {
        self.shared.settings().quirk = quirk;
    }

    /// Whether a refresh hands out a new refresh token (default) or leaves it out.
    pub fn set_refresh_rotation(&self, rotates: bool) {
        self.shared.settings().refresh_rotates = rotates;
    }

    /// The lifetime of new Kamereon access tokens (default 1800 s), on the fake's clock.
    pub fn set_access_token_lifetime(&self, lifetime: time::Duration) {
        self.shared.settings().access_lifetime = lifetime;
    }

    /// Every access token issued so far is answered with 401 from now on.
    pub fn expire_access_tokens(&self) {
        self.shared.state().access_tokens.clear();
    }

    /// Every refresh token issued so far is refused from now on, forcing a new sign-in.
    pub fn revoke_refresh_tokens(&self) {
        self.shared.state().refresh_tokens.clear();
    }

    pub fn set_action_timing(&self, timing: ActionTiming) {
        self.shared.settings().action_timing = timing;
    }

    pub fn set_action_outcome(&self, outcome: ActionOutcome) {
        self.shared.settings().action_outcome = outcome;
    }

    /// Answers the next request to `endpoint` with `failure`. Calls queue up.
    pub fn fail_next(&self, endpoint: FakeEndpoint, failure: Failure) {
        self.shared
            .state()
            .failures
            .entry(endpoint)
            .or_default()
            .push_back(failure);
    }

    /// Every request received, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }

    /// The requests received for `endpoint`.
    pub fn requests_to(&self, endpoint: FakeEndpoint) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.endpoint == Some(endpoint))
            .collect()
    }

    pub fn count(&self, endpoint: FakeEndpoint) -> usize {
        self.requests_to(endpoint).len()
    }

    pub fn clear_requests(&self) {
        self.shared.state().requests.clear();
    }

    /// A snapshot of a car, by VIN (any case).
    pub fn car(&self, vin: &str) -> Option<FakeCar> {
        self.shared
            .state()
            .cars
            .get(&vin.to_ascii_uppercase())
            .cloned()
    }

    /// Changes a car; returns whether it exists.
    pub fn update_car(&self, vin: &str, change: impl FnOnce(&mut FakeCar)) -> bool {
        let mut state = self.shared.state();
        match state.cars.get_mut(&vin.to_ascii_uppercase()) {
            Some(car) => {
                change(car);
                true
            }
            None => false,
        }
    }

    /// How many accepted actions the fake knows, by their ids.
    pub fn action_ids(&self) -> Vec<String> {
        let state = self.shared.state();
        let mut ids: Vec<String> = state.actions.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// The number of logins started and not yet finished (for checking nothing leaks).
    pub fn pending_logins(&self) -> usize {
        self.shared.state().logins.len()
    }
}

impl Drop for FakeNissan {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

impl std::fmt::Debug for FakeNissan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeNissan")
            .field("base", &self.shared.base.as_str())
            .finish()
    }
}

//! The fake's state, and the knobs tests turn.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use time::OffsetDateTime;
use url::Url;

use super::profiles::FakeCar;
use crate::clock::ManualClock;

/// The endpoints failures can be injected into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FakeEndpoint {
    Authorize,
    LoginPage,
    CommonAuth,
    /// OneID `oauth2/token`.
    Token,
    /// The id_token → Kamereon token exchange.
    KamereonToken,
    RefreshToken,
    CurrentUser,
    Cars,
    Battery,
    Cockpit,
    Location,
    LockStatus,
    HvacStatus,
    /// Any action POST.
    Action,
    ActionStatus,
}

/// A failure answered instead of (or on top of) the normal answer, once.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// This status with an `errors[]` body whose code is the status, and optionally
    /// `Retry-After` (seconds).
    Status {
        status: u16,
        retry_after_seconds: Option<u64>,
    },
    /// 429 with `Retry-After`.
    RateLimited { retry_after_seconds: u64 },
    /// 200 with an `errors[]` body.
    ErrorsWithOk { code: String, detail: String },
    /// 401, as for an expired token.
    Unauthorized,
    /// The request is handled normally (an action takes effect) but the answer comes late.
    Slow(Duration),
    /// The request is handled normally but the connection breaks while the answer is sent.
    Disconnect,
}

impl Failure {
    pub fn status(status: u16) -> Self {
        Self::Status {
            status,
            retry_after_seconds: None,
        }
    }
}

/// Deviations of the login service, for the client's safety checks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LoginQuirk {
    #[default]
    None,
    /// The callback carries a different `state`.
    WrongState,
    /// The OneID token answer has no `id_token`.
    NoIdToken,
    /// Authorize redirects to this address instead of the login page.
    AuthorizeRedirectTo(Url),
    /// The login form's action is this absolute address.
    FormActionTo(Url),
    /// A successful login redirects here instead of continuing on the login service.
    SuccessRedirectTo(Url),
    /// The callback carries `error=<this>` instead of a code.
    CallbackError(String),
}

/// When an accepted action changes the car's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActionTiming {
    #[default]
    Immediate,
    /// Once the fake's clock has moved this far past the moment of acceptance.
    AfterDelay(time::Duration),
    /// When the next `refresh-*` action for the car arrives.
    OnNextRefresh,
}

/// How actions end, as reported by the action-status endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ActionOutcome {
    #[default]
    Completed,
    /// `REJECTED`, `TIMEOUT` or `CANCELLED` with an `errorCode`; the state is not changed.
    Failed { status: String, error_code: String },
}

/// How a request was authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorizationKind {
    None,
    Bearer,
    /// A token without the `Bearer ` prefix.
    Raw,
}

/// A request the fake received.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub endpoint: Option<FakeEndpoint>,
    pub authorization: AuthorizationKind,
    pub content_type: Option<String>,
    pub origin: Option<String>,
    pub had_cookie: bool,
    /// The body as text; a `password` form field is replaced by `<redacted>`.
    pub body: String,
}

impl RecordedRequest {
    /// The body parsed as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

pub(crate) struct Account {
    pub password: String,
    pub user_id: String,
    pub vins: Vec<String>,
    pub locked: bool,
    pub consent_pending: bool,
}

/// A login between authorize and the code.
pub(crate) struct PendingLogin {
    pub cookie: String,
    pub state: String,
    pub code_challenge: String,
    pub authenticated: Option<String>,
}

pub(crate) struct Grant {
    pub user_id: String,
    pub expires_at: OffsetDateTime,
}

pub(crate) struct FakeAction {
    pub vin: String,
    pub polls: u32,
    pub pending: bool,
    pub outcome: ActionOutcome,
}

/// A change an action makes to a car.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    HornLights,
    Climate { on: bool, target: Option<i32> },
    ScheduleClimate { at: OffsetDateTime, target: i32 },
    CancelSchedule,
    Charging(bool),
    Engine(bool),
    RefreshBattery,
    RefreshLocation,
    RefreshLock,
    RefreshHvac,
}

pub(crate) struct PendingEffect {
    pub action_id: String,
    pub vin: String,
    pub effect: Effect,
    /// `None`: waits for the next refresh action.
    pub due: Option<OffsetDateTime>,
}

pub(crate) struct Settings {
    pub region_code: String,
    pub quirk: LoginQuirk,
    pub refresh_rotates: bool,
    pub access_lifetime: time::Duration,
    pub action_timing: ActionTiming,
    pub action_outcome: ActionOutcome,
}

#[derive(Default)]
pub(crate) struct State {
    /// By lower-cased email.
    pub accounts: HashMap<String, Account>,
    pub cars: HashMap<String, FakeCar>,
    pub logins: HashMap<String, PendingLogin>,
    /// Authorization code → (user id, PKCE challenge).
    pub codes: HashMap<String, (String, String)>,
    pub id_tokens: HashMap<String, String>,
    pub access_tokens: HashMap<String, Grant>,
    pub refresh_tokens: HashMap<String, String>,
    pub actions: HashMap<String, FakeAction>,
    pub pending_effects: Vec<PendingEffect>,
    pub failures: HashMap<FakeEndpoint, VecDeque<Failure>>,
    pub requests: Vec<RecordedRequest>,
    pub next_id: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            region_code: "NG".into(),
            quirk: LoginQuirk::None,
            refresh_rotates: true,
            access_lifetime: time::Duration::seconds(1800),
            action_timing: ActionTiming::Immediate,
            action_outcome: ActionOutcome::Completed,
        }
    }
}

/// Everything the handlers share.
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub settings: Mutex<Settings>,
    pub clock: ManualClock,
    /// The server's own address, ending in `/`.
    pub base: Url,
}

impl Shared {
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// An absolute address on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }
}

impl State {
    /// A fresh identifier with a readable prefix, unique within this fake.
    pub fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!(
            "{prefix}-{}-{}",
            self.next_id,
            crate::auth::random_token(12)
        )
    }

    pub fn take_failure(&mut self, endpoint: FakeEndpoint) -> Option<Failure> {
        self.failures
            .get_mut(&endpoint)
            .and_then(VecDeque::pop_front)
    }

    pub fn account_by_user(&self, user_id: &str) -> Option<&Account> {
        self.accounts.values().find(|a| a.user_id == user_id)
    }
}

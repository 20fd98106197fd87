//! Real cars through NissanConnect (Nissan's Kamereon service in Europe). Each Keyfob account
//! connects its own NissanConnect account; the gateway keeps only its tokens (sealed), reads the
//! service's stored values on a schedule that never wakes a car, wakes a car only for "Refresh
//! from car" (at most once per [`WAKE_EVERY_SECONDS`]), sends actions once, and infers their
//! outcome from the car's next status, or leaves it unknown.

pub mod entitlement;
mod outcome;
mod reader;
mod seal;
mod snapshot;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock, PoisonError},
    time::Duration,
};

use keyfob_core::{
    api::nissanconnect::{NissanCar, NissanConnection, NissanConnectionState},
    status::CarSnapshot,
    ErrorCode,
};
use keyfob_nissanconnect::{Car, Endpoints, Error as NissanError, NissanConnect, Session};
use tokio::sync::mpsc;

pub use reader::NissanConnectCars;
pub use seal::SealKey;

use crate::{
    clock::{rfc3339, Clock},
    db::{Db, NissanConnectRow},
    error::{ServerError, ServerResult},
    mail::{Mail, Mailer},
    telematics::{CarReport, GatewayError},
};

/// How often the service's stored values are read by default, and the shortest allowed.
pub const DEFAULT_READ_EVERY: Duration = Duration::from_secs(15 * 60);
pub const MIN_READ_EVERY: Duration = Duration::from_secs(5 * 60);
/// "Refresh from car" wakes a car at most this often.
pub const WAKE_EVERY_SECONDS: i64 = 10 * 60;
/// After 429 or 5xx the schedule waits at least this long (or what `Retry-After` says).
const BACKOFF_SECONDS: i64 = 5 * 60;
const REPORT_QUEUE: usize = 256;

#[derive(Debug, Clone)]
pub struct NissanConnectSettings {
    pub endpoints: Endpoints,
    /// How often stored values are read; at least [`MIN_READ_EVERY`].
    pub read_every: Duration,
    /// How often an accepted action's outcome is looked for in the car's status.
    pub outcome_every: Duration,
    /// Vehicle time runs this many times faster (tests): a command's time-to-live shrinks by it.
    pub time_scale: f64,
    pub key: SealKey,
    /// The client's timeouts and clock (tests give it the fake service's clock).
    pub client: keyfob_nissanconnect::Config,
}

impl NissanConnectSettings {
    pub fn new(endpoints: Endpoints, key: SealKey) -> Self {
        Self {
            endpoints,
            read_every: DEFAULT_READ_EVERY,
            outcome_every: Duration::from_secs(15),
            time_scale: 1.0,
            key,
            client: keyfob_nissanconnect::Config::default(),
        }
    }

    /// Nissan's European service, or the service under `base_url` (a fake one, for tests and
    /// trials), reading stored values every `read_minutes` (at least 5).
    pub fn configured(
        base_url: Option<&str>,
        read_minutes: u64,
        key: SealKey,
    ) -> Result<Self, String> {
        let endpoints = match base_url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Endpoints::europe(),
            Some(url) => {
                let url = keyfob_nissanconnect::Url::parse(url)
                    .map_err(|e| format!("the NissanConnect address {url:?} is not a URL: {e}"))?;
                Endpoints::from_base(&url)
            }
        }
        .map_err(|e| format!("NissanConnect addresses: {e}"))?;
        let mut settings = Self::new(endpoints, key);
        settings.read_every =
            Duration::from_secs(read_minutes.saturating_mul(60)).max(MIN_READ_EVERY);
        Ok(settings)
    }
}

pub struct NissanConnectGateway {
    client: NissanConnect,
    db: Db,
    clock: Arc<dyn Clock>,
    settings: NissanConnectSettings,
    /// Signed-in sessions by Keyfob account id.
    sessions: Mutex<HashMap<String, Arc<Session>>>,
    /// The last snapshot reported per VIN, so a failed read keeps the values it had.
    snapshots: Mutex<HashMap<String, CarSnapshot>>,
    /// When each car was last woken (Unix seconds).
    woken_at: Mutex<HashMap<String, i64>>,
    /// Until when (Unix seconds) the service is left alone after a 429 or 5xx.
    quiet_until: Mutex<i64>,
    reports: mpsc::Sender<CarReport>,
    receiver: Mutex<Option<mpsc::Receiver<CarReport>>>,
    mailer: OnceLock<Mailer>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `d•••@example.com`: enough for the owner to recognise the account, not to read it off.
fn email_hint(email: &str) -> String {
    match email.trim().split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".into(),
    }
}

pub fn unavailable(retry_after_seconds: Option<u32>) -> ServerError {
    let wait = retry_after_seconds.unwrap_or(BACKOFF_SECONDS as u32);
    ServerError::throttled(
        ErrorCode::NissanconnectUnavailable,
        format!("Nissan's service (NissanConnect) is not answering at the moment. Nothing was changed; try again in about {} min.", wait.div_ceil(60).max(1)),
        wait,
    )
}

pub fn reconnect_needed() -> ServerError {
    ServerError::refused(
        ErrorCode::NissanconnectReconnect,
        "Your NissanConnect sign-in has expired. Connect NissanConnect again with your email and password (Account › NissanConnect).",
    )
}

/// A sign-in or data error, for a person.
fn refusal(error: &NissanError) -> ServerError {
    match error {
        NissanError::InvalidCredentials => ServerError::refused(
            ErrorCode::NissanconnectCredentials,
            "NissanConnect did not accept this email and password. Check them in the MyNISSAN app; if you forgot the password, reset it at login.mynissan-account.com.",
        ),
        NissanError::AccountLocked => ServerError::refused(
            ErrorCode::NissanconnectLocked,
            "Your NissanConnect account is locked after too many attempts. Unlock it through the MyNISSAN app or Nissan's customer service, then connect again.",
        ),
        NissanError::LoginIncomplete { .. } => ServerError::refused(
            ErrorCode::NissanconnectIncomplete,
            "NissanConnect wants something confirmed first (new terms or a consent). Sign in once in the MyNISSAN app, accept, then connect again.",
        ),
        NissanError::ReauthRequired => reconnect_needed(),
        NissanError::ServiceUnavailable { retry_after } | NissanError::RateLimited { retry_after } => {
            unavailable(retry_after.map(|d| d.as_secs().min(u64::from(u32::MAX)) as u32))
        }
        NissanError::Transport(_) => unavailable(None),
        other => {
            tracing::warn!(code = other.code(), "NissanConnect answered unexpectedly");
            ServerError::refused(
                ErrorCode::NissanconnectUnavailable,
                "NissanConnect answered in a way Keyfob does not understand. Try again later; if it keeps happening, the service may have changed.",
            )
        }
    }
}

/// A data-plane error, for the telematics seam.
fn gateway_error(error: &NissanError) -> GatewayError {
    match error {
        NissanError::ReauthRequired
        | NissanError::InvalidCredentials
        | NissanError::AccountLocked => GatewayError::ReconnectNeeded,
        NissanError::ServiceUnavailable { retry_after }
        | NissanError::RateLimited { retry_after } => GatewayError::ServiceUnavailable {
            retry_after_seconds: retry_after.map(|d| d.as_secs().min(u64::from(u32::MAX)) as u32),
        },
        NissanError::Transport(_) => GatewayError::Uncertain,
        _ => GatewayError::Rejected,
    }
}

impl NissanConnectGateway {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        mut settings: NissanConnectSettings,
    ) -> ServerResult<Arc<Self>> {
        settings.read_every = settings.read_every.max(MIN_READ_EVERY);
        let client =
            NissanConnect::with_config(settings.endpoints.clone(), settings.client.clone())
                .map_err(|e| ServerError::Internal(format!("NissanConnect client: {e}")))?;
        let (reports, receiver) = mpsc::channel(REPORT_QUEUE);
        Ok(Arc::new(Self {
            client,
            db,
            clock,
            settings,
            sessions: Mutex::default(),
            snapshots: Mutex::default(),
            woken_at: Mutex::default(),
            quiet_until: Mutex::new(0),
            reports,
            receiver: Mutex::new(Some(receiver)),
            mailer: OnceLock::new(),
        }))
    }

    /// Where the owner is told that NissanConnect needs signing in again.
    pub fn set_mailer(&self, mailer: Mailer) {
        let _ = self.mailer.set(mailer);
    }

    pub fn settings(&self) -> &NissanConnectSettings {
        &self.settings
    }

    /// Signs in to NissanConnect for `account_id` with the owner's credentials (used once,
    /// never stored), keeps the sealed tokens and the list of cars.
    pub async fn connect(
        &self,
        account_id: &str,
        email: &str,
        password: &str,
    ) -> ServerResult<NissanConnection> {
        let tokens = self
            .client
            .sign_in(email, password)
            .await
            .map_err(|e| refusal(&e))?;
        let session = Arc::new(Session::new(self.client.clone(), tokens));
        let cars = self.list_cars(&session).await?;
        let now = self.clock.now();
        let row = NissanConnectRow {
            account_id: account_id.to_owned(),
            email_hint: email_hint(email),
            tokens_sealed: Some(self.settings.key.seal(account_id, &session.tokens())?),
            connected_at: now,
            updated_at: now,
        };
        self.db.save_nissanconnect(&row, &car_rows(&cars)?).await?;
        lock(&self.sessions).insert(account_id.to_owned(), session);
        self.connection(account_id).await
    }

    /// Forgets the tokens and the car list. Cars linked through it stay linked, unreachable
    /// until the owner connects again.
    pub async fn disconnect(&self, account_id: &str) -> ServerResult<()> {
        lock(&self.sessions).remove(account_id);
        self.db.delete_nissanconnect(account_id).await
    }

    /// The connection and its cars, each with whether it is linked (here or elsewhere).
    pub async fn connection(&self, account_id: &str) -> ServerResult<NissanConnection> {
        let row = self.db.nissanconnect(account_id).await?;
        let mut cars = Vec::new();
        for (vin, json) in self.db.nissanconnect_cars(account_id).await? {
            let car = parse_car(&json)?;
            let (vehicle_id, unavailable_reason) = match self.db.vehicle_by_vin(&vin).await? {
                Some(vehicle) => match self.db.link_owner(&vehicle.id).await? {
                    Some((owner, _, _)) if owner == account_id => (Some(vehicle.id), None),
                    Some(_) => (None, Some("Linked to another Keyfob account. Its owner must remove it there first.".to_owned())),
                    None => (None, None),
                },
                None => (None, None),
            };
            cars.push(NissanCar {
                electric: entitlement::is_electric(&model_of(&car), &car.services),
                model: model_of(&car),
                model_year: car.model_year,
                nickname: car.nickname.clone(),
                vin,
                vehicle_id,
                unavailable_reason,
            });
        }
        let state = match &row {
            None => NissanConnectionState::NotConnected,
            Some(r) if r.tokens_sealed.is_some() => NissanConnectionState::Connected,
            Some(_) => NissanConnectionState::SignInAgain,
        };
        Ok(NissanConnection {
            state,
            email_hint: row.as_ref().map(|r| r.email_hint.clone()),
            connected_at: row.as_ref().map(|r| rfc3339(r.connected_at)),
            cars,
            read_every_minutes: (self.settings.read_every.as_secs() / 60) as u32,
            wake_every_minutes: (WAKE_EVERY_SECONDS / 60) as u32,
        })
    }

    /// The car as the account's NissanConnect lists it right now: holding it there is the
    /// proof of ownership, so a car removed from that account cannot be linked from a stale list.
    pub async fn held_car(&self, account_id: &str, vin: &str) -> ServerResult<Car> {
        let session = self.session(account_id).await.map_err(|e| match e {
            GatewayError::ReconnectNeeded => match self.connected(account_id) {
                true => reconnect_needed(),
                false => not_connected(),
            },
            GatewayError::ServiceUnavailable {
                retry_after_seconds,
            } => unavailable(retry_after_seconds),
            _ => not_connected(),
        })?;
        let cars = self.list_cars(&session).await?;
        self.save_tokens(account_id, &session).await?;
        let rows = car_rows(&cars)?;
        if let Some(row) = self.db.nissanconnect(account_id).await? {
            self.db.save_nissanconnect(&row, &rows).await?;
        }
        cars.into_iter().find(|car| car.vin.eq_ignore_ascii_case(vin)).ok_or_else(|| {
            ServerError::refused(
                ErrorCode::NissanconnectCarNotInAccount,
                "This car is not in your NissanConnect account (any more). Add it in the MyNISSAN app first, then refresh the list.",
            )
        })
    }

    /// Before a command is accepted for a car reached through NissanConnect: refused at once,
    /// with what to do, when the sign-in ended or the service asked to be left alone.
    pub async fn ready_for(&self, vin: &str) -> ServerResult<()> {
        let Ok((account_id, _)) = self.car(vin).await else {
            return Err(not_connected());
        };
        let signed_in = self
            .db
            .nissanconnect(&account_id)
            .await?
            .is_some_and(|row| row.tokens_sealed.is_some());
        if !signed_in {
            return Err(reconnect_needed());
        }
        match self.quiet() {
            Some(wait) => Err(unavailable(Some(wait))),
            None => Ok(()),
        }
    }

    fn connected(&self, account_id: &str) -> bool {
        lock(&self.sessions).contains_key(account_id)
    }

    async fn list_cars(&self, session: &Session) -> ServerResult<Vec<Car>> {
        let user_id = session.user_id().await.map_err(|e| refusal(&e))?;
        session.cars(&user_id).await.map_err(|e| refusal(&e))
    }

    /// The signed-in session of an account, from memory or from its sealed tokens.
    async fn session(&self, account_id: &str) -> Result<Arc<Session>, GatewayError> {
        if let Some(session) = lock(&self.sessions).get(account_id) {
            return Ok(session.clone());
        }
        let row = self.db.nissanconnect(account_id).await.map_err(|_| {
            GatewayError::ServiceUnavailable {
                retry_after_seconds: None,
            }
        })?;
        let sealed = row
            .and_then(|r| r.tokens_sealed)
            .ok_or(GatewayError::ReconnectNeeded)?;
        let tokens = self
            .settings
            .key
            .open(account_id, &sealed)
            .map_err(|error| {
                tracing::error!(%error, "NissanConnect tokens could not be opened");
                GatewayError::ReconnectNeeded
            })?;
        let session = Arc::new(Session::new(self.client.clone(), tokens));
        lock(&self.sessions).insert(account_id.to_owned(), session.clone());
        Ok(session)
    }

    /// Stores the tokens again if a call refreshed them.
    async fn save_tokens(&self, account_id: &str, session: &Session) -> ServerResult<()> {
        let Some(row) = self.db.nissanconnect(account_id).await? else {
            return Ok(());
        };
        let current = session.tokens();
        let unchanged = row
            .tokens_sealed
            .as_deref()
            .and_then(|sealed| self.settings.key.open(account_id, sealed).ok())
            .is_some_and(|stored| stored == current);
        if !unchanged {
            let sealed = self.settings.key.seal(account_id, &current)?;
            self.db
                .set_nissanconnect_tokens(account_id, Some(&sealed), self.clock.now())
                .await?;
        }
        Ok(())
    }

    /// The tokens can no longer be refreshed: forget them, tell the owner by email once.
    async fn session_ended(&self, account_id: &str) {
        lock(&self.sessions).remove(account_id);
        let was_connected = matches!(
            self.db.nissanconnect(account_id).await,
            Ok(Some(NissanConnectRow {
                tokens_sealed: Some(_),
                ..
            }))
        );
        if !was_connected {
            return;
        }
        if let Err(error) = self
            .db
            .set_nissanconnect_tokens(account_id, None, self.clock.now())
            .await
        {
            tracing::error!(%error, "could not end the NissanConnect session");
        }
        if let Err(error) = self.tell_sign_in_again(account_id).await {
            tracing::warn!(%error, "sign-in notice not sent");
        }
    }

    async fn tell_sign_in_again(&self, account_id: &str) -> ServerResult<()> {
        let (Some(mailer), Some(account)) =
            (self.mailer.get(), self.db.account_by_id(account_id).await?)
        else {
            return Ok(());
        };
        let mail = Mail::notice(
            &account.email,
            "Keyfob: sign in with NissanConnect again",
            "Keyfob can no longer reach your car through NissanConnect: Nissan ended the sign-in (this happens after a password change, or after a long time without use). Until you connect again, Keyfob shows the last status it read and cannot send commands.\n\nOpen Keyfob, go to Account › NissanConnect and sign in with your NissanConnect email and password. Keyfob keeps only the sign-in tokens, never the password.",
        );
        mailer.email(mail, self.clock.now()).await
    }

    /// Handles what a failed call means for the session and the schedule.
    async fn after_error(&self, account_id: &str, error: &NissanError) {
        match error {
            NissanError::ReauthRequired => self.session_ended(account_id).await,
            NissanError::RateLimited { retry_after }
            | NissanError::ServiceUnavailable { retry_after } => {
                let wait = retry_after
                    .map_or(BACKOFF_SECONDS, |d| d.as_secs() as i64)
                    .max(BACKOFF_SECONDS);
                *lock(&self.quiet_until) = self.clock.now() + wait;
            }
            _ => {}
        }
    }

    fn quiet(&self) -> Option<u32> {
        let until = *lock(&self.quiet_until);
        let now = self.clock.now();
        (until > now).then(|| (until - now) as u32)
    }

    /// The account whose NissanConnect reaches a car, and the car as listed.
    async fn car(&self, vin: &str) -> Result<(String, Car), GatewayError> {
        let (account_id, json) = self
            .db
            .nissanconnect_car_of_owner(vin)
            .await
            .map_err(|_| GatewayError::UnknownVehicle)?
            .ok_or(GatewayError::UnknownVehicle)?;
        let car = parse_car(&json).map_err(|_| GatewayError::UnknownVehicle)?;
        Ok((account_id, car))
    }

    async fn report(&self, report: CarReport) {
        // The server stopped listening: nothing left to tell.
        let _ = self.reports.send(report).await;
    }
}

fn not_connected() -> ServerError {
    ServerError::refused(
        ErrorCode::NissanconnectNotConnected,
        "Connect your NissanConnect account first (Account › NissanConnect).",
    )
}

/// A model name as people write it (`MICRA` → `Micra`).
pub fn model_of(car: &Car) -> String {
    let name = car.model_name.as_deref().unwrap_or("Nissan").trim();
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if name.chars().all(|c| !c.is_lowercase()) => {
            first.to_string() + &chars.as_str().to_lowercase()
        }
        _ => name.to_owned(),
    }
}

fn car_rows(cars: &[Car]) -> ServerResult<Vec<(String, String)>> {
    cars.iter()
        .map(|car| {
            serde_json::to_string(car)
                .map(|json| (car.vin.clone(), json))
                .map_err(|e| ServerError::Internal(format!("car not serialisable: {e}")))
        })
        .collect()
}

fn parse_car(json: &str) -> ServerResult<Car> {
    serde_json::from_str(json).map_err(|e| ServerError::Internal(format!("stored car: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_email_hint_shows_the_first_letter_and_the_domain() {
        assert_eq!(email_hint("driver@example.com"), "d•••@example.com");
        assert_eq!(email_hint("nope"), "•••");
    }

    #[test]
    fn model_names_in_capitals_read_as_people_write_them() {
        let car = |name: &str| Car {
            vin: "VIN".into(),
            model_name: Some(name.into()),
            nickname: None,
            model_year: None,
            car_gateway: None,
            can_generation: None,
            ccs_gen: None,
            role: None,
            services: Vec::new(),
        };
        assert_eq!(model_of(&car("MICRA")), "Micra");
        assert_eq!(model_of(&car("Leaf")), "Leaf");
        assert_eq!(model_of(&car("e-NV200")), "e-NV200");
    }
}

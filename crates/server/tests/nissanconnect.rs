//! Real cars through NissanConnect, against a fake of Nissan's service: connecting an account
//! (and each way it fails), linking its cars, the status read without waking them, "Refresh
//! from car", commands whose outcome is read from the car, the failures of the service, the
//! tokens sealed at rest, and personal mode.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use keyfob_client::{Client, ClientConfig};
use keyfob_core::{
    account::Region,
    api::geofence::ZoneRequest,
    api::nissanconnect::NissanConnectionState,
    command::{CommandKind, CommandState, FailureReason},
    entitlement::{Entitlement, Feature, LockReason, UnsupportedReason},
    geo::GeoPoint,
    geofence::{AlertOn, Shape},
    ErrorCode,
};
use keyfob_nissanconnect::{
    fake::{ActionOutcome, Failure, FakeCar, FakeEndpoint, FakeNissan},
    Config, ManualClock,
};
use keyfob_server::{
    clock::Clock,
    nissanconnect::{NissanConnectSettings, SealKey},
    open_state_nissanconnect, AppState, Server, ServerConfig,
};
use time::{macros::datetime, OffsetDateTime};
use tokio::sync::oneshot;

mod common;
use common::{code, register_request, PASSWORD};

/// "Now" in every test: nothing depends on the day they run.
const T0: OffsetDateTime = datetime!(2026-11-22 12:00:00 UTC);
const NC_EMAIL: &str = "driver@example.com";
const NC_PASSWORD: &str = "Sw0rdf1sh-unique-Pa55";
const LEAF: &str = "SJNFAAZE0U6000001";
const ARIYA: &str = "SJNTAAFE0U6000002";
const QASHQAI: &str = "SJNFAAJ11U6000004";
const KEY: [u8; 32] = [7; 32];

/// The server's clock is the fake service's: one time for both.
struct SharedClock(ManualClock);

impl Clock for SharedClock {
    fn now(&self) -> i64 {
        self.0.now().unix_timestamp()
    }
}

/// Personal mode answers only the app that started it, which sends this with every request.
const LAUNCH_SECRET: &str = "test-launch-secret-0123456789abcdef";

struct World {
    /// The app's launch secret, in personal mode.
    secret: Option<&'static str>,
    fake: FakeNissan,
    clock: ManualClock,
    state: AppState,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
}

impl World {
    async fn start(personal: bool) -> World {
        Self::start_with(personal, personal.then_some(LAUNCH_SECRET)).await
    }

    async fn start_with(personal: bool, secret: Option<&'static str>) -> World {
        Self::start_on(personal, secret, false).await
    }

    /// `sqlite_only` keeps the database a file in `_dir` in either run, for reading it raw.
    async fn start_on(personal: bool, secret: Option<&'static str>, sqlite_only: bool) -> World {
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("keyfob_server=warn")
            .try_init();
        let clock = ManualClock::new(T0);
        let fake = FakeNissan::start_with_clock(clock.clone())
            .await
            .expect("the fake starts");
        let updated = T0 - time::Duration::minutes(10);
        fake.add_account(
            NC_EMAIL,
            NC_PASSWORD,
            vec![
                FakeCar::leaf(LEAF, updated),
                FakeCar::ariya(ARIYA, updated),
                FakeCar::qashqai(QASHQAI, updated),
            ],
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let config = if personal {
            ServerConfig::personal()
        } else {
            ServerConfig::server()
        }
        .with_clock(Arc::new(SharedClock(clock.clone())))
        .with_time_scale(60.0);
        let config = match secret {
            Some(secret) => config.embedded(secret.to_owned()),
            None => config,
        };
        let mut settings = NissanConnectSettings::new(fake.endpoints(), SealKey::new(KEY));
        settings.outcome_every = Duration::from_millis(100);
        settings.time_scale = 60.0;
        settings.client = Config {
            clock: clock.clone().into(),
            sign_in_timeout: Duration::from_secs(10),
            api_timeout: Duration::from_secs(10),
            ..Config::default()
        };
        let url = if sqlite_only {
            common::database::sqlite_database(dir.path())
        } else {
            common::database::fresh_database(dir.path()).await
        };
        let state = open_state_nissanconnect(&url, config, settings)
            .await
            .expect("state");
        let server = Server::bind(([127, 0, 0, 1], 0).into(), state.clone())
            .await
            .expect("bind");
        let addr = server.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(server.serve(async {
            let _ = stopped.await;
        }));
        World {
            secret,
            fake,
            clock,
            state,
            addr,
            _dir: dir,
            _stop: stop,
        }
    }

    fn client(&self) -> Client {
        let url = format!("http://{}", self.addr);
        let config = match self.secret {
            Some(secret) => ClientConfig::embedded(&url, secret.to_owned()),
            None => ClientConfig::new(&url),
        };
        Client::new(config.expect("config")).expect("client")
    }

    /// A signed-up, confirmed, signed-in owner of a stand-alone server (no sandbox outbox: the
    /// confirmation is written as the link in the email would).
    async fn owner(&self, email: &str) -> Client {
        let client = self.client();
        client
            .register(&register_request(email, Region::Eu))
            .await
            .expect("register");
        let account = self
            .state
            .db
            .account_by_email_key(email)
            .await
            .expect("db")
            .expect("registered");
        self.state
            .db
            .confirm_email(&account.id, self.state.now())
            .await
            .expect("confirm");
        client.login(email, PASSWORD).await.expect("login");
        client
    }

    /// An owner with NissanConnect connected and `vin` linked; returns the vehicle id.
    async fn linked(&self, email: &str, vin: &str) -> (Client, String) {
        let owner = self.owner(email).await;
        owner
            .connect_nissanconnect(NC_EMAIL, NC_PASSWORD)
            .await
            .expect("connect");
        let vehicle = owner.link_nissan_car(vin).await.expect("link");
        (owner, vehicle.id)
    }

    async fn read_all(&self) {
        self.state
            .nissanconnect
            .as_ref()
            .expect("the gateway")
            .read_all()
            .await;
    }

    fn advance(&self, seconds: i64) {
        self.clock.advance(time::Duration::seconds(seconds));
    }
}

/// Waits (at most 10 s) until `check` holds for the car's status.
async fn status_where(
    owner: &Client,
    vehicle: &str,
    check: impl Fn(&keyfob_core::status::VehicleStatus) -> bool,
) -> keyfob_core::status::VehicleStatus {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(status) = owner.status(vehicle).await {
            if check(&status) {
                return status;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the status never showed it"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits (at most 15 s) for the command to end, and returns how.
async fn final_state(owner: &Client, vehicle: &str, command: &str) -> CommandState {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let state = owner
            .command(vehicle, command)
            .await
            .expect("command")
            .state;
        if !matches!(state, CommandState::Requested | CommandState::Delivered) {
            return state;
        }
        assert!(tokio::time::Instant::now() < deadline, "still {state:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn entitlement(vehicle: &keyfob_core::api::vehicle::Vehicle, feature: Feature) -> Entitlement {
    vehicle
        .entitlements
        .iter()
        .find(|e| e.feature == feature)
        .expect("every feature is listed")
        .entitlement
        .clone()
}

#[tokio::test]
async fn a_signed_up_owner_connects_nissanconnect_and_links_a_car_that_is_active_at_once() {
    let world = World::start(false).await;
    let owner = world.owner("owner@example.com").await;
    let before = owner.nissanconnect().await.expect("connection");
    assert_eq!(before.state, NissanConnectionState::NotConnected);
    assert_eq!(before.read_every_minutes, 15);
    assert_eq!(before.wake_every_minutes, 10);

    let connection = owner
        .connect_nissanconnect(NC_EMAIL, NC_PASSWORD)
        .await
        .expect("connect");
    assert_eq!(connection.state, NissanConnectionState::Connected);
    assert_eq!(connection.email_hint.as_deref(), Some("d•••@example.com"));
    let vins: Vec<&str> = connection.cars.iter().map(|c| c.vin.as_str()).collect();
    assert_eq!(vins, [QASHQAI, LEAF, ARIYA], "in VIN order");
    assert!(connection.cars.iter().all(|c| c.vehicle_id.is_none()));
    let leaf = &connection.cars[1];
    assert_eq!((leaf.model.as_str(), leaf.electric), ("Leaf", true));

    let vehicle = owner.link_nissan_car(LEAF).await.expect("link");
    assert_eq!(
        vehicle.activation.state,
        keyfob_core::activation::ActivationState::Active
    );
    assert_eq!(vehicle.model, "Leaf");
    // The entitlement table is the car's Nissan services, not a Keyfob subscription.
    assert_eq!(
        entitlement(&vehicle, Feature::Charging),
        Entitlement::Available
    );
    assert_eq!(
        entitlement(&vehicle, Feature::HornLights),
        Entitlement::Available
    );
    assert!(matches!(
        entitlement(&vehicle, Feature::RemoteStart),
        Entitlement::Unsupported {
            code: UnsupportedReason::NoEngine,
            ..
        }
    ));
    assert!(matches!(
        entitlement(&vehicle, Feature::LockUnlock),
        Entitlement::Unsupported {
            code: UnsupportedReason::NotOfferedByService,
            ..
        }
    ));

    // The first status comes from the service's stored values: battery, range, position.
    let status = status_where(&owner, &vehicle.id, |s| s.charge.is_some()).await;
    assert_eq!(status.energy.value.percent, 80);
    let charge = status.charge.expect("charge").value;
    assert!(charge.plugged_in);
    assert!((status.position.value.latitude - 48.8566).abs() < 1e-6);
    assert_eq!(status.odometer_km.value, 45_210);
    // Reading the stored values never wakes the car.
    assert_eq!(world.fake.action_ids().len(), 0);

    let again = owner.nissanconnect().await.expect("connection");
    assert_eq!(
        again.cars[1].vehicle_id.as_deref(),
        Some(vehicle.id.as_str())
    );
    assert_eq!(
        code(owner.link_nissan_car(LEAF).await),
        ErrorCode::VehicleAlreadyYours
    );
}

#[tokio::test]
async fn wrong_credentials_a_locked_account_and_a_service_that_is_down_are_told_apart() {
    let world = World::start(false).await;
    let owner = world.owner("owner@example.com").await;
    assert_eq!(
        code(
            owner
                .connect_nissanconnect(NC_EMAIL, "not-the-password")
                .await
        ),
        ErrorCode::NissanconnectCredentials
    );
    world.fake.set_account_locked(NC_EMAIL, true);
    assert_eq!(
        code(owner.connect_nissanconnect(NC_EMAIL, NC_PASSWORD).await),
        ErrorCode::NissanconnectLocked
    );
    world.fake.set_account_locked(NC_EMAIL, false);
    world
        .fake
        .fail_next(FakeEndpoint::Authorize, Failure::status(503));
    assert_eq!(
        code(owner.connect_nissanconnect(NC_EMAIL, NC_PASSWORD).await),
        ErrorCode::NissanconnectUnavailable
    );
    assert_eq!(
        code(owner.connect_nissanconnect("", NC_PASSWORD).await),
        ErrorCode::EmailInvalid
    );
    // Five tries in a quarter of an hour, so Keyfob never gets the owner's Nissan account locked.
    for _ in 0..2 {
        let _ = owner.connect_nissanconnect(NC_EMAIL, "wrong").await;
    }
    assert_eq!(
        code(owner.connect_nissanconnect(NC_EMAIL, NC_PASSWORD).await),
        ErrorCode::TooManyAttempts
    );
    world.advance(16 * 60);
    owner
        .connect_nissanconnect(NC_EMAIL, NC_PASSWORD)
        .await
        .expect("connects once the window passed");
}

#[tokio::test]
async fn only_the_tokens_are_kept_sealed_never_the_password() {
    // Sealed before the database sees them, whatever the engine: read here as a SQLite file.
    let world = World::start_on(false, None, true).await;
    let (_owner, _) = world.linked("owner@example.com", LEAF).await;
    world.state.db.close().await;
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(world._dir.path()).expect("dir") {
        bytes.extend(std::fs::read(entry.expect("entry").path()).expect("read"));
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(NC_PASSWORD), "the password is stored");
    assert!(
        !text.contains(NC_EMAIL),
        "the NissanConnect email is stored in clear"
    );
    // The fake's tokens all start like this; none is readable at rest.
    for prefix in [
        "kamereon-access",
        "kamereon-refresh",
        "kamereon-id",
        "oneid-",
    ] {
        assert!(!text.contains(prefix), "a token ({prefix}…) is readable");
    }
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_a_revoked_sign_in_asks_the_owner_again() {
    let world = World::start(false).await;
    let (owner, vehicle) = world.linked("owner@example.com", LEAF).await;
    status_where(&owner, &vehicle, |s| s.charge.is_some()).await;

    world.fake.expire_access_tokens();
    let refreshes = world.fake.count(FakeEndpoint::RefreshToken);
    world.read_all().await;
    assert_eq!(world.fake.count(FakeEndpoint::RefreshToken), refreshes + 1);
    assert_eq!(
        owner.nissanconnect().await.expect("connection").state,
        NissanConnectionState::Connected
    );

    world.fake.expire_access_tokens();
    world.fake.revoke_refresh_tokens();
    world.read_all().await;
    let connection = owner.nissanconnect().await.expect("connection");
    assert_eq!(connection.state, NissanConnectionState::SignInAgain);
    let mail = world
        .state
        .db
        .messages_to("owner@example.com")
        .await
        .expect("outbox");
    assert!(mail
        .iter()
        .any(|m| m.subject.contains("sign in with NissanConnect again")));
    // Commands are refused with what to do, not sent.
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::HornAndLights, "horn-key-1")
                .await
        ),
        ErrorCode::NissanconnectReconnect
    );
    // The last status read stays visible.
    owner.status(&vehicle).await.expect("the last status");

    owner
        .connect_nissanconnect(NC_EMAIL, NC_PASSWORD)
        .await
        .expect("connect again");
    assert_eq!(
        owner.nissanconnect().await.expect("connection").state,
        NissanConnectionState::Connected
    );
}

#[tokio::test]
async fn privacy_mode_a_busy_service_and_refresh_from_car_behave_as_documented() {
    let world = World::start(false).await;
    let (owner, vehicle) = world.linked("owner@example.com", LEAF).await;
    status_where(&owner, &vehicle, |s| s.charge.is_some()).await;

    // Privacy mode in the car: the location answers 403 and the tile says why.
    world
        .fake
        .update_car(LEAF, |car| car.state.privacy_mode = true);
    world.read_all().await;
    status_where(&owner, &vehicle, |s| s.privacy_mode).await;
    world
        .fake
        .update_car(LEAF, |car| car.state.privacy_mode = false);

    // Refresh from car wakes it once; again within ten minutes is refused with the wait.
    owner.refresh_status(&vehicle).await.expect("refresh");
    assert!(world.fake.count(FakeEndpoint::Action) >= 1);
    world.advance(2 * 60);
    let too_soon = owner.refresh_status(&vehicle).await;
    assert_eq!(code(too_soon), ErrorCode::RefreshTooSoon);

    // 429: the service is left alone (the schedule skips its rounds) and the owner is told.
    world.advance(10 * 60);
    world.fake.fail_next(
        FakeEndpoint::Action,
        Failure::RateLimited {
            retry_after_seconds: 600,
        },
    );
    assert_eq!(
        code(owner.refresh_status(&vehicle).await),
        ErrorCode::NissanconnectUnavailable
    );
    let reads = world.fake.count(FakeEndpoint::Battery);
    world.read_all().await;
    assert_eq!(
        world.fake.count(FakeEndpoint::Battery),
        reads,
        "read while told to wait"
    );
    world.advance(11 * 60);
    world.read_all().await;
    assert!(world.fake.count(FakeEndpoint::Battery) > reads);
}

#[tokio::test]
async fn commands_are_sent_once_and_their_outcome_is_read_from_the_car() {
    let world = World::start(false).await;
    let (owner, vehicle) = world.linked("owner@example.com", LEAF).await;
    status_where(&owner, &vehicle, |s| s.charge.is_some()).await;

    let climate = owner
        .send_command(
            &vehicle,
            &CommandKind::ClimateOn {
                target_c: 21,
                start_at: None,
            },
            "climate-1-key",
        )
        .await
        .expect("climate on");
    assert_eq!(
        final_state(&owner, &vehicle, &climate.id).await,
        CommandState::Succeeded
    );
    status_where(&owner, &vehicle, |s| {
        s.climate.as_ref().is_some_and(|c| c.value.on)
    })
    .await;

    let charge = owner
        .send_command(&vehicle, &CommandKind::ChargeStart, "charge-1-key")
        .await
        .expect("charge start");
    assert_eq!(
        final_state(&owner, &vehicle, &charge.id).await,
        CommandState::Succeeded
    );

    // The service refuses the action: the command fails and nothing is retried.
    world.fake.set_action_outcome(ActionOutcome::Failed {
        status: "REJECTED".into(),
        error_code: "VEHICLE_ASLEEP".into(),
    });
    let actions = world.fake.action_ids().len();
    let horn = owner
        .send_command(&vehicle, &CommandKind::HornAndLights, "horn-1-key")
        .await
        .expect("horn");
    assert!(matches!(
        final_state(&owner, &vehicle, &horn.id).await,
        CommandState::Failed(_) | CommandState::Unknown
    ));
    assert_eq!(
        world.fake.action_ids().len(),
        actions + 1,
        "sent more than once"
    );

    // What the service does not offer is refused before anything is sent.
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::Lock, "lock-1-key")
                .await
        ),
        ErrorCode::FeatureUnsupported
    );
    assert_eq!(world.fake.action_ids().len(), actions + 1);
}

#[tokio::test]
async fn a_service_down_when_a_command_is_sent_fails_it_without_retrying() {
    let world = World::start(false).await;
    let (owner, vehicle) = world.linked("owner@example.com", LEAF).await;
    status_where(&owner, &vehicle, |s| s.charge.is_some()).await;
    world
        .fake
        .fail_next(FakeEndpoint::Action, Failure::status(503));
    let horn = owner
        .send_command(&vehicle, &CommandKind::HornAndLights, "horn-1-key")
        .await
        .expect("accepted by Keyfob");
    assert_eq!(
        final_state(&owner, &vehicle, &horn.id).await,
        CommandState::Failed(FailureReason::ServiceUnavailable)
    );
    assert_eq!(world.fake.action_ids().len(), 0);
}

#[tokio::test]
async fn a_car_with_a_service_not_activated_shows_it_locked_and_an_engine_car_unsupported_for_charging(
) {
    let world = World::start(false).await;
    let (owner, vehicle) = world.linked("owner@example.com", QASHQAI).await;
    let qashqai = owner.vehicle(&vehicle).await.expect("vehicle");
    assert!(matches!(
        entitlement(&qashqai, Feature::Charging),
        Entitlement::Unsupported {
            code: UnsupportedReason::NotElectric,
            ..
        }
    ));
    assert_eq!(
        entitlement(&qashqai, Feature::RemoteStart),
        Entitlement::Available
    );
    let leaf = owner.link_nissan_car(LEAF).await.expect("link the Leaf");
    // The Leaf lists remote engine start deactivated, and has no engine anyway.
    assert!(matches!(
        entitlement(&leaf, Feature::RemoteStart),
        Entitlement::Unsupported { .. }
    ));
    world.fake.update_car(ARIYA, |car| {
        for service in &mut car.services {
            if service.id == keyfob_nissanconnect::service::CHARGING_START {
                service.activation_state = "DEACTIVATED".into();
            }
        }
    });
    let ariya = owner.link_nissan_car(ARIYA).await.expect("link the Ariya");
    assert!(matches!(
        entitlement(&ariya, Feature::Charging),
        Entitlement::Locked {
            code: LockReason::ServiceNotActivated,
            ..
        }
    ));
}

#[tokio::test]
async fn another_account_reaches_neither_the_connection_nor_the_cars_of_an_owner() {
    let world = World::start(false).await;
    let (_owner, vehicle) = world.linked("owner@example.com", LEAF).await;
    let other = world.owner("other@example.com").await;
    let theirs = other.nissanconnect().await.expect("their own connection");
    assert_eq!(theirs.state, NissanConnectionState::NotConnected);
    assert!(theirs.cars.is_empty());
    assert_eq!(
        code(other.link_nissan_car(LEAF).await),
        ErrorCode::NissanconnectNotConnected
    );
    assert_eq!(
        code(other.status(&vehicle).await),
        ErrorCode::VehicleNotFound
    );
    // A second Keyfob account on the same NissanConnect account sees the car as taken.
    other
        .connect_nissanconnect(NC_EMAIL, NC_PASSWORD)
        .await
        .expect("connect");
    let listed = other.nissanconnect().await.expect("connection");
    assert!(listed.cars[1].unavailable_reason.is_some());
    assert!(listed.cars[0].unavailable_reason.is_none());
    assert_eq!(
        code(other.link_nissan_car(LEAF).await),
        ErrorCode::VehicleAlreadyLinked
    );
    // A car outside the NissanConnect account cannot be linked through it.
    assert_eq!(
        code(other.link_nissan_car("SJNFAAZE0U6009999").await),
        ErrorCode::NissanconnectCarNotInAccount
    );
    // Without a token, nothing.
    let anonymous = world
        .client()
        .send_raw(reqwest::Method::GET, "v1/me/nissanconnect", None, None)
        .await
        .expect("an answer");
    assert_eq!(
        (anonymous.status, anonymous.body["code"].as_str()),
        (401, Some("unauthenticated"))
    );
}

#[tokio::test]
async fn geofence_alerts_work_on_the_positions_nissanconnect_reports() {
    let world = World::start(false).await;
    let (owner, vehicle) = world.linked("owner@example.com", LEAF).await;
    status_where(&owner, &vehicle, |s| s.charge.is_some()).await;
    owner
        .create_zone(
            &vehicle,
            &ZoneRequest {
                name: "Home".into(),
                shape: Shape::Circle {
                    center: GeoPoint::new(48.8566, 2.3522),
                    radius_m: 500.0,
                },
                alert_on: AlertOn::Exit,
                schedule: None,
            },
        )
        .await
        .expect("zone");
    world.advance(60);
    world.read_all().await;
    world.fake.update_car(LEAF, |car| {
        car.state.latitude = 48.90;
        car.state.location_updated = T0 + time::Duration::minutes(20);
    });
    world.advance(20 * 60);
    world.read_all().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while owner
        .alerts(&vehicle, None, 10)
        .await
        .expect("alerts")
        .is_empty()
    {
        assert!(tokio::time::Instant::now() < deadline, "no alert");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_server_without_the_gateway_says_nissanconnect_is_not_enabled() {
    let server = common::TestServer::server_mode().await;
    let client = server.client();
    client
        .register(&register_request("x@example.com", Region::Eu))
        .await
        .expect("register");
    let account = server
        .state()
        .db
        .account_by_email_key("x@example.com")
        .await
        .expect("db")
        .expect("account");
    server
        .state()
        .db
        .confirm_email(&account.id, server.state().now())
        .await
        .expect("confirm");
    client
        .login("x@example.com", PASSWORD)
        .await
        .expect("login");
    assert_eq!(
        code(client.nissanconnect().await),
        ErrorCode::NissanconnectNotEnabled
    );
    assert_eq!(
        code(server.client().personal_session().await),
        ErrorCode::PersonalOnly
    );
}

#[tokio::test]
async fn personal_mode_signs_the_app_in_without_an_account_and_the_nissan_password_confirms() {
    let world = World::start(true).await;
    let app = world.client();
    let first = app.personal_session().await.expect("session");
    let second = world.client().personal_session().await.expect("again");
    assert_eq!(first.account.id, second.account.id, "one local owner");
    assert!(first.account.email_confirmed);
    // No other accounts: no registration, no drivers.
    assert_eq!(
        code(
            world
                .client()
                .register(&register_request("x@example.com", Region::Eu))
                .await
        ),
        ErrorCode::PersonalMode
    );
    app.connect_nissanconnect(NC_EMAIL, NC_PASSWORD)
        .await
        .expect("connect");
    let vehicle = app.link_nissan_car(LEAF).await.expect("link");
    assert_eq!(
        code(app.invite_driver(&vehicle.id, "friend@example.com").await),
        ErrorCode::PersonalMode
    );
    // The NissanConnect password is the one that confirms it is the owner.
    assert_eq!(
        code(app.verify_password("a guess").await),
        ErrorCode::WrongPassword
    );
    app.verify_password(NC_PASSWORD).await.expect("step-up");
    status_where(&app, &vehicle.id, |s| s.charge.is_some()).await;
    // A connect that Nissan refuses leaves the password that confirms as it was.
    assert_eq!(
        code(app.connect_nissanconnect(NC_EMAIL, "a guess").await),
        ErrorCode::NissanconnectCredentials
    );
    app.verify_password(NC_PASSWORD)
        .await
        .expect("still the same");
}

#[tokio::test]
async fn personal_mode_without_the_apps_launch_secret_hands_a_session_to_nobody() {
    let world = World::start_with(true, None).await;
    assert_eq!(
        code(world.client().personal_session().await),
        ErrorCode::PersonalOnly
    );
}

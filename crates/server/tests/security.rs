//! The security review's findings about accounts, sessions and the server's edges, one test each
//! (the sale, theft and head-unit findings are in `sale_and_theft.rs`).

mod common;

use std::time::Duration;

use common::{active_car, code, linkable_car, TestServer, PASSWORD};
use keyfob_client::{Client, ClientConfig};
use keyfob_core::{
    account::Region,
    api::{account::UpdateProfileRequest, vehicle::LinkVehicleRequest},
    command::CommandKind,
    ErrorCode,
};
use keyfob_server::{db::Db, mail::REDACTED_BODY, ServerConfig};
use reqwest::Method;
use serde_json::json;

const WRONG: &str = "Not-The-Password-1";

async fn database(server: &TestServer) -> Db {
    Db::connect(&server.database_url()).await.expect("database")
}

// H2: the outbox keeps no live secret.

#[tokio::test]
async fn server_mode_keeps_only_who_was_sent_what_when() {
    let server = TestServer::server_mode().await;
    server
        .client()
        .register(&common::register_request("kept@example.com", Region::Eu))
        .await
        .expect("register");
    let messages = database(&server)
        .await
        .messages_to("kept@example.com")
        .await
        .expect("outbox");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].subject, "Confirm your Keyfob account");
    assert_eq!(messages[0].body, "", "the confirmation link was stored");
    assert_eq!(messages[0].action, None);
}

#[tokio::test]
async fn the_sandbox_mailbox_blanks_a_message_once_its_secret_stops_working() {
    let server = TestServer::start().await;
    let client = server.client();
    client
        .register(&common::register_request("mailbox@example.com", Region::Eu))
        .await
        .expect("register");
    let fresh = server
        .message("mailbox@example.com", "Confirm your Keyfob account")
        .await;
    let token = fresh.action.clone().expect("a link");
    assert!(fresh
        .body
        .contains(token.split("token=").nth(1).expect("token")));
    server.advance(24 * 60 * 60);
    let old = server
        .message("mailbox@example.com", "Confirm your Keyfob account")
        .await;
    assert_eq!(old.action, None);
    assert_eq!(old.body, REDACTED_BODY);

    // A reset link lasts an hour.
    client
        .forgot_password("mailbox@example.com")
        .await
        .expect("forgot");
    server.advance(59 * 60);
    assert!(server
        .message("mailbox@example.com", "Reset your Keyfob password")
        .await
        .action
        .is_some());
    server.advance(60);
    assert_eq!(
        server
            .message("mailbox@example.com", "Reset your Keyfob password")
            .await
            .action,
        None
    );
}

#[tokio::test]
async fn deleting_an_account_deletes_its_messages() {
    let server = TestServer::start().await;
    let client = server.signed_in("gone@example.com", Region::Eu).await;
    client
        .update_profile(&UpdateProfileRequest {
            phone: Some("+44 7700 900123".into()),
            current_password: Some(PASSWORD.into()),
            ..Default::default()
        })
        .await
        .expect("phone");
    client.delete_account(PASSWORD).await.expect("delete");
    let db = database(&server).await;
    let left = db.messages_to("gone@example.com").await.expect("outbox");
    // Only the notice of the deletion itself, which holds nothing secret.
    assert_eq!(
        left.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
        ["Your Keyfob account is deleted"]
    );
    assert!(db
        .messages_to("+447700900123")
        .await
        .expect("sms")
        .is_empty());
}

// H3: the phone number is where head-unit codes go.

#[tokio::test]
async fn changing_the_phone_needs_the_password_and_is_told_to_both() {
    let server = TestServer::start().await;
    let client = server.signed_in("phone@example.com", Region::Eu).await;
    let set = |phone: &str, password: Option<&str>| UpdateProfileRequest {
        phone: Some(phone.into()),
        current_password: password.map(str::to_owned),
        ..Default::default()
    };
    assert_eq!(
        code(client.update_profile(&set("+33 6 11 11 11 11", None)).await),
        ErrorCode::WrongPassword
    );
    assert_eq!(
        code(
            client
                .update_profile(&set("+33 6 11 11 11 11", Some(WRONG)))
                .await
        ),
        ErrorCode::WrongPassword
    );
    assert_eq!(client.me().await.expect("me").phone, None);
    let first = client
        .update_profile(&set("+33 6 11 11 11 11", Some(PASSWORD)))
        .await
        .expect("phone");
    assert!(first.phone_changed_at.is_some());
    client
        .update_profile(&set("+33 6 22 22 22 22", Some(PASSWORD)))
        .await
        .expect("phone");
    let mail = server
        .message(
            "phone@example.com",
            "The phone number of your Keyfob account changed",
        )
        .await;
    assert!(mail.body.contains("ends in 22"), "{}", mail.body);
    let old = server
        .client()
        .sandbox_outbox("+33611111111")
        .await
        .expect("sms");
    assert!(old[0].body.contains("removed from a Keyfob account"));
    // The nickname alone needs no password.
    client
        .update_profile(&UpdateProfileRequest {
            nickname: Some("Night.Owl".into()),
            ..Default::default()
        })
        .await
        .expect("nickname");
}

// M1: unlock and engine start need a step-up the server granted.

#[tokio::test]
async fn unlock_and_start_need_a_recent_password_or_pin_checked_by_the_server() {
    let car = common::scripted::ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1000.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "stepup@example.com", target).await;
    car.status(target.vin, common::scripted::parked()).await;
    // The step-up of `active_car` runs out after five minutes.
    server.advance(5 * 60);
    assert_eq!(
        code(
            owner
                .send_command(&vehicle, &CommandKind::Unlock, "key-unlock-001")
                .await
        ),
        ErrorCode::StepUpRequired
    );
    // Locking, horn and lights need none.
    owner
        .send_command(&vehicle, &CommandKind::Lock, "key-lock-00001")
        .await
        .expect("lock");
    assert_eq!(
        code(owner.verify_password(WRONG).await),
        ErrorCode::WrongPassword
    );
    owner.verify_password(PASSWORD).await.expect("step-up");
    owner
        .send_command(&vehicle, &CommandKind::Unlock, "key-unlock-002")
        .await
        .expect("unlock");
    // Bound to the session: another sign-in of the same account has none.
    let other_device = server.client();
    other_device
        .login("stepup@example.com", PASSWORD)
        .await
        .expect("login");
    assert_eq!(
        code(
            other_device
                .send_command(&vehicle, &CommandKind::Unlock, "key-unlock-003")
                .await
        ),
        ErrorCode::StepUpRequired
    );
    // The PIN, held by the server as a hash, grants it too; five wrong ones switch it off.
    assert_eq!(
        code(other_device.verify_pin("2468").await),
        ErrorCode::PinNotSet
    );
    assert_eq!(
        code(other_device.set_pin(PASSWORD, "24a8").await),
        ErrorCode::PinFormat
    );
    assert!(
        other_device
            .set_pin(PASSWORD, "2468")
            .await
            .expect("pin")
            .pin_set
    );
    other_device
        .verify_pin("2468")
        .await
        .expect("step-up by PIN");
    other_device
        .send_command(&vehicle, &CommandKind::Unlock, "key-unlock-004")
        .await
        .expect("unlock");
    for _ in 0..4 {
        assert_eq!(
            code(other_device.verify_pin("1111").await),
            ErrorCode::WrongPin
        );
    }
    assert_eq!(
        code(other_device.verify_pin("1111").await),
        ErrorCode::PinDisabled
    );
    assert!(!other_device.me().await.expect("me").pin_set);
    server
        .message("stepup@example.com", "Your Keyfob PIN was switched off")
        .await;
}

// M2 and M3: every password check counts, before the hash, and survives a restart.

#[tokio::test]
async fn password_rechecks_count_against_the_sign_in_limit() {
    let server = TestServer::start().await;
    let client = server.signed_in("rechecks@example.com", Region::Eu).await;
    for _ in 0..2 {
        assert_eq!(
            code(client.change_password(WRONG, "Brand-New-Pass-7").await),
            ErrorCode::WrongPassword
        );
    }
    assert_eq!(
        code(client.delete_account(WRONG).await),
        ErrorCode::WrongPassword
    );
    assert_eq!(
        code(client.verify_password(WRONG).await),
        ErrorCode::WrongPassword
    );
    assert_eq!(
        code(client.report_stolen("veh_none", WRONG).await),
        ErrorCode::VehicleNotFound
    );
    assert_eq!(
        code(client.delete_account(WRONG).await),
        ErrorCode::WrongPassword
    );
    // Five wrong: even the right password now waits, and so does signing in.
    assert_eq!(
        code(client.verify_password(PASSWORD).await),
        ErrorCode::TooManyAttempts
    );
    assert_eq!(
        code(
            server
                .client()
                .login("rechecks@example.com", PASSWORD)
                .await
        ),
        ErrorCode::TooManyAttempts
    );
}

#[tokio::test]
async fn sign_in_limits_survive_a_restart_and_parallel_guesses_all_count() {
    let mut server = TestServer::start().await;
    server.signed_in("guessed@example.com", Region::Eu).await;
    // Twelve guesses at once: only five may reach the password check.
    let guesses = (0..12).map(|_| {
        let client = server.client();
        async move { code(client.login("guessed@example.com", WRONG).await) }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|c| **c == ErrorCode::InvalidCredentials)
        .count();
    assert_eq!(checked, 5, "{answers:?}");
    assert!(answers.iter().all(|c| matches!(
        c,
        ErrorCode::InvalidCredentials | ErrorCode::TooManyAttempts
    )));
    server.restart().await;
    assert_eq!(
        code(server.client().login("guessed@example.com", PASSWORD).await),
        ErrorCode::TooManyAttempts
    );
    server.advance(15 * 60);
    server
        .client()
        .login("guessed@example.com", PASSWORD)
        .await
        .expect("the window has passed");
}

// M8: the app's embedded server answers only the app, and only at a loopback address.

fn embedded(config: ServerConfig) -> ServerConfig {
    config.embedded("launch-secret-for-tests".into())
}

#[tokio::test]
async fn the_embedded_server_needs_the_launch_secret_and_a_loopback_host() {
    let server = TestServer::configured(embedded).await;
    let url = format!("http://{}", server.addr);
    let stranger = server.client();
    for path in ["health", "v1/sandbox/outbox?to=demo@sandbox.keyfob.test"] {
        let answer = stranger
            .send_raw(Method::GET, path, None, None)
            .await
            .expect("answer");
        assert_eq!(
            (answer.status, answer.body["code"].as_str()),
            (401, Some("launch_secret_required")),
            "{path}"
        );
    }
    let app = Client::new(
        ClientConfig::embedded(&url, "launch-secret-for-tests".into()).expect("config"),
    )
    .expect("client");
    assert_eq!(app.health().await.expect("health").status, "ok");
    // A web page that rebinds its name to 127.0.0.1 still sends its own name.
    let rebound = reqwest::Client::new()
        .get(format!("{url}/health"))
        .header("host", "attacker.example")
        .header("x-keyfob-launch-secret", "launch-secret-for-tests")
        .send()
        .await
        .expect("answer");
    assert_eq!(rebound.status().as_u16(), 403);
}

// H4 and the low findings about answers.

fn behind_proxy(mut config: ServerConfig) -> ServerConfig {
    config.hsts = true;
    config
}

#[tokio::test]
async fn answers_are_never_cached_and_carry_hsts_when_served_over_https() {
    let plain = TestServer::start().await;
    let answer = plain
        .client()
        .send_raw(
            Method::POST,
            "v1/sessions",
            None,
            Some(json!({"email": "nobody@example.com", "password": WRONG})),
        )
        .await
        .expect("answer");
    assert_eq!(answer.headers["cache-control"], "no-store");
    assert!(answer.headers.get("strict-transport-security").is_none());
    let https = TestServer::configured(behind_proxy).await;
    let answer = https
        .client()
        .send_raw(Method::GET, "health", None, None)
        .await
        .expect("answer");
    assert!(answer.headers["strict-transport-security"]
        .to_str()
        .expect("text")
        .starts_with("max-age="));
}

#[tokio::test]
async fn nested_request_fields_are_checked_as_strictly_as_the_top() {
    let server = TestServer::start().await;
    let client = server.signed_in("strict@example.com", Region::Eu).await;
    let token = client.session_tokens().expect("signed in").access_token;
    let target = linkable_car(Region::Eu);
    let answer = server
        .client()
        .send_raw(
            Method::POST,
            "v1/vehicles",
            Some(&token),
            Some(json!({
                "vin": target.vin,
                "proof": {"kind": "body_number", "value": target.body_number, "owner": "me"}
            })),
        )
        .await
        .expect("answer");
    assert_eq!(answer.body["code"], "bad_request", "{:?}", answer.body);
    // Two levels down: a schedule's window inside a zone.
    let (owner, vehicle) = active_car(&server, "strict.zone@example.com", target).await;
    let token = owner.session_tokens().expect("signed in").access_token;
    let zone = json!({
        "name": "School",
        "shape": {"kind": "circle", "center": {"latitude": 48.85, "longitude": 2.35}, "radiusM": 300.0},
        "alertOn": "exit",
        "schedule": {"timeZone": "Europe/Paris", "windows": [
            {"days": [1], "start": "08:00", "end": "16:00", "note": "term time"}
        ]}
    });
    let answer = server
        .client()
        .send_raw(
            Method::POST,
            &format!("v1/vehicles/{vehicle}/zones"),
            Some(&token),
            Some(zone),
        )
        .await
        .expect("answer");
    assert_eq!(answer.body["code"], "bad_request", "{:?}", answer.body);
}

#[tokio::test]
async fn the_proof_is_checked_before_saying_a_car_is_someone_elses() {
    let server = TestServer::start().await;
    let target = linkable_car(Region::Eu);
    active_car(&server, "first@example.com", target).await;
    let second = server.signed_in("second@example.com", Region::Eu).await;
    let request = |value: &str| LinkVehicleRequest {
        vin: target.vin.into(),
        proof: keyfob_core::api::vehicle::OwnershipProof {
            kind: keyfob_core::api::vehicle::ProofKind::BodyNumber,
            value: value.into(),
        },
    };
    assert_eq!(
        code(second.link_vehicle(&request("XX00-0000000")).await),
        ErrorCode::ProofWrong
    );
    assert_eq!(
        code(second.link_vehicle(&request(target.body_number)).await),
        ErrorCode::VehicleAlreadyLinked
    );
}

#[tokio::test]
async fn lookups_and_registrations_are_limited() {
    let server = TestServer::start().await;
    let client = server.signed_in("walker@example.com", Region::Eu).await;
    let target = linkable_car(Region::Eu);
    for _ in 0..30 {
        client.lookup_vehicle(target.vin).await.expect("lookup");
    }
    assert_eq!(
        code(client.lookup_vehicle(target.vin).await),
        ErrorCode::TooManyAttempts
    );
    // Ten registrations an hour from one address (one was the walker's own).
    for n in 0..9 {
        server
            .client()
            .register(&common::register_request(
                &format!("new{n}@example.com"),
                Region::Eu,
            ))
            .await
            .expect("register");
    }
    assert_eq!(
        code(
            server
                .client()
                .register(&common::register_request(
                    "one.more@example.com",
                    Region::Eu
                ))
                .await
        ),
        ErrorCode::TooManyAttempts
    );
}

#[tokio::test]
async fn a_sign_in_from_a_new_device_is_told_by_email() {
    let server = TestServer::start().await;
    server.signed_in("devices@example.com", Region::Eu).await;
    let url = format!("http://{}", server.addr);
    let device = |id: &str| {
        Client::new(
            ClientConfig::new(&url)
                .expect("config")
                .with_device_id(Some(id.into())),
        )
        .expect("client")
    };
    device("install-aaaa")
        .login("devices@example.com", PASSWORD)
        .await
        .expect("login");
    server
        .message("devices@example.com", "New sign-in to your Keyfob account")
        .await;
    let count = || async {
        server
            .client()
            .sandbox_outbox("devices@example.com")
            .await
            .expect("outbox")
            .iter()
            .filter(|m| m.subject.starts_with("New sign-in"))
            .count()
    };
    assert_eq!(count().await, 1);
    // The same device again: nothing new.
    device("install-aaaa")
        .login("devices@example.com", PASSWORD)
        .await
        .expect("login");
    assert_eq!(count().await, 1);
    tokio::time::sleep(Duration::from_millis(10)).await;
}

// M7: the sandbox's database is encrypted at rest.

const DATABASE_KEY: &str = "5f0c2a9e1d7b3c4a8e6f90112233445566778899aabbccddeeff001122334455";

fn encrypted(mut config: ServerConfig) -> ServerConfig {
    config.database_key = Some(DATABASE_KEY.into());
    config
}

#[tokio::test]
async fn the_database_is_encrypted_at_rest_including_one_written_before() {
    // It starts on a plaintext file first, then restarts encrypted: the old file is encrypted in
    // place. SQLite in either run: PostgreSQL's encryption at rest is the cluster's own.
    let server = TestServer::configured_on_sqlite(encrypted).await;
    server.signed_in("sealed@example.com", Region::Eu).await;
    let bytes = std::fs::read(server.database_path()).expect("the database file");
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "a plaintext database"
    );
    let text = String::from_utf8_lossy(&bytes);
    for plain in [
        "sealed@example.com",
        "demo@sandbox.keyfob.test",
        "SJNTAAJ11SU512207",
    ] {
        assert!(!text.contains(plain), "{plain} readable in the file");
    }
    let url = format!("sqlite://{}", server.database_path().display());
    assert!(
        Db::connect_encrypted(&url, &DATABASE_KEY.replace('5', "6"))
            .await
            .is_err(),
        "opened with a wrong key"
    );
    let db = Db::connect_encrypted(&url, DATABASE_KEY)
        .await
        .expect("the right key");
    assert!(!db
        .messages_to("sealed@example.com")
        .await
        .expect("outbox")
        .is_empty());
}

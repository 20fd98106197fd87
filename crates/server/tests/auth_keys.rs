//! Head-unit authentication keys: made by the owner of an active car, typed at the car's head
//! unit, with every outcome: accepted, invalid (typo, another car's key, used), expired, the
//! lock after three wrong entries and the dealer's unlock, and the SMS step on firmware 3.0+.

mod common;

use common::{active_car, car, code, linkable_car, TestServer, PASSWORD};
use keyfob_client::Client;
use keyfob_core::{
    account::Region,
    api::{account::UpdateProfileRequest, authkey::HeadUnitAnswer, authkey::KeyState},
    authkey::{KeyReason, KEY_ALPHABET, KEY_LENGTH, NEW_PHONE_WAIT_SECONDS},
    ErrorCode,
};

/// Firmware 2.9.3: no SMS step.
const XTRAIL_2019: &str = "SJNTAAT33KU184562";
/// Firmware 4.1.0: the SMS step.
const QASHQAI_2025: &str = "SJNTAAJ11SU512207";

fn with_hyphens(key: &str) -> String {
    key.chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Sets the owner's phone, then lets the 24 hours pass before a new number gets codes.
async fn set_phone(server: &TestServer, owner: &Client, phone: &str) {
    owner
        .update_profile(&UpdateProfileRequest {
            nickname: None,
            phone: Some(phone.into()),
            current_password: Some(PASSWORD.into()),
        })
        .await
        .expect("phone");
    server.advance(NEW_PHONE_WAIT_SECONDS);
}

#[tokio::test]
async fn a_key_is_made_once_emailed_and_accepted_once_typed_with_hyphens() {
    let server = TestServer::start().await;
    let email = "keys@example.com";
    let (owner, vehicle) = active_car(&server, email, car(|c| c.vin == XTRAIL_2019)).await;
    let made = owner
        .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
        .await
        .expect("key");
    assert_eq!(made.key.len(), KEY_LENGTH);
    assert!(made.key.bytes().all(|b| KEY_ALPHABET.contains(&b)));
    assert_eq!(made.grouped.replace(' ', ""), made.key);
    let mail = server.message(email, "authentication key").await;
    assert!(mail.body.contains(&made.grouped), "{}", mail.body);

    let head_unit = server.client();
    // Case matters.
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, &made.key.to_lowercase())
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidKey { tries_left: 2 }
    );
    // Hyphens and spaces a person types are ignored.
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, &format!(" {} ", with_hyphens(&made.key)))
            .await
            .expect("answer"),
        HeadUnitAnswer::Accepted
    );
    // Single use; a good key also cleared the wrong entry before it.
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, &made.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidKey { tries_left: 2 }
    );
    let keys = owner.auth_keys(&vehicle).await.expect("list");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].state, KeyState::Used);
    assert!(keys[0].used_at.is_some());
}

#[tokio::test]
async fn another_cars_key_and_an_expired_key_are_refused_and_three_wrong_entries_lock() {
    let server = TestServer::start().await;
    let email = "lock@example.com";
    let (owner, xtrail) = active_car(&server, email, car(|c| c.vin == XTRAIL_2019)).await;
    // Another car, linked by someone else.
    active_car(
        &server,
        "navara@example.com",
        car(|c| c.vin == "VSKCAND2XKB275108"),
    )
    .await;
    let for_xtrail = owner
        .create_auth_key(&xtrail, KeyReason::HeadUnitReset)
        .await
        .expect("key");
    let head_unit = server.client();
    // The X-Trail's key at another car: invalid there.
    assert_eq!(
        head_unit
            .head_unit_enter_key("VSKCAND2XKB275108", &for_xtrail.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidKey { tries_left: 2 }
    );

    // 24 hours later the key has expired.
    server.advance(24 * 3600);
    assert_eq!(
        owner.auth_keys(&xtrail).await.expect("list")[0].state,
        KeyState::Expired
    );
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, &for_xtrail.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::KeyExpired { tries_left: 2 }
    );
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, "Ab3dEfG7hJ2mN4qR")
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidKey { tries_left: 1 }
    );
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, "Ab3dEfG7hJ2mN4qT")
            .await
            .expect("answer"),
        HeadUnitAnswer::SystemLocked
    );
    server
        .message(email, "head unit of your 2019 X-Trail is locked")
        .await;
    // Locked even for a good key, until the dealer unlocks it.
    let fresh = owner
        .create_auth_key(&xtrail, KeyReason::HeadUnitReset)
        .await
        .expect("key");
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, &fresh.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::SystemLocked
    );
    head_unit
        .dealer_unlock_head_unit(XTRAIL_2019)
        .await
        .expect("unlock");
    assert_eq!(
        head_unit
            .head_unit_enter_key(XTRAIL_2019, &fresh.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::Accepted
    );
}

#[tokio::test]
async fn firmware_three_asks_for_an_sms_code_and_needs_a_phone() {
    let server = TestServer::start().await;
    let email = "sms@example.com";
    let target = car(|c| c.vin == QASHQAI_2025);
    let (owner, vehicle) = active_car(&server, email, target).await;
    // No phone on the account: said before a key is made that could not be finished.
    assert_eq!(
        code(owner.create_auth_key(&vehicle, KeyReason::NewDevice).await),
        ErrorCode::PhoneRequired
    );
    set_phone(&server, &owner, "+33 6 12 34 56 78").await;
    let made = owner
        .create_auth_key(&vehicle, KeyReason::NewDevice)
        .await
        .expect("key");
    let head_unit = server.client();
    assert_eq!(
        head_unit
            .head_unit_enter_key(QASHQAI_2025, &made.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::SmsCodeRequired {
            phone_hint: "ending 78".into()
        }
    );
    // Nothing to check a code against on another car.
    assert_eq!(
        code(head_unit.head_unit_enter_code(XTRAIL_2019, "123456").await),
        ErrorCode::NoCodePending
    );
    let sms = server.client().sandbox_outbox("+33612345678").await;
    let sms = match sms {
        Ok(messages) if !messages.is_empty() => messages,
        _ => server
            .client()
            .sandbox_outbox("+33 6 12 34 56 78")
            .await
            .expect("outbox"),
    };
    let sent = sms[0].action.clone().expect("the code");
    let wrong = if sent == "000000" { "000001" } else { "000000" };
    assert_eq!(
        head_unit
            .head_unit_enter_code(QASHQAI_2025, wrong)
            .await
            .expect("answer"),
        HeadUnitAnswer::InvalidCode { tries_left: 2 }
    );
    assert_eq!(
        head_unit
            .head_unit_enter_code(QASHQAI_2025, &sent)
            .await
            .expect("answer"),
        HeadUnitAnswer::Accepted
    );
    assert_eq!(
        owner.auth_keys(&vehicle).await.expect("list")[0].state,
        KeyState::Used
    );

    // Ten minutes is the code's life: then the key is needed again.
    let second = owner
        .create_auth_key(&vehicle, KeyReason::NewDevice)
        .await
        .expect("key");
    assert!(matches!(
        head_unit
            .head_unit_enter_key(QASHQAI_2025, &second.key)
            .await
            .expect("answer"),
        HeadUnitAnswer::SmsCodeRequired { .. }
    ));
    server.advance(601);
    assert_eq!(
        head_unit
            .head_unit_enter_code(QASHQAI_2025, "123456")
            .await
            .expect("answer"),
        HeadUnitAnswer::CodeExpired
    );
    assert_eq!(
        owner.auth_keys(&vehicle).await.expect("list")[0].state,
        KeyState::Live
    );
}

#[tokio::test]
async fn three_live_keys_five_a_day_and_only_the_owner_of_an_active_car() {
    let server = TestServer::start().await;
    let (owner, vehicle) =
        active_car(&server, "limits@example.com", car(|c| c.vin == XTRAIL_2019)).await;
    let mut made = Vec::new();
    for _ in 0..3 {
        made.push(
            owner
                .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
                .await
                .expect("within three"),
        );
    }
    assert_eq!(
        code(
            owner
                .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
                .await
        ),
        ErrorCode::AuthKeyLimit
    );
    // Used keys are no longer live: two more may be made, then the day's five are spent.
    let head_unit = server.client();
    for key in &made {
        assert_eq!(
            head_unit
                .head_unit_enter_key(XTRAIL_2019, &key.key)
                .await
                .expect("answer"),
            HeadUnitAnswer::Accepted
        );
    }
    for _ in 0..2 {
        owner
            .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
            .await
            .expect("within five a day");
    }
    assert_eq!(
        code(
            owner
                .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
                .await
        ),
        ErrorCode::AuthKeyDailyLimit
    );
    server.advance(24 * 3600 + 1);
    owner
        .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
        .await
        .expect("a new day");

    // A driver cannot make one.
    let driver = common::added_driver(&server, &owner, &vehicle, "driver-keys@example.com").await;
    assert_eq!(
        code(
            driver
                .create_auth_key(&vehicle, KeyReason::SoftwareUpdate)
                .await
        ),
        ErrorCode::OwnerOnly
    );

    // A car linked but not yet confirmed in the car: not active, no key.
    let pending_owner = server.signed_in("pending@example.com", Region::Eu).await;
    let pending = pending_owner
        .link_vehicle(&keyfob_core::api::vehicle::LinkVehicleRequest {
            vin: linkable_car(Region::Eu).vin.into(),
            proof: common::body_proof(linkable_car(Region::Eu)),
        })
        .await
        .expect("link");
    assert_eq!(
        code(
            pending_owner
                .create_auth_key(&pending.id, KeyReason::SoftwareUpdate)
                .await
        ),
        ErrorCode::VehicleNotActive
    );
}

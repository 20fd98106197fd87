use std::time::Duration;

use keyfob_nissanconnect::fake::{
    ActionOutcome, ActionTiming, AuthorizationKind, Failure, FakeEndpoint,
};
use keyfob_nissanconnect::{ActionState, Error, HornLights};
use serde_json::{json, Value};
use time::macros::datetime;

use crate::common::{car, world, world_with_timeouts, LEAF, MICRA, QASHQAI, T0};

/// The path and JSON body of the last action the fake received, checking its headers.
fn last_action(w: &crate::common::World) -> (String, Value) {
    let request = w
        .fake
        .requests_to(FakeEndpoint::Action)
        .pop()
        .expect("an action was sent");
    assert_eq!(request.method, "POST");
    assert_eq!(request.authorization, AuthorizationKind::Bearer);
    assert_eq!(
        request.content_type.as_deref(),
        Some("application/vnd.api+json")
    );
    let body = request.json().expect("a JSON body");
    (request.path, body)
}

#[tokio::test]
async fn every_action_sends_its_path_type_and_attributes() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    let qashqai = car(&session, QASHQAI).await;
    let at = datetime!(2031-03-14 12:00:05 +02:00);
    let path = |vin: &str, name: &str| format!("/car-adapter/v1/cars/{vin}/actions/{name}");

    let cases: Vec<(String, Value)> = vec![
        (
            path(LEAF, "horn-lights"),
            json!({"type": "HornLights", "attributes": {"action": "start", "target": "horn_lights", "duration": 5}}),
        ),
        (
            path(LEAF, "horn-lights"),
            json!({"type": "HornLights", "attributes": {"action": "start", "target": "lights", "duration": 5}}),
        ),
        (
            path(LEAF, "horn-lights"),
            json!({"type": "HornLights", "attributes": {"action": "start", "target": "horn", "duration": 5}}),
        ),
        (
            path(LEAF, "hvac-start"),
            json!({"type": "HvacStart", "attributes": {"action": "start", "targetTemperature": 22}}),
        ),
        (
            path(LEAF, "hvac-start"),
            json!({"type": "HvacStart", "attributes": {"action": "start", "targetTemperature": 19, "startDateTime": "2031-03-14T10:00:05Z"}}),
        ),
        (
            path(LEAF, "hvac-start"),
            json!({"type": "HvacStart", "attributes": {"action": "stop"}}),
        ),
        (
            path(LEAF, "hvac-start"),
            json!({"type": "HvacStart", "attributes": {"action": "cancel"}}),
        ),
        (
            path(LEAF, "charging-start"),
            json!({"type": "ChargingStart", "attributes": {"action": "start"}}),
        ),
        (
            path(LEAF, "charging-start"),
            json!({"type": "ChargingStart", "attributes": {"action": "stop"}}),
        ),
        (
            path(QASHQAI, "engine-start"),
            json!({"type": "EngineStart", "attributes": {"action": "start"}}),
        ),
        (
            path(QASHQAI, "engine-start"),
            json!({"type": "EngineStart", "attributes": {"action": "stop"}}),
        ),
        (
            path(LEAF, "refresh-battery-status"),
            json!({"type": "RefreshBatteryStatus"}),
        ),
        (
            path(LEAF, "refresh-location"),
            json!({"type": "RefreshLocation"}),
        ),
        (
            path(LEAF, "refresh-lock-status"),
            json!({"type": "RefreshLockStatus"}),
        ),
        (
            path(LEAF, "refresh-hvac-status"),
            json!({"type": "RefreshHvacStatus"}),
        ),
    ];
    for (index, (expected_path, expected_data)) in cases.into_iter().enumerate() {
        let accepted = match index {
            0 => session.horn_lights(&leaf, HornLights::HornAndLights).await,
            1 => session.horn_lights(&leaf, HornLights::Lights).await,
            2 => session.horn_lights(&leaf, HornLights::Horn).await,
            3 => session.climate_on(&leaf, 22, None).await,
            4 => session.climate_on(&leaf, 19, Some(at)).await,
            5 => session.climate_off(&leaf).await,
            6 => session.cancel_scheduled_climate(&leaf).await,
            7 => session.charging_start(&leaf).await,
            8 => session.charging_stop(&leaf).await,
            9 => session.engine_start(&qashqai).await,
            10 => session.engine_stop(&qashqai).await,
            11 => session.refresh_battery_status(&leaf).await,
            12 => session.refresh_location(&leaf).await,
            13 => session.refresh_lock_status(&leaf).await,
            _ => session.refresh_hvac_status(&leaf).await,
        }
        .unwrap_or_else(|e| panic!("action {index} accepted: {e:?}"));
        assert!(accepted.action_id.is_some(), "action {index} has an id");
        let (path, body) = last_action(&w);
        assert_eq!(path, expected_path, "action {index}");
        assert_eq!(body, json!({ "data": expected_data }), "action {index}");
    }
    assert_eq!(
        w.fake.count(FakeEndpoint::Action),
        15,
        "each sent exactly once"
    );
    assert_eq!(w.fake.car(LEAF).expect("leaf").state.horn_lights_count, 3);
}

#[tokio::test]
async fn actions_change_what_the_reads_report() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.clock.set(T0 + time::Duration::minutes(3));
    session.climate_on(&leaf, 24, None).await.expect("accepted");
    let hvac = session.hvac_status(&leaf).await.expect("hvac");
    assert_eq!(hvac.on, Some(true));
    assert_eq!(hvac.next_target_temperature, Some(24.0));
    assert_eq!(hvac.last_update, Some(T0 + time::Duration::minutes(3)));
    session.charging_start(&leaf).await.expect("accepted");
    assert_eq!(
        session.battery(&leaf).await.expect("battery").charging,
        Some(true)
    );
    let scheduled = datetime!(2031-03-14 18:45:00 UTC);
    session
        .climate_on(&leaf, 20, Some(scheduled))
        .await
        .expect("accepted");
    assert_eq!(
        session.hvac_status(&leaf).await.expect("hvac").next_start,
        Some(scheduled)
    );
    session
        .cancel_scheduled_climate(&leaf)
        .await
        .expect("accepted");
    assert_eq!(
        session.hvac_status(&leaf).await.expect("hvac").next_start,
        None
    );
}

#[tokio::test]
async fn action_status_goes_from_created_to_completed() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    let id = session
        .refresh_battery_status(&leaf)
        .await
        .expect("accepted")
        .action_id
        .expect("id");
    let first = session
        .action_status(&leaf, &id)
        .await
        .expect("status")
        .expect("known");
    assert_eq!(first.state, ActionState::Created);
    assert!(!first.state.is_final());
    let second = session
        .action_status(&leaf, &id)
        .await
        .expect("status")
        .expect("known");
    assert_eq!(second.state, ActionState::Completed);
    assert_eq!(session.action_status(&leaf, "unknown-id").await, Ok(None));
}

#[tokio::test]
async fn a_failed_action_reports_its_error_code() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake.set_action_outcome(ActionOutcome::Failed {
        status: "REJECTED".into(),
        error_code: "12".into(),
    });
    let id = session
        .climate_on(&leaf, 21, None)
        .await
        .expect("accepted")
        .action_id
        .expect("id");
    let _ = session.action_status(&leaf, &id).await;
    let status = session
        .action_status(&leaf, &id)
        .await
        .expect("status")
        .expect("known");
    assert_eq!(status.state, ActionState::Rejected);
    assert_eq!(status.error_code.as_deref(), Some("12"));
    assert_eq!(
        session.hvac_status(&leaf).await.expect("hvac").on,
        Some(false)
    );
}

#[tokio::test]
async fn delayed_effects_follow_the_fake_clock_or_the_next_refresh() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;

    w.fake
        .set_action_timing(ActionTiming::AfterDelay(time::Duration::seconds(40)));
    let id = session
        .climate_on(&leaf, 23, None)
        .await
        .expect("accepted")
        .action_id
        .expect("id");
    assert_eq!(
        session.hvac_status(&leaf).await.expect("hvac").on,
        Some(false)
    );
    let _ = session.action_status(&leaf, &id).await;
    assert_eq!(
        session
            .action_status(&leaf, &id)
            .await
            .expect("status")
            .map(|s| s.state),
        Some(ActionState::Created)
    );
    w.clock.advance(time::Duration::seconds(41));
    assert_eq!(
        session.hvac_status(&leaf).await.expect("hvac").on,
        Some(true)
    );
    assert_eq!(
        session
            .action_status(&leaf, &id)
            .await
            .expect("status")
            .map(|s| s.state),
        Some(ActionState::Completed)
    );

    w.fake.set_action_timing(ActionTiming::OnNextRefresh);
    session.climate_off(&leaf).await.expect("accepted");
    w.clock.advance(time::Duration::minutes(10));
    assert_eq!(
        session.hvac_status(&leaf).await.expect("hvac").on,
        Some(true)
    );
    session.refresh_hvac_status(&leaf).await.expect("accepted");
    let hvac = session.hvac_status(&leaf).await.expect("hvac");
    assert_eq!(hvac.on, Some(false));
    assert_eq!(hvac.last_update, Some(w.clock.now()));
}

#[tokio::test]
async fn climate_temperatures_outside_16_to_26_are_refused_before_sending() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    for temperature in [15, 27, -40, 100] {
        let error = session
            .climate_on(&leaf, temperature, None)
            .await
            .expect_err("refused");
        assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    }
    let past = T0 - time::Duration::seconds(1);
    assert!(matches!(
        session.climate_on(&leaf, 20, Some(past)).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        session.climate_on(&leaf, 20, Some(T0)).await,
        Err(Error::InvalidArgument(_))
    ));
    assert_eq!(w.fake.count(FakeEndpoint::Action), 0);
    session
        .climate_on(&leaf, 16, None)
        .await
        .expect("16 is allowed");
    session
        .climate_on(&leaf, 26, None)
        .await
        .expect("26 is allowed");
}

#[tokio::test]
async fn an_action_is_not_retried_after_a_500() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake.fail_next(FakeEndpoint::Action, Failure::status(500));
    let error = session
        .horn_lights(&leaf, HornLights::HornAndLights)
        .await
        .expect_err("failed");
    assert_eq!(error, Error::ServiceUnavailable { retry_after: None });
    assert_eq!(w.fake.count(FakeEndpoint::Action), 1);
}

#[tokio::test]
async fn an_action_is_not_retried_after_a_cut_connection() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake.fail_next(FakeEndpoint::Action, Failure::Disconnect);
    let error = session
        .horn_lights(&leaf, HornLights::Horn)
        .await
        .expect_err("answer lost");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(w.fake.count(FakeEndpoint::Action), 1);
    // The service did act: this is why the outcome is "unknown", not "failed".
    assert_eq!(w.fake.car(LEAF).expect("leaf").state.horn_lights_count, 1);
}

#[tokio::test]
async fn an_action_is_not_retried_after_a_time_out() {
    let w = world_with_timeouts(Duration::from_secs(10), Duration::from_millis(300)).await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake
        .fail_next(FakeEndpoint::Action, Failure::Slow(Duration::from_secs(3)));
    let error = session
        .charging_start(&leaf)
        .await
        .expect_err("no answer in time");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(w.fake.count(FakeEndpoint::Action), 1);
}

#[tokio::test]
async fn an_action_refused_with_401_is_sent_once_more_after_a_refresh() {
    let w = world().await;
    let session = w.session().await;
    let leaf = car(&session, LEAF).await;
    w.fake.expire_access_tokens();
    session
        .horn_lights(&leaf, HornLights::Lights)
        .await
        .expect("accepted after refresh");
    assert_eq!(w.fake.count(FakeEndpoint::Action), 2);
    assert_eq!(w.fake.count(FakeEndpoint::RefreshToken), 1);
    assert_eq!(w.fake.car(LEAF).expect("leaf").state.horn_lights_count, 1);
}

#[tokio::test]
async fn an_action_the_car_lacks_is_not_supported() {
    let w = world().await;
    let session = w.session().await;
    let micra = car(&session, MICRA).await;
    // The Micra lists 299 (start) but not 303 (stop).
    assert_eq!(
        session.charging_stop(&micra).await,
        Err(Error::NotSupported)
    );
    let leaf = car(&session, LEAF).await;
    // The Leaf lists 96 but not activated.
    assert_eq!(session.engine_start(&leaf).await, Err(Error::NotSupported));
}

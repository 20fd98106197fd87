//! Curfew and speed alerts, email delivery, the paged history, and who hears about alerts.

mod common;

use std::sync::Arc;

use common::{active_car, car, code, linkable_car, scripted::ScriptedGateway, TestServer};
use keyfob_client::Client;
use keyfob_core::{
    account::Region,
    api::{command::LiveEvent, geofence::AlertSettings},
    geofence::{Schedule, WeeklyWindow},
    ErrorCode,
};

/// One report from the car. The odometer numbers the reports, so the test can wait until the
/// server has each one; reports are judged in order, so once a report is stored every earlier
/// one has been judged.
struct Drive<'a> {
    car: Arc<ScriptedGateway>,
    server: &'a TestServer,
    owner: &'a Client,
    vehicle: String,
    vin: &'static str,
    sent: u32,
}

impl Drive<'_> {
    async fn report(&mut self, latitude: f64, speed_kmh: u16) {
        self.sent += 1;
        let mut snapshot = common::scripted::parked();
        snapshot.odometer_km = 20_000 + self.sent;
        snapshot.position.latitude = latitude;
        snapshot.position.speed_kmh = speed_kmh;
        snapshot.ignition_on = speed_kmh > 0;
        self.car.status(self.vin, snapshot).await;
        let wanted = 20_000 + self.sent;
        common::eventually(
            || self.owner.status(&self.vehicle),
            |s| matches!(s, Ok(s) if s.odometer_km.value == wanted),
        )
        .await
        .expect("status");
    }

    /// Reports at the same place `seconds` later by the server's clock.
    async fn after(&mut self, seconds: i64, speed_kmh: u16) {
        self.server.advance(seconds);
        self.report(48.8566, speed_kmh).await;
    }

    async fn summaries(&mut self) -> Vec<String> {
        // One more report, so the one before it has surely been judged.
        self.report(48.8566, 0).await;
        self.owner
            .alerts(&self.vehicle, None, 100)
            .await
            .expect("history")
            .into_iter()
            .map(|entry| entry.alert.summary())
            .collect()
    }
}

async fn drive<'a>(
    server: &'a TestServer,
    car: Arc<ScriptedGateway>,
    owner: &'a Client,
    vehicle: &str,
    vin: &'static str,
) -> Drive<'a> {
    let mut drive = Drive {
        car,
        server,
        owner,
        vehicle: vehicle.to_owned(),
        vin,
        sent: 0,
    };
    drive.report(48.8566, 0).await;
    drive
}

fn nightly_curfew() -> Schedule {
    Schedule {
        time_zone: "Europe/Paris".into(),
        windows: vec![WeeklyWindow {
            days: vec![1, 2, 3, 4, 5, 6, 7],
            start: "22:00".into(),
            end: "06:00".into(),
        }],
    }
}

#[tokio::test]
async fn settings_are_checked_kept_and_need_a_plan_with_alerts() {
    let server = TestServer::start().await;
    let (owner, vehicle) =
        active_car(&server, "settings@example.com", linkable_car(Region::Eu)).await;
    assert_eq!(
        owner.alert_settings(&vehicle).await.expect("read"),
        AlertSettings::default()
    );

    let too_fast = AlertSettings {
        speed_limit_kmh: Some(260),
        ..AlertSettings::default()
    };
    assert_eq!(
        code(owner.set_alert_settings(&vehicle, &too_fast).await),
        ErrorCode::SpeedLimit
    );
    let mut six_nights = nightly_curfew();
    six_nights.windows = vec![six_nights.windows[0].clone(); 6];
    let crowded = AlertSettings {
        curfew: Some(six_nights),
        ..AlertSettings::default()
    };
    assert_eq!(
        code(owner.set_alert_settings(&vehicle, &crowded).await),
        ErrorCode::CurfewSchedule
    );
    // Nothing half-stored by the refusals.
    assert_eq!(
        owner.alert_settings(&vehicle).await.expect("read"),
        AlertSettings::default()
    );

    let wanted = AlertSettings {
        curfew: Some(nightly_curfew()),
        speed_limit_kmh: Some(110),
        email_alerts: true,
    };
    assert_eq!(
        owner
            .set_alert_settings(&vehicle, &wanted)
            .await
            .expect("set"),
        wanted
    );
    assert_eq!(owner.alert_settings(&vehicle).await.expect("read"), wanted);

    // The 2020 Juke, on Basic.
    let basic = car(|c| c.vin == "SJNFBAF1XLU207731");
    let (basic_owner, basic_vehicle) = active_car(&server, "basic@example.com", basic).await;
    assert_eq!(
        code(
            basic_owner
                .set_alert_settings(&basic_vehicle, &wanted)
                .await
        ),
        ErrorCode::FeatureLocked
    );
}

#[tokio::test]
async fn speeding_held_for_more_than_five_seconds_is_alerted_once_per_spell() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "speed@example.com", target).await;
    let settings = AlertSettings {
        speed_limit_kmh: Some(110),
        ..AlertSettings::default()
    };
    owner
        .set_alert_settings(&vehicle, &settings)
        .await
        .expect("set");
    let mut drive = drive(&server, car, &owner, &vehicle, target.vin).await;

    // Over the limit for 4 s, then back under: nothing.
    drive.after(1, 130).await;
    drive.after(4, 135).await;
    drive.after(1, 100).await;
    assert!(drive.summaries().await.is_empty());

    // Held for 6 s: told once, however long it goes on.
    drive.after(1, 130).await;
    drive.after(3, 128).await;
    drive.after(3, 142).await;
    drive.after(5, 150).await;
    assert_eq!(
        drive.summaries().await,
        vec!["Driving at 142 km/h (limit 110 km/h)"]
    );

    // A second spell after slowing down is told again; the history pages newest first.
    drive.after(1, 120).await;
    drive.after(6, 125).await;
    assert_eq!(drive.summaries().await.len(), 2);
    let first_page = owner.alerts(&vehicle, None, 1).await.expect("page");
    assert_eq!(
        first_page[0].alert.summary(),
        "Driving at 125 km/h (limit 110 km/h)"
    );
    let second_page = owner
        .alerts(&vehicle, Some(first_page[0].seq), 1)
        .await
        .expect("page");
    assert_eq!(
        second_page[0].alert.summary(),
        "Driving at 142 km/h (limit 110 km/h)"
    );
    assert!(owner
        .alerts(&vehicle, Some(second_page[0].seq), 1)
        .await
        .expect("page")
        .is_empty());
}

#[tokio::test]
async fn moving_in_a_curfew_is_alerted_once_a_night_and_emailed_when_chosen() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let email = "curfew@example.com";
    let (owner, vehicle) = active_car(&server, email, target).await;
    owner
        .set_alert_settings(
            &vehicle,
            &AlertSettings {
                curfew: Some(nightly_curfew()),
                speed_limit_kmh: None,
                email_alerts: true,
            },
        )
        .await
        .expect("set");
    // The tests start at 13:00 in Paris: driving in the day is fine.
    let mut drive = drive(&server, car, &owner, &vehicle, target.vin).await;
    drive.after(60, 50).await;
    assert!(drive.summaries().await.is_empty());

    // 23:30: parked, then moving twice.
    drive.after(10 * 3600 + 29 * 60, 0).await;
    drive.after(60, 30).await;
    drive.after(60, 45).await;
    assert_eq!(drive.summaries().await, vec!["Moving during the curfew"]);
    let mail = server.message(email, "Moving during the curfew").await;
    assert!(
        mail.subject.starts_with("Keyfob alert: "),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains("48.85660, 2.35220"), "{}", mail.body);

    // The next night is another curfew.
    drive.after(24 * 3600, 40).await;
    assert_eq!(drive.summaries().await.len(), 2);
}

#[tokio::test]
async fn alerts_are_the_owners_a_driver_does_not_receive_them() {
    let car = ScriptedGateway::new();
    let server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "watching@example.com", target).await;
    let driver = common::added_driver(&server, &owner, &vehicle, "watched@example.com").await;
    owner
        .set_alert_settings(
            &vehicle,
            &AlertSettings {
                speed_limit_kmh: Some(90),
                ..AlertSettings::default()
            },
        )
        .await
        .expect("set");
    let mut drive = drive(&server, car, &owner, &vehicle, target.vin).await;
    let mut owner_stream = owner.events(None);
    let mut driver_stream = driver.events(None);
    drive.after(1, 120).await;
    drive.after(6, 120).await;
    // The marker: once the driver sees this status, the alert before it would have come.
    drive.after(1, 0).await;
    let marker = 20_000 + drive.sent;

    let mut owner_saw_alert = false;
    let mut driver_saw_alert = false;
    for (stream, saw_alert) in [
        (&mut owner_stream, &mut owner_saw_alert),
        (&mut driver_stream, &mut driver_saw_alert),
    ] {
        loop {
            let event = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
                .await
                .expect("an event in time")
                .expect("open")
                .expect("event");
            match event.event {
                LiveEvent::Alert { .. } => *saw_alert = true,
                LiveEvent::Status { status, .. } if status.odometer_km.value == marker => break,
                _ => {}
            }
        }
    }
    assert!(owner_saw_alert);
    assert!(!driver_saw_alert);
    // And the history is the owner's only.
    assert_eq!(
        code(driver.alerts(&vehicle, None, 20).await),
        ErrorCode::OwnerOnly
    );
}

#[tokio::test]
async fn a_speeding_spell_told_before_a_restart_is_not_told_again_after_it() {
    let car = ScriptedGateway::new();
    let mut server = TestServer::with_gateway(car.clone(), 1.0).await;
    let target = linkable_car(Region::Eu);
    let (owner, vehicle) = active_car(&server, "restart-speed@example.com", target).await;
    owner
        .set_alert_settings(
            &vehicle,
            &AlertSettings {
                speed_limit_kmh: Some(110),
                ..AlertSettings::default()
            },
        )
        .await
        .expect("set");
    let sent = {
        let mut drive = drive(&server, car, &owner, &vehicle, target.vin).await;
        drive.after(1, 130).await;
        drive.after(6, 131).await;
        // (Not `summaries`: its parked marker report would end the spell.)
        let told = common::eventually(
            || owner.alerts(&vehicle, None, 20),
            |a| matches!(a, Ok(a) if !a.is_empty()),
        )
        .await
        .expect("history");
        assert_eq!(told.len(), 1);
        // The car is speeding again when the server stops.
        drive.after(1, 135).await;
        drive.sent
    };

    let tokens = owner.session_tokens().expect("signed in");
    let car = ScriptedGateway::new();
    server.restart_with(car.clone()).await;
    let owner = server.client();
    owner.restore_session(tokens);
    let mut drive = Drive {
        car,
        server: &server,
        owner: &owner,
        vehicle: vehicle.clone(),
        vin: target.vin,
        sent,
    };
    // Still the same spell, for more than five seconds after the restart: nothing new.
    drive.after(5, 138).await;
    drive.after(5, 140).await;
    drive.after(5, 141).await;
    assert_eq!(
        drive.summaries().await,
        vec!["Driving at 131 km/h (limit 110 km/h)"]
    );
    // A new spell after slowing down is told.
    drive.after(1, 120).await;
    drive.after(6, 122).await;
    assert_eq!(drive.summaries().await.len(), 2);
}

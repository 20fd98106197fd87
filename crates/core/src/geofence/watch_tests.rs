use super::*;
use crate::{
    geofence::{AlertOn, Crossing, Shape, WeeklyWindow},
    ErrorCode,
};

const PARIS: GeoPoint = GeoPoint::new(48.8566, 2.3522);
/// Monday 2026-11-23 12:00 UTC (13:00 in Paris).
const NOON: i64 = 1_795_435_200;

fn nightly_curfew() -> Schedule {
    Schedule {
        time_zone: "Europe/Paris".into(),
        windows: vec![WeeklyWindow {
            days: vec![1, 2, 3, 4, 5, 6, 7],
            start: "23:00".into(),
            end: "05:00".into(),
        }],
    }
}

fn report(speed_kmh: u16, at: i64) -> Report {
    Report {
        position: PARIS,
        speed_kmh,
        accuracy_m: None,
        at,
    }
}

fn speed_rule(limit: u16) -> WatchRules {
    WatchRules {
        curfew: None,
        speed_limit_kmh: Some(limit),
    }
}

/// Feeds reports in order; returns every alarm raised.
fn run(rules: &WatchRules, reports: &[Report]) -> Vec<Alarm> {
    let mut state = WatchState::default();
    let mut alarms = Vec::new();
    for report in reports {
        let (next, raised) = watch(&[], rules, &state, report, SPEED_HOLD_SECONDS);
        state = next;
        alarms.extend(raised);
    }
    alarms
}

#[test]
fn rules_are_checked_with_their_own_codes() {
    assert!(speed_rule(30).validate().is_ok());
    assert!(speed_rule(250).validate().is_ok());
    for bad in [29, 251, 0] {
        assert_eq!(
            speed_rule(bad).validate().map_err(|e| e.code()),
            Err(ErrorCode::SpeedLimit)
        );
    }
    let mut six = nightly_curfew();
    six.windows = vec![six.windows[0].clone(); 6];
    let error = WatchRules {
        curfew: Some(six),
        speed_limit_kmh: None,
    }
    .validate()
    .expect_err("too many windows");
    assert_eq!(error.code(), ErrorCode::CurfewSchedule);
    assert!(error.to_string().contains("1 to 5"), "{error}");
    let mut unnamed = nightly_curfew();
    unnamed.time_zone = "Paris".into();
    let error = WatchRules {
        curfew: Some(unnamed),
        speed_limit_kmh: None,
    }
    .validate()
    .expect_err("bad time zone");
    assert_eq!(error.code(), ErrorCode::CurfewSchedule);
}

#[test]
fn speeding_counts_only_when_held_for_more_than_five_seconds() {
    let rules = speed_rule(90);
    // A burst of 4 s over the limit: nothing.
    assert!(run(
        &rules,
        &[
            report(95, NOON),
            report(120, NOON + 4),
            report(80, NOON + 5)
        ]
    )
    .is_empty());
    // Exactly 5 s is not "more than" 5 s; 6 s is.
    assert!(run(&rules, &[report(95, NOON), report(95, NOON + 5)]).is_empty());
    assert_eq!(
        run(&rules, &[report(95, NOON), report(130, NOON + 6)]),
        vec![Alarm::Speed {
            speed_kmh: 130,
            limit_kmh: 90
        }]
    );
    // At the limit is not over it.
    assert!(run(&rules, &[report(90, NOON), report(90, NOON + 60)]).is_empty());
}

#[test]
fn one_alert_per_spell_of_speeding() {
    let rules = speed_rule(90);
    let reports: Vec<Report> = (0..30).map(|i| report(120, NOON + i)).collect();
    assert_eq!(run(&rules, &reports).len(), 1);
    // Slowing down ends the spell; the next one is told again.
    let mut two_spells = reports.clone();
    two_spells.push(report(60, NOON + 31));
    two_spells.extend((40..50).map(|i| report(120, NOON + i)));
    assert_eq!(run(&rules, &two_spells).len(), 2);
}

#[test]
fn moving_during_a_curfew_is_told_once_per_night() {
    let rules = WatchRules {
        curfew: Some(nightly_curfew()),
        speed_limit_kmh: None,
    };
    // Monday 23:30 and 23:40 Paris time: moving twice, told once.
    let night = NOON + 10 * 3600 + 30 * 60;
    let alarms = run(&rules, &[report(40, night), report(50, night + 600)]);
    assert_eq!(
        alarms,
        vec![Alarm::Curfew {
            since: NOON + 10 * 3600
        }]
    );
    // Parked (or the fix wandering) during the curfew, and moving in the day: nothing.
    assert!(run(
        &rules,
        &[report(0, night), report(MOVING_KMH - 1, night + 60)]
    )
    .is_empty());
    assert!(run(&rules, &[report(50, NOON)]).is_empty());
    // The next night is a new occurrence.
    let next_night = night + 24 * 3600;
    assert_eq!(
        run(&rules, &[report(40, night), report(40, next_night)]).len(),
        2
    );
}

#[test]
fn zones_are_judged_alongside() {
    let zone = Zone {
        id: "home".into(),
        shape: Shape::Circle {
            center: PARIS,
            radius_m: 500.0,
        },
        alert_on: AlertOn::Exit,
        schedule: None,
    };
    let zones = [zone];
    let state = WatchState::first(&zones, PARIS);
    assert!(state.inside.contains("home"));
    let away = Report {
        position: GeoPoint::new(PARIS.latitude + 0.02, PARIS.longitude),
        ..report(130, NOON)
    };
    let (next, alarms) = watch(&zones, &speed_rule(90), &state, &away, SPEED_HOLD_SECONDS);
    assert!(next.inside.is_empty());
    assert_eq!(
        alarms,
        vec![Alarm::Zone(Transition {
            zone_id: "home".into(),
            crossing: Crossing::Left
        })]
    );
    assert_eq!(next.speeding_since, Some(NOON));
}

#[test]
fn the_stored_state_reads_back_and_accepts_older_fields_missing() {
    let state = WatchState {
        inside: ["home".to_owned()].into(),
        curfew_told_for: Some(NOON),
        speeding_since: None,
        speeding_told: false,
    };
    let json = serde_json::to_string(&state).expect("json");
    assert_eq!(
        serde_json::from_str::<WatchState>(&json).expect("back"),
        state
    );
    let older: WatchState = serde_json::from_str(r#"{"inside":["home"]}"#).expect("older");
    assert_eq!(older.inside, state.inside);
}

//! Inputs the fuzzers in `fuzz/` found to break keyfob-core, kept so the bugs stay fixed.

use keyfob_core::account::check_password;
use keyfob_core::api::geofence::AlertSettings;
use keyfob_core::geofence::{Schedule, WeeklyWindow};

/// `fuzz/` json_bodies: an hour field of more than two digits overflowed `hours * 60` (a panic
/// with overflow checks, as in debug builds of the server and the app) before the two-digit
/// rule refused it. It must be refused like any other malformed time.
#[test]
fn schedule_time_with_a_huge_hour_is_refused_not_a_panic() {
    let body = r#"{"curfew":{"timeZone":"America/New_York","windows":[{"days":[5,6],"start":"22:00","end":"00111111118:00"}]},"speedLimitKmh":110,"emailAlerts":true}"#;
    let settings: AlertSettings = serde_json::from_str(body).expect("well-formed JSON");
    assert!(settings.validate().is_err());

    let schedule = Schedule {
        time_zone: "Europe/Paris".into(),
        windows: vec![WeeklyWindow {
            days: vec![1],
            start: "75:00".into(),
            end: "00111100005:00".into(),
        }],
    };
    assert!(schedule.validate().is_err());
    // An unreadable schedule is treated as always on (no alert lost), without a panic.
    assert!(schedule.active_at(1_774_746_000));
    assert_eq!(schedule.active_since(1_774_746_000), None);
}

/// `fuzz/` password: zxcvbn 3.1.1 overflows `degree.pow(turns)` (a panic with overflow checks,
/// as in debug builds of the app, whose live meter runs on every keystroke) for a keyboard
/// zig-zag of 33 characters or a keypad one of 29. Both are refused or scored, never a panic.
#[test]
fn long_keyboard_and_keypad_zig_zags_are_scored_not_a_panic() {
    let keyboard = "vS".repeat(16) + "v";
    let report = check_password(&keyboard, &[]);
    assert!(report.acceptable);
    assert!(report.strength.score <= 4);

    let keypad = "15".repeat(14) + "1Q";
    assert!(check_password(&keypad, &[]).strength.score <= 4);

    // The fuzzer's own find, personal words included.
    let found = format!("c\u{1}\0v{}erg", "Sv".repeat(24));
    let personal = ["anvServSvSerg", "anvSer"];
    assert!(check_password(&found, &personal).strength.score <= 4);
}

/// `fuzz/` schedule: a window starting inside the spring-forward gap (01:30 in London on
/// 2032-03-28, when 01:00 jumps to 02:00) was dated an hour after its start, 02:30 BST, so a
/// car moving at 02:00:43 was told of a curfew "since" a time still to come. The occurrence
/// begins when the gap ends.
#[test]
fn a_window_starting_in_a_summer_time_gap_began_when_the_gap_ended() {
    let schedule = |zone: &str, days: Vec<u8>, start: &str, end: &str| Schedule {
        time_zone: zone.into(),
        windows: vec![WeeklyWindow {
            days,
            start: start.into(),
            end: end.into(),
        }],
    };
    let london = schedule("GB", vec![1, 7], "01:30", "00:00");
    let at = 1_964_048_443; // 2032-03-28 01:00:43 UTC
    assert!(london.active_at(at));
    assert_eq!(london.active_since(at), Some(1_964_048_400)); // 01:00 UTC, 02:00 BST

    // Paris, Sunday 2026-03-29: 02:00 jumps to 03:00; at 03:10 the 02:30 window is on.
    let paris = schedule("Europe/Paris", vec![7], "02:30", "04:00");
    assert_eq!(paris.active_since(1_774_746_600), Some(1_774_746_000));
}

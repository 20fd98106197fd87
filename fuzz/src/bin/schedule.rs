//! Weekly schedules in a vehicle's time zone, and the curfew and speed rules judged with them.

use arbitrary::{Arbitrary, Unstructured};
use chrono_tz::TZ_VARIANTS;
use keyfob_core::geo::GeoPoint;
use keyfob_core::geofence::{watch, Report, Schedule, WatchRules, WatchState, WeeklyWindow};
use keyfob_fuzz::{debug, shown, Instant};

#[derive(Debug, Arbitrary)]
enum ZoneName {
    Known(u16),
    Typed(String),
}

#[derive(Debug, Arbitrary)]
enum Clock {
    /// Mostly well-formed, with hours and minutes a little past their ranges.
    Hm(u8, u8),
    Typed(String),
}

impl Clock {
    fn text(&self) -> String {
        match self {
            Clock::Hm(h, m) => format!("{:02}:{:02}", h % 26, m % 62),
            Clock::Typed(text) => text.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Input {
    zone: ZoneName,
    windows: Vec<(Vec<u8>, Clock, Clock)>,
    at: Instant,
    /// Seconds before `at` of an earlier report (a car reports every few seconds).
    earlier_by: u16,
    speed_kmh: u16,
    speed_limit_kmh: Option<u16>,
    hold_seconds: u8,
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
            return;
        };
        debug(&input);
        let time_zone = match input.zone {
            ZoneName::Known(n) => TZ_VARIANTS[usize::from(n) % TZ_VARIANTS.len()]
                .name()
                .to_string(),
            ZoneName::Typed(name) => name,
        };
        let windows = input
            .windows
            .iter()
            .map(|(days, start, end)| WeeklyWindow {
                days: days.clone(),
                start: start.text(),
                end: end.text(),
            })
            .collect();
        let schedule = Schedule { time_zone, windows };
        let valid = shown(schedule.validate()).is_some();
        let at = input.at.unix_seconds();
        let active = schedule.active_at(at);
        let since = schedule.active_since(at);
        if valid {
            if let Some(since) = since {
                assert!(active);
                // The occurrence the car is in has begun, at most a day ago, plus the odd
                // historical clock change of up to a day (Alaska, 1867).
                assert!(
                    since <= at && at - since <= 3 * 86_400,
                    "{schedule:?} {at} {since}"
                );
            }
        }

        let rules = WatchRules {
            curfew: Some(schedule),
            speed_limit_kmh: input.speed_limit_kmh,
        };
        if shown(rules.validate()).is_none() {
            return;
        }
        let report = |at: i64| Report {
            position: GeoPoint::new(48.85, 2.35),
            speed_kmh: input.speed_kmh,
            accuracy_m: None,
            at,
        };
        let hold = i64::from(input.hold_seconds);
        let earlier = at.saturating_sub(i64::from(input.earlier_by));
        let (state, _) = watch(&[], &rules, &WatchState::default(), &report(earlier), hold);
        let (state, _) = watch(&[], &rules, &state, &report(at), hold);
        // The same report again tells nothing new: each alert is told once.
        let (again, alarms) = watch(&[], &rules, &state, &report(at), hold);
        assert!(alarms.is_empty(), "{rules:?} {at} {alarms:?}");
        assert_eq!(again, state);
    });
}

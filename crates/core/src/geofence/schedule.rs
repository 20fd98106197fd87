//! When a zone alerts: weekly windows in the vehicle's own time zone ("school days 08:00–16:00",
//! "every night 22:00–06:00"), right across summer-time changes.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// One weekly window. `start` and `end` are "HH:MM" local time; an `end` before `start` runs
/// past midnight into the next day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeeklyWindow {
    /// The days the window starts on, 1 = Monday … 7 = Sunday.
    pub days: Vec<u8>,
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Schedule {
    /// The vehicle's IANA time zone, such as "Europe/Paris".
    pub time_zone: String,
    pub windows: Vec<WeeklyWindow>,
}

pub const MAX_WINDOWS: usize = 14;

fn minutes(text: &str) -> Option<u32> {
    let (hours, mins) = text.split_once(':')?;
    let valid = hours.len() == 2 && mins.len() == 2;
    let (hours, mins): (u32, u32) = (hours.parse().ok()?, mins.parse().ok()?);
    // Lazily: an hour of many digits would overflow the product before being refused.
    (valid && hours < 24 && mins < 60).then(|| hours * 60 + mins)
}

fn invalid(reason: String) -> Error {
    Error::ZoneSchedule { reason }
}

impl Schedule {
    pub fn validate(&self) -> Result<(), Error> {
        self.time_zone.parse::<Tz>().map_err(|_| {
            invalid(format!(
                "“{}” is not a time zone name; use one like Europe/Paris or America/New_York.",
                self.time_zone
            ))
        })?;
        if self.windows.is_empty() || self.windows.len() > MAX_WINDOWS {
            return Err(invalid(format!(
                "A schedule has 1 to {MAX_WINDOWS} weekly windows; this one has {}.",
                self.windows.len()
            )));
        }
        for (index, window) in self.windows.iter().enumerate() {
            let number = index + 1;
            if window.days.is_empty() || window.days.iter().any(|d| !(1..=7).contains(d)) {
                return Err(invalid(format!(
                    "Window {number} needs at least one day, numbered 1 (Monday) to 7 (Sunday)."
                )));
            }
            let (Some(start), Some(end)) = (minutes(&window.start), minutes(&window.end)) else {
                return Err(invalid(format!(
                    "Window {number} needs its start and end as HH:MM, from 00:00 to 23:59."
                )));
            };
            if start == end {
                return Err(invalid(format!(
                    "Window {number} starts and ends at the same minute; give it some length."
                )));
            }
        }
        Ok(())
    }

    /// Whether the schedule is on at this instant (unix seconds). An invalid schedule (never
    /// stored) is treated as always on, so no alert is lost to it.
    pub fn active_at(&self, unix_seconds: i64) -> bool {
        self.occurrences(unix_seconds)
            .is_none_or(|(_, starts)| !starts.is_empty())
    }

    /// When the window occurrence the car is in now began (unix seconds), so "once per
    /// occurrence" can be counted; `None` when no window is on (or the schedule is invalid).
    pub fn active_since(&self, unix_seconds: i64) -> Option<i64> {
        let (zone, starts) = self.occurrences(unix_seconds)?;
        starts
            .into_iter()
            .map(|start| {
                // A start inside a summer-time gap never happened on the wall clock; the
                // earliest real instant after it (the end of the gap, at most a day on)
                // stands in. An hour later would date the occurrence after the car's report.
                (0..=86_400)
                    .map_while(|second| start.checked_add_signed(Duration::seconds(second)))
                    .find_map(|local| zone.from_local_datetime(&local).earliest())
                    .map_or(unix_seconds, |t| t.timestamp())
            })
            .min()
    }

    /// The local start of every window occurrence that is on at this instant; `None` when the
    /// schedule cannot be read.
    fn occurrences(&self, unix_seconds: i64) -> Option<(Tz, Vec<NaiveDateTime>)> {
        let zone = self.time_zone.parse::<Tz>().ok()?;
        let local = zone.timestamp_opt(unix_seconds, 0).single()?;
        let now = local.hour() * 60 + local.minute();
        let today = weekday_number(local.weekday());
        let yesterday = if today == 1 { 7 } else { today - 1 };
        let date = local.date_naive();
        let at = |day: NaiveDate, minute: u32| day.and_hms_opt(minute / 60, minute % 60, 0);
        let mut starts = Vec::new();
        for window in &self.windows {
            let (Some(start), Some(end)) = (minutes(&window.start), minutes(&window.end)) else {
                return None;
            };
            let on = |day: u8| window.days.contains(&day);
            if start < end {
                if on(today) && (start..end).contains(&now) {
                    starts.extend(at(date, start));
                }
            } else if on(today) && now >= start {
                // Past midnight: the evening part today, the morning part from yesterday's start.
                starts.extend(at(date, start));
            } else if on(yesterday) && now < end {
                starts.extend(date.pred_opt().and_then(|day| at(day, start)));
            }
        }
        Some((zone, starts))
    }
}

fn weekday_number(day: Weekday) -> u8 {
    day.number_from_monday() as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn schedule(zone: &str, days: &[u8], start: &str, end: &str) -> Schedule {
        Schedule {
            time_zone: zone.into(),
            windows: vec![WeeklyWindow {
                days: days.to_vec(),
                start: start.into(),
                end: end.into(),
            }],
        }
    }

    /// Unix seconds of a UTC date and time.
    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        chrono::Utc
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("a time")
            .timestamp()
    }

    #[test]
    fn bad_schedules_say_what_is_wrong() {
        let cases = [
            schedule("Europe/Atlantis", &[1], "08:00", "16:00"),
            schedule("Europe/Paris", &[], "08:00", "16:00"),
            schedule("Europe/Paris", &[8], "08:00", "16:00"),
            schedule("Europe/Paris", &[1], "8:00", "16:00"),
            schedule("Europe/Paris", &[1], "08:00", "24:00"),
            schedule("Europe/Paris", &[1], "08:00", "08:00"),
        ];
        for case in cases {
            let error = case.validate().expect_err("refused");
            assert_eq!(error.code(), ErrorCode::ZoneSchedule);
            assert!(!error.to_string().is_empty());
        }
        assert!(schedule("Europe/Paris", &[1, 2, 3, 4, 5], "08:00", "16:00")
            .validate()
            .is_ok());
    }

    #[test]
    fn school_days_in_the_cars_own_time_zone() {
        let school = schedule("Europe/Paris", &[1, 2, 3, 4, 5], "08:00", "16:00");
        // Monday 2026-11-23: Paris is UTC+1 in winter.
        assert!(!school.active_at(utc(2026, 11, 23, 6, 59)));
        assert!(school.active_at(utc(2026, 11, 23, 7, 0)));
        assert!(school.active_at(utc(2026, 11, 23, 14, 59)));
        assert!(!school.active_at(utc(2026, 11, 23, 15, 0)));
        // Saturday.
        assert!(!school.active_at(utc(2026, 11, 28, 10, 0)));
        // In summer Paris is UTC+2: 08:00 local is 06:00 UTC.
        assert!(school.active_at(utc(2026, 6, 15, 6, 0)));
        assert!(!school.active_at(utc(2026, 6, 15, 5, 59)));
    }

    #[test]
    fn a_night_window_runs_past_midnight_and_across_summer_time() {
        let nights = schedule("America/New_York", &[5], "22:00", "06:00");
        // Friday 22:30 and Saturday 05:30 in New York (UTC−5 in winter).
        assert!(nights.active_at(utc(2026, 11, 28, 3, 30)));
        assert!(nights.active_at(utc(2026, 11, 28, 10, 30)));
        assert!(!nights.active_at(utc(2026, 11, 28, 11, 30)));
        // The night clocks went back (Saturday 2026-10-31 → Sunday 11-01): the Saturday night
        // window still ends at 06:00 local, whatever the offset did.
        let saturday_night = schedule("America/New_York", &[6], "22:00", "06:00");
        assert!(saturday_night.active_at(utc(2026, 11, 1, 10, 59)));
        assert!(!saturday_night.active_at(utc(2026, 11, 1, 11, 0)));
    }

    #[test]
    fn an_occurrence_is_known_by_its_start() {
        let nights = schedule("America/New_York", &[5], "22:00", "06:00");
        // Friday 2026-11-27 22:00 in New York is Saturday 03:00 UTC.
        let start = utc(2026, 11, 28, 3, 0);
        assert_eq!(nights.active_since(utc(2026, 11, 28, 3, 30)), Some(start));
        assert_eq!(nights.active_since(utc(2026, 11, 28, 10, 59)), Some(start));
        assert_eq!(nights.active_since(utc(2026, 11, 28, 11, 0)), None);
        // The next Friday night is another occurrence.
        assert_eq!(
            nights.active_since(utc(2026, 12, 5, 4, 0)),
            Some(utc(2026, 12, 5, 3, 0))
        );
        let broken = schedule("Europe/Atlantis", &[1], "08:00", "16:00");
        assert!(broken.active_at(utc(2026, 11, 23, 3, 0)));
        assert_eq!(broken.active_since(utc(2026, 11, 23, 3, 0)), None);
    }
}

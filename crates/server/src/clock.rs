//! The server's notion of now. Tests move a manual clock instead of sleeping.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

use time::{format_description::well_known::Rfc3339, OffsetDateTime};

pub trait Clock: Send + Sync + 'static {
    /// Unix seconds.
    fn now(&self) -> i64;
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that stands still until moved. Cloning shares the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn starting_at(unix_seconds: i64) -> Self {
        Self(Arc::new(AtomicI64::new(unix_seconds)))
    }

    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// RFC 3339 in UTC, as every `…At` field of the API carries it.
pub fn rfc3339(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// `YYYY-MM-DD` in UTC, as every `…On` field of the API carries it.
pub fn iso_date(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

/// Midnight UTC of a `YYYY-MM-DD` date.
pub fn parse_iso_date(date: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(date, &format).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

/// The same calendar day `years` later (29 February becomes 28 February).
pub fn add_years(unix_seconds: i64, years: i32) -> i64 {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(unix_seconds) else {
        return unix_seconds;
    };
    let date = t.date();
    let year = date.year() + years;
    let shifted = time::Date::from_calendar_date(year, date.month(), date.day())
        .or_else(|_| time::Date::from_calendar_date(year, date.month(), date.day() - 1))
        .unwrap_or(date);
    t.replace_date(shifted).unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_years_add_by_calendar() {
        let start = parse_iso_date("2024-02-29").expect("a date");
        assert_eq!(iso_date(start), "2024-02-29");
        assert_eq!(iso_date(add_years(start, 1)), "2025-02-28");
        assert_eq!(iso_date(add_years(start, 4)), "2028-02-29");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse_iso_date("2024-13-01"), None);
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::starting_at(100);
        let shared = clock.clone();
        clock.advance(50);
        assert_eq!(shared.now(), 150);
    }
}

//! What the harnesses share: turning refusals into what the server and the app show, so the
//! fuzzers also run every error message's formatting.

use keyfob_core::{ApiError, Error};

/// The `{code, message}` the server answers for a refusal; an accepted value passes through.
pub fn shown<T>(result: Result<T, Error>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            let api = ApiError::from(&error);
            assert!(!api.message.is_empty(), "{error:?} has no message");
            None
        }
    }
}

/// The fuzz bytes as text, as a web view or a JSON string would hand them over.
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A number for geometry: mostly on a fine grid around the valid ranges, so zones are often
/// valid and positions often near a border; sometimes any `f64` (NaN, infinities, extremes).
#[derive(Debug, Clone, Copy, arbitrary::Arbitrary)]
pub enum Num {
    Grid(i32),
    Raw(f64),
}

impl Num {
    /// `Grid` in steps of `step`: 1e-7 degrees (about a centimetre) spans ±214 degrees.
    pub fn value(self, step: f64) -> f64 {
        match self {
            Num::Grid(n) => f64::from(n) * step,
            Num::Raw(x) => x,
        }
    }

    pub fn degrees(self) -> f64 {
        self.value(1e-7)
    }
}

/// An instant: mostly within a few years of 2026 (where the time-zone rules change often),
/// sometimes anywhere an `i64` reaches.
#[derive(Debug, Clone, Copy, arbitrary::Arbitrary)]
pub enum Instant {
    Near(i32),
    Raw(i64),
}

impl Instant {
    pub fn unix_seconds(self) -> i64 {
        const JANUARY_2026: i64 = 1_767_225_600;
        match self {
            // Steps of 7 s reach about 475 years either way.
            Instant::Near(n) => JANUARY_2026 + i64::from(n) * 7,
            Instant::Raw(t) => t,
        }
    }
}

/// Prints the decoded input when `KEYFOB_FUZZ_DEBUG` is set, to read a crash or a seed back.
pub fn debug(input: &impl std::fmt::Debug) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("KEYFOB_FUZZ_DEBUG").is_some()) {
        eprintln!("{input:#?}");
    }
}

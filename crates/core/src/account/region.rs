//! The region an owner lives in, which decides the Nissan back end and the legal texts shown.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// A region Keyfob serves. Each has its own Nissan back end, so the set is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Region {
    #[serde(rename = "EU")]
    Eu,
    #[serde(rename = "UK")]
    Uk,
    #[serde(rename = "US")]
    Us,
    #[serde(rename = "CA")]
    Ca,
    #[serde(rename = "JP")]
    Jp,
    #[serde(rename = "RU")]
    Ru,
}

impl Region {
    /// Every region, in the order the region picker lists them.
    pub const ALL: [Self; 6] = [Self::Eu, Self::Uk, Self::Us, Self::Ca, Self::Jp, Self::Ru];

    /// The two-letter code, identical to the serialised form.
    pub fn code(self) -> &'static str {
        match self {
            Self::Eu => "EU",
            Self::Uk => "UK",
            Self::Us => "US",
            Self::Ca => "CA",
            Self::Jp => "JP",
            Self::Ru => "RU",
        }
    }

    /// The English name the region picker shows.
    pub fn name(self) -> &'static str {
        match self {
            Self::Eu => "European Union",
            Self::Uk => "United Kingdom",
            Self::Us => "United States",
            Self::Ca => "Canada",
            Self::Jp => "Japan",
            Self::Ru => "Russia",
        }
    }
}

/// Accepts the code or the English name in any case, ignoring surrounding spaces, because the
/// value may come from a form, a config file or a command line.
impl FromStr for Region {
    type Err = Error;

    fn from_str(input: &str) -> Result<Self, Error> {
        let given = input.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(given) || r.name().eq_ignore_ascii_case(given))
            .ok_or_else(|| Error::RegionUnknown {
                given: shorten(given),
            })
    }
}

/// Keeps the error message readable when someone pastes a paragraph into the field.
fn shorten(given: &str) -> String {
    const SHOWN_CHARS: usize = 40;
    if given.chars().count() <= SHOWN_CHARS {
        given.to_owned()
    } else {
        let head: String = given.chars().take(SHOWN_CHARS).collect();
        format!("{head}…")
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn codes_names_and_wire_form_agree() {
        let expected = [
            ("EU", "European Union"),
            ("UK", "United Kingdom"),
            ("US", "United States"),
            ("CA", "Canada"),
            ("JP", "Japan"),
            ("RU", "Russia"),
        ];
        let actual: Vec<(&str, &str)> = Region::ALL.iter().map(|r| (r.code(), r.name())).collect();
        assert_eq!(actual, expected);
        for region in Region::ALL {
            let json = serde_json::to_string(&region).expect("serialisable");
            assert_eq!(json, format!("\"{}\"", region.code()));
            assert_eq!(serde_json::from_str::<Region>(&json).ok(), Some(region));
            assert_eq!(region.to_string(), region.code());
        }
    }

    #[test]
    fn parses_codes_and_names_in_any_case_with_spaces() {
        assert_eq!(" eu ".parse::<Region>(), Ok(Region::Eu));
        assert_eq!("Uk".parse::<Region>(), Ok(Region::Uk));
        assert_eq!("JP".parse::<Region>(), Ok(Region::Jp));
        assert_eq!("united states".parse::<Region>(), Ok(Region::Us));
        assert_eq!("\tCanada\n".parse::<Region>(), Ok(Region::Ca));
        assert!(
            serde_json::from_str::<Region>("\"eu\"").is_err(),
            "the wire form is exact"
        );
    }

    #[test]
    fn unknown_region_has_its_code_and_names_the_input() {
        let error = " GB ".parse::<Region>().expect_err("not served");
        assert_eq!(
            error,
            Error::RegionUnknown {
                given: "GB".to_owned()
            }
        );
        assert_eq!(error.code(), ErrorCode::RegionUnknown);
        assert_eq!(error.code().as_str(), "region_unknown");
        assert_eq!(
            error.to_string(),
            "\"GB\" is not a region Keyfob serves. Choose one of EU, UK, US, CA, JP or RU."
        );
    }

    #[test]
    fn empty_region_asks_to_choose_one() {
        let error = "  ".parse::<Region>().expect_err("empty");
        assert_eq!(error.code(), ErrorCode::RegionUnknown);
        assert_eq!(
            error.to_string(),
            "Choose the region you live in: EU, UK, US, CA, JP or RU."
        );
    }

    #[test]
    fn long_input_is_shortened_in_the_error() {
        let long = "x".repeat(100);
        let expected = format!("{}…", "x".repeat(40));
        assert_eq!(
            long.parse::<Region>(),
            Err(Error::RegionUnknown { given: expected })
        );
    }
}

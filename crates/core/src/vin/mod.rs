//! Vehicle identification numbers (ISO 3779): parsing, the check digit, the manufacturer code,
//! the model year and the NissanConnect generation that follows from it.

mod characters;
mod check_digit;
mod generation;
mod model_year;
mod report;
mod wmi;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use check_digit::{check_digit_for, transliterate};
pub use generation::Generation;
pub use model_year::{model_year, FIRST_MODEL_YEAR, LAST_MODEL_YEAR};
pub use report::{check_vin_input, DecodedVin, VinCharacter, VinIssue, VinReport};
pub use wmi::{country_of_manufacture, Manufacturer};

use crate::Error;

/// Number of characters in every VIN.
pub const VIN_LENGTH: usize = 17;

/// A VIN that passed every rule: 17 characters over the VIN alphabet, a Nissan manufacturer code,
/// a model-year code, and a correct check digit where the check digit is mandatory.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Vin(String);

/// Something worth telling the person about a VIN that is nevertheless accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VinWarning {
    /// Outside North America the check digit is optional, so a mismatch is only a warning.
    CheckDigitMismatch { expected: char, found: char },
}

impl VinWarning {
    pub fn code(&self) -> crate::ErrorCode {
        match self {
            Self::CheckDigitMismatch { .. } => crate::ErrorCode::VinCheckDigit,
        }
    }

    /// The 1-based position the warning is about.
    pub fn position(&self) -> u32 {
        match self {
            Self::CheckDigitMismatch { .. } => 9,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::CheckDigitMismatch { expected, found } => format!(
                "Position 9 is {found}, where the check digit would be {expected}. Cars built for markets outside North America may use position 9 differently, so this is only a warning, but compare the VIN with your registration certificate."
            ),
        }
    }
}

/// What a person typed, as the VIN rules see it: trimmed, upper case, and without the spaces and
/// hyphens people add to read long codes.
pub fn normalize_vin_input(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

impl Vin {
    /// Parses a VIN as a person typed it. The first problem found wins; [`check_vin_input`] lists
    /// them all for live feedback.
    pub fn parse(input: &str) -> Result<Vin, Error> {
        Self::parse_with_warnings(input).map(|(vin, _)| vin)
    }

    /// Like [`Vin::parse`], and also returns what is accepted but worth a warning.
    pub fn parse_with_warnings(input: &str) -> Result<(Vin, Vec<VinWarning>), Error> {
        let normalized = normalize_vin_input(input);
        let chars: Vec<char> = normalized.chars().collect();
        for (index, &c) in chars.iter().enumerate() {
            characters::check_character(c, position(index))?;
        }
        if chars.len() != VIN_LENGTH {
            return Err(Error::VinLength { found: chars.len() });
        }
        let wmi: String = chars[..3].iter().collect();
        wmi::require_nissan(&wmi)?;
        model_year::model_year_code(chars[9], chars[6])?;
        let mut warnings = Vec::new();
        let expected = check_digit_for(&normalized);
        let found = chars[8];
        if expected != Some(found) {
            let expected = expected.unwrap_or('?');
            if wmi::check_digit_enforced(&wmi) {
                return Err(Error::VinCheckDigit { expected, found });
            }
            warnings.push(VinWarning::CheckDigitMismatch { expected, found });
        }
        Ok((Vin(normalized), warnings))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// World manufacturer identifier: positions 1–3.
    pub fn wmi(&self) -> &str {
        &self.0[..3]
    }

    pub fn manufacturer(&self) -> Manufacturer {
        wmi::nissan_manufacturer(self.wmi()).expect("a parsed VIN always has a Nissan WMI")
    }

    pub fn model_year(&self) -> u16 {
        let bytes = self.0.as_bytes();
        model_year::model_year_code(char::from(bytes[9]), char::from(bytes[6]))
            .expect("a parsed VIN always has a valid model-year code")
    }

    pub fn generation(&self) -> Generation {
        Generation::for_model_year(self.model_year())
    }

    /// The form for screens and logs: only the last six characters (the serial number) visible,
    /// so a screenshot or a log line does not hand out the whole VIN.
    pub fn masked(&self) -> String {
        mask_vin(&self.0)
    }
}

/// Masks all but the last six characters of a VIN-like string.
/// Whether a Nissan model runs on a traction battery alone (no engine to start remotely).
/// e-Power models have a petrol engine that charges their battery, so they are not.
pub fn is_electric_model(model: &str) -> bool {
    const ELECTRIC: [&str; 5] = ["leaf", "ariya", "e-nv200", "townstar ev", "micra ev"];
    let model = model.trim().to_ascii_lowercase();
    ELECTRIC.contains(&model.as_str())
}

pub fn mask_vin(vin: &str) -> String {
    let count = vin.chars().count();
    vin.chars()
        .enumerate()
        .map(|(i, c)| if i + 6 < count { '•' } else { c })
        .collect()
}

fn position(index: usize) -> u8 {
    u8::try_from(index + 1).unwrap_or(u8::MAX)
}

// Debug and Display show the masked form: a VIN that reaches a log line by accident stays masked.
impl std::fmt::Debug for Vin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vin({})", self.masked())
    }
}

impl std::fmt::Display for Vin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl std::str::FromStr for Vin {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Vin::parse(s)
    }
}

impl TryFrom<String> for Vin {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Vin::parse(&value)
    }
}

impl From<Vin> for String {
    fn from(vin: Vin) -> String {
        vin.0
    }
}

#[cfg(test)]
mod electric_tests {
    #[test]
    fn electric_models_are_known_by_name_whatever_the_case() {
        assert!(super::is_electric_model("Leaf"));
        assert!(super::is_electric_model("ARIYA"));
        assert!(super::is_electric_model(" Townstar EV "));
        assert!(!super::is_electric_model("Qashqai"));
        assert!(!super::is_electric_model("Qashqai e-Power"));
    }
}

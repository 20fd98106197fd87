//! The live report behind the "Check a VIN" field: every problem of a VIN that may still be
//! incomplete, by position, and the decoded vehicle once it is complete and valid.

use serde::{Deserialize, Serialize};

use super::{
    characters::check_character, model_year::is_year_code, normalize_vin_input, wmi, Vin,
    VIN_LENGTH,
};
use crate::{Error, ErrorCode, Generation};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VinReport {
    /// The input as the rules read it: trimmed, upper case, without spaces and hyphens.
    pub normalized: String,
    /// Characters in `normalized`; below 17 the VIN is simply not finished yet.
    pub length: u32,
    /// One entry per character of `normalized`, for highlighting.
    pub characters: Vec<VinCharacter>,
    /// Every error, in position order (whole-VIN problems first).
    pub problems: Vec<VinIssue>,
    /// What is accepted but worth checking.
    pub warnings: Vec<VinIssue>,
    /// Present exactly when the VIN is complete and valid.
    pub decoded: Option<DecodedVin>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VinCharacter {
    pub position: u32,
    pub character: String,
    pub problem: Option<ErrorCode>,
    pub warning: Option<ErrorCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VinIssue {
    pub code: ErrorCode,
    /// 1-based; `None` for a problem of the whole VIN, such as its length.
    pub position: Option<u32>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DecodedVin {
    pub vin: String,
    pub masked: String,
    pub wmi: String,
    pub manufacturer: String,
    pub brand: String,
    pub country: String,
    pub model_year: u16,
    pub generation: Generation,
    pub generation_label: String,
    pub remote_services: bool,
}

impl From<&Vin> for DecodedVin {
    fn from(vin: &Vin) -> Self {
        let maker = vin.manufacturer();
        let generation = vin.generation();
        DecodedVin {
            vin: vin.as_str().to_string(),
            masked: vin.masked(),
            wmi: vin.wmi().to_string(),
            manufacturer: maker.manufacturer.to_string(),
            brand: maker.brand.to_string(),
            country: maker.country.to_string(),
            model_year: vin.model_year(),
            generation,
            generation_label: generation.label().to_string(),
            remote_services: generation.has_remote_services(),
        }
    }
}

/// Checks a VIN as it is being typed. Unlike [`Vin::parse`], it reports every problem at once
/// and does not count a VIN shorter than 17 characters as wrong, only as unfinished.
pub fn check_vin_input(input: &str) -> VinReport {
    let normalized = normalize_vin_input(input);
    let chars: Vec<char> = normalized.chars().collect();
    let mut characters: Vec<VinCharacter> = chars
        .iter()
        .enumerate()
        .map(|(index, c)| VinCharacter {
            position: index as u32 + 1,
            character: c.to_string(),
            problem: None,
            warning: None,
        })
        .collect();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let flag = |characters: &mut [VinCharacter], positions: std::ops::Range<usize>, code| {
        for cell in characters
            .iter_mut()
            .take(positions.end)
            .skip(positions.start)
        {
            cell.problem.get_or_insert(code);
        }
    };

    for (index, &c) in chars.iter().enumerate() {
        if let Err(error) = check_character(c, u8::try_from(index + 1).unwrap_or(u8::MAX)) {
            let position = index as u32 + 1;
            problems.push(issue(&error, Some(position)));
            flag(&mut characters, index..index + 1, error.code());
        }
    }
    if chars.len() > VIN_LENGTH {
        let error = Error::VinLength { found: chars.len() };
        problems.push(issue(&error, None));
        flag(&mut characters, VIN_LENGTH..chars.len(), error.code());
    }
    let valid_alphabet = |range: std::ops::Range<usize>| {
        chars
            .get(range)
            .is_some_and(|cs| cs.iter().all(|c| check_character(*c, 1).is_ok()))
    };
    if valid_alphabet(0..3) {
        let wmi: String = chars[..3].iter().collect();
        if let Err(error) = wmi::require_nissan(&wmi) {
            problems.push(issue(&error, Some(1)));
            flag(&mut characters, 0..3, error.code());
        }
    }
    if valid_alphabet(9..10) && !is_year_code(chars[9]) {
        let error = Error::VinModelYear {
            character: chars[9],
        };
        problems.push(issue(&error, Some(10)));
        flag(&mut characters, 9..10, error.code());
    }

    let mut decoded = None;
    if chars.len() == VIN_LENGTH && problems.is_empty() {
        match Vin::parse_with_warnings(&normalized) {
            Ok((vin, vin_warnings)) => {
                for warning in vin_warnings {
                    let position = warning.position();
                    characters[position as usize - 1].warning = Some(warning.code());
                    warnings.push(VinIssue {
                        code: warning.code(),
                        position: Some(position),
                        message: warning.message(),
                    });
                }
                decoded = Some(DecodedVin::from(&vin));
            }
            Err(error) => {
                let position = error.position().map(u32::from);
                if let Some(position) = position {
                    let index = position as usize - 1;
                    flag(&mut characters, index..index + 1, error.code());
                }
                problems.push(issue(&error, position));
            }
        }
    }
    problems.sort_by_key(|p| p.position.unwrap_or(0));

    VinReport {
        length: chars.len() as u32,
        normalized,
        characters,
        problems,
        warnings,
        decoded,
    }
}

fn issue(error: &Error, position: Option<u32>) -> VinIssue {
    VinIssue {
        code: error.code(),
        position,
        message: error.to_string(),
    }
}

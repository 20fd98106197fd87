//! Model year from position 10.
//!
//! The 30-year code cycle repeats (A = 1980 and 2010), so position 7 tells the cycles apart, as in
//! North American VINs since 2010: a letter there means 2010–2039, a digit 1980–2009. Keyfob
//! supports model years 2001–2039, so the letters always mean 2010–2030 and only the digits
//! 1–9 (2001–2009 or 2031–2039) depend on position 7.

use crate::Error;

/// Earliest and latest model year Keyfob decodes.
pub const FIRST_MODEL_YEAR: u16 = 2001;
pub const LAST_MODEL_YEAR: u16 = 2039;

const LETTER_CODES: [char; 21] = [
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'V', 'W',
    'X', 'Y',
];

/// The model year for the code at position 10, given the character at position 7.
pub(crate) fn model_year_code(code: char, position_7: char) -> Result<u16, Error> {
    if let Some(index) = LETTER_CODES.iter().position(|&c| c == code) {
        return Ok(2010 + index as u16);
    }
    match code.to_digit(10) {
        Some(digit @ 1..=9) => {
            let base = if position_7.is_ascii_alphabetic() {
                2030
            } else {
                2000
            };
            Ok(base + digit as u16)
        }
        _ => Err(Error::VinModelYear { character: code }),
    }
}

/// The model year of a 17-character VIN, or `None` if position 10 holds no year code.
pub fn model_year(vin: &str) -> Option<u16> {
    let chars: Vec<char> = vin.chars().collect();
    if chars.len() < 10 {
        return None;
    }
    model_year_code(chars[9], chars[6]).ok()
}

/// Whether a character can stand at position 10 at all (used while the VIN is still being typed).
pub(crate) fn is_year_code(code: char) -> bool {
    model_year_code(code, 'A').is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_cover_2010_to_2030() {
        assert_eq!(model_year_code('A', '1'), Ok(2010));
        assert_eq!(model_year_code('H', 'A'), Ok(2017));
        assert_eq!(model_year_code('J', 'A'), Ok(2018));
        assert_eq!(model_year_code('L', 'A'), Ok(2020));
        assert_eq!(model_year_code('M', 'A'), Ok(2021));
        assert_eq!(model_year_code('S', 'A'), Ok(2025));
        assert_eq!(model_year_code('Y', 'A'), Ok(2030));
    }

    #[test]
    fn digits_depend_on_position_7() {
        assert_eq!(model_year_code('5', '1'), Ok(2005));
        assert_eq!(model_year_code('5', 'K'), Ok(2035));
        assert_eq!(model_year_code('1', '0'), Ok(2001));
        assert_eq!(model_year_code('9', 'Z'), Ok(LAST_MODEL_YEAR));
    }

    #[test]
    fn zero_u_and_z_are_not_year_codes() {
        for c in ['0', 'U', 'Z', 'I', 'O', 'Q'] {
            assert_eq!(
                model_year_code(c, 'A'),
                Err(Error::VinModelYear { character: c })
            );
        }
    }

    #[test]
    fn every_valid_code_is_in_range() {
        for code in ('A'..='Z').chain('0'..='9') {
            for p7 in ['A', '1'] {
                if let Ok(year) = model_year_code(code, p7) {
                    assert!(
                        (FIRST_MODEL_YEAR..=LAST_MODEL_YEAR).contains(&year),
                        "{code} {year}"
                    );
                }
            }
        }
    }
}

//! The mobile number SMS codes go to (head-unit keys on firmware 3.0 and later).

use std::fmt;

use serde::Serialize;

use crate::error::Error;

/// An international number in E.164 form: `+`, a country code not starting with 0, and 8–15
/// digits in all. People type spaces, hyphens, dots and brackets; those are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, Error> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let invalid = |reason: &'static str| Err(Error::PhoneInvalid { reason });
        let Some(digits) = compact.strip_prefix('+') else {
            return invalid("Write the number in international form, starting with + and the country code, such as +44 7700 900123.");
        };
        if let Some(bad) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(Error::PhoneInvalid {
                reason: if bad.is_alphabetic() {
                    "A phone number has only digits after the +; remove the letters."
                } else {
                    "A phone number has only digits after the +; remove the other symbols."
                },
            });
        }
        if digits.starts_with('0') {
            return invalid("A country code never starts with 0; write +, then the country code, then the number without its leading 0.");
        }
        if !(8..=15).contains(&digits.len()) {
            return invalid("An international phone number has 8 to 15 digits after the +.");
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with all but the last three digits hidden, for messages and logs.
    pub fn masked(&self) -> String {
        let digits = self.0.len() - 1;
        let shown = &self.0[self.0.len() - 3..];
        format!("+{}{shown}", "•".repeat(digits - 3))
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn accepts_international_numbers_as_people_type_them() {
        assert_eq!(
            Phone::parse("+44 7700 900-123").map(|p| p.0),
            Ok("+447700900123".into())
        );
        assert_eq!(
            Phone::parse("+1 (555) 010.9999").map(|p| p.0),
            Ok("+15550109999".into())
        );
    }

    #[test]
    fn refuses_each_malformed_number_with_its_reason() {
        for input in [
            "07700 900123",
            "+0 7700 900123",
            "+44 77OO 900123",
            "+4477",
            "",
        ] {
            let error = Phone::parse(input).expect_err(input);
            assert_eq!(error.code(), ErrorCode::PhoneInvalid, "{input}");
        }
        assert!(Phone::parse("+44 77OO 900123")
            .expect_err("letters")
            .to_string()
            .contains("letters"));
    }

    #[test]
    fn masks_all_but_the_last_three_digits() {
        let phone = Phone::parse("+447700900123").expect("valid");
        assert_eq!(phone.masked(), "+•••••••••123");
    }
}

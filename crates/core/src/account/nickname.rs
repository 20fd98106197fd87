//! The nickname a driver is shown under in a vehicle's drivers list.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;

/// Shortest nickname: shorter ones are hard to tell apart in a list.
pub const NICKNAME_MIN_CHARS: usize = 3;
/// Longest nickname that still fits one line of the drivers list on a phone.
pub const NICKNAME_MAX_CHARS: usize = 32;

/// A trimmed nickname of letters (any alphabet), digits and `_ . -`. Spaces and symbols are
/// refused so names stay readable and cannot imitate system text in the drivers list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct Nickname(String);

impl Nickname {
    /// Checks characters first (naming the first bad one), then length, as the owner fixes them
    /// in that order anyway.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let nickname = input.trim();
        if let Some(character) = nickname.chars().find(|c| !is_allowed(*c)) {
            return Err(Error::NicknameCharacter { character });
        }
        let found = nickname.chars().count();
        if !(NICKNAME_MIN_CHARS..=NICKNAME_MAX_CHARS).contains(&found) {
            return Err(Error::NicknameLength {
                min: NICKNAME_MIN_CHARS,
                max: NICKNAME_MAX_CHARS,
                found,
            });
        }
        Ok(Self(nickname.to_owned()))
    }

    /// The nickname as shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Letters of any alphabet, ASCII digits and three punctuation marks that read well in a list.
fn is_allowed(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-')
}

impl FromStr for Nickname {
    type Err = Error;

    fn from_str(input: &str) -> Result<Self, Error> {
        Self::parse(input)
    }
}

impl fmt::Display for Nickname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserialising validates too, so a `Nickname` from the wire obeys the same rules.
impl<'de> Deserialize<'de> for Nickname {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use proptest::prelude::*;

    fn length_error(found: usize) -> Error {
        Error::NicknameLength {
            min: 3,
            max: 32,
            found,
        }
    }

    #[test]
    fn accepts_letters_of_any_alphabet_digits_and_three_marks() {
        for input in [
            "Pat",
            "road_runner-2.0",
            "Zoë",
            "Jürgen",
            "Саша",
            "さくら",
            "李小龍",
            "abc",
        ] {
            assert_eq!(
                Nickname::parse(input).map(|n| n.to_string()),
                Ok(input.to_owned())
            );
        }
    }

    #[test]
    fn trims_before_checking() {
        assert_eq!(
            Nickname::parse("  Pat \t").map(|n| n.as_str().to_owned()),
            Ok("Pat".to_owned())
        );
        assert_eq!(Nickname::parse("  Pa  "), Err(length_error(2)));
    }

    #[test]
    fn length_boundaries_count_characters() {
        assert_eq!(Nickname::parse(""), Err(length_error(0)));
        assert_eq!(Nickname::parse("ab"), Err(length_error(2)));
        assert!(Nickname::parse("abc").is_ok());
        assert!(Nickname::parse(&"a".repeat(32)).is_ok());
        assert_eq!(Nickname::parse(&"a".repeat(33)), Err(length_error(33)));
        // Two characters of two bytes each are still two characters.
        assert_eq!(Nickname::parse("Жё"), Err(length_error(2)));
        assert!(Nickname::parse(&"ж".repeat(32)).is_ok());
        assert_eq!(Nickname::parse(&"ж".repeat(33)), Err(length_error(33)));
    }

    #[test]
    fn names_the_first_bad_character() {
        assert_eq!(
            Nickname::parse("Pat!Lee?"),
            Err(Error::NicknameCharacter { character: '!' })
        );
        assert_eq!(
            Nickname::parse("a@b"),
            Err(Error::NicknameCharacter { character: '@' })
        );
        assert_eq!(
            Nickname::parse("😀😀😀"),
            Err(Error::NicknameCharacter { character: '😀' })
        );
        assert_eq!(
            Nickname::parse("²³⁴"),
            Err(Error::NicknameCharacter { character: '²' })
        );
        // A bad character is reported even when the length is also wrong.
        assert_eq!(
            Nickname::parse("a b"),
            Err(Error::NicknameCharacter { character: ' ' })
        );
    }

    #[test]
    fn messages_name_a_space_and_quote_visible_characters() {
        let space = Nickname::parse("Pat Lee").expect_err("space");
        assert_eq!(space.code(), ErrorCode::NicknameCharacter);
        assert_eq!(space.code().as_str(), "nickname_character");
        assert!(
            space.to_string().contains("; a space is not allowed."),
            "{space}"
        );
        let bang = Nickname::parse("Pat!").expect_err("bang");
        assert!(bang.to_string().contains("\"!\" is not allowed"), "{bang}");
        let tab = Nickname::parse("Pat\tLee").expect_err("tab");
        assert!(tab.to_string().contains("a tab is not allowed"), "{tab}");
        let invisible = Nickname::parse("Pat\u{200B}Lee").expect_err("zero-width space");
        assert!(
            invisible
                .to_string()
                .contains("invisible character (U+200B)"),
            "{invisible}"
        );
    }

    #[test]
    fn length_error_has_its_code_and_says_the_count() {
        let error = Nickname::parse("Al").expect_err("too short");
        assert_eq!(error.code().as_str(), "nickname_length");
        assert_eq!(
            error.to_string(),
            "A nickname has 3–32 characters; this one has 2."
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let nickname = Nickname::parse("Pat").expect("valid");
        assert_eq!(
            serde_json::to_string(&nickname).ok().as_deref(),
            Some("\"Pat\"")
        );
        assert_eq!(
            serde_json::from_str::<Nickname>("\"Pat\"").ok(),
            Some(nickname)
        );
        assert!(serde_json::from_str::<Nickname>("\"P t\"").is_err());
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_accepted_ones_are_stable(input in any::<String>()) {
            if let Ok(nickname) = Nickname::parse(&input) {
                let count = nickname.as_str().chars().count();
                prop_assert!((NICKNAME_MIN_CHARS..=NICKNAME_MAX_CHARS).contains(&count));
                prop_assert_eq!(Nickname::parse(nickname.as_str()), Ok(nickname.clone()));
            }
        }
    }
}

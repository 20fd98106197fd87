//! The VIN alphabet: digits and capital letters except I, O and Q.

use crate::Error;

/// Checks one normalised character at a 1-based position.
pub(crate) fn check_character(c: char, position: u8) -> Result<(), Error> {
    match c {
        'I' => forbidden(position, c, "the digit 1"),
        'O' | 'Q' => forbidden(position, c, "the digit 0"),
        'A'..='Z' | '0'..='9' => Ok(()),
        _ => Err(Error::VinInvalidCharacter {
            position,
            character: c,
        }),
    }
}

fn forbidden(position: u8, letter: char, looks_like: &'static str) -> Result<(), Error> {
    Err(Error::VinForbiddenLetter {
        position,
        letter,
        looks_like,
    })
}

//! The ISO 3779 / FMVSS 115 check digit at position 9.

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// The numeric value a VIN character stands for in the check-digit sum, or `None` outside the
/// VIN alphabet.
pub fn transliterate(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => c.to_digit(10)?,
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        _ => return None,
    })
}

/// The check digit that position 9 must hold for this 17-character VIN ('0'–'9' or 'X'), or
/// `None` if the input is not 17 characters over the VIN alphabet. Position 9 itself is ignored.
pub fn check_digit_for(vin: &str) -> Option<char> {
    let chars: Vec<char> = vin.chars().collect();
    if chars.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in chars.iter().zip(WEIGHTS) {
        sum += transliterate(*c)? * weight;
    }
    Some(match sum % 11 {
        10 => 'X',
        digit => char::from_digit(digit, 10)?,
    })
}

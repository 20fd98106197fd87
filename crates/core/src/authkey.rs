//! Head-unit authentication keys: what a key looks like, how a person's typing is read, and
//! the numbers around it (24 hours, three live keys, three wrong entries, the SMS code on
//! firmware 3.0 and later). The server draws the randomness; everything else is here, so the
//! app, the server and the simulated head unit agree.

use serde::{Deserialize, Serialize};

/// The characters a key is made of: digits and letters with no look-alikes. Gone are 0/O/o,
/// 1/I/l/i, and every letter whose capital and small forms look the same (c, k, p, s, u, v, w,
/// x, y, z), because keys are case-sensitive and people copy them by eye.
pub const KEY_ALPHABET: &[u8] = b"23456789ABDEFGHJLMNQRTabdefghjmnqrt";
/// 16 characters of a 35-character alphabet: 82 bits.
pub const KEY_LENGTH: usize = 16;
/// Shown in groups of this many characters.
pub const KEY_GROUP: usize = 4;
/// A key is valid for 24 hours from when it was made.
pub const KEY_VALID_SECONDS: i64 = 24 * 3600;
/// At most this many unused, unexpired keys per car.
pub const MAX_LIVE_KEYS: usize = 3;
/// At most this many keys per car in any 24 hours.
pub const MAX_KEYS_PER_DAY: usize = 5;
/// Wrong entries in a row before the head unit locks until a dealer unlocks it.
pub const MAX_WRONG_ENTRIES: u32 = 3;
/// The SMS code asked after the key on firmware 3.0 and later.
pub const SMS_CODE_DIGITS: usize = 6;
pub const SMS_CODE_VALID_SECONDS: i64 = 10 * 60;
/// Wrong codes a key may take in all (across codes) before it is revoked; each also counts
/// towards the head unit's lock.
pub const SMS_CODE_TRIES: u32 = 3;
/// Codes sent for one key at most: entering the key again does not buy fresh guesses forever.
pub const MAX_CODES_PER_KEY: u32 = 3;
/// Codes sent for one car in any 24 hours at most.
pub const MAX_CODES_PER_DAY: u32 = 5;
/// A phone number changed less than this long ago gets no code: a stolen session could have
/// put the thief's number there.
pub const NEW_PHONE_WAIT_SECONDS: i64 = 24 * 3600;

/// Why the owner needs a key, as the product documents list the occasions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeyReason {
    SoftwareUpdate,
    HeadUnitReset,
    NewDevice,
}

impl KeyReason {
    pub fn describe(self) -> &'static str {
        match self {
            Self::SoftwareUpdate => "a head-unit software update",
            Self::HeadUnitReset => "a head-unit reset",
            Self::NewDevice => "pairing a new phone",
        }
    }
}

/// A key from a source of random bytes. Bytes that would bias the draw are skipped, so every
/// character is equally likely.
pub fn key_from_random(mut next_byte: impl FnMut() -> u8) -> String {
    let alphabet = KEY_ALPHABET.len();
    // The largest multiple of the alphabet's size that fits in a byte.
    let limit = 256 - 256 % alphabet;
    let mut key = String::with_capacity(KEY_LENGTH);
    while key.len() < KEY_LENGTH {
        let byte = usize::from(next_byte());
        if byte < limit {
            key.push(char::from(KEY_ALPHABET[byte % alphabet]));
        }
    }
    key
}

/// What a person typed, as compared with a key: spaces and hyphens dropped, case kept.
pub fn normalize_entry(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '‐' && *c != '–')
        .collect()
}

/// The key as shown: groups of four separated by spaces ("Ab3d EfG7 …").
pub fn grouped(key: &str) -> String {
    key.chars()
        .collect::<Vec<_>>()
        .chunks(KEY_GROUP)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a head unit on this firmware asks for the SMS code after the key (3.0 and later).
pub fn firmware_needs_sms_code(firmware_version: &str) -> bool {
    let major = firmware_version
        .split(['.', ' ', '-'])
        .next()
        .and_then(|part| part.trim_start_matches(['v', 'V']).parse::<u32>().ok());
    major.is_some_and(|major| major >= 3)
}

/// A 6-digit SMS code from a source of random bytes, every code equally likely.
pub fn sms_code_from_random(mut next_byte: impl FnMut() -> u8) -> String {
    let mut code = String::with_capacity(SMS_CODE_DIGITS);
    while code.len() < SMS_CODE_DIGITS {
        let byte = next_byte();
        // 250 is the largest multiple of 10 that fits in a byte.
        if byte < 250 {
            code.push(char::from(b'0' + byte % 10));
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes from a simple counter, enough to exercise the draw.
    fn counter(start: u8) -> impl FnMut() -> u8 {
        let mut next = start;
        move || {
            next = next.wrapping_add(97);
            next
        }
    }

    #[test]
    fn a_key_is_long_enough_and_uses_only_unambiguous_characters() {
        let key = key_from_random(counter(0));
        assert_eq!(key.len(), KEY_LENGTH);
        assert!(key.bytes().all(|b| KEY_ALPHABET.contains(&b)), "{key}");
        let bits = KEY_LENGTH as f64 * (KEY_ALPHABET.len() as f64).log2();
        assert!(bits >= 60.0, "{bits} bits");
        for look_alike in "0Oo1Iil".chars() {
            assert!(!KEY_ALPHABET.contains(&(look_alike as u8)), "{look_alike}");
        }
        // Letters whose capital and small forms look alike are gone in both forms.
        for same_shape in "cCkKpPsSuUvVwWxXyYzZ".bytes() {
            assert!(
                !KEY_ALPHABET.contains(&same_shape),
                "{}",
                char::from(same_shape)
            );
        }
    }

    #[test]
    fn biased_bytes_are_skipped() {
        // 245 and above would favour the first characters; they are never used.
        let mut bytes = [255u8, 250, 245, 0].into_iter().cycle();
        let key = key_from_random(|| bytes.next().unwrap_or(0));
        assert_eq!(key, "2".repeat(KEY_LENGTH));
    }

    #[test]
    fn typing_ignores_spaces_and_hyphens_but_not_case() {
        let key = "Ab3dEfG7hJ2mN4qR";
        assert_eq!(normalize_entry("Ab3d-EfG7-hJ2m-N4qR"), key);
        assert_eq!(normalize_entry(" Ab3d EfG7 hJ2m  N4qR\n"), key);
        assert_ne!(normalize_entry("ab3d-efg7-hj2m-n4qr"), key);
        assert_eq!(grouped(key), "Ab3d EfG7 hJ2m N4qR");
        assert_eq!(normalize_entry(&grouped(key)), key);
    }

    #[test]
    fn the_sms_step_starts_with_firmware_three() {
        for (firmware, needs) in [
            ("3.0", true),
            ("3.2.1", true),
            ("4.0", true),
            ("v3.1", true),
            ("2.9", false),
            ("2.0.4", false),
            ("", false),
            ("unknown", false),
        ] {
            assert_eq!(firmware_needs_sms_code(firmware), needs, "{firmware}");
        }
    }

    #[test]
    fn an_sms_code_is_six_digits() {
        let code = sms_code_from_random(counter(3));
        assert_eq!(code.len(), SMS_CODE_DIGITS);
        assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        let mut bytes = [252u8, 9].into_iter().cycle();
        assert_eq!(sms_code_from_random(|| bytes.next().unwrap_or(0)), "999999");
    }
}

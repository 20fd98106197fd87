//! "Is it really you?" before unlocking the car or starting its engine: the account password
//! (checked by the server) or the app PIN the owner set on this device, remembered for
//! five minutes. Enforced here, in Rust, so no screen can skip it.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use keyfob_core::command::{IDENTITY_FRESH_SECONDS, PIN_ATTEMPTS, PIN_DIGITS};
use serde::{Deserialize, Serialize};

use crate::error::{codes, AppError, AppResult};

/// The app PIN as the encrypted store keeps it: only its hash, and the wrong tries so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinRecord {
    pub account_id: String,
    pub hash: String,
    pub failures: u8,
}

/// When the signed-in person last proved who they are, in this run of the app.
#[derive(Debug, Default)]
pub struct RecentIdentity {
    confirmed: Mutex<Option<(String, Instant)>>,
}

impl RecentIdentity {
    pub fn confirm(&self, account_id: &str) {
        *self.lock() = Some((account_id.to_owned(), Instant::now()));
    }

    pub fn forget(&self) {
        *self.lock() = None;
    }

    /// Seconds the confirmation still covers for this account; `None` if it does not.
    pub fn seconds_left(&self, account_id: &str) -> Option<u64> {
        let fresh_for = Duration::from_secs(IDENTITY_FRESH_SECONDS);
        let guard = self.lock();
        let (who, at) = guard.as_ref()?;
        let age = at.elapsed();
        (who == account_id && age < fresh_for).then(|| (fresh_for - age).as_secs().max(1))
    }

    pub fn require(&self, account_id: &str) -> AppResult<()> {
        match self.seconds_left(account_id) {
            Some(_) => Ok(()),
            None => Err(AppError::new(
                codes::IDENTITY_REQUIRED,
                "Confirm it is you: enter your account password or your app PIN.",
            )),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(String, Instant)>> {
        self.confirmed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Exactly four digits; says what is wrong otherwise.
pub fn check_pin_format(pin: &str) -> AppResult<()> {
    if pin.len() == PIN_DIGITS && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(AppError::new(
            codes::PIN_FORMAT,
            format!("The PIN is exactly {PIN_DIGITS} digits, 0–9."),
        )
        .on_field("pin"))
    }
}

pub fn hash_pin(pin: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|_| AppError::new(codes::INTERNAL, "The PIN could not be saved. Try again."))
}

/// What a PIN entry did to the stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinCheck {
    Correct(PinRecord),
    /// Wrong; the record with one more failure, or `None` once the PIN is used up.
    Wrong(Option<PinRecord>),
}

pub fn check_pin(record: &PinRecord, pin: &str) -> PinCheck {
    let correct = PasswordHash::new(&record.hash)
        .map(|hash| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false);
    if correct {
        return PinCheck::Correct(PinRecord {
            failures: 0,
            ..record.clone()
        });
    }
    let failures = record.failures.saturating_add(1);
    PinCheck::Wrong((failures < PIN_ATTEMPTS).then(|| PinRecord {
        failures,
        ..record.clone()
    }))
}

pub fn wrong_pin(left: Option<&PinRecord>) -> AppError {
    match left {
        Some(record) => {
            let tries = PIN_ATTEMPTS - record.failures;
            AppError::new(
                codes::WRONG_PIN,
                format!(
                    "That PIN is wrong. {tries} {} left before the PIN is switched off.",
                    if tries == 1 { "try" } else { "tries" }
                ),
            )
            .on_field("pin")
        }
        None => AppError::new(
            codes::PIN_LOCKED,
            format!("The PIN was wrong {PIN_ATTEMPTS} times, so it is switched off. Use your account password; you can set a new PIN in Account."),
        )
        .on_field("pin"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_is_four_digits() {
        assert!(check_pin_format("0427").is_ok());
        for bad in ["042", "04271", "04a7", "", "٠١٢٣"] {
            assert_eq!(
                check_pin_format(bad).map_err(|e| e.code),
                Err(codes::PIN_FORMAT.to_owned()),
                "{bad}"
            );
        }
    }

    #[test]
    fn five_wrong_pins_switch_it_off_and_a_right_one_resets_the_count() {
        let mut record = PinRecord {
            account_id: "acc_1".into(),
            hash: hash_pin("2468").expect("hash"),
            failures: 0,
        };
        assert!(!record.hash.contains("2468"));
        for expected in 1..PIN_ATTEMPTS {
            match check_pin(&record, "1111") {
                PinCheck::Wrong(Some(next)) => {
                    assert_eq!(next.failures, expected);
                    record = next;
                }
                other => panic!("{other:?}"),
            }
        }
        let almost = record.clone();
        assert_eq!(check_pin(&record, "1111"), PinCheck::Wrong(None));
        match check_pin(&almost, "2468") {
            PinCheck::Correct(reset) => assert_eq!(reset.failures, 0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_confirmation_covers_one_account_for_five_minutes() {
        let identity = RecentIdentity::default();
        assert!(identity.require("acc_1").is_err());
        identity.confirm("acc_1");
        assert!(identity.require("acc_1").is_ok());
        assert!(identity.seconds_left("acc_1").expect("fresh") <= IDENTITY_FRESH_SECONDS);
        assert!(identity.require("acc_2").is_err());
        identity.forget();
        assert!(identity.require("acc_1").is_err());
    }
}

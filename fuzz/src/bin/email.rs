//! The account fields people type: email, nickname, phone and region.

use keyfob_core::account::{Email, Nickname, Phone, Region};
use keyfob_fuzz::{shown, text};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some(input) = text(data) else { return };
        if let Some(email) = shown(Email::parse(input)) {
            // What is stored parses to itself, and its lookup key is stable.
            let again = Email::parse(email.as_str()).expect("a stored email re-parses");
            assert_eq!(again, email);
            assert_eq!(again.normalized_key(), email.normalized_key());
            assert!(email.as_str().chars().count() <= 254);
            let json = serde_json::to_string(input).expect("a string serialises");
            assert_eq!(serde_json::from_str::<Email>(&json).ok(), Some(email));
        }
        if let Some(nickname) = shown(Nickname::parse(input)) {
            assert_eq!(Nickname::parse(nickname.as_str()).as_ref(), Ok(&nickname));
        }
        if let Some(phone) = shown(Phone::parse(input)) {
            assert_eq!(Phone::parse(phone.as_str()).as_ref(), Ok(&phone));
            assert_eq!(phone.masked().chars().count(), phone.as_str().len());
        }
        if let Some(region) = shown(input.parse::<Region>()) {
            assert_eq!(region.code().parse::<Region>().ok(), Some(region));
        }
    });
}

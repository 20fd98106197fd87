//! The password policy and the strength meter. The first line is the password, the other lines
//! the personal words (email, nickname) the meter warns about.

use keyfob_core::account::{check_password, validate_password};
use keyfob_fuzz::{shown, text};

fn main() {
    // Build zxcvbn's dictionaries and the common-password set before AFL++'s fork server
    // starts, so the restart after each timeout does not spend ~100 ms rebuilding them.
    let _ = check_password("Warm-up", &[]);
    afl::fuzz!(|data: &[u8]| {
        let Some(input) = text(data) else { return };
        let mut lines = input.split('\n');
        let password = lines.next().unwrap_or_default();
        let personal: Vec<&str> = lines.collect();
        let report = check_password(password, &personal);
        let valid = shown(validate_password(password)).is_some();
        // The live checklist and the server's check must agree.
        assert_eq!(report.acceptable, valid, "{password:?}");
        assert_eq!(report.problems.is_empty(), valid);
        assert!(report.strength.score <= 4);
    });
}

//! `Vin::parse` and the live report behind "Check a VIN", on any text.

use keyfob_core::vin::{check_digit_for, country_of_manufacture, mask_vin, model_year, VIN_LENGTH};
use keyfob_core::{check_vin_input, DecodedVin, Vin};
use keyfob_fuzz::{shown, text};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some(input) = text(data) else { return };
        let report = check_vin_input(input);
        let parsed = shown(Vin::parse_with_warnings(input));
        // The live report and the parser must agree on what is a VIN.
        assert_eq!(report.decoded.is_some(), parsed.is_some(), "{input:?}");
        let _ = (check_digit_for(input), model_year(input), mask_vin(input));
        let _ = country_of_manufacture(input);
        if let Some((vin, _warnings)) = parsed {
            assert_eq!(vin.as_str().len(), VIN_LENGTH);
            assert!(vin.as_str().is_ascii());
            // Parsing is idempotent, also through JSON (the form the API carries).
            assert_eq!(Vin::parse(vin.as_str()).as_ref(), Ok(&vin));
            let json = serde_json::to_string(&vin).expect("a VIN serialises");
            assert_eq!(serde_json::from_str::<Vin>(&json).ok().as_ref(), Some(&vin));
            assert_eq!(report.decoded, Some(DecodedVin::from(&vin)));
            assert!(report.problems.is_empty());
            assert_eq!(vin.masked().chars().count(), VIN_LENGTH);
        }
    });
}

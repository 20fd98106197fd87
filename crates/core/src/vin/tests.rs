use proptest::prelude::*;

use super::*;
use crate::ErrorCode;

/// A real-shaped North-American Nissan VIN (Altima, model year 2018) with a correct check digit.
const ALTIMA_2018: &str = "1N4AL3AP0JC123456";

#[test]
fn parses_and_decodes_a_north_american_nissan() {
    let vin = Vin::parse(ALTIMA_2018).expect("valid VIN");
    assert_eq!(vin.wmi(), "1N4");
    assert_eq!(vin.model_year(), 2018);
    assert_eq!(vin.generation(), Generation::V3);
    assert_eq!(vin.manufacturer().country, "United States");
    assert_eq!(vin.masked(), "•••••••••••123456");
}

#[test]
fn normalises_what_people_type() {
    let vin = Vin::parse("  1n4al-3ap0 jc12-3456 ").expect("valid VIN");
    assert_eq!(vin.as_str(), ALTIMA_2018);
}

#[test]
fn debug_and_display_never_show_the_whole_vin() {
    let vin = Vin::parse(ALTIMA_2018).expect("valid VIN");
    assert!(!format!("{vin:?}").contains(ALTIMA_2018));
    assert!(!vin.to_string().contains("1N4AL3AP0"));
}

#[test]
fn forbidden_letter_names_its_position() {
    let error = Vin::parse("1N4AL3AP8JC12345O").expect_err("O is not allowed");
    assert_eq!(error.code(), ErrorCode::VinForbiddenLetter);
    assert_eq!(error.position(), Some(17));
    assert!(error.to_string().starts_with("Position 17"), "{error}");
}

#[test]
fn each_error_has_its_code() {
    let cases = [
        ("1N4AL3AP0JC12345", ErrorCode::VinLength),
        ("1N4AL3AP0JC1234567", ErrorCode::VinLength),
        ("1N4AL3AP0JC1234*6", ErrorCode::VinInvalidCharacter),
        ("1N4AL3IP0JC123456", ErrorCode::VinForbiddenLetter),
        ("1N4AL3AP1JC123456", ErrorCode::VinCheckDigit),
        ("WVWZZZ1KZ8W123456", ErrorCode::VinNotNissan),
        ("SJNFAAJ10U2123456", ErrorCode::VinModelYear),
    ];
    for (input, code) in cases {
        assert_eq!(
            Vin::parse(input).map_err(|e| e.code()),
            Err(code),
            "{input}"
        );
    }
}

#[test]
fn check_digit_is_only_a_warning_outside_north_america() {
    // A Sunderland-built Qashqai, model year 2021, with a wrong position 9.
    let (vin, warnings) = Vin::parse_with_warnings("SJNFAAJ11M2123456").expect("accepted");
    assert_eq!(vin.model_year(), 2021);
    assert_eq!(
        warnings,
        vec![VinWarning::CheckDigitMismatch {
            expected: '0',
            found: '1'
        }]
    );
    let (_, none) = Vin::parse_with_warnings("SJNFAAJ10M2123456").expect("accepted");
    assert!(none.is_empty());
}

#[test]
fn report_of_the_foundation_example_flags_position_17() {
    let report = check_vin_input("1N4AL3AP8JC12345O");
    assert_eq!(report.length, 17);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].position, Some(17));
    assert_eq!(report.problems[0].code, ErrorCode::VinForbiddenLetter);
    assert_eq!(
        report.characters[16].problem,
        Some(ErrorCode::VinForbiddenLetter)
    );
    assert!(report.characters[..16].iter().all(|c| c.problem.is_none()));
    assert!(report.decoded.is_none());
}

#[test]
fn report_treats_a_short_vin_as_unfinished() {
    let report = check_vin_input("1N4AL3");
    assert!(report.problems.is_empty());
    assert_eq!(report.length, 6);
    assert!(report.decoded.is_none());
}

#[test]
fn report_flags_a_foreign_maker_as_soon_as_three_characters_are_typed() {
    let report = check_vin_input("wvw");
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].code, ErrorCode::VinNotNissan);
    assert!(report.problems[0].message.contains("Volkswagen"));
    assert!(report
        .characters
        .iter()
        .all(|c| c.problem == Some(ErrorCode::VinNotNissan)));
}

#[test]
fn report_lists_every_problem_in_position_order() {
    let report = check_vin_input("1N4AI3AP0UC1234O6X");
    let codes: Vec<_> = report
        .problems
        .iter()
        .map(|p| (p.position, p.code))
        .collect();
    assert_eq!(
        codes,
        vec![
            (None, ErrorCode::VinLength),
            (Some(5), ErrorCode::VinForbiddenLetter),
            (Some(10), ErrorCode::VinModelYear),
            (Some(16), ErrorCode::VinForbiddenLetter),
        ]
    );
    assert_eq!(report.characters[17].problem, Some(ErrorCode::VinLength));
}

#[test]
fn report_decodes_a_valid_vin_and_carries_warnings() {
    let report = check_vin_input(ALTIMA_2018);
    let decoded = report.decoded.expect("decoded");
    assert_eq!(decoded.model_year, 2018);
    assert_eq!(decoded.generation, Generation::V3);
    assert!(decoded.remote_services);
    let report = check_vin_input("SJNFAAJ11M2123456");
    assert!(report.decoded.is_some());
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.characters[8].warning, Some(ErrorCode::VinCheckDigit));
}

#[test]
fn report_flags_an_enforced_check_digit_at_position_9() {
    let report = check_vin_input("1N4AL3AP1JC123456");
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].position, Some(9));
    assert_eq!(report.characters[8].problem, Some(ErrorCode::VinCheckDigit));
}

#[test]
fn serialises_for_the_ui_in_camel_case() {
    let json = serde_json::to_value(check_vin_input(ALTIMA_2018)).expect("serialise");
    assert_eq!(json["decoded"]["modelYear"], 2018);
    assert_eq!(json["decoded"]["generation"], "v3");
    assert_eq!(json["characters"][0]["position"], 1);
}

const VIN_ALPHABET: &str = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const YEAR_CODES: &str = "ABCDEFGHJKLMNPRSTVWXY123456789";
const NORTH_AMERICAN_NISSAN: [&str; 8] = ["1N4", "1N6", "5N1", "5N3", "3N1", "3N6", "3N8", "3PC"];

fn alphabet_char() -> impl Strategy<Value = char> {
    proptest::sample::select(VIN_ALPHABET.chars().collect::<Vec<_>>())
}

/// A North-American Nissan VIN over the VIN alphabet with a correct check digit.
fn north_american_vin() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(NORTH_AMERICAN_NISSAN.to_vec()),
        proptest::collection::vec(alphabet_char(), 13),
        proptest::sample::select(YEAR_CODES.chars().collect::<Vec<_>>()),
    )
        .prop_map(|(wmi, rest, year)| {
            let mut chars: Vec<char> = wmi.chars().chain(rest).collect();
            chars.insert(9, year);
            chars.truncate(17);
            let with_zero: String = chars.iter().collect();
            chars[8] = check_digit_for(&with_zero).expect("alphabet only");
            chars.into_iter().collect()
        })
}

proptest! {
    #[test]
    fn any_vin_with_a_correct_check_digit_parses(vin in north_american_vin()) {
        let parsed = Vin::parse(&vin);
        prop_assert!(parsed.is_ok(), "{vin}: {parsed:?}");
    }

    #[test]
    fn any_single_character_change_is_caught(
        vin in north_american_vin(),
        index in 0usize..17,
        replacement in alphabet_char(),
    ) {
        let mut chars: Vec<char> = vin.chars().collect();
        let original = chars[index];
        // Letters that share a value (A and J are both 1) are indistinguishable to the check digit.
        prop_assume!(index == 8 || transliterate(original) != transliterate(replacement));
        prop_assume!(original != replacement);
        chars[index] = replacement;
        let changed: String = chars.into_iter().collect();
        // Caught: refused, or (when the change moves the WMI outside North America, where the
        // check digit is optional) accepted only with the check-digit warning.
        match Vin::parse_with_warnings(&changed) {
            Err(_) => {}
            Ok((_, warnings)) => prop_assert!(!warnings.is_empty(), "{vin} -> {changed} accepted silently"),
        }
    }

    #[test]
    fn parsing_never_panics(input in any::<String>()) {
        let _ = Vin::parse(&input);
    }

    #[test]
    fn report_agrees_with_parse(input in "[0-9A-Za-z -]{0,20}|.{0,24}") {
        let report = check_vin_input(&input);
        prop_assert_eq!(report.decoded.is_some(), Vin::parse(&input).is_ok());
        prop_assert_eq!(report.characters.len() as u32, report.length);
        if report.decoded.is_none() && report.length == 17 {
            prop_assert!(!report.problems.is_empty());
        }
    }
}

//! Password policy and strength.
//!
//! The policy is three hard rules the server enforces ([`validate_password`]); the strength is
//! advice the sign-up screen shows while the person types ([`check_password`]). The two are kept
//! apart on purpose: a password can be acceptable yet weak, and the meter must never block.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{ApiError, Error};

/// Fewest characters (Unicode scalar values, not bytes) a password may have.
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Most characters a password may have, so hashing cost stays bounded on the server.
pub const PASSWORD_MAX_CHARS: usize = 128;

/// The 10,000 most common passwords, lower-case, most common first. See `data/README.md`.
const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

/// Everything the sign-up screen needs to draw its checklist and meter, computed on each keystroke.
/// It deliberately does not echo the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PasswordReport {
    /// True when no rule is broken: the server will accept this password.
    pub acceptable: bool,
    /// All three rules, always in the same order, so the checklist does not jump around.
    pub rules: Vec<PasswordRule>,
    /// One error per unmet rule, with the same codes and messages the server would send.
    pub problems: Vec<ApiError>,
    /// Advice only; it never makes a password unacceptable.
    pub strength: PasswordStrength,
}

/// One line of the checklist: the UI ticks it off when `met` turns true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PasswordRule {
    pub code: PasswordRuleCode,
    pub label: String,
    pub met: bool,
}

/// Which rule a checklist line is, so the UI can key and style lines without parsing labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PasswordRuleCode {
    Length,
    Capital,
    NotCommon,
}

impl PasswordRuleCode {
    /// Checklist order; the report and the server both follow it.
    const ALL: [Self; 3] = [Self::Length, Self::Capital, Self::NotCommon];

    fn label(self) -> &'static str {
        match self {
            Self::Length => "8 to 128 characters",
            Self::Capital => "At least one capital letter",
            Self::NotCommon => "Not a commonly used password",
        }
    }
}

/// How hard the password is to guess, on zxcvbn's 0–4 scale, with a tip for doing better.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PasswordStrength {
    pub score: u8,
    pub label: String,
    pub hint: Option<String>,
}

/// The live report for the sign-up screen. `user_inputs` are things the person typed elsewhere
/// (email, nickname): a password built from them is easy to guess for anyone who knows them.
pub fn check_password(password: &str, user_inputs: &[&str]) -> PasswordReport {
    let mut rules = Vec::with_capacity(PasswordRuleCode::ALL.len());
    let mut problems = Vec::new();
    for code in PasswordRuleCode::ALL {
        let problem = rule_problem(code, password);
        rules.push(PasswordRule {
            code,
            label: code.label().to_owned(),
            met: problem.is_none(),
        });
        problems.extend(problem.map(ApiError::from));
    }
    PasswordReport {
        acceptable: problems.is_empty(),
        rules,
        problems,
        strength: strength(password, user_inputs),
    }
}

/// The server's check: the first broken rule, in checklist order, or `Ok`.
/// The password is taken as typed: spaces at either end are part of it.
pub fn validate_password(password: &str) -> Result<(), Error> {
    PasswordRuleCode::ALL
        .into_iter()
        .find_map(|code| rule_problem(code, password))
        .map_or(Ok(()), Err)
}

fn rule_problem(code: PasswordRuleCode, password: &str) -> Option<Error> {
    match code {
        PasswordRuleCode::Length => {
            let found = password.chars().count();
            if found < PASSWORD_MIN_CHARS {
                Some(Error::PasswordTooShort {
                    min: PASSWORD_MIN_CHARS,
                    found,
                })
            } else if found > PASSWORD_MAX_CHARS {
                Some(Error::PasswordTooLong {
                    max: PASSWORD_MAX_CHARS,
                    found,
                })
            } else {
                None
            }
        }
        PasswordRuleCode::Capital => {
            (!password.chars().any(char::is_uppercase)).then_some(Error::PasswordNoCapital)
        }
        PasswordRuleCode::NotCommon => is_common(password).then_some(Error::PasswordCommon),
    }
}

fn common_passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .filter(|line| !line.is_empty())
            .collect()
    })
}

/// Case-insensitive: changing capitals does not make a listed password any harder to guess.
fn is_common(password: &str) -> bool {
    common_passwords().contains(password.to_lowercase().as_str())
}

const STRENGTH_LABELS: [&str; 5] = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];

const COMMON_HINT: &str =
    "This is one of the most common passwords. Use a few uncommon words instead.";
const PERSONAL_HINT: &str = "Avoid your name, nickname or email address in the password.";

/// The strength estimate reads at most this many characters. zxcvbn 3.1.1 overflows (a panic
/// where overflow checks are on) on a keyboard zig-zag of 33 characters or a keypad one of 29,
/// and a prefix this long already tells a weak password from a strong one.
const STRENGTH_MAX_CHARS: usize = 28;

fn strength(password: &str, user_inputs: &[&str]) -> PasswordStrength {
    let (score, hint) = if password.is_empty() {
        (0, None)
    } else if is_common(password) {
        (0, Some(COMMON_HINT.to_owned()))
    } else {
        estimate(password, user_inputs)
    };
    let label = STRENGTH_LABELS
        .get(usize::from(score))
        .copied()
        .unwrap_or("Very strong");
    PasswordStrength {
        score,
        label: label.to_owned(),
        hint,
    }
}

fn estimate(password: &str, user_inputs: &[&str]) -> (u8, Option<String>) {
    let words = personal_words(user_inputs);
    let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimated: String = password.chars().take(STRENGTH_MAX_CHARS).collect();
    let entropy = zxcvbn::zxcvbn(&estimated, &word_refs);
    let mut parts: Vec<String> = Vec::new();
    let lowered = password.to_lowercase();
    if words.iter().any(|word| lowered.contains(word.as_str())) {
        parts.push(PERSONAL_HINT.to_owned());
    }
    if let Some(feedback) = entropy.feedback() {
        parts.extend(feedback.warning().map(|warning| warning.to_string()));
        parts.extend(
            feedback
                .suggestions()
                .iter()
                // Our policy does require a capital, so this suggestion would contradict the checklist.
                .filter(|s| {
                    **s != zxcvbn::feedback::Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters
                })
                .map(ToString::to_string),
        );
    }
    let hint = (!parts.is_empty()).then(|| parts.join(" "));
    (u8::from(entropy.score()), hint)
}

/// The inputs and their pieces, lower-cased: "anna.berg@mail.com" yields "anna", "berg" and
/// "mail" too, because a password would more likely contain "anna" than the whole address.
fn personal_words(user_inputs: &[&str]) -> Vec<String> {
    const SHORTEST_WORD: usize = 3;
    let mut words: Vec<String> = Vec::new();
    let mut push = |word: &str| {
        let word = word.trim().to_lowercase();
        if word.chars().count() >= SHORTEST_WORD && !words.contains(&word) {
            words.push(word);
        }
    };
    for input in user_inputs {
        push(input);
        input
            .split(|c: char| !c.is_alphanumeric())
            .for_each(&mut push);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use proptest::prelude::*;

    fn codes(report: &PasswordReport) -> Vec<ErrorCode> {
        report.problems.iter().map(|p| p.code).collect()
    }

    #[test]
    fn common_list_has_exactly_ten_thousand_distinct_lowercase_entries() {
        let lines: Vec<&str> = COMMON_PASSWORDS.lines().collect();
        assert_eq!(lines.len(), 10_000);
        assert_eq!(common_passwords().len(), 10_000);
        assert!(lines
            .iter()
            .all(|l| !l.is_empty() && *l == l.to_lowercase() && *l == l.trim()));
        assert_eq!(lines.first(), Some(&"123456"));
    }

    #[test]
    fn common_lookup_ignores_case() {
        assert!(is_common("password1"));
        assert!(is_common("Password1"));
        assert!(is_common("PASSWORD1"));
        assert!(!is_common("Kettle-Harbour-Violet"));
        assert_eq!(validate_password("Password1"), Err(Error::PasswordCommon));
        assert_eq!(validate_password("IloveYou"), Err(Error::PasswordCommon));
    }

    #[test]
    fn length_boundaries_count_characters() {
        assert_eq!(
            validate_password("Abcdefg"),
            Err(Error::PasswordTooShort { min: 8, found: 7 })
        );
        assert_eq!(validate_password("Xkcdqzvw"), Ok(()));
        let max = format!("Q{}", "z".repeat(127));
        assert_eq!(validate_password(&max), Ok(()));
        let over = format!("Q{}", "z".repeat(128));
        assert_eq!(
            validate_password(&over),
            Err(Error::PasswordTooLong {
                max: 128,
                found: 129
            })
        );
    }

    #[test]
    fn multibyte_characters_count_once() {
        // 7 characters but 13 bytes: still too short.
        assert_eq!(
            validate_password("Ééééééé"),
            Err(Error::PasswordTooShort { min: 8, found: 7 })
        );
        assert_eq!(validate_password("Éééééééé"), Ok(()));
        // 128 three-byte characters are 384 bytes but within the limit.
        let max = format!("Ж{}", "日".repeat(127));
        assert_eq!(validate_password(&max), Ok(()));
        let over = format!("Ж{}", "日".repeat(128));
        assert_eq!(
            validate_password(&over),
            Err(Error::PasswordTooLong {
                max: 128,
                found: 129
            })
        );
    }

    #[test]
    fn capital_rule_accepts_any_unicode_capital() {
        assert_eq!(
            validate_password("kettleharbour7"),
            Err(Error::PasswordNoCapital)
        );
        assert_eq!(validate_password("kettleharbouR7"), Ok(()));
        assert_eq!(validate_password("ÖlkanneHafen"), Ok(()));
        assert_eq!(validate_password("чайникΣгавань"), Ok(()));
        assert_eq!(
            validate_password("日本語のパスワード"),
            Err(Error::PasswordNoCapital)
        );
    }

    #[test]
    fn validate_reports_the_first_failing_rule() {
        // Too short, no capital and common: length wins.
        assert_eq!(
            validate_password("abc"),
            Err(Error::PasswordTooShort { min: 8, found: 3 })
        );
        // Long enough, no capital and common: capital wins.
        assert_eq!(validate_password("password"), Err(Error::PasswordNoCapital));
    }

    #[test]
    fn every_error_has_its_code() {
        assert_eq!(
            Error::PasswordTooShort { min: 8, found: 1 }.code().as_str(),
            "password_too_short"
        );
        assert_eq!(
            Error::PasswordTooLong {
                max: 128,
                found: 129
            }
            .code()
            .as_str(),
            "password_too_long"
        );
        assert_eq!(
            Error::PasswordNoCapital.code().as_str(),
            "password_no_capital"
        );
        assert_eq!(Error::PasswordCommon.code().as_str(), "password_common");
    }

    #[test]
    fn report_lists_all_rules_in_order_with_problems_for_unmet_ones() {
        let report = check_password("password", &[]);
        let listed: Vec<(PasswordRuleCode, bool)> =
            report.rules.iter().map(|r| (r.code, r.met)).collect();
        assert_eq!(
            listed,
            [
                (PasswordRuleCode::Length, true),
                (PasswordRuleCode::Capital, false),
                (PasswordRuleCode::NotCommon, false),
            ]
        );
        assert_eq!(
            codes(&report),
            [ErrorCode::PasswordNoCapital, ErrorCode::PasswordCommon]
        );
        assert!(!report.acceptable);
        let labels: Vec<&str> = report.rules.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "8 to 128 characters",
                "At least one capital letter",
                "Not a commonly used password"
            ]
        );
    }

    #[test]
    fn report_problem_codes_match_each_rule() {
        assert_eq!(
            codes(&check_password("Short1", &[])),
            [ErrorCode::PasswordTooShort]
        );
        let long = format!("Q{}", "x".repeat(200));
        assert_eq!(
            codes(&check_password(&long, &[])),
            [ErrorCode::PasswordTooLong]
        );
        assert_eq!(
            codes(&check_password("no capitals here", &[])),
            [ErrorCode::PasswordNoCapital]
        );
        assert_eq!(
            codes(&check_password("Password1", &[])),
            [ErrorCode::PasswordCommon]
        );
        let good = check_password("Kettle-Harbour-Violet", &[]);
        assert!(good.acceptable);
        assert!(good.problems.is_empty());
        assert!(good.rules.iter().all(|r| r.met));
    }

    #[test]
    fn length_label_matches_the_constants() {
        let label = PasswordRuleCode::Length.label();
        assert_eq!(
            label,
            format!("{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters")
        );
    }

    #[test]
    fn empty_password_scores_zero_without_hint() {
        let report = check_password("", &["someone@example.com"]);
        assert_eq!(
            report.strength,
            PasswordStrength {
                score: 0,
                label: "Very weak".to_owned(),
                hint: None
            }
        );
        assert_eq!(
            codes(&report),
            [ErrorCode::PasswordTooShort, ErrorCode::PasswordNoCapital]
        );
    }

    #[test]
    fn common_password_always_scores_zero() {
        for password in ["Password1", "IloveYou", "qwerty123", "Trustno1"] {
            let strength = check_password(password, &[]).strength;
            assert_eq!(strength.score, 0, "{password}");
            assert_eq!(strength.label, "Very weak");
            assert_eq!(strength.hint.as_deref(), Some(COMMON_HINT));
        }
    }

    #[test]
    fn strong_passphrase_scores_high_with_label() {
        let strength = check_password("Correct-Horse-Battery-Staple-Velvet", &[]).strength;
        assert_eq!(strength.score, 4);
        assert_eq!(strength.label, "Very strong");
    }

    #[test]
    fn weak_password_gets_a_hint() {
        let strength = check_password("Abcdefgh", &[]).strength;
        assert!(strength.score <= 1, "score {}", strength.score);
        let hint = strength.hint.expect("a weak password gets advice");
        assert!(
            !hint.contains("uppercase"),
            "hint contradicts the capital rule: {hint}"
        );
    }

    #[test]
    fn password_containing_the_nickname_scores_lower() {
        let password = "Vorqzanthel!93";
        let without = check_password(password, &[]).strength;
        let with = check_password(password, &["vorqzanthel", "pat@example.com"]).strength;
        assert!(
            with.score < without.score,
            "with {} without {}",
            with.score,
            without.score
        );
        assert!(with.hint.as_deref().is_some_and(|h| h.contains("nickname")));
    }

    #[test]
    fn email_pieces_count_as_personal_words() {
        let password = "Vorqzanthel!93";
        let without = check_password(password, &[]).strength.score;
        let with = check_password(password, &["vorqzanthel.berg@example.com"])
            .strength
            .score;
        assert!(with < without, "with {with} without {without}");
        assert_eq!(
            personal_words(&["Anna.Berg@Mail.com", "ab"]),
            ["anna.berg@mail.com", "anna", "berg", "mail", "com"]
        );
    }

    #[test]
    fn report_serialises_in_camel_case_and_omits_the_password() {
        let password = "SecretZebra42";
        let json = serde_json::to_string(&check_password(password, &[])).expect("serialisable");
        assert!(json.contains("\"acceptable\":true"), "{json}");
        assert!(json.contains("\"code\":\"not_common\""), "{json}");
        assert!(!json.contains(password), "{json}");
        let debug = format!("{:?}", check_password(password, &[]));
        assert!(!debug.contains(password));
    }

    proptest! {
        #[test]
        fn check_never_panics_and_agrees_with_validate(password in any::<String>()) {
            let report = check_password(&password, &["nick", "nick@example.com"]);
            prop_assert_eq!(report.acceptable, validate_password(&password).is_ok());
            prop_assert_eq!(report.rules.len(), 3);
            prop_assert!(report.strength.score <= 4);
            prop_assert_eq!(report.problems.len(), report.rules.iter().filter(|r| !r.met).count());
        }

        #[test]
        fn first_problem_is_what_validate_returns(password in "\\PC{0,140}") {
            let report = check_password(&password, &[]);
            let first = validate_password(&password).err().map(|e| e.code());
            prop_assert_eq!(report.problems.first().map(|p| p.code), first);
        }
    }
}

//! Email address syntax.
//!
//! Pragmatic rather than full RFC 5322: quoted local parts, comments and IP-literal domains are
//! refused because real owners do not use them and mail providers reject them anyway. Whether
//! the mailbox exists is for the confirmation mail to find out, not for this check.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;

/// Longest address SMTP can carry (RFC 5321: a 256-octet path minus the angle brackets).
const ADDRESS_MAX_CHARS: usize = 254;
const LOCAL_MAX_CHARS: usize = 64;
const DOMAIN_MAX_CHARS: usize = 253;
const LABEL_MAX_CHARS: usize = 63;

/// A syntactically valid email address, trimmed and with its domain lower-cased. The part before
/// the @ keeps the case the owner typed, since some mail servers treat it as case-sensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Checks and normalises what the owner typed; each refusal says what to fix.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let address = input.trim();
        if address.is_empty() {
            return refuse("Enter your email address, like name@example.com.");
        }
        if address.chars().any(char::is_whitespace) {
            return refuse("An email address cannot contain spaces. Remove them.");
        }
        let Some((local, domain)) = address.split_once('@') else {
            return refuse(
                "An email address needs an @ between the name and the domain, like name@example.com.",
            );
        };
        if domain.contains('@') {
            return refuse("An email address has only one @. Remove the extra one.");
        }
        check_local(local)?;
        check_domain(domain)?;
        if address.chars().count() > ADDRESS_MAX_CHARS {
            return refuse("An email address can have at most 254 characters.");
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The address as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Fully lower-cased, so "Anna@x.com" and "anna@x.com" count as one account: nearly every
    /// provider ignores case, and two accounts differing only in case would confuse owners.
    pub fn normalized_key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

fn refuse<T>(reason: &'static str) -> Result<T, Error> {
    Err(Error::EmailInvalid { reason })
}

/// RFC 5322 `atext`: what an unquoted local part may contain besides dots.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

fn check_local(local: &str) -> Result<(), Error> {
    if local.is_empty() {
        return refuse("Put your name before the @, like name@example.com.");
    }
    if local.chars().count() > LOCAL_MAX_CHARS {
        return refuse("The part before the @ can have at most 64 characters.");
    }
    if !local.chars().all(|c| c == '.' || is_atext(c)) {
        return refuse(
            "The part before the @ can only use the letters a–z, digits, dots and the signs ! # $ % & ' * + - / = ? ^ _ ` { | } ~.",
        );
    }
    if local.starts_with('.') || local.ends_with('.') {
        return refuse("The part before the @ cannot start or end with a dot.");
    }
    if local.contains("..") {
        return refuse("The part before the @ cannot have two dots in a row.");
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), Error> {
    if domain.is_empty() {
        return refuse("Put the domain after the @, like name@example.com.");
    }
    if domain.chars().count() > DOMAIN_MAX_CHARS {
        return refuse("The part after the @ can have at most 253 characters.");
    }
    if !domain
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return refuse(
            "The part after the @ can only use the letters a–z, digits, hyphens and dots.",
        );
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return refuse("The part after the @ needs a dot, like example.com.");
    }
    for label in &labels {
        if label.is_empty() {
            return refuse(
                "The part after the @ cannot start or end with a dot or have two dots in a row.",
            );
        }
        if label.len() > LABEL_MAX_CHARS {
            return refuse("Each part of the domain between dots can have at most 63 characters.");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return refuse("A part of the domain cannot start or end with a hyphen.");
        }
    }
    let ending = labels.last().copied().unwrap_or_default();
    if ending.len() < 2 || !ending.chars().all(|c| c.is_ascii_alphabetic()) {
        return refuse("The domain must end with at least two letters, like .com or .de.");
    }
    Ok(())
}

impl FromStr for Email {
    type Err = Error;

    fn from_str(input: &str) -> Result<Self, Error> {
        Self::parse(input)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserialising validates too, so an `Email` from the wire is as trustworthy as a parsed one.
impl<'de> Deserialize<'de> for Email {
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

    fn reason(input: &str) -> &'static str {
        match Email::parse(input) {
            Err(Error::EmailInvalid { reason }) => reason,
            other => panic!("expected EmailInvalid for {input:?}, got {other:?}"),
        }
    }

    #[test]
    fn accepts_ordinary_addresses() {
        for input in [
            "anna@example.com",
            "anna.berg+keyfob@mail.example.co.uk",
            "o'brien@example.ie",
            "x@ab.io",
            "a!#$%&'*+-/=?^_`{|}~z@example.org",
            "user@xn--mller-kva.de",
            "1@123.example.com",
        ] {
            assert_eq!(
                Email::parse(input).map(|e| e.to_string()),
                Ok(input.to_owned())
            );
        }
    }

    #[test]
    fn trims_and_lower_cases_only_the_domain() {
        let email = Email::parse("  Anna.Berg@Example.COM \n").expect("valid");
        assert_eq!(email.as_str(), "Anna.Berg@example.com");
        assert_eq!(email.normalized_key(), "anna.berg@example.com");
        let other = Email::parse("anna.berg@EXAMPLE.com").expect("valid");
        assert_ne!(email, other);
        assert_eq!(email.normalized_key(), other.normalized_key());
    }

    #[test]
    fn refusals_have_the_email_code_and_a_specific_reason() {
        let error = Email::parse("anna.example.com").expect_err("no @");
        assert_eq!(error.code(), ErrorCode::EmailInvalid);
        assert_eq!(error.code().as_str(), "email_invalid");
        assert_eq!(
            error.to_string(),
            "An email address needs an @ between the name and the domain, like name@example.com."
        );
    }

    #[test]
    fn each_shape_problem_gets_its_own_reason() {
        assert!(reason("").starts_with("Enter your email"));
        assert!(reason("   ").starts_with("Enter your email"));
        assert!(reason("anna berg@example.com").contains("spaces"));
        assert!(reason("anna@@example.com").contains("only one @"));
        assert!(reason("a@b@example.com").contains("only one @"));
        assert!(reason("@example.com").starts_with("Put your name before"));
        assert!(reason("anna@").starts_with("Put the domain after"));
    }

    #[test]
    fn local_part_rules() {
        assert!(reason("an(na)@example.com").contains("can only use"));
        assert!(reason("\"anna\"@example.com").contains("can only use"));
        assert!(reason("änna@example.com").contains("can only use"));
        assert!(reason(".anna@example.com").contains("start or end with a dot"));
        assert!(reason("anna.@example.com").contains("start or end with a dot"));
        assert!(reason("an..na@example.com").contains("two dots in a row"));
    }

    #[test]
    fn local_part_length_boundary() {
        let at_limit = format!("{}@example.com", "a".repeat(64));
        assert!(Email::parse(&at_limit).is_ok());
        let over = format!("{}@example.com", "a".repeat(65));
        assert!(reason(&over).contains("at most 64"));
    }

    #[test]
    fn domain_rules() {
        assert!(reason("anna@localhost").contains("needs a dot"));
        assert!(reason("anna@exa_mple.com").contains("hyphens and dots"));
        assert!(reason("anna@müller.de").contains("hyphens and dots"));
        assert!(reason("anna@[192.168.0.1]").contains("hyphens and dots"));
        assert!(reason("anna@.example.com").contains("two dots in a row"));
        assert!(reason("anna@example.com.").contains("two dots in a row"));
        assert!(reason("anna@example..com").contains("two dots in a row"));
        assert!(reason("anna@-example.com").contains("hyphen"));
        assert!(reason("anna@example-.com").contains("hyphen"));
        assert!(reason("anna@example.c").contains("at least two letters"));
        assert!(reason("anna@example.c0m").contains("at least two letters"));
        assert!(reason("anna@192.168.0.1").contains("at least two letters"));
    }

    #[test]
    fn domain_label_length_boundary() {
        let at_limit = format!("anna@{}.com", "a".repeat(63));
        assert!(Email::parse(&at_limit).is_ok());
        let over = format!("anna@{}.com", "a".repeat(64));
        assert!(reason(&over).contains("at most 63"));
    }

    #[test]
    fn domain_and_address_length_boundaries() {
        // 3 × 63 + 61 letters and 3 dots: 253 characters.
        let domain_253 = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "b".repeat(61));
        assert_eq!(domain_253.len(), 253);
        // 253 is the domain limit, but with "x@" the address has 255 characters: too long.
        assert!(reason(&format!("x@{domain_253}")).contains("at most 254"));
        let domain_254 = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "b".repeat(62));
        assert!(reason(&format!("x@{domain_254}")).contains("at most 253"));
        let domain_252 = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "b".repeat(60));
        assert_eq!(
            Email::parse(&format!("x@{domain_252}")).map(|e| e.as_str().len()),
            Ok(254)
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let email = Email::parse("Anna@Example.com").expect("valid");
        let json = serde_json::to_string(&email).expect("serialisable");
        assert_eq!(json, "\"Anna@example.com\"");
        assert_eq!(serde_json::from_str::<Email>(&json).ok(), Some(email));
        assert!(serde_json::from_str::<Email>("\"not an email\"").is_err());
        assert_eq!(
            "a@example.com".parse::<Email>().map(|e| e.normalized_key()),
            Ok("a@example.com".to_owned())
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = Email::parse(&input);
        }

        #[test]
        fn parse_never_panics_on_email_like_input(input in "[ a-zA-Z0-9.@_+-]{0,80}") {
            if let Ok(email) = Email::parse(&input) {
                prop_assert_eq!(email.as_str().matches('@').count(), 1);
                // Parsing is idempotent: a stored address parses to itself.
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
        }
    }
}

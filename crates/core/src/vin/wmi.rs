//! World manufacturer identifiers (positions 1–3): which ones are Nissan's, where the car was
//! built, and whether its check digit is mandatory.

use crate::Error;

/// A Nissan manufacturer code: the brand sold under it and the country of the plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manufacturer {
    pub wmi: &'static str,
    pub brand: &'static str,
    pub manufacturer: &'static str,
    pub country: &'static str,
}

const fn nissan(wmi: &'static str, brand: &'static str, country: &'static str) -> Manufacturer {
    Manufacturer {
        wmi,
        brand,
        manufacturer: "Nissan Motor Co.",
        country,
    }
}

/// Nissan's WMIs (Nissan and Infiniti brands, every plant building for Keyfob's markets).
const NISSAN_WMIS: &[Manufacturer] = &[
    nissan("JN1", "Nissan", "Japan"),
    nissan("JN6", "Nissan", "Japan"),
    nissan("JN8", "Nissan", "Japan"),
    nissan("JNK", "Infiniti", "Japan"),
    nissan("JNR", "Infiniti", "Japan"),
    nissan("1N4", "Nissan", "United States"),
    nissan("1N6", "Nissan", "United States"),
    nissan("5N1", "Nissan", "United States"),
    nissan("5N3", "Infiniti", "United States"),
    nissan("3N1", "Nissan", "Mexico"),
    nissan("3N6", "Nissan", "Mexico"),
    nissan("3N8", "Nissan", "Mexico"),
    nissan("3PC", "Infiniti", "Mexico"),
    nissan("SJN", "Nissan", "United Kingdom"),
    nissan("VSK", "Nissan", "Spain"),
    nissan("VWA", "Nissan", "Spain"),
    nissan("VNV", "Nissan", "France"),
    nissan("Z8N", "Nissan", "Russia"),
    nissan("MDH", "Nissan", "India"),
    nissan("MNT", "Nissan", "Thailand"),
    nissan("KNM", "Nissan", "South Korea"),
    nissan("94D", "Nissan", "Brazil"),
    nissan("ADN", "Nissan", "South Africa"),
];

/// Other makers' common codes, so a mistaken VIN can be named instead of just refused.
const OTHER_MAKERS: &[(&str, &str)] = &[
    ("WVW", "Volkswagen"),
    ("WV1", "Volkswagen"),
    ("WV2", "Volkswagen"),
    ("WAU", "Audi"),
    ("WBA", "BMW"),
    ("WDD", "Mercedes-Benz"),
    ("WDB", "Mercedes-Benz"),
    ("W0L", "Opel"),
    ("VF1", "Renault"),
    ("VF3", "Peugeot"),
    ("VF7", "Citroën"),
    ("UU1", "Dacia"),
    ("VSS", "SEAT"),
    ("TMB", "Škoda"),
    ("ZFA", "Fiat"),
    ("YV1", "Volvo"),
    ("SAL", "Land Rover"),
    ("SAJ", "Jaguar"),
    ("JTD", "Toyota"),
    ("JTE", "Toyota"),
    ("JTM", "Toyota"),
    ("SB1", "Toyota"),
    ("JHM", "Honda"),
    ("1HG", "Honda"),
    ("JM1", "Mazda"),
    ("JF1", "Subaru"),
    ("JMB", "Mitsubishi"),
    ("JA3", "Mitsubishi"),
    ("KMH", "Hyundai"),
    ("KNA", "Kia"),
    ("1FA", "Ford"),
    ("1FT", "Ford"),
    ("WF0", "Ford"),
    ("1G1", "Chevrolet"),
    ("5YJ", "Tesla"),
];

/// The Nissan manufacturer behind a WMI, if it is one of Nissan's.
pub(crate) fn nissan_manufacturer(wmi: &str) -> Option<Manufacturer> {
    NISSAN_WMIS.iter().find(|m| m.wmi == wmi).copied()
}

pub(crate) fn require_nissan(wmi: &str) -> Result<Manufacturer, Error> {
    nissan_manufacturer(wmi).ok_or_else(|| Error::VinNotNissan {
        wmi: wmi.to_string(),
        manufacturer: OTHER_MAKERS
            .iter()
            .find(|(code, _)| *code == wmi)
            .map(|(_, name)| (*name).to_string()),
    })
}

/// The check digit is mandatory for vehicles built for North America, whose WMIs start 1–5.
pub(crate) fn check_digit_enforced(wmi: &str) -> bool {
    matches!(wmi.chars().next(), Some('1'..='5'))
}

/// ISO 3780 order of the characters in the second position of a WMI region range.
const RANGE_ORDER: &str = "ABCDEFGHJKLMNPRSTUVWXYZ1234567890";

/// (first character, second from, second to, country) — the ISO 3780 country ranges.
const COUNTRY_RANGES: &[(char, char, char, &str)] = &[
    ('A', 'A', 'H', "South Africa"),
    ('J', 'A', '0', "Japan"),
    ('K', 'L', 'R', "South Korea"),
    ('L', 'A', '0', "China"),
    ('M', 'A', 'E', "India"),
    ('M', 'F', 'K', "Indonesia"),
    ('M', 'L', 'R', "Thailand"),
    ('S', 'A', 'M', "United Kingdom"),
    ('S', 'N', 'T', "Germany"),
    ('S', 'U', 'Z', "Poland"),
    ('T', 'A', 'H', "Switzerland"),
    ('T', 'J', 'P', "Czech Republic"),
    ('T', 'R', 'V', "Hungary"),
    ('T', 'W', '1', "Portugal"),
    ('U', 'U', '7', "Romania"),
    ('V', 'A', 'E', "Austria"),
    ('V', 'F', 'R', "France"),
    ('V', 'S', 'W', "Spain"),
    ('W', 'A', '0', "Germany"),
    ('X', '3', '0', "Russia"),
    ('Y', 'A', 'E', "Belgium"),
    ('Y', 'F', 'K', "Finland"),
    ('Y', 'S', 'W', "Sweden"),
    ('Z', 'A', 'R', "Italy"),
    ('1', 'A', '0', "United States"),
    ('4', 'A', '0', "United States"),
    ('5', 'A', '0', "United States"),
    ('2', 'A', '0', "Canada"),
    ('3', 'A', 'W', "Mexico"),
    ('6', 'A', 'W', "Australia"),
    ('7', 'A', 'E', "New Zealand"),
    ('8', 'A', 'E', "Argentina"),
    ('9', 'A', 'E', "Brazil"),
    ('9', '3', '9', "Brazil"),
];

/// The country of manufacture from the first two characters, where ISO 3780 assigns one.
pub fn country_of_manufacture(vin: &str) -> Option<&'static str> {
    let mut chars = vin.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    let rank = |c: char| RANGE_ORDER.find(c);
    let second_rank = rank(second)?;
    COUNTRY_RANGES
        .iter()
        .find(|(f, from, to, _)| {
            *f == first
                && rank(*from).is_some_and(|from| from <= second_rank)
                && rank(*to).is_some_and(|to| second_rank <= to)
        })
        .map(|(_, _, _, country)| *country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nissan_codes_are_known() {
        assert_eq!(
            nissan_manufacturer("SJN").map(|m| m.country),
            Some("United Kingdom")
        );
        assert_eq!(
            nissan_manufacturer("JNK").map(|m| m.brand),
            Some("Infiniti")
        );
        assert!(nissan_manufacturer("WVW").is_none());
    }

    #[test]
    fn other_makers_are_named() {
        match require_nissan("WVW") {
            Err(Error::VinNotNissan { manufacturer, .. }) => {
                assert_eq!(manufacturer.as_deref(), Some("Volkswagen"))
            }
            other => panic!("expected VinNotNissan, got {other:?}"),
        }
        assert_eq!(
            require_nissan("ZZZ"),
            Err(Error::VinNotNissan {
                wmi: "ZZZ".into(),
                manufacturer: None
            })
        );
    }

    #[test]
    fn countries_follow_iso_3780_ranges() {
        assert_eq!(country_of_manufacture("SJN"), Some("United Kingdom"));
        assert_eq!(country_of_manufacture("VSK"), Some("Spain"));
        assert_eq!(country_of_manufacture("VNV"), Some("France"));
        assert_eq!(country_of_manufacture("ZFA"), Some("Italy"));
        assert_eq!(country_of_manufacture("X7L"), Some("Russia"));
        assert_eq!(country_of_manufacture("3N1"), Some("Mexico"));
        assert_eq!(country_of_manufacture("1N4"), Some("United States"));
        assert_eq!(country_of_manufacture("JN1"), Some("Japan"));
        assert_eq!(country_of_manufacture("9"), None);
    }

    #[test]
    fn every_nissan_code_is_valid_vin_alphabet() {
        for m in NISSAN_WMIS {
            assert_eq!(m.wmi.len(), 3);
            assert!(
                m.wmi
                    .chars()
                    .all(|c| super::super::transliterate(c).is_some()),
                "{}",
                m.wmi
            );
        }
    }
}

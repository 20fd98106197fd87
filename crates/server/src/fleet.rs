//! The sandbox fleet: the simulated cars the manufacturer database is seeded with, and the
//! accounts that exist from the start.
//!
//! Pure data, so the seeding code, the tests and the README all describe the same cars. Every
//! car is here for a case of the domain rules (a model family, a NissanConnect generation, a
//! market, a subscription state, a linking refusal, a simulator scenario); `exercises` says which.
//! Dates are written as of [`FLEET_REFERENCE_DATE`], and each car's state holds from there for two
//! years. A sandbox seeded later moves every date forward by the whole years that have passed
//! ([`FleetVehicle::seeded_dates`]), so it starts in the documented states whatever the year,
//! and they hold for at least a year after seeding.

use keyfob_core::account::Region;
use keyfob_core::vin::Generation;

use crate::clock::{add_years, parse_iso_date};

/// How the seed sets the subscription relative to the car's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedSubscription {
    /// The trial bundled with the car (`trial_years` from first registration) is still running.
    TrialActive,
    /// The trial ran out and the owner has not chosen a plan: the app offers Premium.
    TrialExpired,
    /// Premium paid up to `until` (YYYY-MM-DD, ending at 00:00 UTC that day).
    Premium { until: &'static str },
    /// On the free plan: the trial ended long ago, or the car could never carry remote services.
    Basic,
}

/// How the simulator sets a car up the first time the sandbox starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarCondition {
    /// Parked, locked, in Park, healthy battery, tank or charge 70 %.
    Ready,
    /// As `Ready` but the 12 V battery rests at 11.6 V, below what a remote start needs.
    BatteryLow,
    /// As `Ready` but unlocked with the rear left door open.
    DoorOpen,
}

/// The day the fleet's dates are written for.
pub const FLEET_REFERENCE_DATE: &str = "2026-11-22";

/// Whole years between [`FLEET_REFERENCE_DATE`] and `now` (0 before it): how far a seeding at
/// `now` moves the fleet's dates.
pub fn years_since_reference(now: i64) -> i32 {
    let Some(reference) = parse_iso_date(FLEET_REFERENCE_DATE) else {
        return 0;
    };
    let mut years = 0;
    // Bounded: a clock centuries off is not worth a longer loop.
    while years < 1000 && add_years(reference, years + 1) <= now {
        years += 1;
    }
    years
}

/// A car's calendar as seeded at a given moment, in Unix seconds (midnight UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeededDates {
    pub first_registered: i64,
    pub trial_ends_at: i64,
    pub warranty_ends_at: i64,
    pub premium_ends_at: Option<i64>,
}

/// One simulated car as the manufacturer database knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FleetVehicle {
    pub vin: &'static str,
    pub model: &'static str,
    pub model_year: u16,
    pub trim: &'static str,
    pub equipment: &'static [&'static str],
    pub market: Region,
    pub telematics_unit: bool,
    pub sim_active: bool,
    /// Head-unit and telematics firmware; 3.0 and later asks for an SMS code after a head-unit key.
    pub firmware_version: &'static str,
    /// YYYY-MM-DD. Also an ownership proof.
    pub first_registered_on: &'static str,
    /// Ownership proof, unique.
    pub body_number: &'static str,
    /// Ownership proof: the warranty book's security code, 8 characters A–Z and 0–9, unique.
    pub warranty_code: &'static str,
    /// 1–3; the trial runs from first registration.
    pub trial_years: u8,
    /// The warranty runs from first registration.
    pub warranty_years: u8,
    pub subscription: SeedSubscription,
    /// Email of the [`SEED_ACCOUNTS`] entry that already owns the car.
    pub linked_to: Option<&'static str>,
    /// The simulator's starting state for the car.
    pub condition: CarCondition,
    /// What a tester uses this car for, in one short sentence.
    pub exercises: &'static str,
}

/// An account that exists in a fresh sandbox, already confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedAccount {
    pub email: &'static str,
    pub password: &'static str,
    pub nickname: &'static str,
    pub region: Region,
}

/// A calendar date of the seed data, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SeedDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl SeedDate {
    /// Parses exactly `YYYY-MM-DD`, refusing dates that do not exist.
    pub fn parse(text: &str) -> Option<SeedDate> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(SeedDate { year, month, day })
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year, as
    /// anniversaries of contracts usually do.
    pub fn plus_years(self, years: u8) -> SeedDate {
        let year = self.year.saturating_add(u16::from(years));
        SeedDate {
            year,
            month: self.month,
            day: self.day.min(days_in_month(year, self.month)),
        }
    }

    /// Midnight UTC of this day as Unix seconds, the form the subscription rules take.
    pub fn unix_seconds(self) -> i64 {
        // Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        (era * 146_097 + day_of_era - 719_468) * 86_400
    }
}

impl std::fmt::Display for SeedDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FleetVehicle {
    /// The NissanConnect generation the car's model year shipped with.
    pub fn generation(&self) -> Generation {
        Generation::for_model_year(self.model_year)
    }

    /// `None` only if the seed data is malformed, which the tests rule out.
    pub fn first_registered(&self) -> Option<SeedDate> {
        SeedDate::parse(self.first_registered_on)
    }

    /// The day the trial ends (00:00 UTC).
    pub fn trial_ends_on(&self) -> Option<SeedDate> {
        Some(self.first_registered()?.plus_years(self.trial_years))
    }

    /// The day the warranty ends (00:00 UTC).
    pub fn warranty_ends_on(&self) -> Option<SeedDate> {
        Some(self.first_registered()?.plus_years(self.warranty_years))
    }

    /// The day paid Premium ends, for a car seeded with Premium.
    pub fn premium_ends_on(&self) -> Option<SeedDate> {
        match self.subscription {
            SeedSubscription::Premium { until } => SeedDate::parse(until),
            _ => None,
        }
    }

    /// The car's dates when the sandbox is seeded at `now`: the written dates moved forward by
    /// [`years_since_reference`]. `None` only if the seed data is malformed.
    pub fn seeded_dates(&self, now: i64) -> Option<SeededDates> {
        let shift = years_since_reference(now);
        let registered = add_years(self.first_registered()?.unix_seconds(), shift);
        let premium_ends_at = self
            .premium_ends_on()
            .map(|until| add_years(until.unix_seconds(), shift));
        Some(SeededDates {
            first_registered: registered,
            trial_ends_at: add_years(registered, i32::from(self.trial_years)),
            warranty_ends_at: add_years(registered, i32::from(self.warranty_years)),
            premium_ends_at,
        })
    }
}

/// The fleet car with this VIN (exact, upper case).
pub fn find(vin: &str) -> Option<&'static FleetVehicle> {
    FLEET.iter().find(|car| car.vin == vin)
}

/// Sandbox-only credentials, published in the README so anyone can sign in and try the app.
pub const SEED_ACCOUNTS: &[SeedAccount] = &[
    // Owns nothing at first, so every linking flow can be tried from it.
    SeedAccount {
        email: "demo@sandbox.keyfob.test",
        password: "Sandbox-Demo-2026",
        nickname: "demo_owner",
        region: Region::Eu,
    },
    // Still holds the used Rogue, so a buyer's link attempt meets "already linked".
    SeedAccount {
        email: "previous.owner@sandbox.keyfob.test",
        password: "Previous-Owner-2018",
        nickname: "previous_owner",
        region: Region::Us,
    },
];

/// The simulated cars, grouped by market.
pub const FLEET: &[FleetVehicle] = &[
    FleetVehicle {
        vin: "SJNTAAJ11SU512207",
        model: "Qashqai",
        model_year: 2025,
        trim: "N-Connecta",
        equipment: &[
            "NissanConnect Services",
            "ProPILOT Assist",
            "Around View Monitor",
            "Heated front seats",
        ],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.1.0",
        first_registered_on: "2025-12-04",
        body_number: "QJ12-0512207",
        warranty_code: "BXN4AFPS",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialActive,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Happy path: current-generation EU car with an active trial; link it with the demo account and confirm it on the head unit.",
    },
    FleetVehicle {
        vin: "SJNFBAF11SU530418",
        model: "Juke",
        model_year: 2025,
        trim: "N-Design",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Bose Personal audio"],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.0.3",
        first_registered_on: "2025-12-10",
        body_number: "JF16-0530418",
        warranty_code: "J9ZZ4TS8",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialActive,
        linked_to: None,
        condition: CarCondition::DoorOpen,
        exercises: "Door left open: remote start and locking are refused until the door is shut in the simulator.",
    },
    FleetVehicle {
        vin: "SJNFBAF1XLU207731",
        model: "Juke",
        model_year: 2020,
        trim: "Acenta",
        equipment: &["NissanConnect Services", "Rear parking sensors"],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "3.0.4",
        first_registered_on: "2020-06-18",
        body_number: "JF16-0207731",
        warranty_code: "KLE67N3T",
        trial_years: 1,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "NissanConnect 3.0 on Basic: remote start, locking and alerts show Locked with how to subscribe; health history stays.",
    },
    FleetVehicle {
        vin: "SJNTAAT33KU184562",
        model: "X-Trail",
        model_year: 2019,
        trim: "Tekna",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Panoramic roof"],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "2.9.3",
        first_registered_on: "2019-05-07",
        body_number: "XT32-0184562",
        warranty_code: "9MWZ9PWH",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialExpired,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Trial over on a NissanConnect 3.0 car: Premium is offered; firmware before 3.0, so a head-unit key needs no SMS code.",
    },
    FleetVehicle {
        vin: "JN1FAAFE1PT067315",
        model: "Ariya",
        model_year: 2023,
        trim: "Evolve 87 kWh e-4ORCE",
        equipment: &["NissanConnect Services", "ProPILOT Assist 2.0", "e-4ORCE", "Heat pump"],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.1.2",
        first_registered_on: "2023-12-05",
        body_number: "AFE0-0067315",
        warranty_code: "3XUJVH9S",
        trial_years: 3,
        warranty_years: 5,
        subscription: SeedSubscription::Premium { until: "2029-04-30" },
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Premium EV under warranty: charge level and range in the status, every remote feature Available.",
    },
    FleetVehicle {
        vin: "VNVCAAK16HF402887",
        model: "Micra",
        model_year: 2017,
        trim: "Acenta",
        equipment: &["NissanConnect 1.0 navigation", "Bluetooth"],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "1.4.2",
        first_registered_on: "2017-03-21",
        body_number: "MK14-0402887",
        warranty_code: "6G3WNJYB",
        trial_years: 1,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "NissanConnect 1.0/2.0 (French-built): links, but remote services are Unsupported because the car cannot carry them.",
    },
    FleetVehicle {
        vin: "VNVCBAK12NF615540",
        model: "Micra",
        model_year: 2022,
        trim: "Visia",
        equipment: &["DAB radio", "Bluetooth"],
        market: Region::Eu,
        telematics_unit: false,
        sim_active: false,
        firmware_version: "3.1.5",
        first_registered_on: "2022-09-12",
        body_number: "MK14-0615540",
        warranty_code: "DR3MRFFU",
        trial_years: 1,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "No telematics unit: linking fails and names the missing unit.",
    },
    FleetVehicle {
        vin: "VSKFAAC17GB320964",
        model: "Pulsar",
        model_year: 2016,
        trim: "N-Connecta",
        equipment: &["NissanConnect 2.0 navigation", "Around View Monitor"],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "2.0.3",
        first_registered_on: "2016-01-22",
        body_number: "PC13-0320964",
        warranty_code: "K3Y8NJFU",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Spanish-built NissanConnect 2.0 car: health history only, remote services Unsupported.",
    },
    FleetVehicle {
        vin: "VSKCAND2XKB275108",
        model: "Navara",
        model_year: 2019,
        trim: "Tekna Double Cab",
        equipment: &["NissanConnect Services", "Around View Monitor", "Tow bar"],
        market: Region::Eu,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "3.0.2",
        first_registered_on: "2019-09-16",
        body_number: "ND23-0275108",
        warranty_code: "VE2PVGRC",
        trial_years: 3,
        warranty_years: 5,
        subscription: SeedSubscription::Premium { until: "2029-09-30" },
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "NissanConnect 3.0 on Premium with firmware 3.0: remote start works and a head-unit key asks for the SMS code; warranty over.",
    },
    FleetVehicle {
        vin: "SJNTBAJ11MU233890",
        model: "Qashqai",
        model_year: 2021,
        trim: "Tekna",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Head-up display"],
        market: Region::Uk,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "2.9.8",
        first_registered_on: "2021-07-01",
        body_number: "QJ12-0233890",
        warranty_code: "V6LLPEZR",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Premium { until: "2029-07-31" },
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Current-generation car still on firmware 2.9.8: Premium, and head-unit keys are accepted without an SMS code.",
    },
    FleetVehicle {
        vin: "JN1TBNT31PK098452",
        model: "X-Trail",
        model_year: 2023,
        trim: "N-Connecta e-Power e-4ORCE",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "e-Power", "7 seats"],
        market: Region::Uk,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.0.2",
        first_registered_on: "2023-12-20",
        body_number: "XT33-0098452",
        warranty_code: "WV6MZ46M",
        trial_years: 3,
        warranty_years: 5,
        subscription: SeedSubscription::Premium { until: "2029-02-28" },
        linked_to: None,
        condition: CarCondition::BatteryLow,
        exercises: "Low 12 V battery (11.6 V): remote start is refused below 12.0 V until the battery is charged (set it in the simulator).",
    },
    FleetVehicle {
        vin: "SJNFAAZE4KU154377",
        model: "Leaf",
        model_year: 2019,
        trim: "N-Connecta 40 kWh",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "e-Pedal"],
        market: Region::Uk,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "2.9.6",
        first_registered_on: "2019-03-01",
        body_number: "LZE1-0154377",
        warranty_code: "P8ANGPYF",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Premium { until: "2029-06-30" },
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Premium EV on NissanConnect 3.0 with firmware before 3.0: charging status and remote climate, no SMS step for keys.",
    },
    FleetVehicle {
        vin: "SJNFBAZE1TU601259",
        model: "Leaf",
        model_year: 2026,
        trim: "N-Connecta 75 kWh",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Heat pump"],
        market: Region::Uk,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.2.1",
        first_registered_on: "2026-03-10",
        body_number: "LZE2-0601259",
        warranty_code: "EJPDK3XD",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialActive,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "UK happy path: a current-generation EV with an active trial and its warranty running.",
    },
    FleetVehicle {
        vin: "SJNEAAE10CU118346",
        model: "Note",
        model_year: 2012,
        trim: "Acenta",
        equipment: &["CD radio", "Bluetooth"],
        market: Region::Uk,
        telematics_unit: false,
        sim_active: false,
        firmware_version: "1.0.6",
        first_registered_on: "2012-05-15",
        body_number: "NE11-0118346",
        warranty_code: "NF9S8KG6",
        trial_years: 1,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Before 2014: no connected services at all; linking explains that the model year is too old.",
    },
    FleetVehicle {
        vin: "JN1TANY67NY044718",
        model: "Patrol",
        model_year: 2022,
        trim: "LE Platinum",
        equipment: &["NissanConnect Services", "Around View Monitor", "Intelligent Key"],
        market: Region::Ru,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "3.2.1",
        first_registered_on: "2022-03-28",
        body_number: "PY62-0044718",
        warranty_code: "6RZH9F2N",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Premium { until: "2028-12-31" },
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Russian-market Premium SUV: the full remote set for an RU account.",
    },
    FleetVehicle {
        vin: "Z8NHSNDJXMS580263",
        model: "Terrano",
        model_year: 2021,
        trim: "Elegance Plus",
        equipment: &["NissanConnect Services", "Heated windscreen"],
        market: Region::Ru,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "3.0.2",
        first_registered_on: "2021-04-12",
        body_number: "TD10-0580263",
        warranty_code: "EFEVS5YL",
        trial_years: 1,
        warranty_years: 3,
        subscription: SeedSubscription::TrialExpired,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Russian-built current-generation car whose one-year trial ended: remote services Locked, Premium offered.",
    },
    FleetVehicle {
        vin: "JN1AAZE05GY301652",
        model: "Leaf",
        model_year: 2016,
        trim: "X",
        equipment: &["NissanConnect 2.0 navigation", "CHAdeMO quick charge"],
        market: Region::Jp,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "2.1.4",
        first_registered_on: "2016-06-08",
        body_number: "LZE0-0301652",
        warranty_code: "CDYWP9JC",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Japanese-market NissanConnect 2.0 car: links only to a JP account, remote services Unsupported.",
    },
    FleetVehicle {
        vin: "JN1FBAFEXST142096",
        model: "Ariya",
        model_year: 2025,
        trim: "B9 e-4ORCE",
        equipment: &["NissanConnect Services", "ProPILOT Assist 2.0", "e-4ORCE"],
        market: Region::Jp,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.1.2",
        first_registered_on: "2025-12-15",
        body_number: "AFE0-0142096",
        warranty_code: "HKCDNHG3",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialActive,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Japanese-market happy path: current-generation EV with an active trial.",
    },
    FleetVehicle {
        vin: "3N1AB7AP1FL447213",
        model: "Sentra",
        model_year: 2015,
        trim: "SV",
        equipment: &["NissanConnect 1.0 navigation", "Rear view camera"],
        market: Region::Us,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "2.0.1",
        first_registered_on: "2015-01-09",
        body_number: "SB17-0447213",
        warranty_code: "VRG9Z9MX",
        trial_years: 1,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Mexico-built North-American VIN (check digit enforced) on NissanConnect 1.0/2.0: remote services Unsupported.",
    },
    FleetVehicle {
        vin: "5N1AT2MV3JC862041",
        model: "Rogue",
        model_year: 2018,
        trim: "SV",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Remote engine start"],
        market: Region::Us,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "2.9.1",
        first_registered_on: "2018-04-23",
        body_number: "RT32-0862041",
        warranty_code: "W3FXVY67",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialExpired,
        linked_to: Some("previous.owner@sandbox.keyfob.test"),
        condition: CarCondition::Ready,
        exercises: "Used car still linked to its previous owner: linking fails until that owner removes it (sign in as them to do so).",
    },
    FleetVehicle {
        vin: "5N1DR3CC9PC519874",
        model: "Pathfinder",
        model_year: 2023,
        trim: "Platinum",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Tow package"],
        market: Region::Us,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.0.0",
        first_registered_on: "2023-12-01",
        body_number: "PR53-0519874",
        warranty_code: "8P8ZXBHS",
        trial_years: 2,
        warranty_years: 5,
        subscription: SeedSubscription::TrialExpired,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Trial over but warranty running: remote start Locked, while diagnostics and send-to-car stay free.",
    },
    FleetVehicle {
        vin: "3N1CP5DV0SL726350",
        model: "Kicks",
        model_year: 2025,
        trim: "SR",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Remote engine start"],
        market: Region::Us,
        telematics_unit: true,
        sim_active: false,
        firmware_version: "4.1.0",
        first_registered_on: "2025-12-18",
        body_number: "KP16-0726350",
        warranty_code: "6L8YC5WP",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialActive,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "SIM not activated: linking fails and sends the owner to a dealer.",
    },
    FleetVehicle {
        vin: "1N4BL4CVXNN388627",
        model: "Altima",
        model_year: 2022,
        trim: "SR VC-Turbo",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Remote engine start"],
        market: Region::Us,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "3.3.0",
        first_registered_on: "2022-05-02",
        body_number: "AL34-0388627",
        warranty_code: "55NVVWBN",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Premium { until: "2029-10-31" },
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "US Premium car: every remote feature Available, including geofence, curfew and speed alerts.",
    },
    FleetVehicle {
        vin: "1N4AZ1CV7NC165983",
        model: "Leaf",
        model_year: 2022,
        trim: "SV Plus",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "e-Pedal"],
        market: Region::Us,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "3.2.4",
        first_registered_on: "2022-08-15",
        body_number: "LZE1-0165983",
        warranty_code: "VTVE8W58",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Basic,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Current-generation EV on Basic: remote services Locked; charge level and health history still shown.",
    },
    FleetVehicle {
        vin: "1N6ED1EK4TN094415",
        model: "Frontier",
        model_year: 2026,
        trim: "PRO-4X Crew Cab",
        equipment: &["NissanConnect Services", "Around View Monitor", "Remote engine start"],
        market: Region::Us,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.2.0",
        first_registered_on: "2026-03-02",
        body_number: "FD41-0094415",
        warranty_code: "YAAZKBB9",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialActive,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "US happy path: the newest car, its three-year trial running.",
    },
    FleetVehicle {
        vin: "5N1BT3BB8SC473206",
        model: "Rogue",
        model_year: 2025,
        trim: "Platinum AWD",
        equipment: &["NissanConnect Services", "ProPILOT Assist", "Remote engine start"],
        market: Region::Ca,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "4.1.0",
        first_registered_on: "2025-12-22",
        body_number: "RT33-0473206",
        warranty_code: "PDBG36KA",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::TrialActive,
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Canadian car: links only to a CA account; every other region gets the market-mismatch error.",
    },
    FleetVehicle {
        vin: "5N1DR2MM2KC658139",
        model: "Pathfinder",
        model_year: 2019,
        trim: "SL Premium",
        equipment: &["NissanConnect Services", "Remote engine start", "Tow package"],
        market: Region::Ca,
        telematics_unit: true,
        sim_active: true,
        firmware_version: "3.1.0",
        first_registered_on: "2019-08-05",
        body_number: "PR52-0658139",
        warranty_code: "L7JSS8GA",
        trial_years: 3,
        warranty_years: 3,
        subscription: SeedSubscription::Premium { until: "2028-11-30" },
        linked_to: None,
        condition: CarCondition::Ready,
        exercises: "Canadian NissanConnect 3.0 car on Premium with firmware 3.x: a head-unit key asks for the SMS code.",
    },
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use keyfob_core::account::{validate_password, Email, Nickname};
    use keyfob_core::subscription::{SubscriptionDates, Tier};
    use keyfob_core::vin::Vin;

    use super::*;
    use crate::clock::iso_date;

    /// The day the fleet's dates are written for.
    const TODAY: &str = FLEET_REFERENCE_DATE;

    const README: &str = include_str!("../../../README.md");

    fn date(text: &str) -> SeedDate {
        SeedDate::parse(text).unwrap_or_else(|| panic!("not a YYYY-MM-DD date: {text:?}"))
    }

    /// Days a sandbox may be seeded on, over decades: the reference day, the days around each
    /// whole-year shift, leap days. Each car's state must hold on the day it is seeded and a
    /// year later.
    fn seed_days() -> Vec<i64> {
        let reference = date(TODAY).unix_seconds();
        let day = 86_400;
        let mut days = vec![
            date("2028-02-29").unix_seconds(),
            date("2040-02-29").unix_seconds(),
        ];
        for years in [0, 1, 2, 3, 4, 7, 10, 25, 50] {
            let start = add_years(reference, years);
            days.extend([start, start + 100 * day, add_years(start, 1) - 1]);
        }
        days
    }

    /// The day seeded at and the same moment a year on.
    fn seed_day_and_a_year_on(seeded_at: i64) -> [i64; 2] {
        [seeded_at, add_years(seeded_at, 1)]
    }

    fn dates_of(car: &FleetVehicle, seeded_at: i64) -> SubscriptionDates {
        let dates = car.seeded_dates(seeded_at).expect("seed dates");
        SubscriptionDates {
            trial_ends_at: dates.trial_ends_at,
            premium_ends_at: dates.premium_ends_at,
            warranty_ends_at: dates.warranty_ends_at,
        }
    }

    fn firmware(car: &FleetVehicle) -> (u32, u32, u32) {
        let parts: Vec<u32> = car
            .firmware_version
            .split('.')
            .map(|p| p.parse().unwrap_or_else(|_| panic!("{}", car.vin)))
            .collect();
        assert_eq!(parts.len(), 3, "{}: firmware is major.minor.patch", car.vin);
        (parts[0], parts[1], parts[2])
    }

    fn is_before_3_0(car: &FleetVehicle) -> bool {
        firmware(car).0 < 3
    }

    /// A car a tester can link and use remote features on, once any simulator state is set.
    fn usable_remotely(car: &FleetVehicle, today: SeedDate) -> bool {
        car.telematics_unit
            && car.sim_active
            && car.linked_to.is_none()
            && car.generation().has_remote_services()
            && dates_of(car, today.unix_seconds())
                .tier_at(today.unix_seconds())
                .includes_remote_services()
    }

    #[test]
    fn fleet_is_large_enough() {
        assert!(FLEET.len() >= 22, "{} cars", FLEET.len());
    }

    #[test]
    fn every_vin_parses_without_warnings_and_is_a_nissan() {
        for car in FLEET {
            let (vin, warnings) =
                Vin::parse_with_warnings(car.vin).unwrap_or_else(|e| panic!("{}: {e}", car.vin));
            assert!(warnings.is_empty(), "{}: {warnings:?}", car.vin);
            assert_eq!(vin.as_str(), car.vin, "stored already normalised");
            assert_eq!(vin.manufacturer().brand, "Nissan", "{}", car.vin);
        }
    }

    #[test]
    fn model_year_and_generation_come_from_the_vin() {
        for car in FLEET {
            let vin = Vin::parse(car.vin).expect("valid VIN");
            assert_eq!(vin.model_year(), car.model_year, "{}", car.vin);
            assert_eq!(vin.generation(), car.generation(), "{}", car.vin);
        }
    }

    #[test]
    fn plant_fits_the_market() {
        for car in FLEET {
            // Japan-built exports go everywhere; other plants build for their own regions.
            let allowed: &[&str] = match car.market {
                Region::Us | Region::Ca => &["1N4", "1N6", "5N1", "3N1", "JN1", "JN8"],
                Region::Eu | Region::Uk => &["SJN", "VSK", "VWA", "VNV", "JN1", "JN8"],
                Region::Jp => &["JN1", "JN8"],
                Region::Ru => &["Z8N", "JN1", "JN8"],
            };
            assert!(
                allowed.contains(&&car.vin[..3]),
                "{} sold in {}",
                car.vin,
                car.market
            );
        }
    }

    #[test]
    fn vins_and_ownership_proofs_are_unique_and_well_formed() {
        let mut vins = HashSet::new();
        let mut bodies = HashSet::new();
        let mut codes = HashSet::new();
        for car in FLEET {
            assert!(vins.insert(car.vin), "duplicate VIN {}", car.vin);
            assert!(
                bodies.insert(car.body_number),
                "duplicate {}",
                car.body_number
            );
            assert!(
                codes.insert(car.warranty_code),
                "duplicate {}",
                car.warranty_code
            );
            assert_eq!(car.warranty_code.len(), 8, "{}", car.vin);
            assert!(
                car.warranty_code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
                "{}",
                car.warranty_code
            );
            let (chassis, serial) = car
                .body_number
                .split_once('-')
                .unwrap_or_else(|| panic!("{}", car.body_number));
            assert_eq!(chassis.len(), 4, "{}", car.body_number);
            assert!(chassis
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
            assert_eq!(serial.len(), 7, "{}", car.body_number);
            assert!(serial.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn every_car_is_described() {
        for car in FLEET {
            assert!(!car.model.is_empty() && !car.trim.is_empty(), "{}", car.vin);
            assert!(!car.equipment.is_empty(), "{}", car.vin);
            assert!(
                car.exercises.ends_with('.') && car.exercises.len() <= 160,
                "{}: one short sentence",
                car.vin
            );
            // A SIM without a telematics unit to hold it makes no sense.
            assert!(car.telematics_unit || !car.sim_active, "{}", car.vin);
        }
    }

    #[test]
    fn every_model_family_is_present() {
        let required: &[(&str, Option<u16>)] = &[
            ("Qashqai", None),
            ("X-Trail", None),
            ("Patrol", None),
            ("Leaf", None),
            ("Ariya", None),
            ("Juke", None),
            ("Micra", None),
            ("Terrano", Some(2021)),
            ("Rogue", None),
            ("Pathfinder", None),
            ("Sentra", Some(2015)),
        ];
        for (model, year) in required {
            assert!(
                FLEET
                    .iter()
                    .any(|car| car.model == *model && year.is_none_or(|y| car.model_year == y)),
                "no {model} {year:?}"
            );
        }
    }

    #[test]
    fn every_generation_is_present() {
        let count = |g: Generation| FLEET.iter().filter(|car| car.generation() == g).count();
        assert!(count(Generation::None) >= 1);
        assert!(count(Generation::Legacy) >= 1);
        assert!(count(Generation::V3) >= 3);
        assert!(count(Generation::Current) >= 3);
    }

    #[test]
    fn every_market_is_present() {
        for region in Region::ALL {
            let count = FLEET.iter().filter(|car| car.market == region).count();
            let wanted = match region {
                Region::Eu | Region::Uk | Region::Us => 3,
                Region::Ca | Region::Jp | Region::Ru => 1,
            };
            assert!(count >= wanted, "{region}: {count} cars");
        }
    }

    #[test]
    fn every_linking_refusal_has_a_car() {
        // No telematics unit on a car whose generation could have one, so that refusal is not
        // confused with "too old for connected services".
        assert!(FLEET
            .iter()
            .any(|car| !car.telematics_unit && car.generation() != Generation::None));
        assert!(FLEET
            .iter()
            .any(|car| car.telematics_unit && !car.sim_active));
        assert!(FLEET.iter().any(|car| car.linked_to.is_some()
            && car.telematics_unit
            && car.sim_active
            && car.model == "Rogue"));
        // Market mismatch for everyone but Canadians.
        assert!(FLEET
            .iter()
            .any(|car| car.market == Region::Ca && car.telematics_unit && car.sim_active));
    }

    #[test]
    fn linked_cars_belong_to_a_seed_account_of_their_market() {
        for car in FLEET {
            if let Some(email) = car.linked_to {
                let owner = SEED_ACCOUNTS
                    .iter()
                    .find(|a| a.email == email)
                    .unwrap_or_else(|| panic!("{}: no seed account {email}", car.vin));
                assert_eq!(owner.region, car.market, "{}", car.vin);
            }
        }
    }

    #[test]
    fn every_subscription_state_is_present() {
        let has = |f: fn(&SeedSubscription) -> bool| FLEET.iter().any(|c| f(&c.subscription));
        assert!(has(|s| matches!(s, SeedSubscription::TrialActive)));
        assert!(has(|s| matches!(s, SeedSubscription::TrialExpired)));
        assert!(has(|s| matches!(s, SeedSubscription::Premium { .. })));
        assert!(has(|s| matches!(s, SeedSubscription::Basic)));
        // The paid states must also exist where they matter: on cars that carry remote services.
        for state in [
            SeedSubscription::TrialActive,
            SeedSubscription::TrialExpired,
        ] {
            assert!(FLEET
                .iter()
                .any(|c| c.subscription == state && c.generation().has_remote_services()));
        }
    }

    #[test]
    fn subscriptions_hold_whenever_the_sandbox_is_seeded_and_a_year_on() {
        for car in FLEET {
            assert!((1..=3).contains(&car.trial_years), "{}", car.vin);
            let expected = match car.subscription {
                SeedSubscription::TrialActive => Tier::Trial,
                SeedSubscription::Premium { .. } => Tier::Premium,
                SeedSubscription::TrialExpired | SeedSubscription::Basic => Tier::Basic,
            };
            for seeded_at in seed_days() {
                let dates = dates_of(car, seeded_at);
                if expected == Tier::Basic {
                    assert!(dates.trial_ends_at < seeded_at, "{}", car.vin);
                }
                for moment in seed_day_and_a_year_on(seeded_at) {
                    assert_eq!(
                        dates.tier_at(moment),
                        expected,
                        "{} seeded on {}, at {}",
                        car.vin,
                        iso_date(seeded_at),
                        iso_date(moment)
                    );
                }
            }
        }
    }

    #[test]
    fn warranty_state_holds_for_a_year_whenever_seeded_and_both_states_exist() {
        for car in FLEET {
            assert!(matches!(car.warranty_years, 3 | 5), "{}", car.vin);
            let under_warranty_at_reference = dates_of(car, date(TODAY).unix_seconds())
                .warranty_active_at(date(TODAY).unix_seconds());
            for seeded_at in seed_days() {
                let dates = dates_of(car, seeded_at);
                for moment in seed_day_and_a_year_on(seeded_at) {
                    assert_eq!(
                        dates.warranty_active_at(moment),
                        under_warranty_at_reference,
                        "{}: seeded on {}, warranty changes by {}",
                        car.vin,
                        iso_date(seeded_at),
                        iso_date(moment)
                    );
                }
            }
        }
        // Diagnostics and send-to-car are free only under warranty: both cases on connected cars.
        let today = date(TODAY).unix_seconds();
        let connected = || {
            FLEET
                .iter()
                .filter(|car| car.telematics_unit && car.generation().has_remote_services())
        };
        let under_warranty = |car: &FleetVehicle| dates_of(car, today).warranty_active_at(today);
        assert!(connected().any(under_warranty));
        assert!(connected().any(|car| !under_warranty(car)));
    }

    #[test]
    fn seeding_moves_the_dates_by_whole_years_only() {
        let reference = date(TODAY).unix_seconds();
        assert_eq!(years_since_reference(reference - 1), 0);
        assert_eq!(years_since_reference(reference), 0);
        assert_eq!(years_since_reference(add_years(reference, 1) - 1), 0);
        assert_eq!(years_since_reference(add_years(reference, 1)), 1);
        assert_eq!(years_since_reference(add_years(reference, 10) + 5), 10);
        let qashqai = find("SJNTAAJ11SU512207").expect("in the fleet");
        let later = qashqai
            .seeded_dates(add_years(reference, 3) + 86_400)
            .expect("dates");
        assert_eq!(iso_date(later.first_registered), "2028-12-04");
        assert_eq!(iso_date(later.trial_ends_at), "2031-12-04");
    }

    #[test]
    fn first_registration_fits_the_model_year() {
        for car in FLEET {
            let registered = car.first_registered().expect("YYYY-MM-DD");
            assert!(registered < date(TODAY), "{}", car.vin);
            assert!(
                (car.model_year - 1..=car.model_year + 1).contains(&registered.year),
                "{}",
                car.vin
            );
        }
    }

    #[test]
    fn firmware_fits_the_generation() {
        for car in FLEET {
            let (major, minor, _) = firmware(car);
            let plausible = match car.generation() {
                Generation::None | Generation::Legacy => (1..=2).contains(&major),
                Generation::V3 => (major, minor) >= (2, 9) && major <= 3,
                Generation::Current => (major, minor) >= (2, 9) && major <= 4,
            };
            assert!(plausible, "{} {}", car.vin, car.firmware_version);
        }
        // Head-unit keys ask for an SMS code only from 3.0 on: both sides in each connected
        // generation.
        for generation in [Generation::V3, Generation::Current] {
            let connected = || {
                FLEET
                    .iter()
                    .filter(move |c| c.generation() == generation && c.telematics_unit)
            };
            assert!(connected().any(is_before_3_0), "{generation:?}");
            assert!(connected().any(|c| !is_before_3_0(c)), "{generation:?}");
        }
    }

    #[test]
    fn happy_paths_and_reserved_scenarios_are_usable() {
        let today = date(TODAY);
        assert!(FLEET.iter().any(|car| car.market == Region::Eu
            && car.generation() == Generation::Current
            && car.subscription == SeedSubscription::TrialActive
            && usable_remotely(car, today)));
        for scenario in [CarCondition::BatteryLow, CarCondition::DoorOpen] {
            let car = FLEET
                .iter()
                .find(|car| car.condition == scenario)
                .unwrap_or_else(|| panic!("no car reserved for {scenario:?}"));
            assert!(usable_remotely(car, today), "{}", car.vin);
        }
    }

    #[test]
    fn seed_accounts_pass_the_account_rules() {
        let mut emails = HashSet::new();
        for account in SEED_ACCOUNTS {
            let email = Email::parse(account.email).expect(account.email);
            assert!(emails.insert(email.normalized_key()), "{}", account.email);
            assert!(account.email.ends_with("@sandbox.keyfob.test"));
            validate_password(account.password).expect(account.email);
            let nickname = Nickname::parse(account.nickname).expect(account.nickname);
            assert_eq!(nickname.as_str(), account.nickname);
        }
        assert!(SEED_ACCOUNTS
            .iter()
            .any(|a| a.region == Region::Eu
                && !FLEET.iter().any(|car| car.linked_to == Some(a.email))));
    }

    #[test]
    fn readme_documents_the_fleet_and_the_accounts() {
        for car in FLEET {
            let row = README
                .lines()
                .find(|line| line.contains(car.vin))
                .unwrap_or_else(|| panic!("README does not list {}", car.vin));
            assert!(row.contains(car.body_number), "{}", car.vin);
        }
        for account in SEED_ACCOUNTS {
            assert!(README.contains(account.email), "{}", account.email);
            assert!(README.contains(account.password), "{}", account.email);
        }
    }

    #[test]
    fn find_looks_cars_up_by_vin() {
        let first = &FLEET[0];
        assert_eq!(find(first.vin), Some(first));
        assert_eq!(find("1N4AL3AP0JC123456"), None);
    }

    #[test]
    fn seed_dates_parse_add_years_and_convert() {
        assert_eq!(
            SeedDate::parse("2026-11-22"),
            Some(SeedDate {
                year: 2026,
                month: 11,
                day: 22
            })
        );
        for bad in [
            "2026-11-31",
            "2026-13-01",
            "2026-02-29",
            "26-11-22",
            "2026/11/22",
            "2026-1-22",
        ] {
            assert_eq!(SeedDate::parse(bad), None, "{bad}");
        }
        assert_eq!(date("2024-02-29").plus_years(1), date("2025-02-28"));
        assert_eq!(date("2024-02-29").plus_years(4), date("2028-02-29"));
        assert_eq!(date("1970-01-01").unix_seconds(), 0);
        assert_eq!(date("2000-02-29").unix_seconds(), 11_016 * 86_400);
        assert_eq!(date(TODAY).unix_seconds(), 1_795_305_600);
        assert_eq!(date(TODAY).to_string(), TODAY);
    }
}

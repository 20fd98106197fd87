//! The car's health report, built from a status: what the server answers and what the history
//! is made of, so both say the same.

use serde::{Deserialize, Serialize};

use crate::{
    api::command::HealthReport,
    command::MIN_12V_MILLIVOLTS,
    status::{VehicleStatus, WarningLamp},
};

/// A tyre below this pressure (kPa) is reported as low; the tyre-pressure lamp lights too.
pub const LOW_TYRE_KPA: u16 = 210;

/// The health report a status amounts to.
pub fn health_report(status: &VehicleStatus) -> HealthReport {
    let tyres = status.tyres_kpa.value;
    let low_tyres = [
        ("front left", tyres.front_left),
        ("front right", tyres.front_right),
        ("rear left", tyres.rear_left),
        ("rear right", tyres.rear_right),
    ]
    .into_iter()
    .filter(|(_, kpa)| *kpa < LOW_TYRE_KPA)
    .map(|(name, _)| name.to_owned())
    .collect();
    let lamps = status.warning_lamps.value.clone();
    HealthReport {
        service_due: lamps.contains(&WarningLamp::ServiceDue),
        warning_lamps: lamps,
        low_tyres,
        tyres_kpa: tyres,
        battery_12v_ok: status.battery_12v_millivolts.value >= MIN_12V_MILLIVOLTS,
        battery_12v_millivolts: status.battery_12v_millivolts.value,
        odometer_km: status.odometer_km.value,
        reported_at: status.online.at.clone(),
    }
}

impl HealthReport {
    /// Whether two reports say the same about the car's health (the odometer and the time of
    /// the report aside), so a history lists changes, not every status.
    pub fn same_health(&self, other: &HealthReport) -> bool {
        self.warning_lamps == other.warning_lamps
            && self.low_tyres == other.low_tyres
            && self.battery_12v_ok == other.battery_12v_ok
            && self.service_due == other.service_due
    }
}

/// A warning lamp in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LampMeaning {
    pub lamp: WarningLamp,
    pub name: String,
    pub meaning: String,
}

impl WarningLamp {
    pub const ALL: [WarningLamp; 7] = [
        WarningLamp::CheckEngine,
        WarningLamp::TyrePressure,
        WarningLamp::Brake,
        WarningLamp::Airbag,
        WarningLamp::Battery,
        WarningLamp::OilPressure,
        WarningLamp::ServiceDue,
    ];

    pub fn name(self) -> &'static str {
        match self {
            WarningLamp::CheckEngine => "Check engine",
            WarningLamp::TyrePressure => "Tyre pressure",
            WarningLamp::Brake => "Brake system",
            WarningLamp::Airbag => "Airbag",
            WarningLamp::Battery => "Charging system",
            WarningLamp::OilPressure => "Oil pressure",
            WarningLamp::ServiceDue => "Service due",
        }
    }

    /// What the lamp means and what to do, as a dealer would say it.
    pub fn meaning(self) -> &'static str {
        match self {
            WarningLamp::CheckEngine => "The engine management found a fault. The car can usually be driven; have it checked soon.",
            WarningLamp::TyrePressure => "One or more tyres are below the recommended pressure. Check and inflate them when cold.",
            WarningLamp::Brake => "The brake system needs attention (fluid level or a fault). Drive carefully to a garage; do not ignore it.",
            WarningLamp::Airbag => "An airbag or seat-belt tensioner reported a fault and may not deploy. Have it checked promptly.",
            WarningLamp::Battery => "The 12 V battery or the charging system is weak. The car may not start; drive it or charge the battery.",
            WarningLamp::OilPressure => "Oil pressure is low. Stop safely as soon as you can, switch the engine off and check the oil level.",
            WarningLamp::ServiceDue => "The scheduled service is due. Book it with your dealer.",
        }
    }

    pub fn explained(self) -> LampMeaning {
        LampMeaning {
            lamp: self,
            name: self.name().to_owned(),
            meaning: self.meaning().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::tests_support::status_with;

    #[test]
    fn a_report_names_low_tyres_and_a_weak_battery() {
        let status = status_with(11_500, [230, 195, 230, 230], vec![WarningLamp::ServiceDue]);
        let report = health_report(&status);
        assert_eq!(report.low_tyres, vec!["front right".to_owned()]);
        assert!(!report.battery_12v_ok);
        assert!(report.service_due);
        assert_eq!(report.tyres_kpa.front_right, 195);
        let healthy = health_report(&status_with(12_600, [230; 4], vec![]));
        assert!(healthy.battery_12v_ok && healthy.low_tyres.is_empty() && !healthy.service_due);
        assert!(!report.same_health(&healthy));
        let mut later = healthy.clone();
        later.odometer_km += 40;
        later.reported_at = "2026-11-24T08:00:00Z".into();
        assert!(later.same_health(&healthy));
    }

    #[test]
    fn every_lamp_has_a_name_and_a_meaning() {
        for lamp in WarningLamp::ALL {
            let explained = lamp.explained();
            assert!(!explained.name.is_empty());
            assert!(explained.meaning.ends_with('.'));
        }
    }
}

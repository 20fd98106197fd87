//! Cockpit (odometer and fuel). Its version differs per gateway (the 2025 Micra answers v1 with
//! 501 and v2 with data), so versions are probed and the one that worked is remembered per car.

use time::OffsetDateTime;

use super::Attributes;
use crate::cars::Car;
use crate::endpoints::join;
use crate::session::lock;
use crate::{Error, Session};

const VERSIONS: [u8; 2] = [1, 2];

#[derive(Debug, Clone, PartialEq)]
pub struct CockpitStatus {
    pub last_update: Option<OffsetDateTime>,
    pub total_mileage_km: Option<f64>,
    pub fuel_autonomy_km: Option<f64>,
    pub fuel_quantity_litres: Option<f64>,
    pub fuel_level_percent: Option<f64>,
    pub fuel_low_warning: Option<bool>,
}

impl Session {
    /// Tries the version that worked last for this car, then v1, then v2. Only "not supported"
    /// (404/501) moves on; any other error is the answer.
    pub async fn cockpit(&self, car: &Car) -> Result<CockpitStatus, Error> {
        let remembered = lock(&self.cockpit_versions).get(&car.vin).copied();
        let mut order: Vec<u8> = remembered.into_iter().collect();
        order.extend(VERSIONS.iter().filter(|v| Some(**v) != remembered));
        for version in order {
            let url = join(
                self.client().endpoints().car_adapter(),
                &[&format!("v{version}"), "cars", &car.vin, "cockpit"],
            );
            match self.get_json(url, true).await {
                Ok(body) => {
                    lock(&self.cockpit_versions).insert(car.vin.clone(), version);
                    return Ok(parse(&Attributes::of(body)?));
                }
                Err(Error::NotSupported) => continue,
                Err(other) => return Err(other),
            }
        }
        Err(Error::NotSupported)
    }
}

fn parse(attrs: &Attributes) -> CockpitStatus {
    CockpitStatus {
        last_update: attrs.time("lastUpdateTime"),
        total_mileage_km: attrs.number("totalMileage"),
        fuel_autonomy_km: attrs.number("fuelAutonomy"),
        fuel_quantity_litres: attrs.number("fuelQuantity"),
        fuel_level_percent: attrs.number("fuelLevel"),
        fuel_low_warning: attrs.flag("fuelLowWarning"),
    }
}

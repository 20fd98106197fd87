//! Battery status: v1 on the car adapter for the Leaf and other cars, v3 on the BFF for the
//! Ariya and the Micra (brief §3.1–3.3).

use time::OffsetDateTime;

use super::Attributes;
use crate::cars::Car;
use crate::endpoints::join;
use crate::{Error, Session};

/// Which endpoint answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatterySource {
    /// `{car_adapter}v1/cars/{vin}/battery-status`
    CarAdapterV1,
    /// `{bff}v3/cars/{vin}/battery-status?canGen=…`
    BffV3,
}

/// The `chargePower` code of the v1 status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargePower {
    Slow,
    Normal,
    Fast,
    Fastest,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BatteryStatus {
    pub source: BatterySource,
    pub last_update: Option<OffsetDateTime>,
    /// State of charge, %.
    pub level_percent: Option<f64>,
    pub capacity_kwh: Option<f64>,
    /// Range with climate control off (the v3 `batteryAutonomy`), km. Combustion cars report
    /// their range here too.
    pub range_hvac_off_km: Option<f64>,
    pub range_hvac_on_km: Option<f64>,
    pub plugged: Option<bool>,
    pub charging: Option<bool>,
    pub charge_power: Option<ChargePower>,
    pub time_to_full_slow_minutes: Option<u32>,
    pub time_to_full_normal_minutes: Option<u32>,
    pub time_to_full_fast_minutes: Option<u32>,
    /// Until the end of the current charge (v3), minutes.
    pub remaining_time_minutes: Option<u32>,
    /// Unit not documented by any source.
    pub battery_temperature: Option<f64>,
    pub instantaneous_power_kw: Option<f64>,
    pub plugged_at: Option<OffsetDateTime>,
    pub unplugged_at: Option<OffsetDateTime>,
}

/// Cars whose battery status is only on the BFF's v3 endpoint.
const BFF_V3_MODELS: [&str; 2] = ["ariya", "micra"];

impl Session {
    /// The battery status. Also worth calling for combustion cars: they report their range.
    pub async fn battery(&self, car: &Car) -> Result<BatteryStatus, Error> {
        let endpoints = self.client().endpoints();
        let (source, url) = if BFF_V3_MODELS.iter().any(|model| car.is_model(model)) {
            let mut url = join(endpoints.bff(), &["v3", "cars", &car.vin, "battery-status"]);
            if let Some(can_gen) = &car.can_generation {
                url.query_pairs_mut().append_pair("canGen", can_gen);
            }
            (BatterySource::BffV3, url)
        } else {
            (
                BatterySource::CarAdapterV1,
                join(
                    endpoints.car_adapter(),
                    &["v1", "cars", &car.vin, "battery-status"],
                ),
            )
        };
        let attrs = Attributes::of(self.get_json(url, true).await?)?;
        Ok(parse(source, &attrs))
    }
}

fn parse(source: BatterySource, attrs: &Attributes) -> BatteryStatus {
    // Codes: 1 yes, 0 no, -1 "error" (unknown).
    let code = |name: &str| match attrs.number(name) {
        Some(1.0) => Some(true),
        Some(0.0) => Some(false),
        _ => None,
    };
    // Most clients read `chargeStatus` (0/1); one reads a float `chargingStatus`. Prefer the
    // former when it is conclusive.
    let charging = code("chargeStatus").or_else(|| {
        attrs
            .number("chargingStatus")
            .filter(|n| *n >= 0.0)
            .map(|n| n > 0.0)
    });
    let charge_power = attrs.number("chargePower").and_then(|n| match n as i64 {
        1 => Some(ChargePower::Slow),
        2 => Some(ChargePower::Normal),
        3 => Some(ChargePower::Fast),
        4 => Some(ChargePower::Fastest),
        _ => None,
    });
    BatteryStatus {
        source,
        last_update: attrs.time("lastUpdateTime"),
        level_percent: attrs
            .number("batteryLevel")
            .filter(|n| (0.0..=100.0).contains(n)),
        capacity_kwh: attrs.number("batteryCapacity"),
        range_hvac_off_km: attrs
            .number("rangeHvacOff")
            .or_else(|| attrs.number("batteryAutonomy")),
        range_hvac_on_km: attrs.number("rangeHvacOn"),
        plugged: code("plugStatus"),
        charging,
        charge_power,
        time_to_full_slow_minutes: attrs.count("timeRequiredToFullSlow"),
        time_to_full_normal_minutes: attrs.count("timeRequiredToFullNormal"),
        time_to_full_fast_minutes: attrs.count("timeRequiredToFullFast"),
        remaining_time_minutes: attrs.count("chargingRemainingTime"),
        battery_temperature: attrs.number("batteryTemperature"),
        instantaneous_power_kw: attrs.number("instantaneousPower"),
        plugged_at: attrs.time("vehiclePlugTimestamp"),
        unplugged_at: attrs.time("vehicleUnplugTimestamp"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn status(attributes: serde_json::Value) -> BatteryStatus {
        let attrs =
            Attributes::of(json!({"data": {"attributes": attributes}})).expect("attributes");
        parse(BatterySource::CarAdapterV1, &attrs)
    }

    #[test]
    fn charging_from_either_field() {
        assert_eq!(status(json!({"chargeStatus": 1})).charging, Some(true));
        assert_eq!(
            status(json!({"chargeStatus": -1, "chargingStatus": 0.0})).charging,
            Some(false)
        );
        assert_eq!(status(json!({"chargingStatus": 1.5})).charging, Some(true));
        assert_eq!(
            status(json!({"chargeStatus": 0, "chargingStatus": 3.0})).charging,
            Some(false)
        );
        assert_eq!(status(json!({"plugStatus": -1})).plugged, None);
        assert_eq!(status(json!({"chargePower": 5})).charge_power, None);
    }
}

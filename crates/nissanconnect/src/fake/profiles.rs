//! The fake's cars: what the car list shows, which endpoints and versions answer, and the
//! state that status reads report and actions change. The profiles follow the variations the
//! reference clients met (brief §3.1 and §6); values are invented.

use time::{OffsetDateTime, UtcOffset};

/// A car of a fake account. Build one from a profile and adjust its fields before adding it.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeCar {
    /// Upper case; the car endpoints match it case-insensitively.
    pub vin: String,
    /// The VIN as written in the car list (one profile lists it in lower case, as some
    /// fixtures do).
    pub listed_vin: String,
    pub model_name: String,
    pub nickname: Option<String>,
    pub model_year: Option<u16>,
    pub car_gateway: String,
    pub can_generation: String,
    pub ccs_gen: String,
    pub role: String,
    pub services: Vec<FakeService>,
    pub profile: Profile,
    pub state: CarState,
}

/// An entry of the car's `services` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeService {
    pub id: u32,
    pub activation_state: String,
    /// Write the id as a string, as some fixtures do.
    pub id_as_text: bool,
}

impl FakeService {
    pub fn active(id: u32) -> Self {
        Self {
            id,
            activation_state: "ACTIVATED".into(),
            id_as_text: false,
        }
    }
}

/// Which endpoints answer for the car, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub battery: BatteryApi,
    /// Cockpit versions that answer; the others answer 501.
    pub cockpit_versions: Vec<u8>,
    /// Without it, lock-status answers 404 (as on the 2025 Micra).
    pub lock_status: bool,
    /// Without it, hvac-status answers 404.
    pub hvac_status: bool,
    /// Whether hvac-status includes `externalTemperature` (the Micra leaves it out).
    pub external_temperature: bool,
    pub time_format: TimeFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatteryApi {
    /// `{car}v1/…/battery-status` with every Leaf field; v2 and the BFF answer 501.
    V1Full,
    /// v1 with the range only, as combustion cars answer.
    V1RangeOnly,
    /// `{bff}v3/…/battery-status?canGen=`; `extended` adds the optional fields an Ariya may
    /// send. The car adapter answers 501.
    BffV3 { extended: bool },
}

/// How the car's timestamps are written; the service is not consistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// `2030-01-01T08:00:00Z`
    Seconds,
    /// `2030-01-01T08:00Z`
    Minutes,
    /// `2030-01-01T08:00:00.000Z`
    Millis,
    /// `2030-01-01T10:00:00+02:00`
    Offset(UtcOffset),
}

/// What status reads report. Actions change it (see [`super::ActionTiming`]); tests may set
/// any field directly with [`super::FakeNissan::update_car`].
#[derive(Debug, Clone, PartialEq)]
pub struct CarState {
    pub plugged: bool,
    pub charging: bool,
    pub level_percent: u8,
    pub capacity_kwh: f64,
    pub range_hvac_off_km: f64,
    pub range_hvac_on_km: f64,
    pub battery_temperature: f64,
    /// 1 slow … 4 fastest, reported while plugged in.
    pub charge_power: u8,
    pub charging_power_kw: f64,
    pub plugged_at: Option<OffsetDateTime>,
    pub unplugged_at: Option<OffsetDateTime>,
    pub hvac_on: bool,
    pub internal_temperature: f64,
    pub external_temperature: f64,
    pub target_temperature: i32,
    pub next_hvac_start: Option<OffsetDateTime>,
    pub latitude: f64,
    pub longitude: f64,
    /// Location reads answer 403 `403009`.
    pub privacy_mode: bool,
    pub locked: bool,
    pub front_left_open: bool,
    pub front_right_open: bool,
    pub rear_left_open: bool,
    pub rear_right_open: bool,
    pub hatch_open: bool,
    pub mileage_km: f64,
    pub fuel_autonomy_km: Option<f64>,
    pub fuel_quantity_litres: Option<f64>,
    pub fuel_level_percent: Option<f64>,
    pub fuel_low: Option<bool>,
    pub engine_running: bool,
    pub horn_lights_count: u32,
    pub battery_updated: OffsetDateTime,
    pub location_updated: OffsetDateTime,
    pub lock_updated: OffsetDateTime,
    pub hvac_updated: OffsetDateTime,
    pub cockpit_updated: OffsetDateTime,
}

impl CarState {
    fn at(updated: OffsetDateTime) -> Self {
        Self {
            plugged: false,
            charging: false,
            level_percent: 0,
            capacity_kwh: 0.0,
            range_hvac_off_km: 0.0,
            range_hvac_on_km: 0.0,
            battery_temperature: 20.0,
            charge_power: 0,
            charging_power_kw: 0.0,
            plugged_at: None,
            unplugged_at: None,
            hvac_on: false,
            internal_temperature: 18.0,
            external_temperature: 12.0,
            target_temperature: 21,
            next_hvac_start: None,
            latitude: 48.8566,
            longitude: 2.3522,
            privacy_mode: false,
            locked: true,
            front_left_open: false,
            front_right_open: false,
            rear_left_open: false,
            rear_right_open: false,
            hatch_open: false,
            mileage_km: 0.0,
            fuel_autonomy_km: None,
            fuel_quantity_litres: None,
            fuel_level_percent: None,
            fuel_low: None,
            engine_running: false,
            horn_lights_count: 0,
            battery_updated: updated,
            location_updated: updated,
            lock_updated: updated,
            hvac_updated: updated,
            cockpit_updated: updated,
        }
    }

    /// Minutes to a full battery at `power_kw`.
    pub(crate) fn minutes_to_full(&self, power_kw: f64) -> u32 {
        let missing_kwh = self.capacity_kwh * f64::from(100 - self.level_percent.min(100)) / 100.0;
        (missing_kwh / power_kw * 60.0).round() as u32
    }
}

fn services(ids: &[u32]) -> Vec<FakeService> {
    ids.iter().copied().map(FakeService::active).collect()
}

impl FakeCar {
    fn base(vin: &str, model: &str, updated: OffsetDateTime) -> Self {
        Self {
            vin: vin.to_ascii_uppercase(),
            listed_vin: vin.to_ascii_uppercase(),
            model_name: model.into(),
            nickname: None,
            model_year: None,
            car_gateway: String::new(),
            can_generation: String::new(),
            ccs_gen: "0".into(),
            role: "OWNER".into(),
            services: Vec::new(),
            profile: Profile {
                battery: BatteryApi::V1Full,
                cockpit_versions: vec![1],
                lock_status: true,
                hvac_status: true,
                external_temperature: true,
                time_format: TimeFormat::Seconds,
            },
            state: CarState::at(updated),
        }
    }

    /// A Nissan Leaf: v1 battery with slow/normal/fast times, cockpit v1, every status read.
    /// Plugged in, not charging, at 80 %. Service 96 is listed but not activated.
    pub fn leaf(vin: &str, updated: OffsetDateTime) -> Self {
        let mut car = Self::base(vin, "Leaf", updated);
        car.nickname = Some("My Leaf".into());
        car.model_year = Some(2019);
        car.car_gateway = "GDC".into();
        car.can_generation = "GEN3".into();
        car.services = services(&[12, 97, 27, 2021, 299, 303, 307, 366, 319, 202]);
        car.services.push(FakeService {
            id: 96,
            activation_state: "DEACTIVATED".into(),
            id_as_text: false,
        });
        let state = &mut car.state;
        state.plugged = true;
        state.level_percent = 80;
        state.capacity_kwh = 40.0;
        state.range_hvac_off_km = 190.0;
        state.range_hvac_on_km = 172.0;
        state.battery_temperature = 21.0;
        state.charge_power = 2;
        state.charging_power_kw = 6.6;
        state.plugged_at = Some(updated - time::Duration::hours(2));
        state.unplugged_at = Some(updated - time::Duration::hours(20));
        state.mileage_km = 45_210.0;
        car
    }

    /// A Nissan Ariya: v3 battery on the BFF with `canGen`, ids written as strings, the VIN
    /// listed in lower case, timestamps without seconds.
    pub fn ariya(vin: &str, updated: OffsetDateTime) -> Self {
        let mut car = Self::base(vin, "Ariya", updated);
        car.listed_vin = vin.to_ascii_lowercase();
        car.model_year = Some(2023);
        car.car_gateway = "CCS2".into();
        car.can_generation = "CCS2_AIVC".into();
        car.ccs_gen = "2".into();
        car.services = services(&[12, 97, 2021, 299, 303, 2042, 366, 319, 202, 747]);
        for service in &mut car.services {
            service.id_as_text = true;
        }
        car.profile.battery = BatteryApi::BffV3 { extended: true };
        car.profile.time_format = TimeFormat::Minutes;
        let state = &mut car.state;
        state.plugged = true;
        state.charging = true;
        state.level_percent = 55;
        state.capacity_kwh = 87.0;
        state.range_hvac_off_km = 260.0;
        state.range_hvac_on_km = 240.0;
        state.battery_temperature = 24.0;
        state.charge_power = 3;
        state.charging_power_kw = 11.0;
        state.plugged_at = Some(updated - time::Duration::minutes(45));
        state.mileage_km = 12_040.0;
        car
    }

    /// A 2025 Nissan Micra EV on a Renault gateway (RVG): v3 battery with the Micra fixture's
    /// fields and milliseconds, cockpit v1 → 501 and v2 answering, lock-status 404, no
    /// outside temperature. Its service list is the real one (no 303, 307, 2042 or 2021).
    pub fn micra(vin: &str, updated: OffsetDateTime) -> Self {
        let mut car = Self::base(vin, "MICRA", updated);
        car.model_year = Some(2025);
        car.car_gateway = "RVG".into();
        car.can_generation = "C1A_HS EVO".into();
        car.ccs_gen = "2".into();
        car.services = services(&[12, 97, 107, 202, 299, 308, 317, 319, 344, 366]);
        car.profile.battery = BatteryApi::BffV3 { extended: false };
        car.profile.cockpit_versions = vec![2];
        car.profile.lock_status = false;
        car.profile.external_temperature = false;
        car.profile.time_format = TimeFormat::Millis;
        let state = &mut car.state;
        state.level_percent = 64;
        state.capacity_kwh = 52.0;
        state.range_hvac_off_km = 250.0;
        state.range_hvac_on_km = 231.0;
        state.battery_temperature = 19.0;
        state.charge_power = 2;
        state.charging_power_kw = 11.0;
        state.mileage_km = 12_345.0;
        state.fuel_quantity_litres = Some(0.0);
        car
    }

    /// A petrol Nissan Qashqai: battery-status carries the range only, cockpit v1 with fuel
    /// values, remote engine start, timestamps with a +02:00 offset.
    pub fn qashqai(vin: &str, updated: OffsetDateTime) -> Self {
        let mut car = Self::base(vin, "Qashqai", updated);
        car.nickname = Some("Family car".into());
        car.model_year = Some(2022);
        car.car_gateway = "T3".into();
        car.can_generation = "ICE_CAN".into();
        car.ccs_gen = "1".into();
        car.services = services(&[12, 97, 96, 27, 878, 2021, 2042, 366, 202]);
        car.profile.battery = BatteryApi::V1RangeOnly;
        car.profile.time_format = TimeFormat::Offset(time::macros::offset!(+2));
        let state = &mut car.state;
        state.range_hvac_off_km = 540.0;
        state.range_hvac_on_km = 540.0;
        state.mileage_km = 30_100.0;
        state.fuel_autonomy_km = Some(540.0);
        state.fuel_quantity_litres = Some(38.5);
        state.fuel_level_percent = Some(70.0);
        state.fuel_low = Some(false);
        state.locked = false;
        state.hatch_open = true;
        car
    }

    /// Whether the service is listed and activated.
    pub fn has_service(&self, id: u32) -> bool {
        self.services
            .iter()
            .any(|s| s.id == id && s.activation_state == "ACTIVATED")
    }
}

use super::{on_engine, EnginePool};
use sqlx::FromRow;

use super::Db;
use crate::error::ServerResult;

/// One car in the manufacturer database.
#[derive(Debug, Clone, FromRow)]
pub struct VehicleRow {
    pub id: String,
    pub vin: String,
    pub model: String,
    pub model_year: i64,
    pub trim: String,
    /// JSON array of equipment names.
    pub equipment: String,
    pub market: String,
    pub telematics_unit: bool,
    pub sim_active: bool,
    pub firmware_version: String,
    pub first_registered_on: String,
    pub body_number: String,
    pub warranty_code: String,
    pub trial_ends_at: i64,
    pub premium_ends_at: Option<i64>,
    pub warranty_ends_at: i64,
    /// For a car from a connected NissanConnect account: the service's list of its services
    /// (JSON), which decides its entitlement table. `None` for cars of Keyfob's own database.
    pub services: Option<String>,
}

pub type NewVehicle = VehicleRow;

pub(super) const VEHICLE_COLUMNS: &str = "v.id, v.vin, v.model, v.model_year, v.trim, v.equipment, v.market, v.telematics_unit, v.sim_active, v.firmware_version, v.first_registered_on, v.body_number, v.warranty_code, v.trial_ends_at, v.premium_ends_at, v.warranty_ends_at, v.services";

impl Db {
    /// Adds a car unless its VIN is already known; `true` when it was added.
    pub async fn insert_vehicle_if_new(&self, vehicle: &NewVehicle) -> ServerResult<bool> {
        on_engine!(self, |pool| {
            let result = sqlx::query(&pool.sql("INSERT INTO vehicles (id, vin, model, model_year, trim, equipment, market, telematics_unit,
                sim_active, firmware_version, first_registered_on, body_number, warranty_code,
                trial_ends_at, premium_ends_at, warranty_ends_at, services)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (vin) DO NOTHING"))
            .bind(&vehicle.id)
            .bind(&vehicle.vin)
            .bind(&vehicle.model)
            .bind(vehicle.model_year)
            .bind(&vehicle.trim)
            .bind(&vehicle.equipment)
            .bind(&vehicle.market)
            .bind(vehicle.telematics_unit)
            .bind(vehicle.sim_active)
            .bind(&vehicle.firmware_version)
            .bind(&vehicle.first_registered_on)
            .bind(&vehicle.body_number)
            .bind(&vehicle.warranty_code)
            .bind(vehicle.trial_ends_at)
            .bind(vehicle.premium_ends_at)
            .bind(vehicle.warranty_ends_at)
            .bind(&vehicle.services)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Replaces a NissanConnect car's list of services (a fresh read of the owner's account).
    /// Cars of Keyfob's own database (no list) are left alone.
    pub async fn set_vehicle_services(&self, vin: &str, services_json: &str) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(
                &pool
                    .sql("UPDATE vehicles SET services = ? WHERE vin = ? AND services IS NOT NULL"),
            )
            .bind(services_json)
            .bind(vin)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn vehicle_by_vin(&self, vin: &str) -> ServerResult<Option<VehicleRow>> {
        on_engine!(self, |pool| {
            let sql = format!("SELECT {VEHICLE_COLUMNS} FROM vehicles v WHERE v.vin = ?");
            Ok(sqlx::query_as(&pool.sql(&sql))
                .bind(vin)
                .fetch_optional(pool)
                .await?)
        })
    }

    pub async fn set_premium_ends_at(&self, vehicle_id: &str, ends_at: i64) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE vehicles SET premium_ends_at = ? WHERE id = ?"))
                .bind(ends_at)
                .bind(vehicle_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}

impl Db {
    /// Refreshes a connected car's service list (and model), as NissanConnect lists it now.
    pub async fn update_vehicle_services(
        &self,
        vin: &str,
        model: &str,
        services: &str,
    ) -> ServerResult<()> {
        on_engine!(self, |pool| {
            sqlx::query(&pool.sql("UPDATE vehicles SET services = ?, model = ? WHERE vin = ? AND services IS NOT NULL"))
            .bind(services)
            .bind(model)
            .bind(vin)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

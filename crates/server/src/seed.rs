//! Loads the sandbox fleet and its accounts into a database. Safe to run on every start: cars
//! and accounts that exist already are left as they are.

use keyfob_core::account::Email;

use crate::{
    auth::{hash_password, new_id},
    clock::iso_date,
    db::{AccountRow, Db, NewVehicle},
    error::{ServerError, ServerResult},
    fleet::{FLEET, SEED_ACCOUNTS},
};

/// What a seeding run added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub accounts: usize,
    pub vehicles: usize,
}

pub async fn seed_sandbox(db: &Db, now: i64) -> ServerResult<SeedReport> {
    let mut report = SeedReport::default();
    for seed in SEED_ACCOUNTS {
        let email = Email::parse(seed.email)?;
        let key = email.normalized_key();
        if db.account_by_email_key(&key).await?.is_some() {
            continue;
        }
        let account = AccountRow {
            id: new_id("acc"),
            email: email.as_str().to_owned(),
            password_hash: hash_password(seed.password.to_owned()).await?,
            nickname: seed.nickname.to_owned(),
            region: seed.region.code().to_owned(),
            phone: None,
            email_confirmed_at: Some(now),
            created_at: now,
            phone_changed_at: None,
            pin_hash: None,
            pin_failures: 0,
        };
        if db.insert_account(&account, &key).await? {
            report.accounts += 1;
        }
    }
    for car in FLEET {
        let dates = car
            .seeded_dates(now)
            .ok_or_else(|| ServerError::Internal(format!("fleet dates of {}", car.vin)))?;
        let row = NewVehicle {
            id: new_id("veh"),
            vin: car.vin.to_owned(),
            model: car.model.to_owned(),
            model_year: i64::from(car.model_year),
            trim: car.trim.to_owned(),
            equipment: serde_json::to_string(car.equipment)
                .map_err(|e| ServerError::Internal(e.to_string()))?,
            market: car.market.code().to_owned(),
            telematics_unit: car.telematics_unit,
            sim_active: car.sim_active,
            firmware_version: car.firmware_version.to_owned(),
            first_registered_on: iso_date(dates.first_registered),
            body_number: car.body_number.to_owned(),
            warranty_code: car.warranty_code.to_owned(),
            trial_ends_at: dates.trial_ends_at,
            premium_ends_at: dates.premium_ends_at,
            warranty_ends_at: dates.warranty_ends_at,
            services: None,
        };
        if !db.insert_vehicle_if_new(&row).await? {
            continue;
        }
        report.vehicles += 1;
        if let Some(owner_email) = car.linked_to {
            let key = Email::parse(owner_email)?.normalized_key();
            let owner = db.account_by_email_key(&key).await?.ok_or_else(|| {
                ServerError::Internal(format!("fleet car linked to unknown account {owner_email}"))
            })?;
            // A car that changed hands long ago: linked, confirmed and synchronised.
            db.insert_link(&row.id, &owner.id, now).await?;
            db.confirm_link(&row.id, now, now, now - 1).await?;
        }
    }
    Ok(report)
}

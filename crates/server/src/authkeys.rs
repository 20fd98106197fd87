//! Head-unit authentication keys: made for the owner of an active car, entered at the car's
//! head unit (a sandbox endpoint stands for it), with the lock after three wrong entries and
//! the SMS code on firmware 3.0 and later. The key's shape and numbers are keyfob-core's.

use keyfob_core::{
    activation::ActivationState,
    api::authkey::{HeadUnitAnswer, KeyState, KeyView, NewKey},
    authkey::{
        firmware_needs_sms_code, grouped, key_from_random, normalize_entry, sms_code_from_random,
        KeyReason, KEY_VALID_SECONDS, MAX_CODES_PER_DAY, MAX_CODES_PER_KEY, MAX_KEYS_PER_DAY,
        MAX_LIVE_KEYS, MAX_WRONG_ENTRIES, NEW_PHONE_WAIT_SECONDS, SMS_CODE_TRIES,
        SMS_CODE_VALID_SECONDS,
    },
    ErrorCode,
};
use rand::{rngs::OsRng, Rng};

use crate::{
    auth::{hash_token, new_id, vehicle_not_found, Member},
    clock::rfc3339,
    db::{HeadUnitKeys, KeyRefused, KeyRow, NewKeyRow, VehicleRow},
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
    view,
};

fn reason_name(reason: KeyReason) -> &'static str {
    match reason {
        KeyReason::SoftwareUpdate => "software_update",
        KeyReason::HeadUnitReset => "head_unit_reset",
        KeyReason::NewDevice => "new_device",
    }
}

fn reason_of(name: &str) -> KeyReason {
    match name {
        "head_unit_reset" => KeyReason::HeadUnitReset,
        "new_device" => KeyReason::NewDevice,
        _ => KeyReason::SoftwareUpdate,
    }
}

pub fn key_view(row: &KeyRow, now: i64) -> KeyView {
    let state = if row.used_at.is_some() {
        KeyState::Used
    } else if row.revoked_at.is_some() {
        KeyState::Revoked
    } else if now >= row.expires_at {
        KeyState::Expired
    } else {
        KeyState::Live
    };
    KeyView {
        id: row.id.clone(),
        reason: reason_of(&row.reason),
        state,
        created_at: rfc3339(row.created_at),
        expires_at: rfc3339(row.expires_at),
        used_at: row.used_at.map(rfc3339),
    }
}

fn car_name(vehicle: &VehicleRow) -> String {
    format!("{} {}", vehicle.model_year, vehicle.model)
}

/// A code bound to its car, so a code's hash means nothing for another car.
fn code_hash(vehicle_id: &str, code: &str) -> String {
    hash_token(&format!("{vehicle_id}:{code}"))
}

/// The phone the SMS step will use. An owner without one is told to add it before a key that
/// could not be finished is made; a number changed in the last 24 hours gets no code yet.
async fn owner_phone(state: &AppState, owner_id: &str, now: i64) -> ServerResult<String> {
    let account = state.db.account_by_id(owner_id).await?;
    let Some((phone, changed_at)) = account.and_then(|a| Some((a.phone?, a.phone_changed_at)))
    else {
        return Err(ServerError::refused(
            ErrorCode::PhoneRequired,
            "This car's head unit asks for a code sent by SMS after the key. Add your phone \
             number in Account, then generate the key.",
        ));
    };
    if let Some(changed_at) = changed_at.filter(|&at| now < at + NEW_PHONE_WAIT_SECONDS) {
        let from = rfc3339(changed_at + NEW_PHONE_WAIT_SECONDS);
        return Err(ServerError::refused(
            ErrorCode::PhoneTooNew,
            format!(
                "The account's phone number changed less than 24 hours ago, so for your safety no \
                 head-unit code is sent to it before {} (UTC).",
                from.replace('T', " ").trim_end_matches('Z')
            ),
        ));
    }
    Ok(phone)
}

/// Makes a key for the owner's active car, emails it, and returns it this once.
pub async fn generate(state: &AppState, owner: &Member, reason: KeyReason) -> ServerResult<NewKey> {
    let now = state.now();
    let vehicle = &owner.link.vehicle;
    if view::activation_times(&owner.link).state_at(now) != ActivationState::Active {
        return Err(ServerError::refused(
            ErrorCode::VehicleNotActive,
            "This car is not active yet. Confirm the link on the car's screen and wait for it \
             to finish synchronising, then generate the key.",
        ));
    }
    if firmware_needs_sms_code(&vehicle.firmware_version) {
        owner_phone(state, &owner.caller.account_id, now).await?;
    }
    let key = key_from_random(|| OsRng.gen::<u8>());
    let id = new_id("key");
    let expires_at = now + KEY_VALID_SECONDS;
    let added = state
        .db
        .insert_key(
            &NewKeyRow {
                id: &id,
                vehicle_id: &vehicle.id,
                owner_id: &owner.caller.account_id,
                key_hash: &hash_token(&key),
                reason: reason_name(reason),
                now,
                expires_at,
            },
            MAX_LIVE_KEYS,
            MAX_KEYS_PER_DAY,
        )
        .await?;
    match added {
        Ok(()) => {}
        Err(KeyRefused::TooManyLive) => {
            return Err(ServerError::refused(
                ErrorCode::AuthKeyLimit,
                format!(
                    "This car already has {MAX_LIVE_KEYS} unused keys that are still valid. \
                     Use one of them, or wait until one expires."
                ),
            ))
        }
        Err(KeyRefused::TooManyToday) => {
            return Err(ServerError::refused(
                ErrorCode::AuthKeyDailyLimit,
                format!(
                    "A car gets at most {MAX_KEYS_PER_DAY} keys in 24 hours. Try again tomorrow."
                ),
            ))
        }
    }
    let shown = grouped(&key);
    let account = state
        .db
        .account_by_id(&owner.caller.account_id)
        .await?
        .ok_or_else(|| ServerError::Internal("the owner's account is gone".into()))?;
    state
        .mailer
        .email(
            Mail {
                to: account.email,
                subject: format!(
                    "Your head-unit authentication key for the {}",
                    car_name(vehicle)
                ),
                body: format!(
                    "Here is the key you asked for, for {}:\n\n    {shown}\n\n\
                     It works only in your {} (VIN ending {}), once, until {} (UTC).\n\
                     At the car's \"Enter authentication key\" prompt, type it without the \
                     spaces; capital and small letters matter. Three wrong entries lock the \
                     head unit until a Nissan service unlocks it.\n\n\
                     Never use a key generator or share this key. If you did not ask for it, \
                     change your Keyfob password.",
                    reason.describe(),
                    car_name(vehicle),
                    &vehicle.vin[vehicle.vin.len().saturating_sub(4)..],
                    rfc3339(expires_at).replace('T', " ").trim_end_matches('Z'),
                ),
                action: Some(key.clone()),
                secret_until: Some(expires_at),
            },
            now,
        )
        .await?;
    Ok(NewKey {
        id,
        key,
        grouped: shown,
        reason,
        created_at: rfc3339(now),
        expires_at: rfc3339(expires_at),
    })
}

/// The car behind a VIN typed at its own head unit.
async fn vehicle_at(state: &AppState, vin: &str) -> ServerResult<VehicleRow> {
    state
        .db
        .vehicle_by_vin(vin)
        .await?
        .ok_or_else(vehicle_not_found)
}

/// How often a head-unit entry reads its counters again when another entry wrote them first.
const CAS_ROUNDS: usize = 8;

fn busy() -> ServerError {
    ServerError::refused(
        ErrorCode::ServiceUnavailable,
        "The head unit is busy with another entry. Try again.",
    )
}

/// A person types a key at the head unit.
pub async fn enter_key(state: &AppState, vin: &str, typed: &str) -> ServerResult<HeadUnitAnswer> {
    let now = state.now();
    let vehicle = vehicle_at(state, vin).await?;
    let key = state
        .db
        .key_by_hash(&vehicle.id, &hash_token(&normalize_entry(typed)))
        .await?;
    for _ in 0..CAS_ROUNDS {
        let mut unit = state.db.head_unit_keys(&vehicle.id).await?;
        if unit.locked_at.is_some() {
            return Ok(HeadUnitAnswer::SystemLocked);
        }
        let usable =
            |k: &&KeyRow| k.used_at.is_none() && k.revoked_at.is_none() && now < k.expires_at;
        if let Some(key) = key.as_ref().filter(usable) {
            return accept_key(state, &vehicle, unit, key, now).await;
        }
        // A typo, another car's key, one used or revoked already, or an expired one.
        let expired = key
            .as_ref()
            .is_some_and(|k| k.used_at.is_none() && k.revoked_at.is_none());
        let answer = wrong_entry(&mut unit, now);
        if !state.db.set_head_unit_keys(&vehicle.id, &unit).await? {
            continue;
        }
        return match answer {
            None => {
                tell_owner_locked(state, &vehicle, now).await?;
                Ok(HeadUnitAnswer::SystemLocked)
            }
            Some(tries_left) if expired => Ok(HeadUnitAnswer::KeyExpired { tries_left }),
            Some(tries_left) => Ok(HeadUnitAnswer::InvalidKey { tries_left }),
        };
    }
    Err(busy())
}

/// Counts a wrong entry (a key or a code) towards the lock. The tries left, or `None` when
/// this one locked the head unit.
fn wrong_entry(unit: &mut HeadUnitKeys, now: i64) -> Option<u32> {
    unit.wrong_entries += 1;
    let tries_left = u32::try_from(i64::from(MAX_WRONG_ENTRIES) - unit.wrong_entries).unwrap_or(0);
    if tries_left > 0 {
        return Some(tries_left);
    }
    unit.locked_at = Some(now);
    clear_code(unit);
    None
}

fn clear_code(unit: &mut HeadUnitKeys) {
    unit.pending_key_id = None;
    unit.sms_code_hash = None;
    unit.sms_expires_at = None;
    unit.sms_tries = 0;
}

async fn accept_key(
    state: &AppState,
    vehicle: &VehicleRow,
    mut unit: HeadUnitKeys,
    key: &KeyRow,
    now: i64,
) -> ServerResult<HeadUnitAnswer> {
    unit.wrong_entries = 0;
    clear_code(&mut unit);
    if !firmware_needs_sms_code(&vehicle.firmware_version) {
        if !state.db.set_head_unit_keys(&vehicle.id, &unit).await? {
            return Err(busy());
        }
        return Ok(if state.db.use_key(&key.id, now).await? {
            HeadUnitAnswer::Accepted
        } else {
            HeadUnitAnswer::InvalidKey {
                tries_left: MAX_WRONG_ENTRIES,
            }
        });
    }
    let owner_id = state
        .db
        .link_owner(&vehicle.id)
        .await?
        .map(|(owner_id, _, _)| owner_id)
        .ok_or_else(vehicle_not_found)?;
    let phone = owner_phone(state, &owner_id, now).await?;
    if !state
        .db
        .count_code_sent(
            &vehicle.id,
            &key.id,
            now,
            i64::from(MAX_CODES_PER_KEY),
            i64::from(MAX_CODES_PER_DAY),
        )
        .await?
    {
        return Err(ServerError::refused(
            ErrorCode::SmsCodeLimit,
            format!(
                "No more codes now: a key gets at most {MAX_CODES_PER_KEY} codes and a car \
                 {MAX_CODES_PER_DAY} a day. Generate a new key in the app, or try again tomorrow."
            ),
        ));
    }
    let code = sms_code_from_random(|| OsRng.gen::<u8>());
    unit.pending_key_id = Some(key.id.clone());
    unit.sms_code_hash = Some(code_hash(&vehicle.id, &code));
    unit.sms_expires_at = Some(now + SMS_CODE_VALID_SECONDS);
    if !state.db.set_head_unit_keys(&vehicle.id, &unit).await? {
        return Err(busy());
    }
    state
        .mailer
        .sms(
            Mail {
                to: phone.clone(),
                subject: String::new(),
                body: format!(
                    "Keyfob: {code} is the code your {} asks for after its key. It is valid \
                     for 10 minutes. Never give it to anyone.",
                    car_name(vehicle)
                ),
                action: Some(code),
                secret_until: Some(now + SMS_CODE_VALID_SECONDS),
            },
            now,
        )
        .await?;
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    Ok(HeadUnitAnswer::SmsCodeRequired {
        phone_hint: format!("ending {}", &digits[digits.len().saturating_sub(2)..]),
    })
}

/// A person types the SMS code the head unit asked for. A wrong code counts against its key
/// (revoked after three) and towards the head unit's lock; a new code does not reset either.
pub async fn enter_code(state: &AppState, vin: &str, typed: &str) -> ServerResult<HeadUnitAnswer> {
    let now = state.now();
    let vehicle = vehicle_at(state, vin).await?;
    for _ in 0..CAS_ROUNDS {
        let mut unit = state.db.head_unit_keys(&vehicle.id).await?;
        if unit.locked_at.is_some() {
            return Ok(HeadUnitAnswer::SystemLocked);
        }
        let (Some(key_id), Some(expected), Some(expires_at)) = (
            unit.pending_key_id.clone(),
            unit.sms_code_hash.clone(),
            unit.sms_expires_at,
        ) else {
            return Err(ServerError::refused(
                ErrorCode::NoCodePending,
                "The head unit is not waiting for a code. Enter the key first.",
            ));
        };
        if now >= expires_at {
            clear_code(&mut unit);
            if !state.db.set_head_unit_keys(&vehicle.id, &unit).await? {
                continue;
            }
            return Ok(HeadUnitAnswer::CodeExpired);
        }
        if code_hash(&vehicle.id, &normalize_entry(typed)) == expected {
            clear_code(&mut unit);
            if !state.db.set_head_unit_keys(&vehicle.id, &unit).await? {
                continue;
            }
            return Ok(if state.db.use_key(&key_id, now).await? {
                HeadUnitAnswer::Accepted
            } else {
                HeadUnitAnswer::KeyRevoked
            });
        }
        let lock = wrong_entry(&mut unit, now);
        if !state.db.set_head_unit_keys(&vehicle.id, &unit).await? {
            continue;
        }
        let max = i64::from(SMS_CODE_TRIES);
        let wrong_codes = state.db.count_wrong_code(&key_id, now, max).await?;
        let Some(tries_left) = lock else {
            tell_owner_locked(state, &vehicle, now).await?;
            return Ok(HeadUnitAnswer::SystemLocked);
        };
        if wrong_codes >= max {
            // The key is revoked; the code waiting for it goes with it.
            let mut unit = state.db.head_unit_keys(&vehicle.id).await?;
            if unit.pending_key_id.as_deref() == Some(key_id.as_str()) {
                clear_code(&mut unit);
                state.db.set_head_unit_keys(&vehicle.id, &unit).await?;
            }
            return Ok(HeadUnitAnswer::KeyRevoked);
        }
        let for_key = u32::try_from(max - wrong_codes).unwrap_or(0);
        return Ok(HeadUnitAnswer::InvalidCode {
            tries_left: tries_left.min(for_key),
        });
    }
    Err(busy())
}

/// The dealer's service tool: lifts the lock and clears the count of wrong entries.
pub async fn dealer_unlock(state: &AppState, vin: &str) -> ServerResult<()> {
    let vehicle = vehicle_at(state, vin).await?;
    state.db.reset_head_unit_keys(&vehicle.id).await
}

async fn tell_owner_locked(state: &AppState, vehicle: &VehicleRow, now: i64) -> ServerResult<()> {
    let Some(recipient) = state.db.alert_recipient(&vehicle.id).await? else {
        return Ok(());
    };
    state
        .mailer
        .email(
            Mail {
                to: recipient.email,
                subject: format!("The head unit of your {} is locked", car_name(vehicle)),
                body: format!(
                    "Someone entered a wrong authentication key {MAX_WRONG_ENTRIES} times in a \
                     row at your {}, so its head unit has locked key entry. Only a Nissan \
                     service can unlock it (disconnecting the battery does not help). If it was \
                     not you, change your Keyfob password.",
                    car_name(vehicle)
                ),
                action: None,
                secret_until: None,
            },
            now,
        )
        .await
}

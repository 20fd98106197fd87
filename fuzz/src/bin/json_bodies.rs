//! Every JSON body the server accepts: the first byte picks the type, the rest is the body.
//! Each is deserialised as the `ApiJson<T>` extractor does and then checked with the same
//! keyfob-core rules its handler runs before touching the database.

use keyfob_core::account::{validate_password, Email, Nickname, Phone};
use keyfob_core::api::account::{
    ChangePasswordRequest, EmailRequest, LoginRequest, PasswordConfirmation, PinRequest,
    RefreshRequest, RegisterRequest, ResetPasswordRequest, SetPinRequest, TokenRequest,
    UpdateProfileRequest,
};
use keyfob_core::api::authkey::{KeyEntry, NewKeyRequest};
use keyfob_core::api::geofence::{AlertSettings, ZoneRequest};
use keyfob_core::api::sandbox::CarControl;
use keyfob_core::api::vehicle::{LinkVehicleRequest, PurchasePremiumRequest, VinRequest};
use keyfob_core::authkey::normalize_entry;
use keyfob_core::command::{
    check_pin_format, engine_start_problems, validate_waypoints, CommandKind, EngineStartFacts,
    RemoteStartBudget,
};
use keyfob_core::subscription::PREMIUM_YEARS;
use keyfob_core::Vin;
use keyfob_fuzz::shown;
use serde::{de::DeserializeOwned, Serialize};

/// The body as the server reads it; what it reads, a client must be able to send back as is.
fn body<T: DeserializeOwned + Serialize>(json: &[u8]) -> Option<T> {
    let value: T = serde_json::from_slice(json).ok()?;
    let sent = serde_json::to_vec(&value).expect("a request serialises");
    let _: T = serde_json::from_slice(&sent).expect("a serialised request deserialises");
    Some(value)
}

/// What `POST /v1/vehicles/{id}/commands` checks a remote start against when the car's last
/// status allows everything: only the climate target can refuse.
const READY: EngineStartFacts = EngineStartFacts {
    telematics_online: true,
    ignition_on: false,
    in_park: true,
    hood_open: false,
    door_open: false,
    all_locked: true,
    hazards_on: false,
    alarm_triggered: false,
    battery_12v_millivolts: 12_600,
    energy_percent: 80,
    engine_running: false,
    budget: RemoteStartBudget { used: 0 },
};

fn phone(phone: Option<&str>) {
    if let Some(phone) = phone.map(str::trim).filter(|p| !p.is_empty()) {
        shown(Phone::parse(phone));
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&pick, json)) = data.split_first() else {
            return;
        };
        match pick % 20 {
            // POST /v1/accounts
            0 => {
                let Some(r) = body::<RegisterRequest>(json) else {
                    return;
                };
                shown(Email::parse(&r.email));
                shown(validate_password(&r.password));
                shown(Nickname::parse(&r.nickname));
                phone(r.phone.as_deref());
                let _ = r.region.code();
            }
            // POST /v1/accounts/resend-confirmation, /forgot-password, /v1/vehicles/{id}/drivers
            1 => {
                let Some(r) = body::<EmailRequest>(json) else {
                    return;
                };
                shown(Email::parse(&r.email));
            }
            // POST /v1/accounts/confirm-email
            2 => {
                let _ = body::<TokenRequest>(json);
            }
            // POST /v1/sessions
            3 => {
                let Some(r) = body::<LoginRequest>(json) else {
                    return;
                };
                shown(Email::parse(&r.email));
            }
            // POST /v1/sessions/refresh
            4 => {
                let Some(r) = body::<RefreshRequest>(json) else {
                    return;
                };
                let _ = r.refresh_token.trim();
            }
            // POST /v1/accounts/reset-password
            5 => {
                let Some(r) = body::<ResetPasswordRequest>(json) else {
                    return;
                };
                shown(validate_password(&r.new_password));
            }
            // POST /v1/me/password
            6 => {
                let Some(r) = body::<ChangePasswordRequest>(json) else {
                    return;
                };
                shown(validate_password(&r.new_password));
            }
            // PATCH /v1/me
            7 => {
                let Some(r) = body::<UpdateProfileRequest>(json) else {
                    return;
                };
                if let Some(nickname) = &r.nickname {
                    shown(Nickname::parse(nickname));
                }
                phone(r.phone.as_deref());
            }
            // POST /v1/me/password/verify, DELETE /v1/me, DELETE /v1/vehicles/{id}
            8 => {
                let _ = body::<PasswordConfirmation>(json);
            }
            // POST /v1/vehicles/lookup
            9 => {
                let Some(r) = body::<VinRequest>(json) else {
                    return;
                };
                shown(Vin::parse(&r.vin));
            }
            // POST /v1/vehicles
            10 => {
                let Some(r) = body::<LinkVehicleRequest>(json) else {
                    return;
                };
                shown(Vin::parse(&r.vin));
            }
            // POST /v1/vehicles/{id}/subscription/premium
            11 => {
                let Some(r) = body::<PurchasePremiumRequest>(json) else {
                    return;
                };
                let _ = PREMIUM_YEARS.contains(&r.years);
            }
            // POST /v1/vehicles/{id}/auth-keys
            12 => {
                let Some(r) = body::<NewKeyRequest>(json) else {
                    return;
                };
                let _ = r.reason.describe();
            }
            // POST /v1/sandbox/head-unit/{vin}/key and /sms-code
            13 => {
                let Some(r) = body::<KeyEntry>(json) else {
                    return;
                };
                let _ = normalize_entry(&r.typed);
            }
            // POST /v1/vehicles/{id}/zones, PUT /v1/vehicles/{id}/zones/{zone_id}
            14 => {
                let Some(r) = body::<ZoneRequest>(json) else {
                    return;
                };
                if let Some(name) = shown(r.validate()) {
                    assert!(!name.is_empty() && name == name.trim());
                    let _ = r.as_zone("zone");
                }
            }
            // PUT /v1/vehicles/{id}/alert-settings
            15 => {
                let Some(r) = body::<AlertSettings>(json) else {
                    return;
                };
                if shown(r.validate()).is_some() {
                    let _ = r.rules();
                }
            }
            // POST /v1/vehicles/{id}/commands
            16 => {
                let Some(kind) = body::<CommandKind>(json) else {
                    return;
                };
                let _ = (kind.feature(), kind.time_to_live_seconds(), kind.label());
                match &kind {
                    CommandKind::SendDestination { waypoints } => {
                        shown(validate_waypoints(waypoints));
                    }
                    CommandKind::EngineStart { climate_target_c } => {
                        let problems = engine_start_problems(&READY, *climate_target_c);
                        assert!(problems.len() <= 1, "{problems:?}");
                    }
                    _ => {}
                }
            }
            // PUT /v1/me/pin
            17 => {
                let Some(r) = body::<SetPinRequest>(json) else {
                    return;
                };
                shown(check_pin_format(&r.pin));
            }
            // POST /v1/me/pin/verify
            18 => {
                let Some(r) = body::<PinRequest>(json) else {
                    return;
                };
                shown(check_pin_format(&r.pin));
            }
            // POST /v1/sandbox/cars/{vin}/control
            _ => {
                let Some(control) = body::<CarControl>(json) else {
                    return;
                };
                shown(control.validate());
            }
        }
    });
}

//! Looking up a VIN, linking a car with a proof of ownership, and what an owner does with it.

use axum::{extract::State, http::StatusCode, Json};
use keyfob_core::{
    account::Region,
    activation::{ActivationState, CONFIRM_WINDOW_SECONDS},
    api::{
        account::PasswordConfirmation,
        vehicle::{
            LinkVehicleRequest, OwnershipProof, ProofKind, PurchasePremiumRequest, Vehicle,
            VehicleLookup, VinRequest,
        },
        Done,
    },
    entitlement::FeatureEntitlement,
    subscription::PREMIUM_YEARS,
    vin::{mask_vin, Vin},
    ApiError, ErrorCode,
};

use super::{
    me::{caller_account, require_password},
    ApiJson, Created,
};
use crate::{
    auth::{Caller, Member, Owner},
    clock::{add_years, iso_date, parse_iso_date},
    db::{LinkRow, VehicleRow},
    error::{ServerError, ServerResult},
    mail::Mail,
    state::AppState,
    throttle::{self, LOOKUPS_PER_ACCOUNT},
    view,
};

/// Five wrong proofs for one car lock linking it, for that account, for an hour.
pub const PROOF_ATTEMPTS: usize = 5;
pub const PROOF_LOCK_SECONDS: i64 = 60 * 60;

/// Counts a lookup or link attempt: the manufacturer database answers only so many a person
/// could need, never a walk through it.
pub(crate) async fn count_lookup(state: &AppState, account_id: &str) -> ServerResult<()> {
    throttle::reserve(
        &state.db,
        &[LOOKUPS_PER_ACCOUNT.on(account_id)],
        state.now(),
        ErrorCode::TooManyAttempts,
        |wait| {
            format!(
                "Too many vehicle lookups from this account. Try again in {} min.",
                wait.div_ceil(60)
            )
        },
    )
    .await
    .map(drop)
}

/// Finds a VIN in the database of the caller's region, with the refusals every linking step shares.
async fn find_in_region(
    state: &AppState,
    vin: &str,
    region: Region,
) -> ServerResult<(Vin, VehicleRow)> {
    let vin = Vin::parse(vin)?;
    let row = state.db.vehicle_by_vin(vin.as_str()).await?.ok_or_else(|| {
        ServerError::refused(
            ErrorCode::VehicleNotInDatabase,
            format!(
                "{} is not in the {} vehicle database. Check the VIN on the registration certificate; if it is right, ask a Nissan dealer to register the car for connected services.",
                vin.masked(),
                region.name()
            ),
        )
    })?;
    let market = view::region(&row.market)?;
    if market != region {
        return Err(ServerError::refused(
            ErrorCode::MarketMismatch,
            format!(
                "This {} was sold for the {} market, and cars can only be linked to an account of their own market. Your account is registered in {}.",
                row.model,
                market.name(),
                region.name()
            ),
        ));
    }
    Ok((vin, row))
}

#[utoipa::path(post, path = "/v1/vehicles/lookup", tag = "vehicles", security(("bearer" = [])), request_body = VinRequest,
    responses((status = 200, body = VehicleLookup), (status = 422, body = ApiError)))]
pub async fn lookup(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<VinRequest>,
) -> ServerResult<Json<VehicleLookup>> {
    let account = caller_account(&state, &caller).await?;
    count_lookup(&state, &account.id).await?;
    let (vin, row) = find_in_region(&state, &request.vin, view::region(&account.region)?).await?;
    Ok(Json(view::lookup(&vin, &row)?))
}

#[utoipa::path(get, path = "/v1/vehicles", tag = "vehicles", security(("bearer" = [])),
    responses((status = 200, body = Vec<Vehicle>), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ServerResult<Json<Vec<Vehicle>>> {
    let now = state.now();
    let links = state.db.member_vehicles(&caller.account_id).await?;
    Ok(Json(
        links
            .iter()
            .map(|link| view::vehicle(link, now))
            .collect::<ServerResult<_>>()?,
    ))
}

#[utoipa::path(post, path = "/v1/vehicles", tag = "vehicles", security(("bearer" = [])), request_body = LinkVehicleRequest,
    responses((status = 201, body = Vehicle), (status = 409, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn link(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<LinkVehicleRequest>,
) -> ServerResult<Created<Vehicle>> {
    let account = caller_account(&state, &caller).await?;
    count_lookup(&state, &account.id).await?;
    let (_, row) = find_in_region(&state, &request.vin, view::region(&account.region)?).await?;
    if !row.telematics_unit {
        return Err(ServerError::refused(
            ErrorCode::NoTelematicsUnit,
            format!("This {} has no telematics unit, so it cannot use connected services. A Nissan dealer can tell you whether one can be fitted.", row.model),
        ));
    }
    if !row.sim_active {
        return Err(ServerError::refused(
            ErrorCode::SimNotActivated,
            "The car's connectivity SIM has not been activated yet. A Nissan dealer activates it; then link the car again.",
        ));
    }
    let now = state.now();
    // The proof comes first: whether a car is linked, and to whom, is nobody's business but its
    // owner's.
    check_proof(&state, &account.id, &row, &request.proof, now).await?;
    if let Some((owner_id, linked_at, confirmed_at)) = state.db.link_owner(&row.id).await? {
        if owner_id == account.id {
            return Err(ServerError::refused(
                ErrorCode::VehicleAlreadyYours,
                "This car is already linked to your account.",
            ));
        }
        let abandoned = confirmed_at.is_none() && now >= linked_at + CONFIRM_WINDOW_SECONDS;
        if !abandoned {
            return Err(already_linked());
        }
        // Nobody confirmed that link in the car within a day: it holds the car no longer.
        state.db.erase_link(&row.id).await?;
        state.hub.access_changed(&row.id);
    }
    if !state.db.insert_link(&row.id, &account.id, now).await? {
        return Err(already_linked());
    }
    state.db.clear_wrong_proofs(&account.id, &row.id).await?;
    state.hub.access_changed(&row.id);
    // The car sends its first status to its new account in the background.
    let gateway = state.cars.clone();
    let vin = row.vin.clone();
    tokio::spawn(async move {
        let _ = gateway.request_status(&vin).await;
    });
    linked(&state, &account.id, &row.id, now).await
}

/// The answer to a link just made: the car as its new owner sees it.
pub(crate) async fn linked(
    state: &AppState,
    account_id: &str,
    vehicle_id: &str,
    now: i64,
) -> ServerResult<Created<Vehicle>> {
    let link = state
        .db
        .member_vehicle(account_id, vehicle_id)
        .await?
        .ok_or_else(|| ServerError::Internal("link vanished".into()))?;
    Ok(Created(StatusCode::CREATED, view::vehicle(&link, now)?))
}

fn already_linked() -> ServerError {
    ServerError::refused(
        ErrorCode::VehicleAlreadyLinked,
        "This car is linked to another owner. If you bought it used, the previous owner must remove it from their account, or a Nissan dealer can transfer it to you.",
    )
}

/// Compares the proof with the database, counting wrong ones towards the one-hour lock.
async fn check_proof(
    state: &AppState,
    account_id: &str,
    row: &VehicleRow,
    proof: &OwnershipProof,
    now: i64,
) -> ServerResult<()> {
    let recent = state
        .db
        .wrong_proofs_since(account_id, &row.id, now - PROOF_LOCK_SECONDS)
        .await?;
    if recent.len() >= PROOF_ATTEMPTS {
        return Err(proof_locked(&recent, now));
    }
    let matches = match proof.kind {
        ProofKind::BodyNumber => compact(&proof.value) == compact(&row.body_number),
        ProofKind::WarrantyCode => compact(&proof.value) == compact(&row.warranty_code),
        ProofKind::FirstRegistration => {
            let given = parse_iso_date(proof.value.trim()).ok_or_else(|| {
                ServerError::refused(
                    ErrorCode::ProofInvalid,
                    "Write the date of first registration as YYYY-MM-DD, for example 2021-03-15.",
                )
            })?;
            Some(given) == parse_iso_date(&row.first_registered_on)
        }
    };
    if matches {
        return Ok(());
    }
    state
        .db
        .record_wrong_proof(account_id, &row.id, now)
        .await?;
    let left = PROOF_ATTEMPTS - recent.len() - 1;
    if left == 0 {
        let mut recent = recent;
        recent.push(now);
        return Err(proof_locked(&recent, now));
    }
    let what = match proof.kind {
        ProofKind::BodyNumber => "body number",
        ProofKind::FirstRegistration => "date of first registration",
        ProofKind::WarrantyCode => "warranty-book security code",
    };
    Err(ServerError::refused(
        ErrorCode::ProofWrong,
        format!(
            "That {what} does not match this car's records. Check the registration certificate or warranty book. {left} {} left before linking this car is locked for an hour.",
            if left == 1 { "try" } else { "tries" }
        ),
    ))
}

fn proof_locked(recent: &[i64], now: i64) -> ServerError {
    let oldest_counted = recent[recent.len() - PROOF_ATTEMPTS];
    let wait = (oldest_counted + PROOF_LOCK_SECONDS - now).max(1);
    let minutes = (wait + 59) / 60;
    ServerError::throttled(
        ErrorCode::ProofLocked,
        format!("Too many wrong proofs for this car. Try again in {minutes} min, with the details from the registration certificate or the warranty book."),
        u32::try_from(wait).unwrap_or(u32::MAX),
    )
}

/// Upper case without spaces or hyphens, as papers print these numbers in varied ways.
fn compact(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .flat_map(char::to_uppercase)
        .collect()
}

#[utoipa::path(get, path = "/v1/vehicles/{id}", tag = "vehicles", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vehicle), (status = 404, body = ApiError)))]
pub async fn get(State(state): State<AppState>, member: Member) -> ServerResult<Json<Vehicle>> {
    Ok(Json(view::vehicle(&member.link, state.now())?))
}

#[utoipa::path(get, path = "/v1/vehicles/{id}/entitlements", tag = "vehicles", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vec<FeatureEntitlement>), (status = 404, body = ApiError)))]
pub async fn entitlements(
    State(state): State<AppState>,
    member: Member,
) -> ServerResult<Json<Vec<FeatureEntitlement>>> {
    Ok(Json(view::vehicle(&member.link, state.now())?.entitlements))
}

#[utoipa::path(delete, path = "/v1/vehicles/{id}", tag = "vehicles", security(("bearer" = [])), request_body = PasswordConfirmation,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Done), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn remove(
    State(state): State<AppState>,
    Owner(owner): Owner,
    ApiJson(request): ApiJson<PasswordConfirmation>,
) -> ServerResult<Json<Done>> {
    let account = caller_account(&state, &owner.caller).await?;
    require_password(&state, &account, request.password).await?;
    let vehicle = &owner.link.vehicle;
    state.db.erase_link(&vehicle.id).await?;
    state.hub.access_changed(&vehicle.id);
    let car = view::car_label(vehicle);
    state
        .mailer
        .email(
            Mail::notice(
                &account.email,
                format!("Your {car} was removed from Keyfob"),
                format!(
                    "You removed your {car} from your Keyfob account. Its drivers, zones, alerts, \
                     head-unit keys and history are erased, and remote services stop. If you \
                     sold it, reset its head unit to factory settings so the next owner starts \
                     clean. If you did not do this, change your password now."
                ),
            ),
            state.now(),
        )
        .await?;
    Ok(Json(Done::new(format!(
        "The {} was removed from your account, with its drivers, zones, alerts, keys and history.",
        vehicle.model
    ))))
}

#[utoipa::path(post, path = "/v1/vehicles/{id}/activation", tag = "vehicles", security(("bearer" = [])),
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vehicle), (status = 409, body = ApiError)))]
pub async fn restart_activation(
    State(state): State<AppState>,
    Owner(owner): Owner,
) -> ServerResult<Json<Vehicle>> {
    let now = state.now();
    if view::activation_times(&owner.link).state_at(now) != ActivationState::Expired {
        return Err(ServerError::refused(
            ErrorCode::ActivationNotExpired,
            "The activation has not expired, so there is nothing to restart.",
        ));
    }
    state
        .db
        .restart_activation(&owner.link.vehicle.id, now)
        .await?;
    reload(&state, &owner.caller, &owner.link, now).await
}

#[utoipa::path(post, path = "/v1/vehicles/{id}/subscription/premium", tag = "vehicles", security(("bearer" = [])), request_body = PurchasePremiumRequest,
    params(("id" = String, Path, description = "The vehicle's id")),
    responses((status = 200, body = Vehicle), (status = 422, body = ApiError)))]
pub async fn purchase_premium(
    State(state): State<AppState>,
    Owner(owner): Owner,
    ApiJson(request): ApiJson<PurchasePremiumRequest>,
) -> ServerResult<Json<Vehicle>> {
    super::sandbox::require_sandbox(&state)?;
    if !PREMIUM_YEARS.contains(&request.years) {
        return Err(ServerError::refused(
            ErrorCode::PremiumYears,
            format!(
                "Premium is sold for {} to {} years at a time.",
                PREMIUM_YEARS.start(),
                PREMIUM_YEARS.end()
            ),
        ));
    }
    let now = state.now();
    let row = &owner.link.vehicle;
    // A renewal adds to the end of Premium still running, never overlapping it.
    let start = row.premium_ends_at.filter(|&end| end > now).unwrap_or(now);
    let ends_at = add_years(start, i32::from(request.years));
    state.db.set_premium_ends_at(&row.id, ends_at).await?;
    let account = caller_account(&state, &owner.caller).await?;
    state
        .mailer
        .email(
            Mail {
                to: account.email,
                subject: format!("Premium for your {} until {}", row.model, iso_date(ends_at)),
                body: format!(
                    "Thank you. Premium connected services for your {} ({}) now run until {}. This was a sandbox purchase: nothing was charged.",
                    row.model,
                    mask_vin(&row.vin),
                    iso_date(ends_at)
                ),
                action: None,
                secret_until: None,
            },
            now,
        )
        .await?;
    reload(&state, &owner.caller, &owner.link, now).await
}

pub(super) async fn reload(
    state: &AppState,
    caller: &Caller,
    link: &LinkRow,
    now: i64,
) -> ServerResult<Json<Vehicle>> {
    let link = state
        .db
        .member_vehicle(&caller.account_id, &link.vehicle.id)
        .await?
        .ok_or_else(crate::auth::vehicle_not_found)?;
    Ok(Json(view::vehicle(&link, now)?))
}

//! The one error enum of keyfob-core and the stable machine codes that cross every boundary.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code. The wire form (snake_case) never changes once released:
/// the UI, the tests and other clients branch on it. The human message travels beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    VinLength,
    VinForbiddenLetter,
    VinInvalidCharacter,
    VinCheckDigit,
    VinNotNissan,
    VinModelYear,
    EmailInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordNoCapital,
    PasswordCommon,
    NicknameLength,
    NicknameCharacter,
    RegionUnknown,
    PhoneInvalid,
    BadRequest,
    PayloadTooLarge,
    RouteNotFound,
    MethodNotAllowed,
    Unauthenticated,
    TokenExpired,
    SessionRevoked,
    SessionExpired,
    RefreshTokenInvalid,
    RefreshTokenReused,
    InvalidCredentials,
    TooManyAttempts,
    EmailNotConfirmed,
    ConfirmationTokenInvalid,
    ConfirmationTokenExpired,
    ResendTooSoon,
    ResetTokenInvalid,
    ResetTokenExpired,
    WrongPassword,
    PasswordUnchanged,
    VehicleNotFound,
    OwnerOnly,
    VehicleNotInDatabase,
    MarketMismatch,
    NoTelematicsUnit,
    SimNotActivated,
    VehicleAlreadyLinked,
    VehicleAlreadyYours,
    ProofWrong,
    ProofLocked,
    ProofInvalid,
    InvitationNotFound,
    DriverAlreadyAdded,
    CannotInviteSelf,
    DriverNotFound,
    OwnerCannotLeave,
    ActivationNotPending,
    ActivationNotExpired,
    PremiumYears,
    SandboxOnly,
    SandboxControlInvalid,
    SandboxControlRefused,
    ServiceUnavailable,
    RequestTimeout,
    WaypointCount,
    WaypointName,
    WaypointPosition,
    ZoneRadius,
    ZoneVertices,
    ZonePosition,
    ZoneSelfIntersecting,
    ZoneAntimeridian,
    ZoneSchedule,
    ZoneName,
    ZoneLimit,
    ZoneNotFound,
    CurfewSchedule,
    SpeedLimit,
    AuthKeyLimit,
    AuthKeyDailyLimit,
    PhoneRequired,
    VehicleNotActive,
    NoCodePending,
    ClimateTargetRange,
    VehicleOffline,
    EngineAlreadyRunning,
    IgnitionOn,
    NotInPark,
    HoodOpen,
    DoorOpen,
    DoorsUnlocked,
    HazardsOn,
    AlarmTriggered,
    BatteryLow,
    FuelLow,
    RemoteStartLimit,
    RefreshTooSoon,
    CommandRateLimited,
    IdempotencyKeyMissing,
    IdempotencyKeyReused,
    FeatureLocked,
    FeatureUnsupported,
    CommandNotFound,
    StatusUnavailable,
    ServerBusy,
    VehicleReportedStolen,
    VehicleNotReportedStolen,
    StepUpRequired,
    PhoneTooNew,
    SmsCodeLimit,
    PinNotSet,
    WrongPin,
    PinFormat,
    PinDisabled,
    LaunchSecretRequired,
    HostNotAllowed,
    NotElectric,
    NotPluggedIn,
    AlreadyCharging,
    NotCharging,
    ChargeComplete,
    ClimateStartTime,
    ClimateChargeLow,
    ClimateNotOn,
    NissanconnectCredentials,
    NissanconnectLocked,
    NissanconnectIncomplete,
    NissanconnectUnavailable,
    NissanconnectReconnect,
    NissanconnectNotConnected,
    NissanconnectNotEnabled,
    NissanconnectCarNotInAccount,
    /// The route exists only in the app's personal mode (one owner, their NissanConnect cars).
    PersonalOnly,
    /// Not in personal mode: there are no other accounts (registration, drivers) there.
    PersonalMode,
    /// Something failed that the person cannot fix; details are logged, never shown.
    Internal,
}

impl ErrorCode {
    /// The wire form of the code, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VinLength => "vin_length",
            Self::VinForbiddenLetter => "vin_forbidden_letter",
            Self::VinInvalidCharacter => "vin_invalid_character",
            Self::VinCheckDigit => "vin_check_digit",
            Self::VinNotNissan => "vin_not_nissan",
            Self::VinModelYear => "vin_model_year",
            Self::EmailInvalid => "email_invalid",
            Self::PasswordTooShort => "password_too_short",
            Self::PasswordTooLong => "password_too_long",
            Self::PasswordNoCapital => "password_no_capital",
            Self::PasswordCommon => "password_common",
            Self::NicknameLength => "nickname_length",
            Self::NicknameCharacter => "nickname_character",
            Self::RegionUnknown => "region_unknown",
            Self::PhoneInvalid => "phone_invalid",
            Self::BadRequest => "bad_request",
            Self::PayloadTooLarge => "payload_too_large",
            Self::RouteNotFound => "route_not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Unauthenticated => "unauthenticated",
            Self::TokenExpired => "token_expired",
            Self::SessionRevoked => "session_revoked",
            Self::SessionExpired => "session_expired",
            Self::RefreshTokenInvalid => "refresh_token_invalid",
            Self::RefreshTokenReused => "refresh_token_reused",
            Self::InvalidCredentials => "invalid_credentials",
            Self::TooManyAttempts => "too_many_attempts",
            Self::EmailNotConfirmed => "email_not_confirmed",
            Self::ConfirmationTokenInvalid => "confirmation_token_invalid",
            Self::ConfirmationTokenExpired => "confirmation_token_expired",
            Self::ResendTooSoon => "resend_too_soon",
            Self::ResetTokenInvalid => "reset_token_invalid",
            Self::ResetTokenExpired => "reset_token_expired",
            Self::WrongPassword => "wrong_password",
            Self::PasswordUnchanged => "password_unchanged",
            Self::VehicleNotFound => "vehicle_not_found",
            Self::OwnerOnly => "owner_only",
            Self::VehicleNotInDatabase => "vehicle_not_in_database",
            Self::MarketMismatch => "market_mismatch",
            Self::NoTelematicsUnit => "no_telematics_unit",
            Self::SimNotActivated => "sim_not_activated",
            Self::VehicleAlreadyLinked => "vehicle_already_linked",
            Self::VehicleAlreadyYours => "vehicle_already_yours",
            Self::ProofWrong => "proof_wrong",
            Self::ProofLocked => "proof_locked",
            Self::ProofInvalid => "proof_invalid",
            Self::InvitationNotFound => "invitation_not_found",
            Self::DriverAlreadyAdded => "driver_already_added",
            Self::CannotInviteSelf => "cannot_invite_self",
            Self::DriverNotFound => "driver_not_found",
            Self::OwnerCannotLeave => "owner_cannot_leave",
            Self::ActivationNotPending => "activation_not_pending",
            Self::ActivationNotExpired => "activation_not_expired",
            Self::PremiumYears => "premium_years",
            Self::SandboxOnly => "sandbox_only",
            Self::SandboxControlInvalid => "sandbox_control_invalid",
            Self::SandboxControlRefused => "sandbox_control_refused",
            Self::ServiceUnavailable => "service_unavailable",
            Self::RequestTimeout => "request_timeout",
            Self::WaypointCount => "waypoint_count",
            Self::WaypointName => "waypoint_name",
            Self::WaypointPosition => "waypoint_position",
            Self::ZoneRadius => "zone_radius",
            Self::ZoneVertices => "zone_vertices",
            Self::ZonePosition => "zone_position",
            Self::ZoneSelfIntersecting => "zone_self_intersecting",
            Self::ZoneAntimeridian => "zone_antimeridian",
            Self::ZoneSchedule => "zone_schedule",
            Self::ZoneName => "zone_name",
            Self::ZoneLimit => "zone_limit",
            Self::ZoneNotFound => "zone_not_found",
            Self::CurfewSchedule => "curfew_schedule",
            Self::SpeedLimit => "speed_limit",
            Self::AuthKeyLimit => "auth_key_limit",
            Self::AuthKeyDailyLimit => "auth_key_daily_limit",
            Self::PhoneRequired => "phone_required",
            Self::VehicleNotActive => "vehicle_not_active",
            Self::NoCodePending => "no_code_pending",
            Self::ClimateTargetRange => "climate_target_range",
            Self::VehicleOffline => "vehicle_offline",
            Self::EngineAlreadyRunning => "engine_already_running",
            Self::IgnitionOn => "ignition_on",
            Self::NotInPark => "not_in_park",
            Self::HoodOpen => "hood_open",
            Self::DoorOpen => "door_open",
            Self::DoorsUnlocked => "doors_unlocked",
            Self::HazardsOn => "hazards_on",
            Self::AlarmTriggered => "alarm_triggered",
            Self::BatteryLow => "battery_low",
            Self::FuelLow => "fuel_low",
            Self::RemoteStartLimit => "remote_start_limit",
            Self::RefreshTooSoon => "refresh_too_soon",
            Self::CommandRateLimited => "command_rate_limited",
            Self::IdempotencyKeyMissing => "idempotency_key_missing",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::FeatureLocked => "feature_locked",
            Self::FeatureUnsupported => "feature_unsupported",
            Self::CommandNotFound => "command_not_found",
            Self::StatusUnavailable => "status_unavailable",
            Self::ServerBusy => "server_busy",
            Self::VehicleReportedStolen => "vehicle_reported_stolen",
            Self::VehicleNotReportedStolen => "vehicle_not_reported_stolen",
            Self::StepUpRequired => "step_up_required",
            Self::PhoneTooNew => "phone_too_new",
            Self::SmsCodeLimit => "sms_code_limit",
            Self::PinNotSet => "pin_not_set",
            Self::WrongPin => "wrong_pin",
            Self::PinFormat => "pin_format",
            Self::PinDisabled => "pin_disabled",
            Self::LaunchSecretRequired => "launch_secret_required",
            Self::HostNotAllowed => "host_not_allowed",
            Self::NotElectric => "not_electric",
            Self::NotPluggedIn => "not_plugged_in",
            Self::AlreadyCharging => "already_charging",
            Self::NotCharging => "not_charging",
            Self::ChargeComplete => "charge_complete",
            Self::ClimateStartTime => "climate_start_time",
            Self::ClimateChargeLow => "climate_charge_low",
            Self::ClimateNotOn => "climate_not_on",
            Self::NissanconnectCredentials => "nissanconnect_credentials",
            Self::NissanconnectLocked => "nissanconnect_locked",
            Self::NissanconnectIncomplete => "nissanconnect_incomplete",
            Self::NissanconnectUnavailable => "nissanconnect_unavailable",
            Self::NissanconnectReconnect => "nissanconnect_reconnect",
            Self::NissanconnectNotConnected => "nissanconnect_not_connected",
            Self::NissanconnectNotEnabled => "nissanconnect_not_enabled",
            Self::NissanconnectCarNotInAccount => "nissanconnect_car_not_in_account",
            Self::PersonalOnly => "personal_only",
            Self::PersonalMode => "personal_mode",
            Self::Internal => "internal",
        }
    }

    /// The form field an error belongs to, so a screen shows it next to that field. One table
    /// for every form: a code means the same field wherever it comes from.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::EmailInvalid => Some("email"),
            Self::PasswordTooShort
            | Self::PasswordTooLong
            | Self::PasswordNoCapital
            | Self::PasswordCommon
            | Self::PasswordUnchanged => Some("password"),
            Self::WrongPassword => Some("currentPassword"),
            Self::NicknameLength | Self::NicknameCharacter => Some("nickname"),
            Self::RegionUnknown => Some("region"),
            Self::PhoneInvalid => Some("phone"),
            Self::VinLength
            | Self::VinForbiddenLetter
            | Self::VinInvalidCharacter
            | Self::VinCheckDigit
            | Self::VinNotNissan
            | Self::VinModelYear => Some("vin"),
            Self::ProofWrong | Self::ProofInvalid => Some("proof"),
            Self::ConfirmationTokenInvalid
            | Self::ConfirmationTokenExpired
            | Self::ResetTokenInvalid
            | Self::ResetTokenExpired => Some("code"),
            Self::ZoneName => Some("name"),
            Self::ZoneRadius => Some("radius"),
            Self::ZoneVertices
            | Self::ZonePosition
            | Self::ZoneSelfIntersecting
            | Self::ZoneAntimeridian => Some("shape"),
            Self::ZoneSchedule => Some("schedule"),
            Self::CurfewSchedule => Some("curfew"),
            Self::SpeedLimit => Some("speedLimit"),
            Self::WrongPin | Self::PinFormat => Some("pin"),
            Self::NissanconnectCredentials => Some("password"),
            _ => None,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an error crosses a boundary (HTTP body, IPC result): a stable code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// For throttling errors: how long to wait before trying again, so a screen can count down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u32>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after_seconds: None,
        }
    }

    pub fn with_retry_after(mut self, seconds: u32) -> Self {
        self.retry_after_seconds = Some(seconds);
        self
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

/// Every rule keyfob-core can refuse. Positions are 1-based, as printed on the car.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("A VIN has 17 characters; this one has {found}.")]
    VinLength { found: usize },
    #[error("Position {position}: the letter {letter} is never used in a VIN (it looks like {looks_like}). Check the registration certificate.")]
    VinForbiddenLetter {
        position: u8,
        letter: char,
        looks_like: &'static str,
    },
    #[error(
        "Position {position}: \"{character}\" is not allowed; a VIN has only letters and digits."
    )]
    VinInvalidCharacter { position: u8, character: char },
    #[error("Position 9: the check digit should be {expected} for the other 16 characters, but it is {found}. One of the characters is probably mistyped.")]
    VinCheckDigit { expected: char, found: char },
    #[error("{}", not_nissan_message(wmi, manufacturer.as_deref()))]
    VinNotNissan {
        wmi: String,
        manufacturer: Option<String>,
    },
    #[error(
        "Position 10: \"{character}\" is not a model-year code (0, U and Z are never used there)."
    )]
    VinModelYear { character: char },
    #[error("{reason}")]
    EmailInvalid { reason: &'static str },
    #[error("The password needs at least {min} characters; it has {found}. Add a word or two to make it longer.")]
    PasswordTooShort { min: usize, found: usize },
    #[error("The password can have at most {max} characters; it has {found}. Shorten it.")]
    PasswordTooLong { max: usize, found: usize },
    #[error("The password needs at least one capital letter, such as A, B or C (capitals of other alphabets count too).")]
    PasswordNoCapital,
    #[error("This password is one of the 10,000 most common ones and would be guessed quickly. Choose another.")]
    PasswordCommon,
    #[error("A nickname has {min}–{max} characters; this one has {found}.")]
    NicknameLength {
        min: usize,
        max: usize,
        found: usize,
    },
    #[error("{}", nickname_character_message(*character))]
    NicknameCharacter { character: char },
    #[error("{}", region_unknown_message(given))]
    RegionUnknown { given: String },
    #[error("{reason}")]
    PhoneInvalid { reason: &'static str },
    #[error("A destination has 1 to {max} waypoints; this one has {found}.")]
    WaypointCount { max: usize, found: usize },
    #[error("Waypoint {number} needs a name of 1–{max} characters.")]
    WaypointName { number: usize, max: usize },
    #[error("Waypoint {number} is not on the map: latitude runs from -90 to 90 and longitude from -180 to 180.")]
    WaypointPosition { number: usize },
    #[error("A circle's radius runs from {min} m to {max} km; this one is {given} m.", max = max / 1000)]
    ZoneRadius { min: u32, max: u32, given: i64 },
    #[error("A zone's outline has {min} to {max} corners; this one has {found}.")]
    ZoneVertices {
        min: usize,
        max: usize,
        found: usize,
    },
    #[error("Point {number} of the zone is not on the map: latitude runs from -90 to 90 and longitude from -180 to 180.")]
    ZonePosition { number: usize },
    #[error("The zone's outline crosses itself (sides {first} and {second}). Draw it as one loop without crossings; a zone cannot have holes.")]
    ZoneSelfIntersecting { first: usize, second: usize },
    #[error("The zone spans more than half the globe in longitude or crosses the 180° meridian. Split it into two zones, one on each side.")]
    ZoneAntimeridian,
    #[error("{reason}")]
    ZoneSchedule { reason: String },
    #[error("Give the zone a name of 1–{max} characters; alerts use it.")]
    ZoneName { max: usize },
    #[error("{reason}")]
    CurfewSchedule { reason: String },
    #[error("A speed alert's limit runs from {min} to {max} km/h; this one is {given} km/h.")]
    SpeedLimit { min: u16, max: u16, given: u16 },
    #[error("The PIN is exactly {digits} digits, 0–9.")]
    PinFormat { digits: usize },
    #[error("{reason}")]
    SandboxControlInvalid { reason: String },
    #[error("{}", engine_start_message(*.0))]
    EngineStart(crate::command::EngineStartRefusal),
    #[error("{}", crate::command::ev_message(*.0))]
    Ev(crate::command::EvRefusal),
}

fn engine_start_message(refusal: crate::command::EngineStartRefusal) -> String {
    use crate::command::{EngineStartRefusal as R, CLIMATE_MAX_C, CLIMATE_MIN_C};
    match refusal {
        R::ClimateTarget { given } => format!("Choose a climate target from {CLIMATE_MIN_C} to {CLIMATE_MAX_C} °C, not {given} °C."),
        R::Offline => "The car is out of mobile coverage, so it cannot be reached. Try again when it is parked where a phone has signal.".into(),
        R::AlreadyRunning => "The engine is already running. You can extend the run once, or stop it.".into(),
        R::IgnitionOn => "The ignition is on. Remote start works only with the ignition off.".into(),
        R::NotInPark => "The car is not in Park. Put the selector in P.".into(),
        R::HoodOpen => "The hood (bonnet) is open. Close it firmly.".into(),
        R::DoorOpen => "A door, the tailgate or the boot is open. Close it.".into(),
        R::DoorsUnlocked => "The car is unlocked. Lock it first (you can lock it from Keyfob).".into(),
        R::HazardsOn => "The hazard lights are on. Switch them off.".into(),
        R::AlarmTriggered => "The alarm was triggered. Check the car, then unlock and lock it to reset the alarm.".into(),
        // Truncated, not rounded: 11,999 mV must not read as the 12.0 V it falls short of.
        R::BatteryLow { millivolts } => format!("The 12 V battery is at {}.{:02} V; remote start needs at least 12.0 V. Drive the car or charge the battery.", millivolts / 1000, millivolts % 1000 / 10),
        R::FuelLow { percent } => format!("Fuel or charge is critically low ({percent} %). Refuel or charge before a remote start."),
        R::LimitReached => "The car allows two remote starts (or a start and an extension) between drives. Switch the ignition on and off in the car to reset it.".into(),
    }
}

fn engine_start_code(refusal: crate::command::EngineStartRefusal) -> ErrorCode {
    use crate::command::EngineStartRefusal as R;
    match refusal {
        R::ClimateTarget { .. } => ErrorCode::ClimateTargetRange,
        R::Offline => ErrorCode::VehicleOffline,
        R::AlreadyRunning => ErrorCode::EngineAlreadyRunning,
        R::IgnitionOn => ErrorCode::IgnitionOn,
        R::NotInPark => ErrorCode::NotInPark,
        R::HoodOpen => ErrorCode::HoodOpen,
        R::DoorOpen => ErrorCode::DoorOpen,
        R::DoorsUnlocked => ErrorCode::DoorsUnlocked,
        R::HazardsOn => ErrorCode::HazardsOn,
        R::AlarmTriggered => ErrorCode::AlarmTriggered,
        R::BatteryLow { .. } => ErrorCode::BatteryLow,
        R::FuelLow { .. } => ErrorCode::FuelLow,
        R::LimitReached => ErrorCode::RemoteStartLimit,
    }
}

fn not_nissan_message(wmi: &str, manufacturer: Option<&str>) -> String {
    match manufacturer {
        Some(maker) => format!(
            "Positions 1–3 ({wmi}) identify a {maker} vehicle. Keyfob works only with Nissan vehicles."
        ),
        None => format!(
            "Positions 1–3 ({wmi}) are not a Nissan manufacturer code. Check the first three characters."
        ),
    }
}

fn nickname_character_message(character: char) -> String {
    let named = match character {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_whitespace() => format!("a special space (U+{:04X})", u32::from(c)),
        c if c.is_control() || is_invisible(c) => {
            format!("an invisible character (U+{:04X})", u32::from(c))
        }
        c => format!("\"{c}\""),
    };
    format!(
        "A nickname may only use letters, digits, \"_\", \".\" and \"-\"; {named} is not allowed. Remove it or replace it with one of those."
    )
}

/// Format characters that print as nothing, so naming them in quotes would show `""`.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn region_unknown_message(given: &str) -> String {
    if given.is_empty() {
        "Choose the region you live in: EU, UK, US, CA, JP or RU.".to_owned()
    } else {
        format!(
            "\"{given}\" is not a region Keyfob serves. Choose one of EU, UK, US, CA, JP or RU."
        )
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::VinLength { .. } => ErrorCode::VinLength,
            Self::VinForbiddenLetter { .. } => ErrorCode::VinForbiddenLetter,
            Self::VinInvalidCharacter { .. } => ErrorCode::VinInvalidCharacter,
            Self::VinCheckDigit { .. } => ErrorCode::VinCheckDigit,
            Self::VinNotNissan { .. } => ErrorCode::VinNotNissan,
            Self::VinModelYear { .. } => ErrorCode::VinModelYear,
            Self::EmailInvalid { .. } => ErrorCode::EmailInvalid,
            Self::PasswordTooShort { .. } => ErrorCode::PasswordTooShort,
            Self::PasswordTooLong { .. } => ErrorCode::PasswordTooLong,
            Self::PasswordNoCapital => ErrorCode::PasswordNoCapital,
            Self::PasswordCommon => ErrorCode::PasswordCommon,
            Self::NicknameLength { .. } => ErrorCode::NicknameLength,
            Self::NicknameCharacter { .. } => ErrorCode::NicknameCharacter,
            Self::RegionUnknown { .. } => ErrorCode::RegionUnknown,
            Self::PhoneInvalid { .. } => ErrorCode::PhoneInvalid,
            Self::WaypointCount { .. } => ErrorCode::WaypointCount,
            Self::WaypointName { .. } => ErrorCode::WaypointName,
            Self::WaypointPosition { .. } => ErrorCode::WaypointPosition,
            Self::ZoneRadius { .. } => ErrorCode::ZoneRadius,
            Self::ZoneVertices { .. } => ErrorCode::ZoneVertices,
            Self::ZonePosition { .. } => ErrorCode::ZonePosition,
            Self::ZoneSelfIntersecting { .. } => ErrorCode::ZoneSelfIntersecting,
            Self::ZoneAntimeridian => ErrorCode::ZoneAntimeridian,
            Self::ZoneSchedule { .. } => ErrorCode::ZoneSchedule,
            Self::ZoneName { .. } => ErrorCode::ZoneName,
            Self::CurfewSchedule { .. } => ErrorCode::CurfewSchedule,
            Self::SpeedLimit { .. } => ErrorCode::SpeedLimit,
            Self::PinFormat { .. } => ErrorCode::PinFormat,
            Self::SandboxControlInvalid { .. } => ErrorCode::SandboxControlInvalid,
            Self::EngineStart(refusal) => engine_start_code(*refusal),
            Self::Ev(refusal) => crate::command::ev_code(*refusal),
        }
    }

    /// The 1-based VIN position the error is about, where there is one.
    pub fn position(&self) -> Option<u8> {
        match self {
            Self::VinForbiddenLetter { position, .. }
            | Self::VinInvalidCharacter { position, .. } => Some(*position),
            Self::VinCheckDigit { .. } => Some(9),
            Self::VinModelYear { .. } => Some(10),
            _ => None,
        }
    }
}

impl From<&Error> for ApiError {
    fn from(error: &Error) -> Self {
        ApiError::new(error.code(), error.to_string())
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        ApiError::from(&error)
    }
}

#[cfg(test)]
mod field_tests {
    use super::ErrorCode;

    #[test]
    fn form_errors_name_their_field_and_others_none() {
        assert_eq!(ErrorCode::EmailInvalid.field(), Some("email"));
        assert_eq!(ErrorCode::PasswordCommon.field(), Some("password"));
        assert_eq!(ErrorCode::NicknameLength.field(), Some("nickname"));
        assert_eq!(ErrorCode::PhoneInvalid.field(), Some("phone"));
        assert_eq!(ErrorCode::VinCheckDigit.field(), Some("vin"));
        assert_eq!(ErrorCode::ProofWrong.field(), Some("proof"));
        assert_eq!(ErrorCode::ResetTokenExpired.field(), Some("code"));
        assert_eq!(ErrorCode::SimNotActivated.field(), None);
        assert_eq!(ErrorCode::Internal.field(), None);
    }
}

//! Who is calling: password hashing, opaque tokens, and the extractors that turn a bearer token
//! (and a vehicle id) into an authenticated caller with a role.

mod extract;
mod password;
mod tokens;

pub use extract::{
    authenticate, member_of, require_link_state, require_owner, vehicle_not_found, Caller, Member,
    Owner,
};
pub use password::{hash_password, verify_password, ARGON2_PARAMS, MAX_CONCURRENT_HASHES};
pub use tokens::{hash_token, new_id, new_token, same_secret};

/// Access tokens live 15 minutes; a session (the refresh-token family) 30 days at most.
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
pub const SESSION_SECONDS: i64 = 30 * 24 * 60 * 60;
/// Email confirmation links last a day, password reset links an hour.
pub const CONFIRM_EMAIL_SECONDS: i64 = 24 * 60 * 60;
pub const RESET_PASSWORD_SECONDS: i64 = 60 * 60;
/// A step-up (the password or PIN checked by the server) covers unlock and engine start this long.
pub const STEP_UP_SECONDS: i64 = keyfob_core::command::IDENTITY_FRESH_SECONDS as i64;

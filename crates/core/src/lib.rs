//! Keyfob's domain rules, written once and called by the server and the app alike.
//!
//! Everything here is pure: no I/O, no clock, no async. Types that cross the IPC boundary derive
//! `specta::Type` behind the `specta` feature so the app can generate TypeScript for them.

pub mod account;
pub mod activation;
pub mod api;
pub mod authkey;
pub mod command;
pub mod entitlement;
pub mod error;
pub mod geo;
pub mod geofence;
pub mod health;
pub mod status;
pub mod subscription;
pub mod vin;

pub use error::{ApiError, Error, ErrorCode};
pub use vin::{check_vin_input, DecodedVin, Generation, Vin, VinIssue, VinReport};

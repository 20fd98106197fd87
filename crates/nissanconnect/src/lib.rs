//! A typed async client for Nissan's European connected-car service (NissanConnect, built on
//! Renault–Nissan's Kamereon platform, with the MyNISSAN OneID login), and with the `fake`
//! feature a fake of that service for tests.
//!
//! ```no_run
//! # async fn demo() -> Result<(), keyfob_nissanconnect::Error> {
//! use keyfob_nissanconnect::{Endpoints, NissanConnect, Session};
//! let client = NissanConnect::new(Endpoints::europe()?)?;
//! let tokens = client.sign_in("driver@example.com", "password").await?;
//! let session = Session::new(client, tokens);
//! let user_id = session.user_id().await?;
//! for car in session.cars(&user_id).await? {
//!     let battery = session.battery(&car).await?;
//!     println!("{}: {:?} %", car.vin, battery.level_percent);
//! }
//! // Store `session.tokens()` if it changed: calls may have refreshed them.
//! # Ok(()) }
//! ```
//!
//! Remote lock and unlock are not offered: they need the SRP PIN enrolment of a trusted device.

pub mod action;
pub mod auth;
pub mod cars;
mod client;
mod clock;
mod endpoints;
mod error;
#[cfg(feature = "fake")]
pub mod fake;
mod http;
mod session;
pub mod status;
mod timefmt;

pub use action::{ActionAccepted, ActionState, ActionStatus, HornLights, CLIMATE_TEMPERATURES};
pub use auth::Tokens;
pub use cars::{service, Car, ServiceState};
pub use client::{Config, NissanConnect};
pub use clock::{Clock, ManualClock};
pub use endpoints::Endpoints;
pub use error::Error;
pub use session::Session;
pub use status::{
    BatterySource, BatteryStatus, ChargePower, CockpitStatus, HvacStatus, Location, LockState,
    LockStatus, OpenState,
};
pub use url::Url;

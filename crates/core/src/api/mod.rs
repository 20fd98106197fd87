//! The JSON the server and its clients exchange. One definition serves the server's handlers,
//! keyfob-client, the OpenAPI document and the app's TypeScript bindings.
//!
//! Conventions: fields are camelCase; instants are RFC 3339 strings in UTC (`…At`); calendar
//! dates are `YYYY-MM-DD` (`…On`); requests refuse unknown fields, so a typo in a client is an
//! error rather than a silently ignored value.

/// `Debug` that prints only the type's name, for requests that carry a password or a token.
macro_rules! debug_without_secrets {
    ($($ty:ident),* $(,)?) => {$(
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($ty), " { .. }"))
            }
        }
    )*};
}

pub mod account;
pub mod authkey;
pub mod command;
pub mod geofence;
pub mod nissanconnect;
pub mod sandbox;
pub mod vehicle;

use serde::{Deserialize, Serialize};

/// A plain acknowledgement with a sentence for the person, for calls that return no resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Done {
    pub message: String,
}

impl Done {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

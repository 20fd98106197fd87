//! Account rules: what an owner may register with (email, password, nickname, region).
//!
//! The server enforces them and the app checks them live with the same code, so an owner never
//! sees a form accepted on the phone and refused by the server.

mod email;
mod nickname;
mod password;
mod phone;
mod region;

pub use email::Email;
pub use nickname::{Nickname, NICKNAME_MAX_CHARS, NICKNAME_MIN_CHARS};
pub use password::{
    check_password, validate_password, PasswordReport, PasswordRule, PasswordRuleCode,
    PasswordStrength, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS,
};
pub use phone::Phone;
pub use region::Region;

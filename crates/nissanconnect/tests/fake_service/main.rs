//! The client against the fake NissanConnect service. One test binary, so the workspace links
//! once.

mod actions;
mod common;
mod reads;
mod sign_in;
mod tokens;

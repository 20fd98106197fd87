//! End-to-end scenarios: the built app, driven through WebDriver. Each test is one scenario with
//! its own data folder and drivers (see the harness in `src/`).

mod account;
mod auth_keys;
mod charging;
mod commands;
mod dashboard;
mod drivers;
mod geofences;
mod local_store;
mod offline;
mod password_check;
mod personal;
mod responsive;
mod theft;
mod vehicles;
mod vin_check;
mod welcome;

/// Every IPC command of the app, as the ACL and the capability files name them.
pub const COMMANDS: &[&str] = &["vin_check", "password_check", "backend_info"];

//! What kind of device the app runs on, so a screen can offer what only a phone has (the
//! camera's barcode scanner, the phone's location service) and keep desktop paths on desktop.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DeviceOs {
    Linux,
    Windows,
    Macos,
    Android,
    Ios,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceKind {
    pub mobile: bool,
    pub os: DeviceOs,
}

/// The device this build runs on, fixed at compile time.
pub fn this_device() -> DeviceKind {
    let os = if cfg!(target_os = "android") {
        DeviceOs::Android
    } else if cfg!(target_os = "ios") {
        DeviceOs::Ios
    } else if cfg!(target_os = "linux") {
        DeviceOs::Linux
    } else if cfg!(windows) {
        DeviceOs::Windows
    } else if cfg!(target_os = "macos") {
        DeviceOs::Macos
    } else {
        DeviceOs::Other
    };
    DeviceKind {
        mobile: matches!(os, DeviceOs::Android | DeviceOs::Ios),
        os,
    }
}

#[tauri::command]
#[specta::specta]
pub fn device_kind() -> DeviceKind {
    this_device()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desktop_build_says_it_is_not_a_phone() {
        let device = this_device();
        assert!(!device.mobile);
        #[cfg(target_os = "linux")]
        assert_eq!(device.os, DeviceOs::Linux);
    }
}

//! What the app sends to third parties about the car: map tiles come from OpenStreetMap, whose
//! servers then learn the area the map shows (around the car). The person decides, once, and can
//! change it in Account.

use serde::Serialize;
use tauri::State;

use crate::backend::Backend;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MapPrivacy {
    /// Whether map tiles may be fetched; `None` until the person chose (the map shows its plain
    /// grid and asks).
    pub tiles_allowed: Option<bool>,
}

#[tauri::command]
#[specta::specta]
pub fn map_privacy(backend: State<'_, Backend>) -> MapPrivacy {
    MapPrivacy {
        tiles_allowed: backend.local().map_tiles(),
    }
}

#[tauri::command]
#[specta::specta]
pub fn set_map_tiles(backend: State<'_, Backend>, allowed: bool) -> MapPrivacy {
    backend.local().set_map_tiles(allowed);
    MapPrivacy {
        tiles_allowed: Some(allowed),
    }
}

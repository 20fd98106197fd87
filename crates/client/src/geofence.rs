//! Geofences, curfew, speed alert and the alert history of a car (owner only).

use keyfob_core::api::{
    geofence::{AlertEntry, AlertSettings, ZoneRequest, ZoneView},
    Done,
};
use reqwest::Method;

use crate::{Client, ClientError};

impl Client {
    pub async fn zones(&self, vehicle_id: &str) -> Result<Vec<ZoneView>, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles", vehicle_id, "zones"], None)
            .await
    }

    pub async fn create_zone(
        &self,
        vehicle_id: &str,
        zone: &ZoneRequest,
    ) -> Result<ZoneView, ClientError> {
        self.authed(
            Method::POST,
            &["v1", "vehicles", vehicle_id, "zones"],
            Some(zone),
        )
        .await
    }

    pub async fn update_zone(
        &self,
        vehicle_id: &str,
        zone_id: &str,
        zone: &ZoneRequest,
    ) -> Result<ZoneView, ClientError> {
        self.authed(
            Method::PUT,
            &["v1", "vehicles", vehicle_id, "zones", zone_id],
            Some(zone),
        )
        .await
    }

    pub async fn delete_zone(&self, vehicle_id: &str, zone_id: &str) -> Result<Done, ClientError> {
        self.authed::<(), _>(
            Method::DELETE,
            &["v1", "vehicles", vehicle_id, "zones", zone_id],
            None,
        )
        .await
    }

    /// The car's alerts, newest first, up to `limit` (1–100); `before` (an entry's `seq`) asks
    /// for the page after the one that ended with it.
    pub async fn alerts(
        &self,
        vehicle_id: &str,
        before: Option<i64>,
        limit: u8,
    ) -> Result<Vec<AlertEntry>, ClientError> {
        let mut query = vec![("limit", limit.to_string())];
        if let Some(before) = before {
            query.push(("before", before.to_string()));
        }
        self.authed_with_query(
            Method::GET,
            &["v1", "vehicles", vehicle_id, "alerts"],
            &query,
        )
        .await
    }

    /// The owner's curfew, speed alert and email choice for the car.
    pub async fn alert_settings(&self, vehicle_id: &str) -> Result<AlertSettings, ClientError> {
        self.authed::<(), _>(
            Method::GET,
            &["v1", "vehicles", vehicle_id, "alert-settings"],
            None,
        )
        .await
    }

    pub async fn set_alert_settings(
        &self,
        vehicle_id: &str,
        settings: &AlertSettings,
    ) -> Result<AlertSettings, ClientError> {
        self.authed(
            Method::PUT,
            &["v1", "vehicles", vehicle_id, "alert-settings"],
            Some(settings),
        )
        .await
    }
}

//! Geofences of a car (owner only).

use keyfob_core::api::{
    geofence::{AlertEntry, ZoneRequest, ZoneView},
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

    /// The car's newest geofence alerts (up to 20), newest first. Older pages:
    /// `GET /v1/vehicles/{id}/alerts?before=<seq>`.
    pub async fn alerts(&self, vehicle_id: &str) -> Result<Vec<AlertEntry>, ClientError> {
        self.authed::<(), _>(Method::GET, &["v1", "vehicles", vehicle_id, "alerts"], None)
            .await
    }
}

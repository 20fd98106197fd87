//! The gateway of a server with no car connection configured: every car is out of reach, so
//! commands expire honestly instead of pretending to be sent.

use super::{CarReport, Delivery, GatewayError, TelematicsGateway};

#[derive(Debug, Default)]
pub struct OfflineGateway;

#[async_trait::async_trait]
impl TelematicsGateway for OfflineGateway {
    async fn deliver(&self, _vin: &str, _delivery: Delivery) -> Result<(), GatewayError> {
        Err(GatewayError::Unreachable)
    }

    async fn request_status(&self, _vin: &str) -> Result<(), GatewayError> {
        Err(GatewayError::Unreachable)
    }

    async fn reachable(&self, _vin: &str) -> bool {
        false
    }

    fn take_reports(&self) -> Option<tokio::sync::mpsc::Receiver<CarReport>> {
        None
    }
}

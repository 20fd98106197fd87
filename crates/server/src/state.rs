use std::sync::Arc;

use crate::{
    config::ServerConfig, db::Db, error::ServerResult, live::EventHub, mail::Mailer,
    nissanconnect::NissanConnectGateway, remote::Remote, simulator::Simulator,
    telematics::TelematicsGateway, throttle::Throttles,
};

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<ServerConfig>,
    pub throttles: Arc<Throttles>,
    pub mailer: Mailer,
    pub hub: EventHub,
    pub remote: Remote,
    /// The cars, reached only through this seam.
    pub cars: Arc<dyn TelematicsGateway>,
    /// The sandbox's simulated cars, for the sandbox controls; `None` in server mode.
    pub simulator: Option<Arc<Simulator>>,
    /// The owners' NissanConnect connections, when the cars are reached through it.
    pub nissanconnect: Option<Arc<NissanConnectGateway>>,
}

impl AppState {
    /// Wires the parts together and starts consuming the cars' reports. Needs a Tokio runtime.
    pub fn new(
        db: Db,
        config: ServerConfig,
        gateway: Arc<dyn TelematicsGateway>,
        simulator: Option<Arc<Simulator>>,
    ) -> ServerResult<Self> {
        let mailer = Mailer::new(db.clone(), config.smtp.as_ref(), config.sandbox)?;
        let hub = EventHub::new(db.clone());
        let reports = gateway.take_reports();
        let remote = Remote::new(
            db.clone(),
            hub.clone(),
            mailer.clone(),
            gateway.clone(),
            config.clock.clone(),
            config.time_scale,
        );
        if let Some(reports) = reports {
            remote.consume_reports(reports);
        }
        // Ten commands per ten minutes of car time, like every other car time in the sandbox.
        let command_window = i64::try_from(remote.real(600.0).as_secs()).unwrap_or(600);
        Ok(Self {
            db,
            config: Arc::new(config),
            throttles: Arc::new(Throttles::with_command_window(command_window)),
            mailer,
            hub,
            remote,
            cars: gateway,
            simulator,
            nissanconnect: None,
        })
    }

    /// Unix seconds by the configured clock.
    pub fn now(&self) -> i64 {
        self.config.clock.now()
    }

    /// Removes what must not be kept: secrets in the sandbox's outbox once they no longer work,
    /// counted attempts older than any limit's window, and events, alerts and the status history
    /// past the retention period.
    pub async fn maintain(&self) -> ServerResult<()> {
        let now = self.now();
        self.db.redact_expired_messages(now).await?;
        self.db
            .prune_attempts(now - crate::throttle::LONGEST_PERSISTED_WINDOW)
            .await?;
        let retention = i64::from(self.config.retention_days.max(1)) * 24 * 60 * 60;
        self.db.prune_history(now - retention).await?;
        Ok(())
    }
}

use std::sync::Arc;

use crate::{config::ServerConfig, db::Db, error::ServerResult, mail::Mailer, throttle::Throttles};

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<ServerConfig>,
    pub throttles: Arc<Throttles>,
    pub mailer: Mailer,
}

impl AppState {
    pub fn new(db: Db, config: ServerConfig) -> ServerResult<Self> {
        let mailer = Mailer::new(db.clone(), config.smtp.as_ref())?;
        Ok(Self {
            db,
            config: Arc::new(config),
            throttles: Arc::new(Throttles::default()),
            mailer,
        })
    }

    /// Unix seconds by the configured clock.
    pub fn now(&self) -> i64 {
        self.config.clock.now()
    }
}

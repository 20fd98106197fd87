//! Reading cars: the schedule of stored-value reads (never waking a car), "Refresh from car"
//! (which wakes it, at most once per [`super::WAKE_EVERY_SECONDS`]), and the telematics seam.

use std::sync::{Arc, Weak};

use keyfob_core::command::CommandKind;
use keyfob_nissanconnect::{service, Car, Error as NissanError, Session};
use tokio::sync::mpsc;

use super::{
    entitlement::is_electric, gateway_error, lock, model_of, outcome, snapshot,
    NissanConnectGateway, WAKE_EVERY_SECONDS,
};
use crate::telematics::{CarReport, Delivery, GatewayError, TelematicsGateway};

impl NissanConnectGateway {
    /// Starts the schedule: every `read_every`, each linked car's stored values are read.
    pub fn start(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let weak = Arc::downgrade(self);
        let every = self.settings.read_every;
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            loop {
                ticks.tick().await;
                let Some(gateway) = Weak::upgrade(&weak) else {
                    return;
                };
                gateway.read_all().await;
            }
        })
    }

    /// One scheduled round over every linked car, unless the service asked to be left alone.
    pub async fn read_all(&self) {
        if self.quiet().is_some() {
            return;
        }
        let cars = match self.db.linked_nissanconnect_cars().await {
            Ok(cars) => cars,
            Err(error) => {
                tracing::error!(%error, "connected cars not listed");
                return;
            }
        };
        for (account_id, _, json) in cars {
            let Ok(car) = super::parse_car(&json) else {
                continue;
            };
            // One car failing (or a whole account's session ending) does not stop the others.
            let _ = self.read_car(&account_id, &car).await;
        }
    }

    /// Reads a car's stored values (this never wakes it) and reports them.
    pub async fn read_car(&self, account_id: &str, car: &Car) -> Result<(), GatewayError> {
        if let Some(wait) = self.quiet() {
            return Err(GatewayError::ServiceUnavailable {
                retry_after_seconds: Some(wait),
            });
        }
        let session = self.session(account_id).await?;
        let readings = read(&session, car).await;
        // The battery read is the one every car answers; when it fails for the session or the
        // service, the whole round did.
        if let Err(error) = &readings.battery {
            if matches!(
                error,
                NissanError::ReauthRequired
                    | NissanError::RateLimited { .. }
                    | NissanError::ServiceUnavailable { .. }
            ) {
                self.after_error(account_id, error).await;
                return Err(gateway_error(error));
            }
        }
        if let Err(error) = self.save_tokens(account_id, &session).await {
            tracing::warn!(%error, "refreshed NissanConnect tokens not stored");
        }
        let electric = is_electric(&model_of(car), &car.services);
        let previous = lock(&self.snapshots).get(&car.vin).cloned();
        let snapshot = snapshot::snapshot(electric, &readings, previous.as_ref(), self.clock.now());
        lock(&self.snapshots).insert(car.vin.clone(), snapshot.clone());
        self.report(CarReport::Status {
            vin: car.vin.clone(),
            snapshot,
        })
        .await;
        Ok(())
    }

    /// "Refresh from car": asks the car for fresh values (this wakes it), then reads them
    /// once the car has had time to answer.
    async fn wake(self: Arc<Self>, vin: &str) -> Result<(), GatewayError> {
        let (account_id, car) = self.car(vin).await?;
        let now = self.clock.now();
        if let Some(last) = lock(&self.woken_at).get(vin).copied() {
            let wait = last + WAKE_EVERY_SECONDS - now;
            if wait > 0 {
                return Err(GatewayError::TooSoon {
                    wait_seconds: wait as u32,
                });
            }
        }
        if let Some(wait) = self.quiet() {
            return Err(GatewayError::ServiceUnavailable {
                retry_after_seconds: Some(wait),
            });
        }
        let session = self.session(&account_id).await?;
        // Each is an action the car answers; the battery one first, as every car has it.
        if let Err(error) = session.refresh_battery_status(&car).await {
            self.after_error(&account_id, &error).await;
            return Err(gateway_error(&error));
        }
        lock(&self.woken_at).insert(vin.to_owned(), now);
        if car.has_service(service::LOCATION) {
            let _ = session.refresh_location(&car).await;
        }
        if car.has_service(service::CLIMATE_ON_OFF) {
            let _ = session.refresh_hvac_status(&car).await;
        }
        if car.has_service(service::LOCK_STATUS_CHECK)
            || car.has_service(service::REMOTE_STATUS_CHECK)
        {
            let _ = session.refresh_lock_status(&car).await;
        }
        let gateway = self.clone();
        tokio::spawn(async move {
            // The car needs a little while to wake and report; read twice to catch a slow one.
            for _ in 0..2 {
                tokio::time::sleep(gateway.settings.outcome_every * 4).await;
                let _ = gateway.read_car(&account_id, &car).await;
            }
        });
        Ok(())
    }
}

/// Every stored value the car's services offer, read one after another.
async fn read(session: &Session, car: &Car) -> snapshot::Readings {
    snapshot::Readings {
        battery: session.battery(car).await,
        cockpit: session.cockpit(car).await,
        location: if car.has_service(service::LOCATION) {
            session.location(car).await
        } else {
            Err(NissanError::NotSupported)
        },
        lock: if car.has_service(service::LOCK_STATUS_CHECK)
            || car.has_service(service::REMOTE_STATUS_CHECK)
        {
            session.lock_status(car).await
        } else {
            Err(NissanError::NotSupported)
        },
        hvac: if [
            service::CLIMATE_ON_OFF,
            service::INTERIOR_TEMP_SETTINGS,
            service::TEMPERATURE,
        ]
        .iter()
        .any(|id| car.has_service(*id))
        {
            session.hvac_status(car).await
        } else {
            Err(NissanError::NotSupported)
        },
    }
}

/// The gateway as the server's seam. It needs itself in an `Arc` to watch outcomes in the
/// background, hence this wrapper.
pub struct NissanConnectCars(pub Arc<NissanConnectGateway>);

#[async_trait::async_trait]
impl TelematicsGateway for NissanConnectCars {
    async fn deliver(&self, vin: &str, delivery: Delivery) -> Result<(), GatewayError> {
        outcome::deliver(self.0.clone(), vin, delivery).await
    }

    async fn request_status(&self, vin: &str) -> Result<(), GatewayError> {
        self.0.clone().wake(vin).await
    }

    async fn reachable(&self, vin: &str) -> bool {
        match self.0.car(vin).await {
            Ok((account_id, _)) => {
                self.0.session(&account_id).await.is_ok() && self.0.quiet().is_none()
            }
            Err(_) => false,
        }
    }

    fn take_reports(&self) -> Option<mpsc::Receiver<CarReport>> {
        lock(&self.0.receiver).take()
    }

    fn answer_window_seconds(&self, kind: &CommandKind) -> Option<f64> {
        Some(f64::from(outcome::watch_seconds(kind)))
    }
}

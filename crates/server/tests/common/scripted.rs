//! A car the test scripts: reachable or not, answering or silent, reporting what it is told.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc, Mutex,
};

use keyfob_core::{
    command::CommandKind,
    status::{CarSnapshot, Energy, Gear, Openings, Position, TyrePressures},
};
use keyfob_server::telematics::{CarOutcome, CarReport, Delivery, GatewayError, TelematicsGateway};
use tokio::sync::mpsc;

pub struct ScriptedGateway {
    pub reachable: AtomicBool,
    /// When false the car acts but never answers.
    pub answers: AtomicBool,
    /// When true a hand-over never finishes, as if the server died in the middle of it.
    pub hangs: AtomicBool,
    /// Engine starts answer with `Started` and nothing more until the test stops the engine.
    pub deliveries: Mutex<Vec<(String, Delivery)>>,
    sender: mpsc::Sender<CarReport>,
    receiver: Mutex<Option<mpsc::Receiver<CarReport>>>,
}

impl ScriptedGateway {
    pub fn new() -> Arc<Self> {
        let (sender, receiver) = mpsc::channel(1024);
        Arc::new(Self {
            reachable: AtomicBool::new(true),
            answers: AtomicBool::new(true),
            hangs: AtomicBool::new(false),
            deliveries: Mutex::new(Vec::new()),
            sender,
            receiver: Mutex::new(Some(receiver)),
        })
    }

    pub fn delivered(&self) -> Vec<(String, Delivery)> {
        self.deliveries.lock().expect("lock").clone()
    }

    pub async fn report(&self, report: CarReport) {
        self.sender.send(report).await.expect("server listening");
    }

    pub async fn status(&self, vin: &str, snapshot: CarSnapshot) {
        self.report(CarReport::Status {
            vin: vin.to_owned(),
            snapshot,
        })
        .await;
    }
}

/// A parked, locked car in Park, ready for a remote start.
pub fn parked() -> CarSnapshot {
    CarSnapshot {
        doors: Openings::default(),
        locked: true,
        hood_open: false,
        windows: Openings::default(),
        ignition_on: false,
        engine_running: false,
        gear: Gear::Park,
        hazards_on: false,
        alarm_triggered: false,
        battery_12v_millivolts: 12_600,
        energy: Energy {
            electric: false,
            percent: 70,
            range_km: 520,
        },
        odometer_km: 12_345,
        tyres_kpa: TyrePressures {
            front_left: 240,
            front_right: 240,
            rear_left: 230,
            rear_right: 230,
        },
        warning_lamps: Vec::new(),
        position: Position {
            latitude: 48.8566,
            longitude: 2.3522,
            heading: 90,
            speed_kmh: 0,
        },
        online: true,
        remote_run_ends_at: None,
        charge: None,
        climate: None,
        unknown: Vec::new(),
        observed_at: Vec::new(),
        privacy_mode: false,
    }
}

#[async_trait::async_trait]
impl TelematicsGateway for ScriptedGateway {
    async fn deliver(&self, vin: &str, delivery: Delivery) -> Result<(), GatewayError> {
        if !self.reachable.load(Ordering::SeqCst) {
            return Err(GatewayError::Unreachable);
        }
        if self.hangs.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
        self.deliveries
            .lock()
            .expect("lock")
            .push((vin.to_owned(), delivery.clone()));
        if self.answers.load(Ordering::SeqCst) {
            let outcome = match delivery.kind {
                CommandKind::EngineStart { .. } => CarOutcome::Started,
                _ => CarOutcome::Succeeded,
            };
            let sender = self.sender.clone();
            let vin = vin.to_owned();
            tokio::spawn(async move {
                let _ = sender
                    .send(CarReport::CommandResult {
                        vin,
                        command_id: delivery.command_id,
                        outcome,
                    })
                    .await;
            });
        }
        Ok(())
    }

    async fn request_status(&self, _vin: &str) -> Result<(), GatewayError> {
        if self.reachable.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err(GatewayError::Unreachable)
        }
    }

    async fn reachable(&self, _vin: &str) -> bool {
        self.reachable.load(Ordering::SeqCst)
    }

    fn take_reports(&self) -> Option<mpsc::Receiver<CarReport>> {
        self.receiver.lock().expect("lock").take()
    }
}

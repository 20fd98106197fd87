//! Prints (1) the server's own time on a remote start, with a car that answers instantly, from
//! the request to the client seeing the engine running on its event stream, and (2) how many
//! events per second one server fans out to 1,000 open streams. Run with `scripts/bench.sh`.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use keyfob_client::{Client, ClientConfig};
use keyfob_core::{
    account::Region,
    api::{
        account::RegisterRequest,
        command::LiveEvent,
        vehicle::{LinkVehicleRequest, OwnershipProof, ProofKind},
    },
    command::{CommandKind, CommandState},
    status::{CarSnapshot, Energy, Gear, Openings, Position, TyrePressures},
};
use keyfob_server::{
    clock::ManualClock,
    fleet::FLEET,
    open_state_with_gateway,
    telematics::{CarOutcome, CarReport, Delivery, GatewayError, TelematicsGateway},
    Server, ServerConfig,
};
use tokio::sync::mpsc;

const STREAMS: usize = 1000;
const FANOUT_EVENTS: usize = 100;

/// A car with no delay at all, so every millisecond measured is the server's.
struct InstantCar {
    sender: mpsc::Sender<CarReport>,
    receiver: Mutex<Option<mpsc::Receiver<CarReport>>>,
}

#[async_trait::async_trait]
impl TelematicsGateway for InstantCar {
    async fn deliver(&self, vin: &str, delivery: Delivery) -> Result<(), GatewayError> {
        let outcome = match delivery.kind {
            CommandKind::EngineStart { .. } => CarOutcome::Started,
            _ => CarOutcome::Succeeded,
        };
        let _ = self
            .sender
            .send(CarReport::CommandResult {
                vin: vin.to_owned(),
                command_id: delivery.command_id,
                outcome,
            })
            .await;
        Ok(())
    }
    async fn request_status(&self, _: &str) -> Result<(), GatewayError> {
        Ok(())
    }
    async fn reachable(&self, _: &str) -> bool {
        true
    }
    fn take_reports(&self) -> Option<mpsc::Receiver<CarReport>> {
        self.receiver.lock().ok()?.take()
    }
}

fn parked(odometer_km: u32) -> CarSnapshot {
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
            range_km: 500,
        },
        odometer_km,
        tyres_kpa: TyrePressures {
            front_left: 240,
            front_right: 240,
            rear_left: 230,
            rear_right: 230,
        },
        warning_lamps: Vec::new(),
        position: Position {
            latitude: 48.85,
            longitude: 2.35,
            heading: 0,
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

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let clock = ManualClock::starting_at(1_795_348_800); // 2026-11-22T12:00:00Z
    let (sender, receiver) = mpsc::channel(4096);
    let car = Arc::new(InstantCar {
        sender: sender.clone(),
        receiver: Mutex::new(Some(receiver)),
    });
    let config = ServerConfig::sandbox().with_clock(Arc::new(clock.clone()));
    let state = open_state_with_gateway(&url, config, true, car).await?;
    let server = Server::bind(([127, 0, 0, 1], 0).into(), state).await?;
    let base = format!("http://{}", server.local_addr()?);
    tokio::spawn(server.serve(std::future::pending()));

    let client = Client::new(ClientConfig::new(&base)?)?;
    let email = "bench@example.com";
    let password = "Bench-Harbour-Lights-42";
    client
        .register(&RegisterRequest {
            email: email.into(),
            password: password.into(),
            nickname: "bench".into(),
            region: Region::Eu,
            phone: None,
        })
        .await?;
    let link = client
        .sandbox_outbox(email)
        .await?
        .into_iter()
        .find_map(|m| m.action)
        .ok_or("no link")?;
    client
        .confirm_email(link.split("token=").nth(1).ok_or("no token")?)
        .await?;
    client.login(email, password).await?;
    let car_data = FLEET
        .iter()
        .find(|c| {
            c.market == Region::Eu
                && c.model_year >= 2021
                && c.telematics_unit
                && c.sim_active
                && c.linked_to.is_none()
        })
        .ok_or("no car")?;
    let vehicle = client
        .link_vehicle(&LinkVehicleRequest {
            vin: car_data.vin.into(),
            proof: OwnershipProof {
                kind: ProofKind::BodyNumber,
                value: car_data.body_number.into(),
            },
        })
        .await?;
    client.head_unit_confirm(car_data.vin).await?;
    clock.advance(300);
    sender
        .send(CarReport::Status {
            vin: car_data.vin.into(),
            snapshot: parked(0),
        })
        .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;

    // (1) Remote start overhead: request → "running" seen on the stream.
    let mut stream = client.events(None);
    while tokio::time::timeout(Duration::from_millis(300), stream.next())
        .await
        .is_ok()
    {}
    let mut samples = Vec::new();
    for n in 0..200u32 {
        if n % 2 == 0 {
            // Each start needs a fresh ignition cycle (two starts per cycle), and the per-car
            // command limit (ten per ten minutes) must not be what is measured.
            clock.advance(600);
            let mut on = parked(n);
            on.ignition_on = true;
            sender
                .send(CarReport::Status {
                    vin: car_data.vin.into(),
                    snapshot: on,
                })
                .await?;
            sender
                .send(CarReport::Status {
                    vin: car_data.vin.into(),
                    snapshot: parked(n),
                })
                .await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            while tokio::time::timeout(Duration::from_millis(5), stream.next())
                .await
                .is_ok()
            {}
        }
        let started = Instant::now();
        let command = client
            .send_command(
                &vehicle.id,
                &CommandKind::EngineStart {
                    climate_target_c: 21,
                },
                &format!("bench-start-{n:06}"),
            )
            .await?;
        loop {
            let event = stream.next().await.ok_or("stream ended")??;
            if let LiveEvent::Command { command: seen, .. } = event.event {
                if seen.id == command.id && seen.state == CommandState::Running {
                    break;
                }
            }
        }
        samples.push(started.elapsed());
        sender
            .send(CarReport::CommandResult {
                vin: car_data.vin.into(),
                command_id: command.id,
                outcome: CarOutcome::EngineStopped,
            })
            .await?;
    }
    drop(stream);
    samples.sort();
    let pick = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1000.0;
    println!(
        "remote start, server overhead (request → running on the stream, instant car): median {:.2} ms, p99 {:.2} ms ({} runs)",
        pick(0.5),
        pick(0.99),
        samples.len()
    );

    // (2) Fan-out: 1,000 streams of the same account, then a burst of status reports.
    let mut streams = Vec::with_capacity(STREAMS);
    for _ in 0..STREAMS {
        streams.push(client.events(None));
    }
    let counted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut tasks = Vec::new();
    for mut stream in streams {
        let counted = counted.clone();
        tasks.push(tokio::spawn(async move {
            // Drain the replay, then count the burst's status events by odometer marker.
            let mut got = 0;
            while got < FANOUT_EVENTS {
                match stream.next().await {
                    Some(Ok(event)) => {
                        if let LiveEvent::Status { status, .. } = event.event {
                            if status.odometer_km.value >= 1_000_000 {
                                got += 1;
                                counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                        }
                    }
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let started = Instant::now();
    for n in 0..FANOUT_EVENTS {
        let snapshot = parked(1_000_000 + u32::try_from(n)?);
        sender
            .send(CarReport::Status {
                vin: car_data.vin.into(),
                snapshot,
            })
            .await?;
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = started.elapsed();
    let delivered = counted.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "fan-out: {FANOUT_EVENTS} events to {STREAMS} streams = {delivered} deliveries in {:.2} s = {:.0} events/s delivered",
        elapsed.as_secs_f64(),
        delivered as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}

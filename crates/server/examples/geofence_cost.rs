//! Geofence evaluation at fleet scale: prints figures, asserts nothing about time.
//!
//! `cargo run --profile measure -p keyfob-server --example geofence_cost` (in `scripts/bench.sh`)
//! builds a server database with 10,000 linked cars of 10 zones each (`KEYFOB_BENCH_VEHICLES`
//! changes the count, `KEYFOB_BENCH_REPORTS` the reports sent, 20,000) and measures:
//! 1. position reports per second through the whole server path (status stored and published,
//!    zones, curfew and speed judged, alerts stored and published);
//! 2. the zone step alone, reading the car's zones by its index, against a naive scan that reads
//!    every zone of every car for each report, in the same run (the ratio);
//! 3. the time from a car's report to its alert arriving on an owner's event stream over HTTP
//!    (median and p99).
//!
//! On a SQLite file by default; `KEYFOB_BENCH_DATABASE_URL=postgres://…` runs the same on an
//! empty PostgreSQL database (`scripts/bench.sh` does both, one after the other).

use std::{
    collections::BTreeSet,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use async_trait::async_trait;
use keyfob_client::{Client, ClientConfig};
use keyfob_core::{
    api::command::LiveEvent,
    geo::GeoPoint,
    geofence::{evaluate, initial_inside, AlertOn, Shape, Zone},
    status::{CarSnapshot, Energy, Gear, Openings, Position, TyrePressures},
};
use keyfob_server::{
    auth::hash_password,
    fleet::{SeedSubscription, FLEET},
    open_state_with_gateway,
    telematics::{CarReport, Delivery, GatewayError, TelematicsGateway},
    Server, ServerConfig,
};
use rand::{rngs::StdRng, Rng, SeedableRng};
use sqlx::{postgres::PgPool, sqlite::SqliteConnectOptions, Row, SqlitePool};
use tokio::sync::mpsc;

const ZONES_PER_VEHICLE: usize = 10;
const PASSWORD: &str = "Harbour-Lights-42";
const STEP_REPORTS: usize = 2_000;
const NAIVE_REPORTS: usize = 30;
const LATENCY_ALERTS: usize = 200;

/// The benchmark's own connection to the server's database, on either engine.
enum BenchPool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the engine's own pool; the statements use `$N`
/// placeholders, which both engines read.
macro_rules! on_pool {
    ($bench:expr, |$pool:ident| $body:expr) => {
        match $bench {
            BenchPool::Sqlite($pool) => $body,
            BenchPool::Postgres($pool) => $body,
        }
    };
}

/// Cars whose reports the benchmark writes; delivery is never asked for.
struct BenchGateway {
    reports: Mutex<Option<mpsc::Receiver<CarReport>>>,
}

#[async_trait]
impl TelematicsGateway for BenchGateway {
    async fn deliver(&self, _: &str, _: Delivery) -> Result<(), GatewayError> {
        Err(GatewayError::Unreachable)
    }
    async fn request_status(&self, _: &str) -> Result<(), GatewayError> {
        Err(GatewayError::Unreachable)
    }
    async fn reachable(&self, _: &str) -> bool {
        false
    }
    fn take_reports(&self) -> Option<mpsc::Receiver<CarReport>> {
        self.reports.lock().expect("lock").take()
    }
}

/// Where car `n` lives: spread over western Europe.
fn home(n: usize) -> GeoPoint {
    GeoPoint::new(
        43.0 + (n % 100) as f64 * 0.08,
        -1.0 + (n / 100) as f64 * 0.08,
    )
}

/// `metres` north of a point.
fn north(point: GeoPoint, metres: f64) -> GeoPoint {
    GeoPoint::new(point.latitude + metres / 111_195.0, point.longitude)
}

/// Car `n`'s zones: a 1 km circle around home (alerting both ways) and nine elsewhere.
fn zones_of(n: usize, rng: &mut StdRng) -> Vec<Zone> {
    let home = home(n);
    (0..ZONES_PER_VEHICLE)
        .map(|i| {
            let (center, radius_m, alert_on) = if i == 0 {
                (home, 1_000.0, AlertOn::Both)
            } else {
                let center = GeoPoint::new(
                    home.latitude + rng.gen_range(-0.3..0.3),
                    home.longitude + rng.gen_range(-0.3..0.3),
                );
                (center, rng.gen_range(300.0..3_000.0), AlertOn::Exit)
            };
            Zone {
                id: format!("zon_b{n}_{i}"),
                shape: Shape::Circle { center, radius_m },
                alert_on,
                schedule: None,
            }
        })
        .collect()
}

fn snapshot(position: GeoPoint, odometer_km: u32) -> CarSnapshot {
    CarSnapshot {
        doors: Openings::default(),
        locked: true,
        hood_open: false,
        windows: Openings::default(),
        ignition_on: true,
        engine_running: true,
        gear: Gear::Drive,
        hazards_on: false,
        alarm_triggered: false,
        battery_12v_millivolts: 12_600,
        energy: Energy {
            electric: false,
            percent: 70,
            range_km: 520,
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
            latitude: position.latitude,
            longitude: position.longitude,
            heading: 0,
            speed_kmh: 50,
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

fn vin(n: usize) -> String {
    format!("BENCH{n:012}")
}

/// 10,000 owners, cars, links and zones, written straight into the database in one transaction.
async fn build_fleet(bench: &BenchPool, vehicles: usize, now: i64) -> Vec<Vec<Zone>> {
    let template = FLEET
        .iter()
        .find(|c| {
            c.model_year >= 2021
                && c.telematics_unit
                && c.sim_active
                && c.linked_to.is_none()
                && matches!(c.subscription, SeedSubscription::TrialActive)
        })
        .expect("a current car in the fleet");
    let hash = hash_password(PASSWORD.into()).await.expect("hash");
    let mut rng = StdRng::seed_from_u64(7);
    let mut all_zones = Vec::with_capacity(vehicles);
    on_pool!(bench, |pool| {
        let mut tx = pool.begin().await.expect("transaction");
        for n in 0..vehicles {
            let (account, vehicle) = (format!("acc_b{n}"), format!("veh_b{n}"));
            let email = format!("owner{n}@bench.example");
            sqlx::query(
            "INSERT INTO accounts (id, email, email_key, password_hash, nickname, region, email_confirmed_at, created_at)
             VALUES ($1, $2, $3, $4, $5, 'EU', $6, $7)",
        )
        .bind(&account).bind(&email).bind(&email).bind(&hash).bind(format!("Owner {n}")).bind(now).bind(now)
        .execute(&mut *tx).await.expect("account");
            sqlx::query(
            "INSERT INTO vehicles (id, vin, model, model_year, trim, equipment, market, telematics_unit,
               sim_active, firmware_version, first_registered_on, body_number, warranty_code,
               trial_ends_at, premium_ends_at, warranty_ends_at)
             SELECT $1, $2, model, model_year, trim, equipment, market, telematics_unit, sim_active,
               firmware_version, first_registered_on, $3, warranty_code, trial_ends_at, $4, warranty_ends_at
             FROM vehicles WHERE vin = $5",
        )
        .bind(&vehicle).bind(vin(n)).bind(format!("BODY{n}")).bind(now + 365 * 86_400).bind(template.vin)
        .execute(&mut *tx).await.expect("vehicle");
            sqlx::query(
            "INSERT INTO vehicle_links (vehicle_id, owner_id, linked_at, confirmed_at, synced_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&vehicle)
        .bind(&account)
        .bind(now - 3_600)
        .bind(now - 3_500)
        .bind(now - 3_400)
        .execute(&mut *tx)
        .await
        .expect("link");
            let zones = zones_of(n, &mut rng);
            for (i, zone) in zones.iter().enumerate() {
                let definition = serde_json::json!({"shape": zone.shape, "alertOn": zone.alert_on, "schedule": null});
                sqlx::query(
                "INSERT INTO zones (id, vehicle_id, owner_id, name, definition, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&zone.id).bind(&vehicle).bind(&account).bind(format!("Zone {i}"))
            .bind(definition.to_string()).bind(now).bind(now)
            .execute(&mut *tx).await.expect("zone");
            }
            let inside = initial_inside(&zones, home(n));
            sqlx::query(
                "INSERT INTO zone_state (vehicle_id, owner_id, inside) VALUES ($1, $2, $3)",
            )
            .bind(&vehicle)
            .bind(&account)
            .bind(serde_json::json!({ "inside": inside }).to_string())
            .execute(&mut *tx)
            .await
            .expect("state");
            all_zones.push(zones);
        }
        tx.commit().await.expect("commit");
    });
    all_zones
}

fn zones_from(rows: &[(String, String)]) -> Vec<Zone> {
    rows.iter()
        .map(|(id, definition)| {
            let value: serde_json::Value = serde_json::from_str(definition).expect("json");
            Zone {
                id: id.clone(),
                shape: serde_json::from_value(value["shape"].clone()).expect("shape"),
                alert_on: serde_json::from_value(value["alertOn"].clone()).expect("alert on"),
                schedule: None,
            }
        })
        .collect()
}

/// The car was at home, inside its home zone.
fn was_home(n: usize) -> BTreeSet<String> {
    BTreeSet::from([format!("zon_b{n}_0")])
}

/// The zone step with the car's zones read through the index on (vehicle, owner).
async fn indexed_step(bench: &BenchPool, n: usize, position: GeoPoint) -> usize {
    let rows: Vec<(String, String)> = on_pool!(bench, |pool| sqlx::query_as(
        "SELECT id, definition FROM zones WHERE vehicle_id = $1 AND owner_id = $2"
    )
    .bind(format!("veh_b{n}"))
    .bind(format!("acc_b{n}"))
    .fetch_all(pool)
    .await
    .expect("zones"));
    evaluate(&zones_from(&rows), &was_home(n), position, None, 0)
        .alerts
        .len()
}

/// The same step reading every zone of every car and keeping the car's own.
async fn naive_step(bench: &BenchPool, n: usize, position: GeoPoint) -> usize {
    let vehicle = format!("veh_b{n}");
    let mine: Vec<(String, String)> = on_pool!(bench, |pool| {
        let rows = sqlx::query("SELECT id, vehicle_id, definition FROM zones")
            .fetch_all(pool)
            .await
            .expect("zones");
        rows.iter()
            .filter(|row| row.get::<String, _>("vehicle_id") == vehicle)
            .map(|row| (row.get("id"), row.get("definition")))
            .collect()
    });
    evaluate(&zones_from(&mine), &was_home(n), position, None, 0)
        .alerts
        .len()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1_000.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let vehicles: usize = std::env::var("KEYFOB_BENCH_VEHICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let reports: usize = std::env::var("KEYFOB_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("KEYFOB_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let (sender, receiver) = mpsc::channel(4_096);
    let gateway = Arc::new(BenchGateway {
        reports: Mutex::new(Some(receiver)),
    });
    let state = open_state_with_gateway(&url, ServerConfig::server(), true, gateway)
        .await
        .expect("server state");
    let now = state.now();
    let pool = if url.starts_with("postgres") {
        BenchPool::Postgres(PgPool::connect(&url).await.expect("pool"))
    } else {
        BenchPool::Sqlite(
            SqlitePool::connect_with(
                SqliteConnectOptions::new().filename(dir.path().join("bench.db")),
            )
            .await
            .expect("pool"),
        )
    };
    println!("engine: {:?}", state.db.engine());

    let built = Instant::now();
    let zones = build_fleet(&pool, vehicles, now).await;
    println!(
        "fleet: {vehicles} cars x {ZONES_PER_VEHICLE} zones written in {:.1} s",
        built.elapsed().as_secs_f64()
    );

    // 1. The whole server path. Most reports wander near home; one in five is 3 km north, so
    //    about a third of them cross the home zone one way or the other.
    let mut rng = StdRng::seed_from_u64(11);
    let mut live = state.hub.subscribe();
    let started = Instant::now();
    let feeder = {
        let sender = sender.clone();
        let mut rng = StdRng::seed_from_u64(13);
        tokio::spawn(async move {
            for i in 0..reports {
                let n = rng.gen_range(0..vehicles);
                let position = if rng.gen_bool(0.2) {
                    north(home(n), 3_000.0)
                } else {
                    north(home(n), rng.gen_range(-200.0..200.0))
                };
                let report = CarReport::Status {
                    vin: vin(n),
                    snapshot: snapshot(position, 10_000 + i as u32),
                };
                sender.send(report).await.expect("server listening");
            }
        })
    };
    let (mut statuses, mut alerts) = (0, 0);
    while statuses < reports {
        match live.recv().await {
            Ok(stored) => match stored.event {
                LiveEvent::Status { .. } => statuses += 1,
                LiveEvent::Alert { .. } => alerts += 1,
                _ => {}
            },
            Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                statuses += usize::try_from(missed).unwrap_or(0)
            }
            Err(error) => panic!("event hub: {error}"),
        }
    }
    feeder.await.expect("feeder");
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "server path: {reports} reports in {elapsed:.2} s = {:.0} reports/s ({alerts}+ alerts raised)",
        reports as f64 / elapsed
    );

    // 2. The zone step alone: by the index, then by a naive scan, in the same run.
    let started = Instant::now();
    let mut crossings = 0;
    for _ in 0..STEP_REPORTS {
        let n = rng.gen_range(0..vehicles);
        crossings += indexed_step(&pool, n, north(home(n), 3_000.0)).await;
    }
    let indexed = STEP_REPORTS as f64 / started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut naive_crossings = 0;
    for _ in 0..NAIVE_REPORTS {
        let n = rng.gen_range(0..vehicles);
        naive_crossings += naive_step(&pool, n, north(home(n), 3_000.0)).await;
    }
    let naive = NAIVE_REPORTS as f64 / started.elapsed().as_secs_f64();
    assert!(
        crossings > 0 && naive_crossings > 0,
        "the step must find crossings"
    );
    println!(
        "zone step: indexed {indexed:.0} reports/s, naive scan of all {} zones {naive:.1} reports/s, ratio {:.0}x",
        vehicles * ZONES_PER_VEHICLE,
        indexed / naive
    );
    drop(zones);

    // 3. Report → alert on an owner's event stream, over HTTP.
    let server = Server::bind(SocketAddr::from(([127, 0, 0, 1], 0)), state.clone())
        .await
        .expect("bind");
    let address = server.local_addr().expect("address");
    tokio::spawn(server.serve(std::future::pending()));
    let owner = Client::new(ClientConfig::new(&format!("http://{address}")).expect("config"))
        .expect("client");
    owner
        .login("owner0@bench.example", PASSWORD)
        .await
        .expect("sign in");
    let mut stream = owner.events(None);
    // The stream is open once it delivers something: a first report.
    sender
        .send(CarReport::Status {
            vin: vin(0),
            snapshot: snapshot(home(0), 1),
        })
        .await
        .expect("report");
    stream.next().await.expect("open").expect("event");
    let mut latencies = Vec::with_capacity(LATENCY_ALERTS);
    for i in 0..LATENCY_ALERTS {
        // Out of the home zone, then back in: each report crosses it.
        let position = if i % 2 == 0 {
            north(home(0), 3_000.0)
        } else {
            home(0)
        };
        let sent = Instant::now();
        sender
            .send(CarReport::Status {
                vin: vin(0),
                snapshot: snapshot(position, 2 + i as u32),
            })
            .await
            .expect("report");
        loop {
            let event = tokio::time::timeout(Duration::from_secs(10), stream.next())
                .await
                .expect("an alert in time")
                .expect("open")
                .expect("event");
            if matches!(event.event, LiveEvent::Alert { .. }) {
                latencies.push(sent.elapsed());
                break;
            }
        }
    }
    latencies.sort();
    println!(
        "report -> alert on the event stream: median {}, p99 {}, max {} ({LATENCY_ALERTS} alerts)",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().expect("latencies"))
    );
}

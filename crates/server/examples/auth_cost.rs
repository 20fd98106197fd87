//! Prints what signing in and an authenticated request cost, measured through keyfob-client
//! against a real server on loopback. Run with `scripts/bench.sh` (an optimised build).

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use keyfob_client::{Client, ClientConfig};
use keyfob_core::{account::Region, api::account::RegisterRequest};
use keyfob_server::{auth, clock::SystemClock, open_state, Server, ServerConfig};

const EMAIL: &str = "bench@example.com";
const PASSWORD: &str = "Bench-Harbour-Lights-42";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let config = ServerConfig::sandbox().with_clock(Arc::new(SystemClock));
    let state = open_state(&url, config, true).await?;
    let server = Server::bind(([127, 0, 0, 1], 0).into(), state).await?;
    let base = format!("http://{}", server.local_addr()?);
    tokio::spawn(server.serve(std::future::pending()));

    let client = Client::new(ClientConfig::new(&base)?)?;
    client
        .register(&RegisterRequest {
            email: EMAIL.into(),
            password: PASSWORD.into(),
            nickname: "bench".into(),
            region: Region::Eu,
            phone: None,
        })
        .await?;
    let link = client
        .sandbox_outbox(EMAIL)
        .await?
        .into_iter()
        .find_map(|m| m.action)
        .ok_or("no confirmation link")?;
    let token = link.split("token=").nth(1).ok_or("no token")?;
    client.confirm_email(token).await?;

    let (memory, passes, lanes) = auth::ARGON2_PARAMS;
    println!("Argon2id: m = {memory} KiB, t = {passes}, p = {lanes}");

    let mut hashing = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        auth::hash_password(PASSWORD.into()).await?;
        hashing.push(start.elapsed());
    }
    report("password hash alone", &mut hashing);

    let mut logins = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        client.login(EMAIL, PASSWORD).await?;
        logins.push(start.elapsed());
    }
    report("sign-in over HTTP (POST /v1/sessions)", &mut logins);

    let mut requests = Vec::new();
    for _ in 0..1000 {
        let start = Instant::now();
        client.me().await?;
        requests.push(start.elapsed());
    }
    report("authenticated request (GET /v1/me)", &mut requests);

    let mut listings = Vec::new();
    for _ in 0..1000 {
        let start = Instant::now();
        client.vehicles().await?;
        listings.push(start.elapsed());
    }
    report("authenticated request (GET /v1/vehicles)", &mut listings);
    Ok(())
}

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p95 = samples[samples.len() * 95 / 100];
    let mean = samples.iter().sum::<Duration>() / u32::try_from(samples.len()).unwrap_or(1);
    println!(
        "{what}: median {:.2} ms, p95 {:.2} ms, mean {:.2} ms ({} runs)",
        ms(median),
        ms(p95),
        ms(mean),
        samples.len()
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

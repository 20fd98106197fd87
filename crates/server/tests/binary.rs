//! The stand-alone binary: it serves HTTPS itself with the certificate it is given, and refuses
//! to carry passwords in plain HTTP beyond this machine or to open the sandbox to the network.

use std::{
    net::TcpStream,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

// Only the engine choice of the shared test helpers; the rest is for the in-process tests.
#[allow(dead_code)]
#[path = "common/database.rs"]
mod database;

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_keyfob-server"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits (at most 30 s) until the server started on `port` accepts connections.
fn wait_until_listening(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "it never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `serve` with `args` and returns what it printed when it refused to start.
fn refused(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("k.db").display());
    let output = binary()
        .args(["serve", "--database-url", &database])
        .args(args)
        .env_remove("KEYFOB_SMTP_URL")
        .output()
        .expect("run keyfob-server");
    assert!(!output.status.success(), "it started with {args:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn plain_http_beyond_loopback_and_a_public_sandbox_are_refused() {
    let port = free_port().to_string();
    let plain = refused(&["--bind", &format!("0.0.0.0:{port}")]);
    assert!(plain.contains("--tls-cert"), "{plain}");
    let sandbox = refused(&[
        "--bind",
        &format!("0.0.0.0:{port}"),
        "--behind-tls-proxy",
        "--seed-sandbox",
    ]);
    assert!(sandbox.contains("loopback"), "{sandbox}");
}

#[tokio::test]
async fn it_serves_https_with_hsts_from_its_certificate_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("cert");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).expect("write cert");
    std::fs::write(&key, certified.key_pair.serialize_pem()).expect("write key");
    let port = free_port();
    let database = database::fresh_database(dir.path()).await;
    let mut child = binary()
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--database-url", &database])
        .arg("--tls-cert")
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start keyfob-server");
    wait_until_listening(port);
    let client = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(certified.cert.pem().as_bytes()).expect("cert"),
        )
        .build()
        .expect("client");
    let answer = client
        .get(format!("https://localhost:{port}/health"))
        .send()
        .await;
    let _ = child.kill();
    let _ = child.wait();
    let answer = answer.expect("an HTTPS answer");
    assert_eq!(answer.status().as_u16(), 200);
    assert!(answer.headers().contains_key("strict-transport-security"));
}

#[test]
fn the_nissanconnect_gateway_refuses_to_start_without_its_sealing_key() {
    let refusal = refused(&["--gateway", "nissanconnect"]);
    assert!(refusal.contains("KEYFOB_NISSANCONNECT_KEY"), "{refusal}");
    let sandbox = refused(&["--gateway", "nissanconnect", "--seed-sandbox"]);
    assert!(sandbox.contains("--seed-sandbox"), "{sandbox}");
}

/// The whole way an owner of a stand-alone server takes, with no sandbox anywhere: sign up,
/// connect NissanConnect (a fake of it here), link a car, read its status.
#[tokio::test]
async fn a_stand_alone_server_with_the_nissanconnect_gateway_links_and_reads_a_real_car() {
    use keyfob_core::account::Region;
    use keyfob_nissanconnect::fake::{FakeCar, FakeNissan};

    const VIN: &str = "SJNFAAZE0U6000001";
    // The binary runs on the wall clock, so the fake does too (whatever the day).
    let now = time::OffsetDateTime::now_utc();
    let fake = FakeNissan::start_with_clock(keyfob_nissanconnect::ManualClock::new(now))
        .await
        .expect("fake");
    let updated = now - time::Duration::minutes(5);
    fake.add_account(
        "nc@example.com",
        "Nissan-pass-77",
        vec![FakeCar::leaf(VIN, updated)],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let database = database::fresh_database(dir.path()).await;
    let port = free_port();
    let mut child = binary()
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--database-url", &database, "--gateway", "nissanconnect"])
        .args(["--nissanconnect-base-url", fake.base_url().as_str()])
        .env("KEYFOB_NISSANCONNECT_KEY", "11".repeat(32))
        .env_remove("KEYFOB_SMTP_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start keyfob-server");
    wait_until_listening(port);
    let result = async {
        let owner = keyfob_client::Client::new(keyfob_client::ClientConfig::new(&format!(
            "http://127.0.0.1:{port}"
        ))?)?;
        owner
            .register(&keyfob_core::api::account::RegisterRequest {
                email: "owner@example.com".into(),
                password: "Harbour-Lights-42".into(),
                nickname: "owner_1".into(),
                region: Region::Eu,
                phone: None,
            })
            .await?;
        // The emailed confirmation link, as its recipient would open it.
        let db = keyfob_server::Db::connect(&database).await.expect("db");
        let account = db
            .account_by_email_key("owner@example.com")
            .await
            .expect("db")
            .expect("registered");
        db.confirm_email(&account.id, 0).await.expect("confirm");
        owner
            .login("owner@example.com", "Harbour-Lights-42")
            .await?;
        let connection = owner
            .connect_nissanconnect("nc@example.com", "Nissan-pass-77")
            .await?;
        assert_eq!(connection.cars.len(), 1);
        let vehicle = owner.link_nissan_car(VIN).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match owner.status(&vehicle.id).await {
                Ok(status) if status.charge.is_some() => {
                    assert_eq!(status.energy.value.percent, 80);
                    break;
                }
                _ if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                other => panic!("no status from the car: {other:?}"),
            }
        }
        Ok::<_, keyfob_client::ClientError>(())
    }
    .await;
    let _ = child.kill();
    let _ = child.wait();
    result.expect("the owner's way through");
}

/// `migrate`, then `serve` on the migrated database, on the engine of the run. On PostgreSQL a
/// second instance on the same database is refused while the first serves, and starts once the
/// first has gone.
#[tokio::test]
async fn migrate_then_serve_and_only_one_instance_serves_a_postgresql_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = database::fresh_database(dir.path()).await;
    let migrated = binary()
        .args(["migrate", "--database-url", &database])
        .output()
        .expect("run keyfob-server migrate");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let serve = |port: u16| {
        let mut command = binary();
        command
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database-url", &database])
            .env_remove("KEYFOB_SMTP_URL")
            .stdout(Stdio::null());
        command
    };
    let port = free_port();
    let mut first = serve(port)
        .stderr(Stdio::null())
        .spawn()
        .expect("start keyfob-server");
    wait_until_listening(port);
    let health = reqwest::get(format!("http://127.0.0.1:{port}/health")).await;
    if database::postgres_cluster().is_some() {
        let mut second = serve(free_port())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run a second instance");
        let started = Instant::now();
        while second.try_wait().expect("wait").is_none() {
            if started.elapsed() > Duration::from_secs(30) {
                let _ = second.kill();
                let _ = first.kill();
                panic!("a second instance started");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let second = second.wait_with_output().expect("its output");
        let said = String::from_utf8_lossy(&second.stderr);
        assert!(!second.status.success(), "a second instance started");
        assert!(said.contains("already serving this database"), "{said}");
    }
    let _ = first.kill();
    let _ = first.wait();
    assert_eq!(health.expect("an answer").status().as_u16(), 200);
    if database::postgres_cluster().is_some() {
        let port = free_port();
        let mut again = serve(port)
            .stderr(Stdio::null())
            .spawn()
            .expect("start keyfob-server again");
        wait_until_listening(port);
        let _ = again.kill();
        let _ = again.wait();
    }
}

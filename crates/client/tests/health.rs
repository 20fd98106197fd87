//! The client against a real server on a free loopback port.

use keyfob_client::{Client, ClientConfig, ClientError};

async fn start_server() -> (String, tokio::sync::oneshot::Sender<()>) {
    let state = keyfob_server::open_state(
        "sqlite::memory:",
        keyfob_server::ServerConfig::server(),
        false,
    )
    .await
    .expect("state");
    let server = keyfob_server::Server::bind(([127, 0, 0, 1], 0).into(), state)
        .await
        .expect("bind");
    let addr = server.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.serve(async {
        let _ = stopped.await;
    }));
    (format!("http://{addr}"), stop)
}

#[tokio::test]
async fn health_answers_with_the_server_version() {
    let (url, _stop) = start_server().await;
    let client = Client::new(ClientConfig::new(&url).expect("config")).expect("client");
    let health = client.health().await.expect("health");
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn a_stopped_server_is_unreachable_not_an_api_error() {
    let (url, stop) = start_server().await;
    stop.send(()).expect("stop");
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let client = Client::new(ClientConfig::new(&url).expect("config")).expect("client");
    let error = client.health().await.expect_err("server is down");
    assert!(matches!(error, ClientError::Unreachable(_)), "{error:?}");
    assert!(error
        .to_string()
        .starts_with("Failed to connect to the server"));
}

#[test]
fn addresses_are_checked() {
    assert!(matches!(
        ClientConfig::new("ftp://example.com"),
        Err(ClientError::InvalidAddress(_))
    ));
    assert!(matches!(
        ClientConfig::new("not a url"),
        Err(ClientError::InvalidAddress(_))
    ));
    let config = ClientConfig::new(" https://keyfob.example.com/api ").expect("valid");
    assert_eq!(config.base_url.as_str(), "https://keyfob.example.com/api/");
}

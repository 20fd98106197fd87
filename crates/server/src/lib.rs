//! Keyfob's connected-services backend as a library: the router, and a server that binds,
//! serves and shuts down gracefully. The app embeds it as the sandbox; the `keyfob-server`
//! binary runs it stand-alone.

pub mod auth;
mod authkeys;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod fleet;
pub mod http;
pub mod live;
pub mod mail;
pub mod nissanconnect;
pub mod openapi;
pub mod remote;
pub mod routes;
pub mod seed;
pub mod simulator;
pub mod state;
mod status;
pub mod telematics;
pub mod throttle;
mod view;

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{header, HeaderValue},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    Router,
};
use keyfob_core::ErrorCode;
use tokio::net::TcpListener;
use tower_http::{
    catch_panic::CatchPanicLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};

pub use config::ServerConfig;
pub use db::Db;
pub use error::{ServerError, ServerResult};
pub use state::AppState;

/// Request bodies above this are refused: every request of this API is a few hundred bytes.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// A request that takes longer is cut off with `request_timeout`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Every route of the API over `state`.
pub fn app(state: AppState) -> Router {
    layered(routes::router(state.clone()), &state).with_state(state)
}

/// What every request passes through, outermost last: the trace, the embedded server's guard,
/// the response headers, the panic catcher, the time and size limits.
fn layered(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    let hsts = state.config.hsts.then(|| {
        // Two years, as HSTS preload lists expect.
        HeaderValue::from_static("max-age=63072000; includeSubDomains")
    });
    router
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn(time_limit))
        // A panic in one request answers that request with `internal`, never takes the server
        // (or the app around the sandbox) down.
        .layer(CatchPanicLayer::custom(panicked))
        // Answers hold tokens and personal data: no cache, proxy or browser may keep them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &Response| hsts.clone(),
        ))
        .layer(middleware::from_fn_with_state(state.clone(), only_for_us))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ServerError::Internal("a request handler panicked".into()).into_response()
}

/// Refuses requests the server was not meant to answer: for the app's embedded server, those
/// without the app's launch secret, and those addressed to any name but loopback (a web page
/// rebinding its own name to 127.0.0.1 sends its own name as Host).
async fn only_for_us(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let config = &state.config;
    if config.loopback_hosts_only && !addressed_to_loopback(&request) {
        return ServerError::refused(
            ErrorCode::HostNotAllowed,
            "This server answers only requests addressed to 127.0.0.1 or localhost.",
        )
        .into_response();
    }
    if let Some(secret) = &config.launch_secret {
        let given = request
            .headers()
            .get(config::LAUNCH_SECRET_HEADER)
            .map(HeaderValue::as_bytes)
            .unwrap_or_default();
        if !auth::same_secret(given, secret.as_bytes()) {
            return ServerError::refused(
                ErrorCode::LaunchSecretRequired,
                "This is the Keyfob app's own server; it answers only the app that started it.",
            )
            .into_response();
        }
    }
    next.run(request).await
}

fn addressed_to_loopback(request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    // Strip the port: `127.0.0.1:1234`, `[::1]:1234`, `localhost:1234`.
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "[::1]" | "localhost"
    )
}

/// Logs the route template (`/v1/sandbox/head-unit/{vin}`), never the concrete path, which
/// could carry a VIN or an id; headers (tokens) and bodies (passwords) are never recorded.
fn request_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(unmatched)", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}

async fn time_limit(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ServerError::refused(
            ErrorCode::RequestTimeout,
            "The server took too long with this request. Try again.",
        )
        .into_response(),
    }
}

/// Opens the database, applies migrations and, for the sandbox, loads the fleet and starts its
/// simulated cars.
pub async fn open_state(
    database_url: &str,
    config: ServerConfig,
    seed: bool,
) -> ServerResult<AppState> {
    let db = open_database(database_url, &config, seed).await?;
    if config.sandbox {
        let simulator = Arc::new(
            simulator::Simulator::start(&db, config.clock.clone(), config.time_scale).await?,
        );
        let gateway: Arc<dyn telematics::TelematicsGateway> = simulator.clone();
        state_with_gateway(db, config, gateway, Some(simulator)).await
    } else {
        // No car connection is configured in server mode yet: commands expire honestly.
        state_with_gateway(db, config, Arc::new(telematics::OfflineGateway), None).await
    }
}

/// Like [`open_state`], with the cars behind a gateway of the caller's choosing.
pub async fn open_state_with_gateway(
    database_url: &str,
    config: ServerConfig,
    seed: bool,
    gateway: Arc<dyn telematics::TelematicsGateway>,
) -> ServerResult<AppState> {
    let db = open_database(database_url, &config, seed).await?;
    state_with_gateway(db, config, gateway, None).await
}

/// Like [`open_state`], with the cars reached through NissanConnect: each owner connects their
/// own NissanConnect account, and its cars are read on the gateway's schedule from now on.
pub async fn open_state_nissanconnect(
    database_url: &str,
    config: ServerConfig,
    settings: nissanconnect::NissanConnectSettings,
) -> ServerResult<AppState> {
    let db = open_database(database_url, &config, false).await?;
    let gateway =
        nissanconnect::NissanConnectGateway::new(db.clone(), config.clock.clone(), settings)?;
    let cars: Arc<dyn telematics::TelematicsGateway> =
        Arc::new(nissanconnect::NissanConnectCars(gateway.clone()));
    let mut state = state_with_gateway(db, config, cars, None).await?;
    gateway.set_mailer(state.mailer.clone());
    // The schedule holds the gateway weakly: it ends when the server's state is dropped.
    drop(gateway.start());
    state.nissanconnect = Some(gateway);
    Ok(state)
}

async fn open_database(database_url: &str, config: &ServerConfig, seed: bool) -> ServerResult<Db> {
    let db = match &config.database_key {
        Some(key) => Db::connect_encrypted(database_url, key).await?,
        None => Db::connect(database_url).await?,
    };
    db.migrate().await?;
    if seed {
        seed::seed_sandbox(&db, config.clock.now()).await?;
    }
    Ok(db)
}

async fn state_with_gateway(
    db: Db,
    config: ServerConfig,
    gateway: Arc<dyn telematics::TelematicsGateway>,
    simulator: Option<Arc<simulator::Simulator>>,
) -> ServerResult<AppState> {
    let state = AppState::new(db, config, gateway, simulator)?;
    // Nothing is sent twice after a restart: unfinished commands get their true final state.
    state.remote.resolve_after_restart().await?;
    Ok(state)
}

/// How often the server prunes and redacts what it must not keep (see [`AppState::maintain`]).
pub const MAINTENANCE_EVERY: Duration = Duration::from_secs(5 * 60);

/// Runs [`AppState::maintain`] now and then every [`MAINTENANCE_EVERY`], until aborted.
pub fn spawn_maintenance(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(MAINTENANCE_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = state.maintain().await {
                tracing::error!(%error, "maintenance failed");
            }
        }
    })
}

/// A bound, not yet serving, server. Binding first lets the caller learn the port (port 0 picks a
/// free one) before requests are accepted.
pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Server {
    pub async fn bind(addr: SocketAddr, state: AppState) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Server {
            listener,
            router: app(state.clone()),
            state,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let maintenance = spawn_maintenance(self.state);
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        maintenance.abort();
        served
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_request_is_answered_as_internal_and_the_server_carries_on() {
        let state = open_state("sqlite::memory:", ServerConfig::server(), false)
            .await
            .expect("state");
        let router = Router::new()
            .route(
                "/boom",
                axum::routing::get(|| async {
                    if true {
                        panic!("a bug in a handler");
                    }
                }),
            )
            .route("/fine", axum::routing::get(|| async { "fine" }));
        let app = layered(router, &state).with_state(state);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let boom = reqwest::get(format!("http://{addr}/boom"))
            .await
            .expect("an answer");
        assert_eq!(boom.status().as_u16(), 500);
        let body: serde_json::Value = boom.json().await.expect("json");
        assert_eq!(body["code"], "internal");
        let fine = reqwest::get(format!("http://{addr}/fine"))
            .await
            .expect("still serving");
        assert_eq!(fine.text().await.expect("text"), "fine");
    }
}

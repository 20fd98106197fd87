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
mod mail;
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
    extract::{DefaultBodyLimit, MatchedPath, Request},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    Router,
};
use keyfob_core::ErrorCode;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

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
    routes::router()
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn(time_limit))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
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

async fn open_database(database_url: &str, config: &ServerConfig, seed: bool) -> ServerResult<Db> {
    let db = Db::connect(database_url).await?;
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

/// A bound, not yet serving, server. Binding first lets the caller learn the port (port 0 picks a
/// free one) before requests are accepted.
pub struct Server {
    listener: TcpListener,
    router: Router,
}

impl Server {
    pub async fn bind(addr: SocketAddr, state: AppState) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Server {
            listener,
            router: app(state),
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
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

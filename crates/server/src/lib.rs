//! Keyfob's connected-services backend as a library: the router, and a server that binds,
//! serves and shuts down gracefully. The app embeds it as the sandbox; the `keyfob-server`
//! binary runs it stand-alone.

mod health;

use std::{future::Future, net::SocketAddr};

use axum::{routing::get, Router};
use tokio::net::TcpListener;

/// Every route of the API.
pub fn app() -> Router {
    Router::new().route("/health", get(health::health))
}

/// A bound, not yet serving, server. Binding first lets the caller learn the port (port 0 picks a
/// free one) before requests are accepted.
pub struct Server {
    listener: TcpListener,
    router: Router,
}

impl Server {
    pub async fn bind(addr: SocketAddr) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Server {
            listener,
            router: app(),
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
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

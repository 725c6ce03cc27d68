//! The accept loop (layer: http): hyper under the router, so that the
//! connection-level limits of [`Limits`] apply, which `axum::serve` does not
//! expose (it sets no timer, so hyper's header-read timeout never runs):
//!
//! - at most `max_connections` open connections: at the cap the loop stops
//!   accepting until one closes, and the kernel's backlog holds the rest;
//! - `header_read_timeout`: a connection that has not sent a whole request
//!   head within it (slowloris, or an idle keep-alive) is closed.
//!
//! As `axum::serve` did: TCP_NODELAY, the peer address as
//! `ConnectInfo<SocketAddr>` (login throttling counts per address), and a
//! graceful shutdown that stops accepting and lets open requests finish.
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::{Service, ServiceExt};

use super::limits::Limits;

/// Serves `router` on `listener` until `shutdown` completes, then waits for
/// the open connections to finish their requests.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut make_service: IntoMakeServiceWithConnectInfo<Router, SocketAddr> =
        router.into_make_service_with_connect_info::<SocketAddr>();
    // HTTP/1 only (axum is built without http2): the protocol sniffing of
    // the auto builder would otherwise wait for bytes with no timeout.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    // Dropping `stop_tx` tells every connection to finish; each holds a
    // `done_rx`, so `done_tx.closed()` completes when the last one ends.
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Without TCP_NODELAY small static responses stall about 40 ms on loopback.
        let _ = tcp.set_nodelay(true);
        let Ok(service) = make_service.call(peer).await;
        let service = service.map_request(|req: Request<Incoming>| req.map(Body::new));
        let (builder, mut stop_rx, done_rx) = (builder.clone(), stop_rx.clone(), done_rx.clone());
        tokio::spawn(async move {
            let conn =
                builder.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
            let mut conn = std::pin::pin!(conn);
            let result = tokio::select! {
                result = conn.as_mut() => result,
                _ = stop_rx.changed() => {
                    conn.as_mut().graceful_shutdown();
                    conn.as_mut().await
                }
            };
            if let Err(e) = result {
                tracing::debug!(%peer, "connection ended: {e}");
            }
            drop((slot, done_rx));
        });
    }
    drop(listener);
    drop(stop_tx);
    drop(done_rx);
    done_tx.closed().await;
    Ok(())
}

/// Out of file descriptors and the like: wait a moment instead of spinning;
/// a connection reset before it was accepted is only that connection's end.
async fn accept_error(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!("accept failed: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

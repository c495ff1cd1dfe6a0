//! Serving connections: the router on hyper's HTTP/1.1 server, as `axum::serve` does, plus what
//! it cannot set: a header-read timeout, so that a client trickling a request head (slowloris)
//! or holding an idle keep-alive connection does not hold it for ever.

use std::pin::pin;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

/// A connection that has not sent a whole request head this long after it opened, or after
/// its previous answer, is closed (hyper's timer covers idle keep-alive time too). Longer than
/// the idle time of Node's and undici's pools (4-5 s), so they close first.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` fires, then lets the connections finish.
pub async fn serve(listener: TcpListener, app: Router, shutdown: oneshot::Receiver<()>) {
    let (closing, closing_seen) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut closing_seen = closing_seen.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = closing_seen.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = closing.send(());
    drop(closing_seen);
    // Every connection task holds a receiver; all gone means all connections ended.
    closing.closed().await;
}

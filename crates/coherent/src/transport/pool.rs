//! The connections to the origin: the reqwest client that pools them, the connect gate that
//! decides when a new one is opened (`connect_gate`), the optional cap on how many are open at
//! once, and their retirement before the server drops them.
//!
//! Retirement: an idle connection is closed after [`IDLE_TIMEOUT`], or is not used any more
//! once idle for longer than the server says it keeps them (`Keep-Alive: timeout=N`), less a
//! margin: N − 1 s (N/2 below 2 s). The pool hands out the most recently used connection first,
//! so when that one is too old, all are.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use tokio::sync::{Semaphore, SemaphorePermit};

use super::classify::{describe, Failure, Reach};
use super::connect_gate::Gate;
use super::{h2, net};
use crate::config::{Config, IDLE_TIMEOUT};
use crate::error::{Error, Result};

#[derive(Debug)]
pub(super) struct Pool {
    current: Mutex<Current>,
    headers: HeaderMap,
    config: Config,
    /// The proxies from the environment when the `Transport` was made (see `net::http_client`).
    proxies: Vec<reqwest::Proxy>,
    gate: Arc<Gate>,
    /// `maxConnections`: one permit per HTTP/1.1 exchange in flight (FIFO: tokio's semaphore
    /// is fair), so at most that many connections are busy, and the pool keeps at most that
    /// many idle.
    cap: Option<Semaphore>,
}

#[derive(Debug)]
struct Current {
    http: reqwest::Client,
    /// Counts the clients made: a resend after a `GOAWAY` renews only the client it used.
    generation: u64,
    /// How long the server keeps idle connections, less a margin (`Keep-Alive: timeout=N`).
    server_idle: Duration,
    /// When the last exchange ended: the pool's most recently idle connection went idle then.
    last_end: Option<Instant>,
}

impl Pool {
    pub(super) fn new(headers: HeaderMap, config: &Config, alpn_h2: bool) -> Result<Self> {
        let gate = Gate::new(alpn_h2);
        let proxies = net::env_proxies()?;
        let http = net::http_client(headers.clone(), config, &proxies, &gate, 0)?;
        Ok(Pool {
            current: Mutex::new(Current {
                http,
                generation: 0,
                server_idle: IDLE_TIMEOUT,
                last_end: None,
            }),
            headers,
            config: config.clone(),
            proxies,
            gate,
            cap: config.max_connections().map(|n| Semaphore::new(n as usize)),
        })
    }

    /// The client for the next exchange, and its generation (for [`Pool::renew`]). When the
    /// server keeps idle connections less long than the pool does and the freshest idle one has
    /// outlived that, so have all the others: they are left behind with the old client (closed
    /// once calls using it end) for a new pool.
    pub(super) fn client(&self) -> (reqwest::Client, u64) {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let stale = current
            .last_end
            .is_some_and(|end| end.elapsed() >= current.server_idle);
        if stale && current.server_idle < IDLE_TIMEOUT {
            self.replace(&mut current);
        }
        (current.http.clone(), current.generation)
    }

    /// A graceful `GOAWAY` closed a connection of the client of `generation`: later exchanges
    /// go through a new client, with a pool of its own. hyper-util's pool keeps the closing
    /// connection's entry until a checkout looks at it, and meanwhile refuses to pool a new
    /// HTTP/2 connection (its `put`), so every call waiting there would connect for itself: the
    /// storm of `__test__/http2.test.js`. The old client finishes the exchanges it has.
    pub(super) fn renew(&self, generation: u64) {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if current.generation == generation {
            self.replace(&mut current);
        }
    }

    fn replace(&self, current: &mut Current) {
        let generation = current.generation + 1;
        let client = net::http_client(
            self.headers.clone(),
            &self.config,
            &self.proxies,
            &self.gate,
            generation,
        );
        if let Ok(http) = client {
            current.http = http;
            current.generation = generation;
            current.last_end = None;
            self.gate.renewed(generation);
        }
    }

    /// Whether the origin's connections are HTTP/2.
    pub(super) fn is_http2(&self) -> bool {
        self.gate.is_http2()
    }

    /// Waits for a connection to be free under `maxConnections`; the permit is held for the
    /// exchange. `None`: no cap, or HTTP/2 (one connection carries every call).
    pub(super) async fn admit(&self) -> Option<SemaphorePermit<'_>> {
        let cap = self.cap.as_ref()?;
        if self.gate.is_http2() {
            return None;
        }
        cap.acquire().await.ok()
    }

    /// A call starts an exchange (counted by the connect gate until the guard drops).
    pub(super) fn exchange(&self) -> super::demand::Exchange<'_> {
        self.gate.demand.exchange()
    }

    /// An exchange ended with an answer: its connection goes back to the pool now, and the
    /// server's `Keep-Alive: timeout=N` says how long the server will keep it. Whether the
    /// server closes the connection instead (`Connection: close`).
    pub(super) fn answered(&self, headers: &[(String, String)]) -> bool {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current.last_end = Some(Instant::now());
        if let Some(limit) = keep_alive_limit(headers) {
            current.server_idle = limit;
        }
        super::response::header(headers, "connection")
            .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")))
    }
}

/// The idle limit a `Keep-Alive: timeout=N` response header asks for: a margin below N so the
/// connection is retired before the server's timer fires.
fn keep_alive_limit(headers: &[(String, String)]) -> Option<Duration> {
    let value = super::response::header(headers, "keep-alive")?;
    let seconds: u64 = value.split(',').find_map(|part| {
        let (key, n) = part.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("timeout")
            .then(|| n.trim().parse().ok())?
    })?;
    let server = Duration::from_secs(seconds);
    Some(if seconds >= 2 {
        server - Duration::from_secs(1)
    } else {
        server / 2
    })
}

impl Pool {
    /// A failure that proves the request was never written: hyper took it back from a
    /// connection that closed before sending it (`is_canceled`), or, over HTTP/2, dropped it
    /// unsent when a `GOAWAY` ended the connection ([`h2::dispatch_gone`]). hyper-util resends
    /// the first kind itself on a reused connection, and the resend policy the second; past
    /// those, the send loop may resend any method.
    pub(super) fn never_written(&self, e: &reqwest::Error) -> Option<Failure> {
        let h2_gone = self.gate.is_http2() && h2::dispatch_gone(e);
        let mut source = std::error::Error::source(e);
        let mut canceled = false;
        while let Some(err) = source {
            canceled |= err
                .downcast_ref::<hyper::Error>()
                .is_some_and(hyper::Error::is_canceled);
            source = err.source();
        }
        (canceled || h2_gone).then(|| Failure {
            error: Error::Connection {
                code: "ECONNRESET".into(),
                message: describe(e),
                attempts: 0,
            },
            reach: Reach::NotSent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_alive_timeouts_retire_connections_before_the_server_does() {
        let limit = |v: &str| keep_alive_limit(&[("keep-alive".into(), v.into())]);
        assert_eq!(limit("timeout=5"), Some(Duration::from_secs(4)));
        assert_eq!(limit("timeout=5, max=100"), Some(Duration::from_secs(4)));
        assert_eq!(
            limit("max=100, Timeout = 30"),
            Some(Duration::from_secs(29))
        );
        assert_eq!(limit("timeout=1"), Some(Duration::from_millis(500)));
        assert_eq!(limit("timeout=0"), Some(Duration::ZERO));
        for junk in [
            "",
            "max=5",
            "timeout=",
            "timeout=-1",
            "timeout=1.5",
            "timeout",
        ] {
            assert_eq!(limit(junk), None, "{junk}");
        }
        assert_eq!(keep_alive_limit(&[]), None);
    }
}

//! The connect gate: a pass-through layer around reqwest's connector that decides when a new
//! connection is really needed. hyper-util's pool races each request's idle checkout against a
//! connect of its own, and a connect that loses the race is finished in the background and
//! pooled; so a burst opens more connections than calls in flight, and after an HTTP/2 `GOAWAY`
//! every resent stream handshakes although one connection would carry them all.
//!
//! The gate holds a connect back until it is needed:
//! - a connect that is no longer polled by the call that asked for it (its call took a pooled
//!   connection meanwhile and hyper-util moved the connect to a task of its own) is dropped
//!   before it opens a socket;
//! - over HTTP/1.1 a connect first yields a few times to the runtime and waits until
//!   [`DEFER_MIN`] has passed, so a connection that has just finished its exchange can return to
//!   the pool and be taken instead, also on a busy machine; while a connect whose call was served
//!   elsewhere is still under way (it will join the pool), a new one waits for it (MongoDB's
//!   `maxConnecting`); and it waits while every connection open or opening is spoken for by a
//!   call in flight (`demand`: Node's agent never opens more sockets than requests);
//! - while the origin may speak HTTP/2 (ALPN offered, no connection made yet) or does, one
//!   connect runs at a time: the others wait for it and, once its connection is pooled, take it
//!   (curl's "pipewait", undici's pending ALPN). The turn is kept [`H2_HOLD`] after an HTTP/2
//!   connect: a connection draining after a `GOAWAY` keeps hyper-util from pooling another for
//!   a moment. A waiter that has waited [`MAX_WAIT`] connects without the turn, but only one
//!   such per [`MAX_WAIT`]: were they all to go, a burst parked behind a stuck turn would open a
//!   connection per call at once.
//! - a connect for a client the pool has replaced (after a `GOAWAY`, see `Pool::renew`) is
//!   dropped before it opens a socket: its call is resent through the new client, since the old
//!   client's pool may never hand out the connection it would open.
//!
//! A connect that has opened its socket is never cancelled: it finishes and joins the pool.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::client::legacy::connect::Connection;
use tokio::sync::Notify;

use super::demand::Demand;

/// The longest a connect waits for another in progress: a slow handshake must not hold the
/// others up for long; after this one of them connects anyway (one per this period).
const MAX_WAIT: Duration = Duration::from_secs(1);
/// Yields before an HTTP/1.1 connect: enough for a connection whose response was just read to
/// go back to the pool (hyper-util returns it from a task of its own).
const DEFER_YIELDS: usize = 4;
/// ... and over HTTP/1.1, once the origin has a connection, at least this long: with the CPUs
/// busy the yields alone let a burst of 10 open 11–13 connections (`__test__/connections.test.js`).
const DEFER_MIN: Duration = Duration::from_micros(500);
/// How long the turn stays taken after an HTTP/2 connect (see its use).
const H2_HOLD: Duration = Duration::from_millis(50);

const UNKNOWN: u8 = 0;
const HTTP1: u8 = 1;
const HTTP2: u8 = 2;

/// What the gate knows of its origin, shared by the layer and the send loop.
#[derive(Debug)]
pub(super) struct Gate {
    protocol: AtomicU8,
    /// Connects that completed, so far.
    connected: AtomicUsize,
    /// Connects under way whose calls no longer wait for them (they will join the pool).
    surplus: AtomicUsize,
    /// Wakes HTTP/1.1 connects waiting for a surplus one to finish.
    connect_done: Notify,
    /// A connect holds the turn while the origin may speak HTTP/2.
    connecting: AtomicBool,
    /// Wakes every waiting connect when the turn is given back: those whose call was served
    /// meanwhile end at once (a queue would wake them one by one, the live ones last).
    turn_ended: Notify,
    /// When the gate was made, and when (ms after that) a waiter last connected without the
    /// turn after [`MAX_WAIT`].
    born: tokio::time::Instant,
    last_spare_ms: AtomicU64,
    /// The generation of the pool's current client (see `Pool::renew`).
    generation: AtomicU64,
    /// The calls in flight and the connections they have (HTTP/1.1).
    pub(super) demand: Demand,
}

/// The turn of the one connect in progress; given back when dropped.
pub(super) struct Turn(Arc<Gate>);

impl Drop for Turn {
    fn drop(&mut self) {
        self.0.connecting.store(false, Ordering::Release);
        self.0.turn_ended.notify_waiters();
    }
}

impl Gate {
    /// `alpn_h2`: whether connections offer `h2` (HTTPS with HTTP/2 enabled); otherwise every
    /// connection is HTTP/1.1 from the start.
    pub(super) fn new(alpn_h2: bool) -> Arc<Self> {
        Arc::new(Gate {
            protocol: AtomicU8::new(if alpn_h2 { UNKNOWN } else { HTTP1 }),
            connected: AtomicUsize::new(0),
            surplus: AtomicUsize::new(0),
            connect_done: Notify::new(),
            connecting: AtomicBool::new(false),
            turn_ended: Notify::new(),
            born: tokio::time::Instant::now(),
            last_spare_ms: AtomicU64::new(0),
            generation: AtomicU64::new(0),
            demand: Demand::default(),
        })
    }

    /// Whether the origin's connections are HTTP/2 (known after the first handshake).
    pub(super) fn is_http2(&self) -> bool {
        self.protocol.load(Ordering::Relaxed) == HTTP2
    }

    /// The pool replaced its client by the one of `generation`: connects still waiting for the
    /// old one end now (their calls are resent through the new one).
    pub(super) fn renewed(&self, generation: u64) {
        self.generation.store(generation, Ordering::Release);
        self.demand.reset();
        self.turn_ended.notify_waiters();
        self.connect_done.notify_waiters();
    }

    fn superseded(&self, generation: u64) -> bool {
        self.generation.load(Ordering::Acquire) != generation
    }

    fn learn(&self, h2: bool) {
        self.connected.fetch_add(1, Ordering::Relaxed);
        self.protocol
            .store(if h2 { HTTP2 } else { HTTP1 }, Ordering::Relaxed);
    }

    /// Waits until this connect (for the client of `generation`) should open a socket, then
    /// returns its turn (held while the origin may speak HTTP/2); `None`: the call was served
    /// meanwhile, or the client was replaced: the connect is not needed.
    async fn admit(
        self: &Arc<Self>,
        owner: Option<tokio::task::Id>,
        generation: u64,
    ) -> Option<Option<Turn>> {
        let orphaned = || tokio::task::try_id() != owner || self.superseded(generation);
        let mut turn = None;
        if self.protocol.load(Ordering::Relaxed) != HTTP1 {
            let mut give_up = tokio::time::Instant::now() + MAX_WAIT;
            while turn.is_none() && self.protocol.load(Ordering::Relaxed) != HTTP1 {
                let ended = self.turn_ended.notified();
                tokio::pin!(ended);
                ended.as_mut().enable();
                if orphaned() {
                    return None;
                }
                turn = self.try_turn();
                if turn.is_none() && tokio::time::timeout_at(give_up, ended).await.is_err() {
                    if self.try_spare() {
                        break; // waited long enough: connect without the turn
                    }
                    give_up = tokio::time::Instant::now() + MAX_WAIT;
                }
            }
        }
        if !self.defer(&orphaned).await {
            return None;
        }
        if self.protocol.load(Ordering::Relaxed) == HTTP1 {
            turn = None;
            // Connects whose calls were served meanwhile still finish and join the pool: while
            // one is under way, wait for it rather than open another (MongoDB's maxConnecting),
            // then give its connection the same moment to reach this call's checkout.
            let give_up = tokio::time::Instant::now() + MAX_WAIT;
            while self.surplus.load(Ordering::Acquire) > 0 {
                let done = self.connect_done.notified();
                tokio::pin!(done);
                done.as_mut().enable();
                if orphaned() {
                    return None;
                }
                if self.surplus.load(Ordering::Acquire) == 0
                    || tokio::time::timeout_at(give_up, done).await.is_err()
                {
                    break;
                }
                if !self.defer(&orphaned).await {
                    return None;
                }
            }
            if !self.demand.until_needed(&orphaned).await || orphaned() {
                return None;
            }
        }
        Some(turn)
    }

    /// Lets a connection just returned (HTTP/1.1) or just pooled by the connect before (HTTP/2)
    /// reach the call's checkout: a few turns of the runtime, and over HTTP/1.1, once the origin
    /// has a connection, a sleep up to [`DEFER_MIN`] (on a busy machine the task returning it may
    /// wait for a CPU; a sleep, not more yields, so a large burst burns no CPU waiting).
    /// `false`: the call was served meanwhile.
    async fn defer(&self, orphaned: &impl Fn() -> bool) -> bool {
        let deferred = tokio::time::Instant::now();
        for _ in 0..DEFER_YIELDS {
            if orphaned() {
                return false;
            }
            tokio::task::yield_now().await;
        }
        if self.protocol.load(Ordering::Relaxed) == HTTP1
            && self.connected.load(Ordering::Relaxed) > 0
            && !orphaned()
        {
            tokio::time::sleep_until(deferred + DEFER_MIN).await;
        }
        !orphaned()
    }

    /// Runs a connect, counting it as surplus from when a task other than its call's polls it
    /// until it ends (or is dropped).
    async fn connect<F: Future>(&self, owner: Option<tokio::task::Id>, connect: F) -> F::Output {
        struct Surplus<'a>(&'a Gate, bool);
        impl Drop for Surplus<'_> {
            fn drop(&mut self) {
                if self.1 {
                    self.0.surplus.fetch_sub(1, Ordering::AcqRel);
                }
                self.0.connect_done.notify_waiters();
            }
        }
        let mut surplus = Surplus(self, false);
        let mut connect = std::pin::pin!(connect);
        std::future::poll_fn(|cx| {
            if !surplus.1 && tokio::task::try_id() != owner {
                surplus.1 = true;
                self.surplus.fetch_add(1, Ordering::AcqRel);
            }
            connect.as_mut().poll(cx)
        })
        .await
    }

    /// Whether a waiter may connect without the turn: one per [`MAX_WAIT`].
    fn try_spare(&self) -> bool {
        let now = self.born.elapsed().as_millis() as u64 + MAX_WAIT.as_millis() as u64;
        let last = self.last_spare_ms.load(Ordering::Relaxed);
        now.saturating_sub(last) >= MAX_WAIT.as_millis() as u64
            && self
                .last_spare_ms
                .compare_exchange(last, now, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
    }

    fn try_turn(self: &Arc<Self>) -> Option<Turn> {
        self.connecting
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
            .then(|| Turn(Arc::clone(self)))
    }
}

/// The connect was dropped by the gate before it opened a socket: the call that asked for it
/// was served by the pool, or (`superseded`) the pool replaced the client it was for.
#[derive(Debug)]
pub(super) struct NotNeeded {
    superseded: bool,
}

impl std::fmt::Display for NotNeeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.superseded {
            "connect not needed: the client was replaced after a GOAWAY"
        } else {
            "connect not needed: the call took a pooled connection"
        })
    }
}

impl std::error::Error for NotNeeded {}

/// Whether `e` is a connect the gate dropped because its client was replaced: the request
/// never left, and goes again through the new client.
pub(super) fn superseded(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(err) = source {
        if err
            .downcast_ref::<NotNeeded>()
            .is_some_and(|n| n.superseded)
        {
            return true;
        }
        source = err.source();
    }
    false
}

/// The layer given to `reqwest::ClientBuilder::connector_layer` for the client of `generation`.
#[derive(Clone)]
pub(super) struct GateLayer {
    pub(super) gate: Arc<Gate>,
    pub(super) generation: u64,
}

impl<S> tower_layer::Layer<S> for GateLayer {
    type Service = Gated<S>;

    fn layer(&self, inner: S) -> Gated<S> {
        Gated {
            inner,
            gate: Arc::clone(&self.gate),
            generation: self.generation,
        }
    }
}

#[derive(Clone)]
pub(super) struct Gated<S> {
    inner: S,
    gate: Arc<Gate>,
    generation: u64,
}

impl<S, Target> tower_service::Service<Target> for Gated<S>
where
    S: tower_service::Service<Target> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Response: Connection + Send,
    S::Error: From<NotNeeded> + Send,
    Target: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, target: Target) -> Self::Future {
        // hyper-util calls this while polling the call's own future: its task owns the connect.
        let owner = tokio::task::try_id();
        let gate = Arc::clone(&self.gate);
        let generation = self.generation;
        // The clone that was made ready does the connect (tower's rule).
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        Box::pin(async move {
            let Some(turn) = gate.admit(owner, generation).await else {
                let superseded = gate.superseded(generation);
                return Err(NotNeeded { superseded }.into());
            };
            let opening = gate.demand.opening();
            let conn = gate.connect(owner, inner.call(target)).await?;
            opening.opened();
            let h2 = conn.connected().is_negotiated_h2();
            gate.learn(h2);
            if let Some(turn) = turn.filter(|_| h2) {
                // The turn is kept a moment more: while a connection the server is closing with
                // a GOAWAY still sits in the pool, hyper-util pools no other, so the waiting
                // calls would each connect in turn for one exchange.
                tokio::spawn(async move {
                    tokio::time::sleep(H2_HOLD).await;
                    drop(turn);
                });
            }
            Ok(conn)
        })
    }
}

#[cfg(test)]
mod tests;

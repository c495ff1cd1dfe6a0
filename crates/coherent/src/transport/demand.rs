//! Whether the origin's calls need another HTTP/1.1 connection: Node's agent never opens more
//! sockets than requests in flight, since it binds each new socket to the request that asked for
//! it; hyper-util's pool races a connect against the idle checkout instead, so a connect may find,
//! by the time it would open a socket, that a connection came free for its call (the 51st at 50
//! in flight, `__test__/connections.test.js`). A connect is admitted only while the connections
//! open or opening are fewer than the calls in an exchange: otherwise each of those is spoken for
//! and one will come free for this call, so the total stays at most the calls in flight.
//!
//! The count of open connections is a belief (hyper-util does not say when one closes): lowered
//! when an exchange fails or the server answers `Connection: close`, and reset when the pool is
//! replaced or no call is in an exchange (a server may close idle connections unannounced: a
//! count carried over would hold the next burst to the connections that are left; counting from
//! zero only lets the calls connect as before). A wrong count must not stall calls, so a
//! connect waits only while a connection can come free (one is opening, or some call in an
//! exchange is not waiting here) and at most [`MAX_WAIT`], after which the count is lowered to
//! the connections the other calls can hold.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// The longest a connect waits for a connection to come free. When the count is right, one is
/// idle or on its way back to the pool (some connection is not held by another call), which
/// takes a few turns of the runtime; a longer wait means the count is wrong.
const MAX_WAIT: Duration = Duration::from_millis(200);

#[derive(Debug)]
pub(super) struct Demand {
    /// Calls in an exchange (waiting for a connection or using one).
    wanting: AtomicUsize,
    /// Connections believed open.
    open: AtomicUsize,
    /// Connects admitted and not ended: they will join the pool.
    opening: AtomicUsize,
    /// Connects waiting in [`Demand::until_needed`].
    parked: AtomicUsize,
    changed: Notify,
}

impl Default for Demand {
    fn default() -> Self {
        Demand {
            wanting: AtomicUsize::new(0),
            open: AtomicUsize::new(0),
            opening: AtomicUsize::new(0),
            parked: AtomicUsize::new(0),
            changed: Notify::new(),
        }
    }
}

impl Demand {
    /// A call starts an exchange; it ends when the guard is dropped.
    pub(super) fn exchange(&self) -> Exchange<'_> {
        self.wanting.fetch_add(1, Ordering::AcqRel);
        self.changed.notify_waiters();
        Exchange {
            demand: self,
            kept: false,
        }
    }

    /// A connection closed (or may have: a lower count only admits a connect sooner).
    pub(super) fn closed(&self) {
        let _ = self
            .open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
        self.changed.notify_waiters();
    }

    /// The pool was replaced: the new one has no connection yet.
    pub(super) fn reset(&self) {
        self.open.store(0, Ordering::Release);
        self.changed.notify_waiters();
    }

    /// A connect is admitted; the guard counts it as opening until [`Opening::opened`] or drop.
    pub(super) fn opening(&self) -> Opening<'_> {
        self.opening.fetch_add(1, Ordering::AcqRel);
        Opening(self)
    }

    /// Every connection open or opening is spoken for by a call in an exchange, and one can
    /// still come free: one is opening, or a call in an exchange is not waiting here.
    fn spoken_for(&self) -> bool {
        let wanting = self.wanting.load(Ordering::Acquire);
        let opening = self.opening.load(Ordering::Acquire);
        self.open.load(Ordering::Acquire) + opening >= wanting
            && (opening > 0 || self.parked.load(Ordering::Acquire) < wanting)
    }

    /// Waits until a new connection is needed (see the module); `false`: the call was served
    /// meanwhile (`orphaned`, checked at every poll: hyper-util moves a connect whose call took
    /// a pooled connection to a task of its own, which polls it at once).
    pub(super) async fn until_needed(&self, orphaned: &impl Fn() -> bool) -> bool {
        struct Parked<'a>(&'a Demand);
        impl Drop for Parked<'_> {
            fn drop(&mut self) {
                self.0.parked.fetch_sub(1, Ordering::AcqRel);
                self.0.changed.notify_waiters();
            }
        }
        self.parked.fetch_add(1, Ordering::AcqRel);
        self.changed.notify_waiters(); // all calls waiting here: none will free a connection
        let _parked = Parked(self);
        let give_up = Instant::now() + MAX_WAIT;
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if orphaned() {
                return false;
            }
            if !self.spoken_for() {
                return true;
            }
            let served = std::future::poll_fn(|_| {
                if orphaned() {
                    std::task::Poll::Ready(())
                } else {
                    std::task::Poll::Pending
                }
            });
            tokio::select! {
                biased;
                () = served => return false,
                () = &mut changed => {}
                () = tokio::time::sleep_until(give_up) => {
                    // No connection came free: at most the calls not waiting here hold one.
                    let held = self.wanting.load(Ordering::Acquire)
                        .saturating_sub(self.parked.load(Ordering::Acquire));
                    self.open.fetch_min(held, Ordering::AcqRel);
                    self.changed.notify_waiters();
                    return !orphaned();
                }
            }
        }
    }
}

/// A call's exchange; see [`Demand::exchange`].
pub(super) struct Exchange<'a> {
    demand: &'a Demand,
    kept: bool,
}

impl Exchange<'_> {
    /// The exchange ended with an answer; `close`: the server closes its connection after it.
    pub(super) fn answered(mut self, close: bool) {
        self.kept = !close;
    }
}

impl Drop for Exchange<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.demand.closed(); // failed, cut short or closed: its connection is likely gone
        }
        if self.demand.wanting.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.demand.reset(); // see the module
        }
    }
}

/// A connect admitted; see [`Demand::opening`].
pub(super) struct Opening<'a>(&'a Demand);

impl Opening<'_> {
    /// The connect made its connection: counted open before no longer opening, so the sum the
    /// gate compares never dips.
    pub(super) fn opened(self) {
        self.0.open.fetch_add(1, Ordering::AcqRel);
    }
}

impl Drop for Opening<'_> {
    fn drop(&mut self) {
        self.0.opening.fetch_sub(1, Ordering::AcqRel);
        self.0.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connect_waits_while_every_connection_is_spoken_for() {
        let demand = Demand::default();
        let not_served = || false;
        let first = demand.exchange();
        assert!(demand.until_needed(&not_served).await, "no connection yet");
        demand.opening().opened();
        let second = demand.exchange();
        assert!(
            demand.until_needed(&not_served).await,
            "1 open, 2 calls: connect"
        );
        demand.opening().opened();
        drop(second); // answered nothing: its connection counts as gone
        assert_eq!(demand.open.load(Ordering::Acquire), 1);
        let third = demand.exchange();
        // 1 open for 2 calls: connect; then 2 open for 2 calls, the other call holds one.
        assert!(demand.until_needed(&not_served).await);
        demand.opening().opened();
        let started = Instant::now();
        assert!(demand.until_needed(&not_served).await, "gave up");
        assert!(
            started.elapsed() >= MAX_WAIT,
            "waited for the held connection"
        );
        assert_eq!(
            demand.open.load(Ordering::Acquire),
            1,
            "the count was lowered"
        );
        assert!(!demand.until_needed(&|| true).await, "served: not needed");
        first.answered(false);
        third.answered(true);
        assert_eq!(demand.open.load(Ordering::Acquire), 0);
        // A count gone stale (3 believed open), and the one call in flight waits here: no call
        // holds a connection to free, so no wait.
        for _ in 0..3 {
            demand.opening().opened();
        }
        let fourth = demand.exchange();
        let started = Instant::now();
        assert!(demand.until_needed(&not_served).await);
        assert!(started.elapsed() < MAX_WAIT, "{:?}", started.elapsed());
        fourth.answered(false);
        assert_eq!(
            demand.open.load(Ordering::Acquire),
            0,
            "no call in an exchange: counted from zero"
        );
    }

    #[tokio::test]
    async fn a_waiting_connect_goes_once_a_new_call_makes_the_connections_too_few() {
        let demand = std::sync::Arc::new(Demand::default());
        let _holder = demand.exchange();
        demand.opening().opened();
        demand.opening().opened();
        let waiter = {
            let demand = std::sync::Arc::clone(&demand);
            tokio::spawn(async move {
                let _own = demand.exchange(); // 2 open for 2 calls, the holder's will come free
                demand.until_needed(&|| false).await
            })
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!waiter.is_finished(), "waits while both are spoken for");
        let started = Instant::now();
        let _third = demand.exchange();
        assert!(waiter.await.unwrap());
        assert!(started.elapsed() < MAX_WAIT, "woken by the new call");
    }
}

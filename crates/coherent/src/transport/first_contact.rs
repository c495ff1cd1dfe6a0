//! Waiting for the first connection before opening more, where it may be HTTP/2 (curl's
//! "pipewait"). Whether a server speaks HTTP/2 is known only once a TLS handshake has picked it,
//! so a burst of calls on a fresh client would each open a connection and, for HTTP/2, drop all
//! but one right after the handshake (700 TLS handshakes for a burst of 5,000 calls to nginx).
//! Instead the first attempt goes alone, and the others wait for its response (at most
//! [`MAX_WAIT`]); by then an HTTP/2 connection is pooled and they all share it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard};
use tokio::time::Instant;

/// The longest an attempt waits for the first one: a slow first answer must not hold the
/// others up for long; after this they open connections of their own, as without the wait.
const MAX_WAIT: Duration = Duration::from_secs(1);
/// After this long without a response the pool may have closed its connections (reqwest's
/// idle timeout), so the next attempts wait for a first one again.
const IDLE: Duration = Duration::from_secs(90);

#[derive(Debug)]
pub(super) struct FirstContact {
    /// `false`: never wait (HTTP/2 off, or plain http, which is always HTTP/1.1).
    enabled: bool,
    created: Instant,
    /// Milliseconds after `created` of the last response, plus one; 0 = none yet.
    last_response: AtomicU64,
    probe: Mutex<()>,
}

impl FirstContact {
    pub(super) fn new(enabled: bool) -> Self {
        FirstContact {
            enabled,
            created: Instant::now(),
            last_response: AtomicU64::new(0),
            probe: Mutex::new(()),
        }
    }

    /// Returns at once while a connection is likely open. Otherwise waits its turn; the attempt
    /// that gets the turn with still no response seen holds the returned guard while it runs.
    pub(super) async fn wait(&self) -> Option<MutexGuard<'_, ()>> {
        if !self.enabled || self.connected() {
            return None;
        }
        let guard = tokio::time::timeout(MAX_WAIT, self.probe.lock())
            .await
            .ok()?;
        (!self.connected()).then_some(guard)
    }

    /// A response arrived: a connection is open (and pooled, if HTTP/2).
    pub(super) fn responded(&self) {
        if self.enabled {
            let ms = self.created.elapsed().as_millis() as u64 + 1;
            self.last_response.store(ms, Ordering::Relaxed);
        }
    }

    fn connected(&self) -> bool {
        match self.last_response.load(Ordering::Relaxed) {
            0 => false,
            ms => self.created.elapsed().as_millis() as u64 + 1 - ms < IDLE.as_millis() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_attempt_goes_alone_until_an_answer() {
        assert!(FirstContact::new(false).wait().await.is_none(), "disabled");

        let gate = FirstContact::new(true);
        let first = gate.wait().await;
        assert!(first.is_some(), "the first attempt probes");
        // A second attempt waits while the first runs...
        let waiting = tokio::time::timeout(Duration::from_millis(50), gate.wait()).await;
        assert!(waiting.is_err(), "the second waits");
        // ...and, once it failed without an answer, probes in turn.
        drop(first);
        let second = gate.wait().await;
        assert!(second.is_some());
        gate.responded();
        drop(second);
        assert!(gate.wait().await.is_none(), "after an answer nobody waits");
    }

    #[tokio::test]
    async fn a_slow_first_attempt_holds_the_others_at_most_max_wait() {
        let gate = FirstContact::new(true);
        let _first = gate.wait().await;
        let started = Instant::now();
        assert!(
            gate.wait().await.is_none(),
            "gave up waiting: sends without the turn"
        );
        assert!(started.elapsed() >= MAX_WAIT);
    }
}

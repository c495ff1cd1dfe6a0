//! What a caller gives one call besides the request: limits, a cancellation and an observer of
//! its attempts.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use tokio::sync::watch;

/// Per-call settings; `None` falls back to the client's configuration.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Bounds the whole call: every attempt, the waits between them and the response body.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt, where safe (see the module docs).
    pub max_network_retries: Option<u32>,
    /// Cancels the call when triggered; it then fails with [`Error::Aborted`].
    pub cancel: Option<Cancellation>,
    /// Told about each attempt (never bodies or headers).
    pub observer: Option<Arc<dyn Observer>>,
    /// Extra headers sent on every attempt of this call (trace context: `traceparent`).
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl CallOptions {
    /// Adds a header to every attempt of this call. Only printable ASCII is accepted (what
    /// `traceparent` and `tracestate` allow): any other value is refused and nothing is added.
    pub fn add_header(&mut self, name: &'static str, value: &str) -> bool {
        if !value.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return false;
        }
        match HeaderValue::from_str(value) {
            Ok(value) => {
                self.headers.push((HeaderName::from_static(name), value));
                true
            }
            Err(_) => false,
        }
    }
}

/// Triggers a [`Cancellation`].
#[derive(Debug)]
pub struct Canceller(watch::Sender<bool>);

impl Canceller {
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }
}

/// The receiving side of a cancellation, given to a call in [`CallOptions`].
#[derive(Debug, Clone)]
pub struct Cancellation(watch::Receiver<bool>);

impl Cancellation {
    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once cancelled; never, if the canceller is dropped without cancelling.
    pub(super) async fn cancelled(mut self) {
        if self.0.wait_for(|c| *c).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// A linked canceller and cancellation.
pub fn cancellation() -> (Canceller, Cancellation) {
    let (tx, rx) = watch::channel(false);
    (Canceller(tx), Cancellation(rx))
}

/// One attempt is about to be sent.
#[derive(Debug)]
pub struct RequestEvent<'a> {
    pub method: &'static str,
    pub path: &'a str,
    pub attempt: u32,
}

/// One attempt ended: with a response (`status`) or without one (`error_code`).
#[derive(Debug)]
pub struct ResponseEvent<'a> {
    pub method: &'static str,
    pub path: &'a str,
    pub attempt: u32,
    pub status: Option<u16>,
    pub error_code: Option<&'a str>,
    pub elapsed: Duration,
    /// The `x-request-id` response header, if any.
    pub request_id: Option<&'a str>,
    /// `"1.1"` or `"2"` when a response arrived, `None` otherwise.
    pub http_version: Option<&'static str>,
}

/// Observes attempts. Called on the runtime's threads; keep it quick.
pub trait Observer: Send + Sync {
    fn on_request(&self, event: &RequestEvent<'_>);
    fn on_response(&self, event: &ResponseEvent<'_>);
}

//! The one place for HTTP policy: headers, JSON bodies, redirects, proxies, timeouts, retries,
//! cancellation, size limits and the mapping of every failure onto [`Error`].
//!
//! Retry rules (a payment must never be sent twice):
//! - GET, PUT and DELETE are retried on connection errors, on timeouts before a response, and
//!   on 429, 502, 503 and 504.
//! - POST and PATCH are retried only when the request provably never left this machine: the
//!   failure happened while connecting (refused, DNS, connect timeout, a broken TLS handshake),
//!   before any byte of the request was written.
//! - Refusals are never retried, whatever the method, as they would fail the same way: a TLS
//!   version, cipher, alert or certificate refusal, the proxy's 407 or other refusal of the
//!   tunnel (see `classify`), a body too large or not decodable.
//! - Waits: `Retry-After` (seconds or an HTTP date, capped at 60 s) when the server sends it, else
//!   exponential backoff from 0.5 s, capped at 5 s, with jitter (each wait is 50-100% of the step).
//! - The call's `timeout` is one budget for all attempts and waits; a retry whose wait would not
//!   end before the budget does is not started, and the last error is returned instead.
//! - HTTP/2 (negotiated through ALPN over TLS, never over plain http) follows the same rules. A
//!   stream the server refused (`REFUSED_STREAM`) or dropped in a `GOAWAY` above its last stream
//!   id provably was not processed: it is resent at once within the attempt (as hyper does for
//!   HTTP/1.1 requests a closing connection never took), then retried as if never sent, POST
//!   included (`h2`). So is a request hyper took back unwritten from a closing connection, or
//!   dropped unsent when a `GOAWAY` ended it (`Pool::never_written`).
//! - The decision is one function, `retry::should_retry`.
//!
//! Connections (`pool`, `connect_gate`): a new one is opened only when no pooled one can serve
//! the call, one at a time while the origin may speak HTTP/2; after a `GOAWAY` the resends go
//! through a new client (`Pool::renew`); idle ones retire after 4 s or the server's shorter
//! `Keep-Alive: timeout`; `maxConnections` caps how many are open at once.
//!
//! The pieces: `options` (what a call takes), `retry` (whether and when to retry), `classify`
//! (what a failure means), `h2` (HTTP/2 specifics), `net` (TLS, proxies, redirects), `pool` and
//! `connect_gate` (connections), `exchange` (one HTTP request and its answer), `response`
//! (reading the answer);
//! this file is the send loop.

mod call_options;
mod classify;
mod connect_gate;
mod demand;
mod exchange;
mod h2;
mod net;
mod pool;
mod response;
mod retry;

use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, USER_AGENT};
use tokio::time::Instant;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::request::Request;
use crate::request_id;
pub use call_options::{
    cancellation, CallOptions, Cancellation, Canceller, Observer, RequestEvent, ResponseEvent,
};
use classify::{code_of, Failure};
use pool::Pool;
pub use response::{Response, MAX_RESPONSE_BYTES};
use retry::RetryPolicy;

/// When the attempt now in flight started, if one is.
#[derive(Default)]
struct InFlight(std::sync::Mutex<Option<Instant>>);

impl InFlight {
    fn set(&self, started: Option<Instant>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = started;
        }
    }

    fn take(&self) -> Option<Instant> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// A pooled keep-alive HTTP client bound to one base URL and token.
#[derive(Debug, Clone)]
pub struct Transport {
    pool: std::sync::Arc<Pool>,
    base_url: String,
    /// `base_url` parsed once: each request clones it and sets only the path, so the scheme and
    /// host (IDNA for domain names) are not re-parsed per request.
    base: reqwest::Url,
    timeout: Duration,
    retry: RetryPolicy,
}

impl Transport {
    pub fn new(config: &Config) -> Result<Self> {
        let mut headers = HeaderMap::new();
        // The same Accept as the official client, so servers answer both alike.
        headers.insert(
            ACCEPT,
            HeaderValue::from_static("application/json, text/plain, */*"),
        );
        let mut token = HeaderValue::from_str(config.token.expose())
            .map_err(|_| Error::validation("token", "token is not a valid header value"))?;
        token.set_sensitive(true);
        headers.insert("access-token", token);
        let user_agent = HeaderValue::from_str(&config.user_agent)
            .map_err(|_| Error::validation("userAgent", "userAgent is not a valid header value"))?;
        headers.insert(USER_AGENT, user_agent);

        let base = reqwest::Url::parse(&config.base_url).map_err(|e| {
            Error::validation("baseUrl", format!("baseUrl is not a valid URL ({e})"))
        })?;
        let alpn_h2 = config.http2() && base.scheme() == "https";
        Ok(Transport {
            pool: std::sync::Arc::new(Pool::new(headers, config, alpn_h2)?),
            base_url: config.base_url.clone(),
            base,
            timeout: config.timeout,
            retry: RetryPolicy {
                max_retries: config.max_network_retries,
                base: config.retry_base_delay,
                cap: config.retry_max_delay,
            },
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The base URL, parsed: its scheme, host and port are what traces may name.
    pub fn base(&self) -> &reqwest::Url {
        &self.base
    }

    /// Sends `request` with the client's settings; see [`Transport::send_with`].
    pub async fn send(&self, request: &Request) -> Result<Response> {
        self.send_with(request, &CallOptions::default()).await
    }

    /// Sends `request`, retrying where safe, and returns a 2xx response; every other outcome is
    /// an [`Error`] that says how many attempts were made.
    pub async fn send_with(&self, request: &Request, options: &CallOptions) -> Result<Response> {
        if options
            .cancel
            .as_ref()
            .is_some_and(Cancellation::is_cancelled)
        {
            return Err(Error::Aborted { attempts: 0 });
        }
        let limit = options.timeout.unwrap_or(self.timeout);
        let deadline = Instant::now() + limit;
        let retries = options
            .max_network_retries
            .unwrap_or(self.retry.max_retries);
        let attempts = AtomicU32::new(0);
        let in_flight = InFlight::default();
        let run = tokio::time::timeout_at(
            deadline,
            self.run(request, deadline, retries, &attempts, &in_flight, options),
        );
        // An attempt cut short by the caller or the deadline still gets its `on_response`.
        let report = |code: &str| {
            if let (Some(o), Some(started)) = (&options.observer, in_flight.take()) {
                o.on_response(&ResponseEvent {
                    method: request.method.as_str(),
                    path: &request.path,
                    attempt: attempts.load(Ordering::Relaxed),
                    status: None,
                    error_code: Some(code),
                    elapsed: started.elapsed(),
                    request_id: None,
                    http_version: None,
                });
            }
        };
        let outcome = match options.cancel.clone() {
            Some(cancel) => {
                tokio::select! {
                    biased;
                    _ = cancel.cancelled() => {
                        report("ABORT_ERR");
                        return Err(Error::Aborted { attempts: attempts.load(Ordering::Relaxed) })
                    }
                    outcome = run => outcome,
                }
            }
            None => run.await,
        };
        outcome.unwrap_or_else(|_elapsed| {
            report("ECONNABORTED");
            Err(Error::Timeout {
                limit,
                attempts: attempts.load(Ordering::Relaxed).max(1),
            })
        })
    }

    /// The send loop: attempts until one succeeds or [`retry::should_retry`] says stop.
    async fn run(
        &self,
        request: &Request,
        deadline: Instant,
        retries: u32,
        attempts: &AtomicU32,
        in_flight: &InFlight,
        options: &CallOptions,
    ) -> Result<Response> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            attempts.store(attempt, Ordering::Relaxed);
            let outcome = self
                .observed_attempt(request, attempt, in_flight, options)
                .await;
            let wait = retry::should_retry(
                &outcome,
                request.method.is_idempotent(),
                attempt,
                retries,
                deadline,
                &self.retry,
            );
            let error = match outcome {
                Ok(mut response) if (200..300).contains(&response.status) => {
                    response.attempts = attempt;
                    return Ok(response);
                }
                Ok(response) => Error::Api {
                    status: response.status,
                    headers: response.headers,
                    body: response.body,
                    attempts: attempt,
                },
                Err(failure) => failure.error.with_attempts(attempt),
            };
            match wait {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Err(error),
            }
        }
    }

    /// One attempt, told to the observer: waits for a connection under `maxConnections` (the
    /// wait is part of the call's timeout, and cancellable), then exchanges.
    async fn observed_attempt(
        &self,
        request: &Request,
        attempt: u32,
        in_flight: &InFlight,
        options: &CallOptions,
    ) -> std::result::Result<Response, Failure> {
        let observer = options.observer.as_deref();
        let permit = self.pool.admit().await;
        if let Some(o) = observer {
            o.on_request(&RequestEvent {
                method: request.method.as_str(),
                path: &request.path,
                attempt,
            });
        }
        let started = Instant::now();
        in_flight.set(Some(started));
        let exchange = self.pool.exchange();
        let outcome = self.attempt(request, &options.headers).await;
        in_flight.set(None);
        drop(permit);
        if let Ok(response) = &outcome {
            exchange.answered(self.pool.answered(&response.headers));
        }
        if let Some(o) = observer {
            let (status, error_code, request_id, http_version) = match &outcome {
                Ok(r) => (
                    Some(r.status),
                    None,
                    request_id::from_headers(&r.headers),
                    Some(r.http_version),
                ),
                Err(f) => (
                    f.error.status(),
                    code_of(&f.error),
                    f.error.request_id().map(Cow::Owned),
                    None,
                ),
            };
            o.on_response(&ResponseEvent {
                method: request.method.as_str(),
                path: &request.path,
                attempt,
                status,
                error_code,
                elapsed: started.elapsed(),
                request_id: request_id.as_deref(),
                http_version,
            });
        }
        outcome
    }
}

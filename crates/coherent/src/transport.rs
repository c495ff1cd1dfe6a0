//! The one place for HTTP policy: headers, JSON bodies, redirects, proxies, timeouts, retries,
//! cancellation, size limits and the mapping of every failure onto [`Error`].
//!
//! Retry rules (a payment must never be sent twice):
//! - GET and PUT are retried on connection errors, on timeouts before a response, and on 429,
//!   502, 503 and 504.
//! - POST is retried only when the request provably never left this machine: the failure
//!   happened while connecting (refused, DNS, connect timeout, proxy or TLS handshake), before any
//!   byte of the request was written. A TLS certificate rejection is never retried (it would fail
//!   the same way).
//! - Waits: `Retry-After` (seconds or an HTTP date, capped at 60 s) when the server sends it, else
//!   exponential backoff from 0.5 s, capped at 5 s, with jitter (each wait is 50-100% of the step).
//! - The call's `timeout` is one budget for all attempts and waits; a retry whose wait would not
//!   end before the budget does is not started, and the last error is returned instead.

use std::error::Error as _;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::config::{Config, CONNECT_TIMEOUT, RETRY_AFTER_CAP};
use crate::error::{Error, Result};
use crate::request::{Method, Request};

/// Responses larger than this are refused rather than buffered.
pub const MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;
/// Same-origin redirects followed at most.
const MAX_REDIRECTS: usize = 5;

/// What the server answered with a 2xx status.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Header names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body decoded as UTF-8 (lossy), `""` when empty.
    pub body: String,
    /// HTTP attempts made, this one included.
    pub attempts: u32,
}

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
    async fn cancelled(mut self) {
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
}

/// Observes attempts. Called on the runtime's threads; keep it quick.
pub trait Observer: Send + Sync {
    fn on_request(&self, event: &RequestEvent<'_>);
    fn on_response(&self, event: &ResponseEvent<'_>);
}

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

#[derive(Debug, Clone, Copy)]
struct RetryPolicy {
    max_retries: u32,
    base: Duration,
    cap: Duration,
}

/// A pooled keep-alive HTTP client bound to one base URL and token.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
    /// `base_url` parsed once: each request clones it and sets only the path, so the scheme and
    /// host (IDNA for domain names) are not re-parsed per request.
    base: reqwest::Url,
    timeout: Duration,
    retry: RetryPolicy,
}

/// How far a failed attempt got, which decides whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Failed while connecting: no byte of the request was written. Safe to retry any method.
    NotSent,
    /// The request may have reached the server. Only idempotent methods are retried.
    MaybeSent,
    /// Retrying cannot help (certificate rejected, redirect refused, body too large).
    Final,
}

struct Failure {
    error: Error,
    reach: Reach,
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

        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .default_headers(headers)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(same_origin_redirects())
            // reqwest's own reading of the environment would also proxy loopback hosts; ours
            // below does not.
            .no_proxy();
        for proxy in env_proxies()? {
            builder = builder.proxy(proxy);
        }
        let http = builder.build().map_err(|e| Error::Connection {
            code: "ERR_CLIENT_INIT".into(),
            message: describe(&e),
            attempts: 0,
        })?;
        let base = reqwest::Url::parse(&config.base_url).map_err(|e| {
            Error::validation("baseUrl", format!("baseUrl is not a valid URL ({e})"))
        })?;
        Ok(Transport {
            http,
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
            self.run(
                request,
                deadline,
                retries,
                &attempts,
                &in_flight,
                options.observer.as_deref(),
            ),
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

    async fn run(
        &self,
        request: &Request,
        deadline: Instant,
        retries: u32,
        attempts: &AtomicU32,
        in_flight: &InFlight,
        observer: Option<&dyn Observer>,
    ) -> Result<Response> {
        let idempotent = matches!(request.method, Method::Get | Method::Put);
        let mut attempt = 0;
        loop {
            attempt += 1;
            attempts.store(attempt, Ordering::Relaxed);
            if let Some(o) = observer {
                o.on_request(&RequestEvent {
                    method: request.method.as_str(),
                    path: &request.path,
                    attempt,
                });
            }
            let started = Instant::now();
            in_flight.set(Some(started));
            let outcome = self.attempt(request).await;
            in_flight.set(None);
            if let Some(o) = observer {
                let (status, error_code, request_id) = match &outcome {
                    Ok(r) => (Some(r.status), None, header(&r.headers, "x-request-id")),
                    Err(f) => (f.error.status(), code_of(&f.error), None),
                };
                o.on_response(&ResponseEvent {
                    method: request.method.as_str(),
                    path: &request.path,
                    attempt,
                    status,
                    error_code,
                    elapsed: started.elapsed(),
                    request_id,
                });
            }
            let (error, wait) = match outcome {
                Ok(mut response) if (200..300).contains(&response.status) => {
                    response.attempts = attempt;
                    return Ok(response);
                }
                Ok(response) => {
                    let retryable = idempotent && matches!(response.status, 429 | 502 | 503 | 504);
                    let wait = retryable.then(|| {
                        retry_after(&response.headers).unwrap_or_else(|| self.backoff(attempt))
                    });
                    let error = Error::Api {
                        status: response.status,
                        headers: response.headers,
                        body: response.body,
                        attempts: attempt,
                    };
                    (error, wait)
                }
                Err(Failure { error, reach }) => {
                    let retryable = match reach {
                        Reach::NotSent => true,
                        Reach::MaybeSent => idempotent,
                        Reach::Final => false,
                    };
                    (
                        error.with_attempts(attempt),
                        retryable.then(|| self.backoff(attempt)),
                    )
                }
            };
            match wait {
                Some(wait) if attempt <= retries && Instant::now() + wait < deadline => {
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(error),
            }
        }
    }

    /// One HTTP exchange; any status is a response here.
    async fn attempt(&self, request: &Request) -> std::result::Result<Response, Failure> {
        let url = self.url_for(&request.path);
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
        };
        let mut builder = self.http.request(method, url);
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let response = builder.send().await.map_err(map_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect::<Vec<_>>();
        let body = match read_body(response).await {
            Ok(body) => body,
            Err(mut failure) => {
                if let Error::InvalidResponse {
                    status: s,
                    headers: h,
                    ..
                } = &mut failure.error
                {
                    *s = status;
                    *h = headers;
                }
                return Err(failure);
            }
        };
        Ok(Response {
            status,
            headers,
            body,
            attempts: 0,
        })
    }

    /// The base URL with `path` (already percent-encoded, no query: see `ApiPath`) appended to
    /// its own path; the same URL as parsing `base_url + path`.
    fn url_for(&self, path: &str) -> reqwest::Url {
        let mut url = self.base.clone();
        let base_path = url.path().trim_end_matches('/');
        if base_path.is_empty() {
            url.set_path(path);
        } else {
            let joined = format!("{base_path}{path}");
            url.set_path(&joined);
        }
        url
    }

    /// Exponential backoff with jitter: step `n` waits 50-100% of `min(cap, base * 2^(n-1))`.
    fn backoff(&self, attempt: u32) -> Duration {
        let step = self
            .retry
            .base
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.retry.cap);
        step.mul_f64(0.5 + 0.5 * random_unit())
    }
}

async fn read_body(mut response: reqwest::Response) -> std::result::Result<String, Failure> {
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(map_error)? {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Classifies a reqwest error. `is_connect()` is true only for failures of the connector
/// (DNS, TCP connect, connect timeout, proxy CONNECT, TLS handshake): hyper-util raises its
/// `Connect` kind before handing the connection a request, so nothing of ours was written.
fn map_error(e: reqwest::Error) -> Failure {
    if e.is_redirect() {
        return Failure {
            error: Error::Connection {
                code: "ERR_FR_TOO_MANY_REDIRECTS".into(),
                message: describe(&e),
                attempts: 0,
            },
            reach: Reach::Final,
        };
    }
    let mut code = system_code(&e);
    if e.is_connect() && e.is_timeout() {
        code = "ETIMEDOUT";
    }
    let reach = if !e.is_connect() {
        Reach::MaybeSent
    } else if code == "ERR_TLS_CERT" {
        Reach::Final
    } else {
        Reach::NotSent
    };
    Failure {
        error: Error::Connection {
            code: code.into(),
            message: describe(&e),
            attempts: 0,
        },
        reach,
    }
}

fn code_of(error: &Error) -> Option<&str> {
    match error {
        Error::Connection { code, .. } => Some(code),
        Error::InvalidResponse { .. } => Some("ERR_RESPONSE_TOO_LARGE"),
        _ => None,
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date, capped at 60 s.
fn retry_after(headers: &[(String, String)]) -> Option<Duration> {
    parse_retry_after(
        header(headers, "retry-after")?,
        std::time::SystemTime::now(),
    )
}

pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX))
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(RETRY_AFTER_CAP))
}

/// A uniform number in [0, 1) for jitter; `RandomState` is randomly seeded per instance.
fn random_unit() -> f64 {
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// `HTTPS_PROXY` / `HTTP_PROXY` (either case) for URLs of that scheme, minus `NO_PROXY`, the
/// conventions of Node apps. Loopback hosts are never proxied: a proxy's "localhost" is not
/// ours, and the token would travel to it in clear text. Like curl, `HTTP_PROXY` is ignored in
/// CGI programs (`REQUEST_METHOD` set), where a client can set it through a `Proxy:` header.
/// A proxy URL that does not parse is an error naming the variable, never silently skipped.
fn env_proxies() -> Result<Vec<reqwest::Proxy>> {
    let var = |upper: &'static str, lower: &'static str| {
        [upper, lower].into_iter().find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| (upper, v))
        })
    };
    let https = var("HTTPS_PROXY", "https_proxy");
    let http =
        var("HTTP_PROXY", "http_proxy").filter(|_| std::env::var_os("REQUEST_METHOD").is_none());
    let mut exempt = String::from("localhost,127.0.0.0/8,::1");
    if let Some((_, user)) = var("NO_PROXY", "no_proxy") {
        exempt.push(',');
        exempt.push_str(&user);
    }
    let mut proxies = Vec::new();
    for (entry, make) in [
        (
            https,
            reqwest::Proxy::https as fn(String) -> reqwest::Result<reqwest::Proxy>,
        ),
        (http, reqwest::Proxy::http),
    ] {
        let Some((name, url)) = entry else {
            continue;
        };
        let url = if url.contains("://") {
            url
        } else {
            format!("http://{url}")
        };
        let proxy = make(url).map_err(|e| {
            Error::validation(name, format!("{name} is not a valid proxy URL: {e}"))
        })?;
        proxies.push(proxy.no_proxy(reqwest::NoProxy::from_string(&exempt)));
    }
    Ok(proxies)
}

fn too_large() -> Failure {
    Failure {
        error: Error::InvalidResponse {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
            message: format!(
                "response body exceeds {MAX_RESPONSE_BYTES} bytes (10 MB) and was refused"
            ),
            attempts: 0,
        },
        reach: Reach::Final,
    }
}

/// Follows redirects only within the same origin: the `access-token` header must never reach
/// another host (the official client forwards it anywhere).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(|u| u.origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if first.as_ref() == Some(&attempt.url().origin()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The Node system error code closest to what happened, e.g. `ECONNREFUSED`.
fn system_code(e: &reqwest::Error) -> &'static str {
    let mut source = e.source();
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            match io.kind() {
                ConnectionRefused => return "ECONNREFUSED",
                ConnectionReset => return "ECONNRESET",
                ConnectionAborted => return "ECONNABORTED",
                BrokenPipe => return "EPIPE",
                TimedOut => return "ETIMEDOUT",
                UnexpectedEof => return "ECONNRESET",
                _ => {}
            }
        }
        let text = err.to_string();
        // hyper's "socket hang up": the server closed the connection without an answer.
        if text.contains("connection closed before message completed") {
            return "ECONNRESET";
        }
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return "ENOTFOUND";
        }
        if text.contains("certificate") {
            return "ERR_TLS_CERT";
        }
        if text.contains("tls") || text.contains("TLS") || text.contains("corrupt message") {
            return "ERR_TLS_HANDSHAKE";
        }
        source = err.source();
    }
    if e.is_body() || e.is_decode() {
        "ECONNRESET"
    } else {
        "ERR_NETWORK"
    }
}

/// reqwest's `Display` omits causes; walk the chain so TLS and connect failures say why.
fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(err) = source {
        let text = err.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = err.source();
    }
    message
}

/// The TLS settings every client shares: rustls with the `ring` provider, TLS 1.2 and 1.3 only
/// (rustls implements nothing older), certificates checked against the operating system's trust
/// store plus the bundled Mozilla roots plus the PEM file named by `NODE_EXTRA_CA_CERTS`, as Node
/// does. Built once per process (Node too reads `NODE_EXTRA_CA_CERTS` once, at start-up): loading
/// the trust store takes milliseconds and ~100 KB, too much to repeat per client.
fn tls_config() -> Result<rustls::ClientConfig> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let mut roots: Vec<_> = webpki_root_certs::TLS_SERVER_ROOT_CERTS.to_vec();
            roots.extend(extra_ca_certs());
            let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
                roots,
                Arc::clone(&provider),
            )
            .map_err(|e| format!("cannot load the trust store: {e}"))?;
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map(|builder| {
                    builder
                        .dangerous() // "dangerous" only in name: a full verifier, the platform's own
                        .with_custom_certificate_verifier(Arc::new(verifier))
                        .with_no_client_auth()
                })
                .map_err(|e| format!("cannot configure TLS: {e}"))
        })
        .clone()
        .map_err(|message| Error::Connection {
            code: "ERR_TLS_INIT".into(),
            message,
            attempts: 0,
        })
}

/// The certificates of the PEM file named by `NODE_EXTRA_CA_CERTS`. Like Node, an unreadable file
/// or a malformed certificate is skipped rather than fatal (the bundled and system roots still
/// apply), and certificates that do not parse as trust anchors are left out.
fn extra_ca_certs() -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    let Some(path) = std::env::var_os("NODE_EXTRA_CA_CERTS").filter(|p| !p.is_empty()) else {
        return Vec::new();
    };
    let Ok(pem) = std::fs::read(path) else {
        return Vec::new();
    };
    rustls::pki_types::CertificateDer::pem_slice_iter(&pem)
        .filter_map(|cert| cert.ok())
        .filter(|cert| rustls::RootCertStore::empty().add(cert.clone()).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{SystemTime, UNIX_EPOCH};

    #[test]
    fn retry_after_reads_seconds_and_http_dates_and_is_capped() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        // A date in the past means "now"; far futures and huge numbers are capped at 60 s.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("3600", now), Some(RETRY_AFTER_CAP));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(RETRY_AFTER_CAP)
        );
        assert_eq!(
            parse_retry_after("Fri, 31 Dec 2100 23:59:59 GMT", SystemTime::now()),
            Some(RETRY_AFTER_CAP)
        );
        for junk in ["", "soon", "-1", "1.5", "1e3"] {
            assert_eq!(parse_retry_after(junk, now), None, "{junk}");
        }
    }

    #[test]
    fn request_urls_match_parsing_base_plus_path() {
        let paths = [
            crate::path::ApiPath::new("transaction").into_string(),
            crate::path::ApiPath::new("transaction")
                .id("uuid", "../merchant?x=1#f %2F é")
                .unwrap()
                .into_string(),
            crate::path::ApiPath::new("terminal")
                .id("id", "S1F2-000158")
                .unwrap()
                .lit("cancel")
                .into_string(),
        ];
        for base in [
            "http://127.0.0.1:3000",
            "http://localhost:8080/",
            "https://api.example.com/prefix",
            "https://API.Exämple.com:443/a/b/",
            "http://[::1]:9/v",
        ] {
            let config = Config::builder().base_url(base).token("t").build().unwrap();
            let transport = Transport::new(&config).unwrap();
            for path in &paths {
                let expected =
                    reqwest::Url::parse(&format!("{}{}", transport.base_url(), path)).unwrap();
                assert_eq!(transport.url_for(path), expected, "{base} + {path}");
            }
        }
    }

    #[test]
    fn backoff_doubles_from_the_base_is_capped_and_jittered() {
        let config = Config::builder()
            .base_url("http://127.0.0.1:1")
            .token("t")
            .build()
            .unwrap();
        let transport = Transport::new(&config).unwrap();
        for _ in 0..200 {
            for (attempt, step) in [
                (1, 500),
                (2, 1000),
                (3, 2000),
                (4, 4000),
                (5, 5000),
                (30, 5000),
            ] {
                let wait = transport.backoff(attempt);
                let step = Duration::from_millis(step);
                assert!(
                    wait >= step / 2 && wait <= step,
                    "attempt {attempt}: {wait:?}"
                );
            }
        }
        let waits: std::collections::HashSet<_> = (0..20).map(|_| transport.backoff(1)).collect();
        assert!(waits.len() > 10, "jitter varies the waits");
    }
}

//! The one place for HTTP policy: headers, JSON bodies, redirects, timeouts, size limits and the
//! mapping of every failure onto [`Error`].

use std::error::Error as _;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};

use crate::config::{Config, CONNECT_TIMEOUT};
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
}

/// A pooled keep-alive HTTP client bound to one base URL and token.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
    timeout: Duration,
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

        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .default_headers(headers)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(same_origin_redirects())
            // Proxies arrive with the transport-hardening work; until then, none, so the token
            // goes only where the base URL says.
            .no_proxy()
            .build()
            .map_err(|e| Error::Connection {
                code: "ERR_CLIENT_INIT".into(),
                message: describe(&e),
            })?;
        Ok(Transport {
            http,
            base_url: config.base_url.clone(),
            timeout: config.timeout,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request` and returns a 2xx response; every other outcome is an [`Error`].
    pub async fn send(&self, request: &Request) -> Result<Response> {
        let url = format!("{}{}", self.base_url, request.path);
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
        };
        let mut builder = self.http.request(method, url).timeout(self.timeout);
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let response = builder.send().await.map_err(|e| self.map_error(e))?;
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
        let body = self.read_body(response).await;
        let body = match body {
            Ok(body) => body,
            Err(Error::InvalidResponse { message, body, .. }) => {
                return Err(Error::InvalidResponse {
                    status,
                    headers,
                    body,
                    message,
                })
            }
            Err(e) => return Err(e),
        };
        if (200..300).contains(&status) {
            Ok(Response {
                status,
                headers,
                body,
            })
        } else {
            Err(Error::Api {
                status,
                headers,
                body,
            })
        }
    }

    async fn read_body(&self, mut response: reqwest::Response) -> Result<String> {
        if response
            .content_length()
            .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.map_error(e))? {
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

    fn map_error(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout {
                limit: self.timeout,
            };
        }
        if e.is_redirect() {
            return Error::Connection {
                code: "ERR_FR_TOO_MANY_REDIRECTS".into(),
                message: describe(&e),
            };
        }
        Error::Connection {
            code: system_code(&e).into(),
            message: describe(&e),
        }
    }
}

fn too_large() -> Error {
    Error::InvalidResponse {
        status: 0,
        headers: Vec::new(),
        body: String::new(),
        message: format!("response body exceeds {MAX_RESPONSE_BYTES} bytes"),
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
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return "ENOTFOUND";
        }
        if text.contains("certificate") || text.contains("tls") || text.contains("TLS") {
            return "ERR_TLS_CERT";
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

/// The TLS settings every client shares: rustls with the `ring` provider, TLS 1.2 and 1.3 only,
/// certificates checked against the operating system's trust store. Built once per process:
/// loading the trust store takes milliseconds and ~100 KB, too much to repeat per client.
fn tls_config() -> Result<rustls::ClientConfig> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let verifier = rustls_platform_verifier::Verifier::new(Arc::clone(&provider))
                .map_err(|e| format!("cannot load the system trust store: {e}"))?;
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
        })
}

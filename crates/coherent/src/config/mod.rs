//! Client configuration: environments, base URL rules, the secret token.

use std::fmt;
use std::time::Duration;

use crate::error::{Error, Result};

mod limits;
pub use limits::*;

/// The Coherent environments the official client knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// `http://localhost:3000`, a local gateway such as the sandbox.
    Local,
    /// `https://service.test.coherenthealthcare.com`.
    Test,
    /// `https://service.coherenthealthcare.com`.
    Production,
}

impl Environment {
    /// Parses `LOCAL`, `TEST` or `PRODUCTION`, case-insensitively. Anything else is `None`:
    /// unlike the official client, a typo never silently means production.
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "LOCAL" => Some(Environment::Local),
            "TEST" => Some(Environment::Test),
            "PRODUCTION" => Some(Environment::Production),
            _ => None,
        }
    }

    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Local => "http://localhost:3000",
            Environment::Test => "https://service.test.coherenthealthcare.com",
            Environment::Production => "https://service.coherenthealthcare.com",
        }
    }
}

/// The API key. Its `Debug` is redacted so it cannot leak through logs or error dumps.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Result<Self> {
        let token = token.into();
        if token.is_empty() {
            return Err(Error::validation(
                "token",
                "token must be a non-empty string",
            ));
        }
        if token.bytes().any(|b| b < 0x20 || b == 0x7f) {
            return Err(Error::validation(
                "token",
                "token contains control characters and cannot be sent as a header",
            ));
        }
        Ok(Token(token))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([redacted])")
    }
}

/// A validated client configuration. Build it with [`Config::builder`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) base_url: String,
    pub(crate) token: Token,
    pub(crate) timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) max_network_retries: u32,
    pub(crate) retry_base_delay: Duration,
    pub(crate) retry_max_delay: Duration,
    pub(crate) http2: bool,
    pub(crate) max_connections: Option<u32>,
}

impl Config {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    pub fn max_network_retries(&self) -> u32 {
        self.max_network_retries
    }

    /// Whether HTTPS connections may speak HTTP/2 (offered through ALPN; default `true`).
    pub fn http2(&self) -> bool {
        self.http2
    }

    /// The most connections open to the origin at once; `None`: no cap (the default).
    pub fn max_connections(&self) -> Option<u32> {
        self.max_connections
    }
}

/// Builder for [`Config`]; `build` checks every rule and names the offending field.
#[derive(Debug, Default, Clone)]
pub struct ConfigBuilder {
    environment: Option<Environment>,
    base_url: Option<String>,
    token: Option<String>,
    timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    max_network_retries: Option<u32>,
    retry_delays: Option<(Duration, Duration)>,
    http2: Option<bool>,
    max_connections: Option<u32>,
}

impl ConfigBuilder {
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Overrides the environment's URL. Plain `http` is accepted only for loopback hosts.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt where retrying is safe (default 2, at most 10).
    pub fn max_network_retries(mut self, retries: u32) -> Self {
        self.max_network_retries = Some(retries);
        self
    }

    /// `false` keeps every connection on HTTP/1.1: no ALPN in the TLS ClientHello, as before
    /// HTTP/2 support. Default `true`: HTTP/2 where the server offers it, HTTP/1.1 otherwise.
    pub fn http2(mut self, enabled: bool) -> Self {
        self.http2 = Some(enabled);
        self
    }

    /// Caps the connections open to the origin at once (1 to 65535), like Node's `maxSockets`:
    /// over HTTP/1.1 calls beyond it wait, in order, for a connection to be free; the wait counts
    /// against their timeout and ends on cancellation. HTTP/2 multiplexes calls on one connection.
    pub fn max_connections(mut self, max: u32) -> Self {
        self.max_connections = Some(max);
        self
    }

    /// Backoff base and cap (default 0.5 s and 5 s). Meant for tests that must not wait.
    #[doc(hidden)]
    pub fn retry_delays(mut self, base: Duration, cap: Duration) -> Self {
        self.retry_delays = Some((base, cap));
        self
    }

    /// Appended to the `User-Agent` header, e.g. `"my-clinic-app/2.1"`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    pub fn build(self) -> Result<Config> {
        let token = Token::new(self.token.unwrap_or_default())?;
        let base_url = match (self.base_url, self.environment) {
            (Some(url), _) => validate_base_url(&url)?,
            (None, Some(env)) => env.base_url().to_string(),
            (None, None) => {
                return Err(Error::validation(
                    "environment",
                    "environment is required: one of LOCAL, TEST, PRODUCTION (or give baseUrl)",
                ))
            }
        };
        // The same rules as a JS caller's numbers: a Duration is checked as its milliseconds
        // (from whole nanoseconds, so 41 ms stays exactly 41.0).
        let timeout =
            timeout_from_millis(self.timeout.unwrap_or(DEFAULT_TIMEOUT).as_nanos() as f64 / 1e6)?;
        let max_network_retries = network_retries_from(f64::from(
            self.max_network_retries
                .unwrap_or(DEFAULT_MAX_NETWORK_RETRIES),
        ))?;
        if let Some(n) = self.max_connections {
            max_connections_from(f64::from(n))?;
        }
        let (retry_base_delay, retry_max_delay) = self
            .retry_delays
            .unwrap_or((RETRY_BASE_DELAY, RETRY_MAX_DELAY));
        let mut user_agent = format!("coherent-node/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = self.user_agent_suffix {
            if suffix.bytes().any(|b| b < 0x20 || b == 0x7f) {
                return Err(Error::validation(
                    "userAgent",
                    "userAgent must not contain control characters",
                ));
            }
            if !suffix.is_empty() {
                user_agent.push(' ');
                user_agent.push_str(&suffix);
            }
        }
        Ok(Config {
            base_url,
            token,
            timeout,
            user_agent,
            max_network_retries,
            retry_base_delay,
            retry_max_delay,
            http2: self.http2.unwrap_or(true),
            max_connections: self.max_connections,
        })
    }
}

/// Checks an override URL: http(s) only, no credentials, query or fragment, and plain http
/// only towards a loopback host (the token must never cross a network in clear text).
fn validate_base_url(raw: &str) -> Result<String> {
    let invalid = |why: &str| Error::validation("baseUrl", format!("baseUrl {why}"));
    let url = url::Url::parse(raw).map_err(|e| invalid(&format!("is not a valid URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not contain a query or fragment"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(invalid(
                "may use plain http only for loopback hosts (localhost, 127.0.0.0/8, [::1])",
            ))
        }
        other => return Err(invalid(&format!("must use http or https, not {other}"))),
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests;

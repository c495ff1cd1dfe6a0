//! The configuration's defaults and limits, and the one rule per option that a binding's numbers
//! and the Rust builder's values both go through.

use std::time::Duration;

use crate::error::{Error, Result};

/// The default bound on a whole call (connect, request, response body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default bound on establishing a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Retries after the first attempt, by default, where retrying is safe.
pub const DEFAULT_MAX_NETWORK_RETRIES: u32 = 2;
/// The most retries a caller may ask for.
pub const MAX_NETWORK_RETRIES_LIMIT: u32 = 10;
/// The first backoff delay; it doubles per retry up to [`RETRY_MAX_DELAY`], then jitter applies.
pub const RETRY_BASE_DELAY: Duration = Duration::from_millis(500);
/// The cap on a computed backoff delay.
pub const RETRY_MAX_DELAY: Duration = Duration::from_secs(5);
/// The cap on a server-requested `Retry-After` wait.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(60);
/// How long an idle connection is kept for reuse: below the common server timeouts (Node's
/// server 5 s, AWS ALB 60 s, nginx 75 s), as undici does, so a call rarely meets a connection
/// the server is closing. A server's shorter `Keep-Alive: timeout=N` lowers it.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(4);
/// The largest `maxConnections` accepted.
pub const MAX_CONNECTIONS_LIMIT: u32 = 65_535;

/// The longest time limit, in milliseconds: what Node's `setTimeout` accepts (2^31-1).
pub const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// The one timeout rule, for the config and for one call: 1 to 2^31-1 milliseconds. A fraction
/// is rounded up, so the limit is never shorter than the caller asked for. The error names
/// `timeout`; a binding puts it under its argument ([`Error::within`]).
pub fn timeout_from_millis(ms: f64) -> Result<Duration> {
    if !(1.0..=MAX_TIMEOUT_MS).contains(&ms) {
        return Err(Error::validation(
            "timeout",
            "timeout must be a positive number of milliseconds (1 to 2147483647)",
        ));
    }
    Ok(Duration::from_millis(ms.ceil() as u64))
}

/// The one retry-count rule, for the config and for one call: an integer from 0 to
/// [`MAX_NETWORK_RETRIES_LIMIT`]. The error names `maxNetworkRetries`.
pub fn network_retries_from(n: f64) -> Result<u32> {
    if n.fract() != 0.0 || !(0.0..=f64::from(MAX_NETWORK_RETRIES_LIMIT)).contains(&n) {
        return Err(Error::validation(
            "maxNetworkRetries",
            format!("maxNetworkRetries must be an integer from 0 to {MAX_NETWORK_RETRIES_LIMIT}"),
        ));
    }
    Ok(n as u32)
}

/// The one connection-cap rule: an integer from 1 to [`MAX_CONNECTIONS_LIMIT`]. The error names
/// `maxConnections`.
pub fn max_connections_from(n: f64) -> Result<u32> {
    if n.fract() != 0.0 || !(1.0..=f64::from(MAX_CONNECTIONS_LIMIT)).contains(&n) {
        return Err(Error::validation(
            "maxConnections",
            format!("maxConnections must be an integer from 1 to {MAX_CONNECTIONS_LIMIT}"),
        ));
    }
    Ok(n as u32)
}

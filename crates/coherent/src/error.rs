//! The one error taxonomy shared by the core and every binding.

use std::time::Duration;

/// Everything a call can fail with. Bindings map each variant to one error class and invent none.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, caught before any network I/O. `field` names the offending argument or
    /// body field (`"amount"`, `"uuid"`, `"config.token"`).
    #[error("{message}")]
    Validation { field: String, message: String },

    /// The server answered with a status outside 2xx (or a 3xx that was not followed).
    #[error("Request failed with status code {status}")]
    Api {
        status: u16,
        /// Response headers, names lower-cased, in arrival order.
        headers: Vec<(String, String)>,
        /// The raw response body, decoded as UTF-8 (lossy).
        body: String,
    },

    /// The server answered 2xx, but the body of a JSON endpoint is not JSON (or exceeds the
    /// size limit). The raw text is kept for diagnosis.
    #[error("{message}")]
    InvalidResponse {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
        message: String,
    },

    /// The request never produced a response: refused, reset, DNS, TLS, a refused redirect.
    /// `code` follows Node's system error codes (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, ...).
    #[error("{message}")]
    Connection { code: String, message: String },

    /// The whole call (connect, send, response body) took longer than `limit`.
    #[error("timeout of {}ms exceeded", limit.as_millis())]
    Timeout { limit: Duration },
}

impl Error {
    pub(crate) fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The HTTP status, for errors where the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

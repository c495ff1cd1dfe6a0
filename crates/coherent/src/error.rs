//! The one error taxonomy shared by the core and every binding.

use std::time::Duration;

/// Everything a call can fail with. Bindings map each variant to one error class and invent none.
///
/// Every variant that involved the network carries `attempts`: how many HTTP attempts were made
/// (1 when nothing was retried). Messages mention it only when there was more than one, so a
/// single attempt reads exactly like the official client's error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, caught before any network I/O. `field` names the offending argument or
    /// body field (`"amount"`, `"uuid"`, `"config.token"`).
    #[error("{message}")]
    Validation { field: String, message: String },

    /// The server answered with a status outside 2xx (or a 3xx that was not followed).
    #[error("Request failed with status code {status}{}", after(*attempts))]
    Api {
        status: u16,
        /// Response headers, names lower-cased, in arrival order.
        headers: Vec<(String, String)>,
        /// The raw response body, decoded as UTF-8 (lossy).
        body: String,
        attempts: u32,
    },

    /// The server answered 2xx, but the body of a JSON endpoint is not JSON (or exceeds the
    /// size limit). The raw text is kept for diagnosis.
    #[error("{message}{}", after(*attempts))]
    InvalidResponse {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
        message: String,
        attempts: u32,
    },

    /// The request never produced a response: refused, reset, DNS, TLS, a refused redirect.
    /// `code` follows Node's system error codes (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, ...).
    #[error("{message}{}", after(*attempts))]
    Connection {
        code: String,
        message: String,
        attempts: u32,
    },

    /// The whole call (every attempt, the waits between them, and the response body) took
    /// longer than `limit`.
    #[error("timeout of {}ms exceeded{}", limit.as_millis(), after(*attempts))]
    Timeout { limit: Duration, attempts: u32 },

    /// The caller cancelled the call (an `AbortSignal` in Node). Nothing continues afterwards.
    #[error("This operation was aborted{}", after(*attempts))]
    Aborted { attempts: u32 },
}

fn after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

impl Error {
    /// A [`Error::Validation`]: the one way every layer reports bad input.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error with a validation field named under its argument, as a binding reads it:
    /// `timeout` becomes `config.timeout` (in the message too, when the message starts with it).
    pub fn within(self, argument: &str) -> Self {
        match self {
            Error::Validation { field, message } => {
                let message = match message.strip_prefix(field.as_str()) {
                    Some(rest) if rest.starts_with(' ') => format!("{argument}.{field}{rest}"),
                    _ => message,
                };
                Error::Validation {
                    field: format!("{argument}.{field}"),
                    message,
                }
            }
            other => other,
        }
    }

    /// The HTTP status, for errors where the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The gateway's request id (`x-request-id`, cleaned: see [`crate::request_id`]) of the
    /// response this error is about, for errors where the server answered.
    pub fn request_id(&self) -> Option<String> {
        match self {
            Error::Api { headers, .. } | Error::InvalidResponse { headers, .. } => {
                crate::request_id::from_headers(headers).map(|id| id.into_owned())
            }
            _ => None,
        }
    }

    /// How many HTTP attempts were made before this error (0 for validation errors).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Validation { .. } => 0,
            Error::Api { attempts, .. }
            | Error::InvalidResponse { attempts, .. }
            | Error::Connection { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Aborted { attempts } => *attempts,
        }
    }

    /// The same error with its attempt count set.
    pub(crate) fn with_attempts(mut self, n: u32) -> Self {
        match &mut self {
            Error::Validation { .. } => {}
            Error::Api { attempts, .. }
            | Error::InvalidResponse { attempts, .. }
            | Error::Connection { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Aborted { attempts } => *attempts = n,
        }
        self
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

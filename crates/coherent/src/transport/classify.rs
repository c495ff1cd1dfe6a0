//! Failure classification: what a reqwest error means to the caller (the Node system code) and
//! to the retry rules (how far the request got). A new kind of failure gets its code and its
//! [`Reach`] here.

use std::error::Error as _;

use crate::error::Error;

/// How far a failed attempt got, which decides whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// Failed while connecting: no byte of the request was written. Safe to retry any method.
    NotSent,
    /// The request may have reached the server. Only idempotent methods are retried.
    MaybeSent,
    /// Retrying cannot help (certificate rejected, redirect refused, body too large).
    Final,
}

pub(super) struct Failure {
    pub(super) error: Error,
    pub(super) reach: Reach,
}

/// Classifies a reqwest error. `is_connect()` is true only for failures of the connector
/// (DNS, TCP connect, connect timeout, proxy CONNECT, TLS handshake): hyper-util raises its
/// `Connect` kind before handing the connection a request, so nothing of ours was written.
pub(super) fn map_error(e: reqwest::Error) -> Failure {
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

pub(super) fn code_of(error: &Error) -> Option<&str> {
    match error {
        Error::Connection { code, .. } => Some(code),
        Error::InvalidResponse { .. } => Some("ERR_RESPONSE_TOO_LARGE"),
        _ => None,
    }
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
pub(super) fn describe(e: &(dyn std::error::Error + 'static)) -> String {
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

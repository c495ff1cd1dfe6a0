//! Failure classification: what a reqwest error means to the caller (the Node system code) and
//! to the retry rules (how far the request got). A new kind of failure gets its code and its
//! [`Reach`] here.
//!
//! Refusals are told apart from accidents: a TLS version, cipher or certificate the client will
//! not accept, a TLS alert, or a proxy refusing the tunnel (407 wrong credentials, 403 policy)
//! fail the same way every time, so they are [`Reach::Final`]. Retrying a 407 would only add
//! failed logins, which can lock a proxy account.

use std::error::Error as _;

use crate::error::Error;

/// The start of the message of a body refused for its size, which [`code_of`] reports as
/// `ERR_RESPONSE_TOO_LARGE`.
pub(super) const TOO_LARGE: &str = "response body exceeds";

/// How far a failed attempt got, which decides whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// Failed while connecting: no byte of the request was written. Safe to retry any method.
    NotSent,
    /// The request may have reached the server. Only idempotent methods are retried.
    MaybeSent,
    /// Retrying cannot help (TLS or proxy refusal, redirect refused, body too large).
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
    if let Some((code, cause)) = refusal(&e) {
        return Failure {
            error: Error::Connection {
                code: code.into(),
                message: format!("{cause} ({})", describe(&e)),
                attempts: 0,
            },
            reach: Reach::Final,
        };
    }
    // A connector's failure (a TLS handshake cut short included) is never a framing error.
    if !e.is_connect() {
        if let Some((code, cause, reach)) = framing(&e) {
            return Failure {
                error: Error::Connection {
                    code: code.into(),
                    message: format!("{cause} ({})", describe(&e)),
                    attempts: 0,
                },
                reach,
            };
        }
    }
    let mut code = system_code(&e);
    if e.is_connect() && e.is_timeout() {
        code = "ETIMEDOUT";
    }
    let reach = if e.is_connect() {
        Reach::NotSent
    } else {
        Reach::MaybeSent
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
        Error::InvalidResponse { message, .. } if message.starts_with(TOO_LARGE) => {
            Some("ERR_RESPONSE_TOO_LARGE")
        }
        Error::InvalidResponse { .. } => Some("ERR_BAD_RESPONSE"),
        _ => None,
    }
}

/// A deterministic refusal by the server's TLS or by the proxy: its code and a sentence naming
/// the cause. Never includes the proxy URL (it may hold a password).
fn refusal(e: &reqwest::Error) -> Option<(&'static str, String)> {
    let mut source = e.source();
    while let Some(err) = source {
        if let Some(tls) = rustls_error(err) {
            return tls_refusal(tls);
        }
        // hyper-util's tunnel error is not public: its text is all there is.
        let text = err.to_string();
        if text.contains("tunnel error: proxy authorization required") {
            return Some((
                "ERR_PROXY_AUTH",
                "the proxy refused the CONNECT tunnel with 407 Proxy Authentication Required: \
                 check the user and password of HTTPS_PROXY"
                    .into(),
            ));
        }
        if text.contains("tunnel error: unsuccessful")
            || text.contains("tunnel error: proxy response headers too long")
        {
            return Some((
                "ERR_PROXY_REFUSED",
                "the proxy refused the CONNECT tunnel (it answered with a status other than 200 \
                 or 407: 403 when its policy denies the host, 502 or 503 when it cannot reach it)"
                    .into(),
            ));
        }
        source = err.source();
    }
    None
}

/// A response that is not well-formed HTTP/1.1, or whose body was cut short: its code (the
/// names Node's HTTP parser, llhttp, gives the same faults), a sentence, and whether a retry can
/// change it. A malformed head or chunked body is the server's bytes: sent again, they break
/// again (hyper never reuses a connection after a parse error, so a desynchronised keep-alive
/// connection is not the cause), so it is [`Reach::Final`] like an undecodable body. A body cut
/// short by the server's close (a restart, a proxy's timeout) may come whole next time: retried
/// as a request that may have been processed ([`Reach::MaybeSent`]: GET, never POST).
fn framing(e: &reqwest::Error) -> Option<(&'static str, String, Reach)> {
    const HEAD: [(&str, &str, &str); 6] = [
        (
            "invalid HTTP status-code parsed",
            "HPE_INVALID_STATUS",
            "status line",
        ),
        (
            "invalid HTTP version parsed",
            "HPE_INVALID_VERSION",
            "status line",
        ),
        (
            "invalid HTTP header parsed",
            "HPE_INVALID_HEADER_TOKEN",
            "headers",
        ),
        (
            "invalid content-length parsed",
            "HPE_UNEXPECTED_CONTENT_LENGTH",
            "Content-Length",
        ),
        (
            "unexpected transfer-encoding parsed",
            "HPE_INVALID_TRANSFER_ENCODING",
            "Transfer-Encoding",
        ),
        (
            "message head is too large",
            "HPE_HEADER_OVERFLOW",
            "headers (too large)",
        ),
    ];
    let mut source = e.source();
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            let text = io.to_string();
            match io.kind() {
                std::io::ErrorKind::UnexpectedEof
                    if text.contains("before message length reached")
                        || text.contains("unexpected EOF during chunk") =>
                {
                    return Some((
                        "ERR_STREAM_PREMATURE_CLOSE",
                        "the server closed the connection before the response body was complete"
                            .into(),
                        Reach::MaybeSent,
                    ));
                }
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
                    if ["chunk", "trailer", "header"]
                        .iter()
                        .any(|w| text.to_ascii_lowercase().contains(w)) =>
                {
                    return Some((
                        "HPE_INVALID_CHUNK_SIZE",
                        "the response's chunked body is malformed (Transfer-Encoding: chunked)"
                            .into(),
                        Reach::Final,
                    ));
                }
                _ => {}
            }
        }
        let text = err.to_string();
        if let Some((_, code, part)) = HEAD.iter().find(|(t, _, _)| text.contains(t)) {
            return Some((
                code,
                format!("the response is not valid HTTP/1.1: malformed {part}"),
                Reach::Final,
            ));
        }
        source = err.source();
    }
    None
}

/// The rustls error `err` is or wraps. TLS errors arrive inside `io::Error`s (nested ones, too),
/// whose `source()` skips the wrapped error, so each is unwrapped with `get_ref`.
fn rustls_error<'a>(mut err: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    loop {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        err = err.downcast_ref::<std::io::Error>()?.get_ref()?;
    }
}

/// `None` for a handshake that broke rather than was refused (e.g. a plain-HTTP answer): that
/// stays an `ERR_TLS_HANDSHAKE` retried like other connect failures.
fn tls_refusal(e: &rustls::Error) -> Option<(&'static str, String)> {
    use rustls::{AlertDescription as Alert, Error as Tls};
    Some(match e {
        Tls::InvalidCertificate(_)
        | Tls::NoCertificatesPresented
        | Tls::UnsupportedNameType
        | Tls::InvalidCertRevocationList(_) => (
            "ERR_TLS_CERT",
            format!("the server's TLS certificate was refused ({e})"),
        ),
        Tls::AlertReceived(Alert::ProtocolVersion) | Tls::PeerIncompatible(_) => (
            "ERR_TLS_PROTOCOL",
            format!(
                "the server offers no TLS version or cipher suite this client accepts (TLS 1.2 \
                 and 1.3 only): {e}"
            ),
        ),
        Tls::AlertReceived(alert) => (
            "ERR_TLS_PROTOCOL",
            format!("the server refused the TLS handshake with a fatal alert ({alert:?})"),
        ),
        _ => return None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::{AlertDescription, CertificateError, Error as Tls, PeerIncompatible};

    #[test]
    fn tls_refusals_get_their_codes_and_a_broken_handshake_none() {
        let code = |e: Tls| tls_refusal(&e).map(|(code, _)| code);
        assert_eq!(
            code(Tls::AlertReceived(AlertDescription::ProtocolVersion)),
            Some("ERR_TLS_PROTOCOL")
        );
        assert_eq!(
            code(Tls::AlertReceived(AlertDescription::HandshakeFailure)),
            Some("ERR_TLS_PROTOCOL")
        );
        assert_eq!(
            code(Tls::PeerIncompatible(
                PeerIncompatible::ServerDoesNotSupportTls12Or13
            )),
            Some("ERR_TLS_PROTOCOL")
        );
        assert_eq!(
            code(Tls::InvalidCertificate(CertificateError::Expired)),
            Some("ERR_TLS_CERT")
        );
        assert_eq!(code(Tls::NoCertificatesPresented), Some("ERR_TLS_CERT"));
        assert_eq!(
            code(Tls::InvalidMessage(
                rustls::InvalidMessage::InvalidContentType
            )),
            None
        );
    }

    #[test]
    fn the_rustls_error_is_found_inside_nested_io_errors() {
        use std::io::{Error as Io, ErrorKind};
        let inner = Io::new(
            ErrorKind::InvalidData,
            Tls::AlertReceived(AlertDescription::ProtocolVersion),
        );
        let outer = Io::other(inner);
        assert!(matches!(
            rustls_error(&outer),
            Some(Tls::AlertReceived(AlertDescription::ProtocolVersion))
        ));
        assert!(rustls_error(&Io::other("plain")).is_none());
    }
}

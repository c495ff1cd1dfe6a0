//! HTTP/2 specifics: the protocol's name as reported to hooks, and the stream failures that
//! prove the server never processed the request (RFC 9113 §8.7), so even a POST may be resent.

use std::error::Error as _;

use ::h2::Reason;

use super::classify::{describe, Failure, Reach};
use crate::error::Error;

/// Resends of one request, inside one attempt, after the server provably left it unprocessed
/// (see [`declined`]). HTTP/1.1 has the same in hyper, which resends a request that a closing
/// keep-alive connection never took. Needed because a server closes busy connections in good
/// order: nginx sends a GOAWAY after 1000 requests (`keepalive_requests`), and every stream a
/// burst queued beyond it must go again, sometimes more than once.
pub(super) const RESENDS: u32 = 5;

/// Why a request went unprocessed, which says where to resend it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Declined {
    /// The stream was refused (`REFUSED_STREAM`); the connection still serves.
    Stream,
    /// The connection is closing (a graceful `GOAWAY`): the next attempt needs another one.
    Connection,
}

/// `"1.1"`, `"2"`...: how hooks and tracing name the protocol of a response.
pub(super) fn version_name(version: reqwest::Version) -> &'static str {
    match version {
        reqwest::Version::HTTP_2 => "2",
        reqwest::Version::HTTP_3 => "3",
        reqwest::Version::HTTP_10 => "1.0",
        reqwest::Version::HTTP_09 => "0.9",
        _ => "1.1",
    }
}

/// Whether the server (or hyper, for a closing connection) provably did not process the request,
/// so it may be sent again at once, whatever its method: [`unprocessed`], or, on an origin that
/// speaks HTTP/2 (`h2_origin`), [`dispatch_gone`]. The send loop resends these itself rather than
/// reqwest's retry layer: after a `GOAWAY` the resend must go through a new pool (see
/// `Pool::renew`), which a layer inside the client cannot reach.
pub(super) fn declined(e: &reqwest::Error, h2_origin: bool) -> Option<Declined> {
    if e.is_connect() {
        return None;
    }
    if let Some(h2) = stream_error(e) {
        return unprocessed(h2).then(|| {
            if h2.is_go_away() {
                Declined::Connection
            } else {
                Declined::Stream
            }
        });
    }
    (h2_origin && dispatch_gone(e)).then_some(Declined::Connection)
}

/// Whether hyper dropped the request before giving it to the connection: "dispatch task is
/// gone". Over HTTP/2 this is how a request queued on a connection meets a graceful `GOAWAY`:
/// hyper's connection task ends on it and drops the requests still in its queue or waiting for a
/// stream slot, unsent (hyperium/hyper#2500). No stream was opened, so any method may go again.
/// hyper has no predicate for it; its message is its kind's fixed description.
pub(super) fn dispatch_gone(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(err) = source {
        if err
            .downcast_ref::<hyper::Error>()
            .is_some_and(|h| h.is_user() && h.to_string() == "dispatch task is gone")
        {
            return true;
        }
        source = err.source();
    }
    false
}

/// The HTTP/2 stream error somewhere in `e`'s chain, `e` included.
fn stream_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a ::h2::Error> {
    let mut source = Some(e);
    while let Some(err) = source {
        if let Some(h2) = err.downcast_ref::<::h2::Error>() {
            return Some(h2);
        }
        source = err.source();
    }
    None
}

/// Whether the server provably did not process the request:
/// - it reset the stream with `REFUSED_STREAM` (§8.7);
/// - its graceful `GOAWAY` named a last stream id below this stream's: h2 fails exactly those
///   streams with the peer's GOAWAY error (streams at or below it that die later, when the
///   connection closes, get an I/O error instead), and §6.8 says they were not processed.
fn unprocessed(e: &(dyn std::error::Error + 'static)) -> bool {
    stream_error(e).is_some_and(|h2| {
        h2.is_remote()
            && ((h2.is_go_away() && h2.reason() == Some(Reason::NO_ERROR))
                || (h2.is_reset() && h2.reason() == Some(Reason::REFUSED_STREAM)))
    })
}

/// A failed HTTP/2 stream as a [`Failure`] (with Node's codes for these events); `None` for any
/// other failure, including a connection that could not be set up (`classify` applies).
/// A stream still [`unprocessed`] after the resends is safe to send again, even a POST; so is
/// one beyond the last stream id of a `GOAWAY` with an error code. Any other reset (e.g.
/// `INTERNAL_ERROR`, `CANCEL`) may come after the server acted on the request.
pub(super) fn stream_failure(e: &reqwest::Error) -> Option<Failure> {
    if e.is_connect() {
        return None;
    }
    let h2 = stream_error(e.source()?)?;
    let (code, reach) = if h2.is_remote() && h2.is_go_away() {
        ("ERR_HTTP2_GOAWAY_SESSION", Reach::NotSent)
    } else if unprocessed(h2) {
        ("ERR_HTTP2_STREAM_ERROR", Reach::NotSent)
    } else if h2.is_io() {
        return None;
    } else {
        ("ERR_HTTP2_STREAM_ERROR", Reach::MaybeSent)
    };
    Some(Failure {
        error: Error::Connection {
            code: code.into(),
            message: describe(e),
            attempts: 0,
        },
        reach,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_waiting_for_a_stream_slot_when_a_goaway_arrives_is_dispatch_gone() {
        use tokio::io::AsyncWriteExt;
        let (io, mut server) = tokio::io::duplex(64 * 1024);
        let (mut send, connection) = hyper::client::conn::http2::handshake::<_, _, String>(
            hyper_util::rt::TokioExecutor::new(),
            hyper_util::rt::TokioIo::new(io),
        )
        .await
        .expect("handshake");
        tokio::spawn(connection);
        // The server's SETTINGS: no concurrent streams, so the request waits for a slot.
        let settings = [0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0];
        server.write_all(&settings).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let waiting = send.send_request(hyper::Request::new(String::new()));
        let waiting = tokio::spawn(waiting);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        // A graceful GOAWAY (last stream 0, NO_ERROR), as nginx sends after keepalive_requests.
        let goaway = [0, 0, 8, 0x7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        server.write_all(&goaway).await.unwrap();
        let e = waiting.await.unwrap().expect_err("dropped");
        assert!(dispatch_gone(&e), "{e:?}");
        let other: Box<dyn std::error::Error + Send + Sync> = "dispatch task is gone".into();
        assert!(!dispatch_gone(other.as_ref()), "only hyper's own error");
    }
}

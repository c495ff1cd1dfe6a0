//! HTTP/2 specifics: the protocol's name as reported to hooks, and the stream failures that
//! prove the server never processed the request (RFC 9113 §8.7), so even a POST may be resent.

use std::error::Error as _;

use ::h2::Reason;

use super::classify::{describe, Failure, Reach};
use crate::error::Error;

/// Resends of one request, inside one attempt, after the server provably left it unprocessed
/// (see [`unprocessed`]). HTTP/1.1 has the same in hyper, which resends a request that a closing
/// keep-alive connection never took. Needed because a server closes busy connections in good
/// order: nginx sends a GOAWAY after 1000 requests (`keepalive_requests`), and every stream a
/// burst queued beyond it must go again, sometimes more than once.
const RESENDS: u32 = 5;

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

/// reqwest's resend policy for requests to `host`: resend at once, up to [`RESENDS`] times,
/// what the server did not process; never anything else (the send loop owns every other retry).
/// No budget: what is resent is work the server declined, not load it failed under, and the
/// per-request cap and the call's timeout bound it.
pub(super) fn resend_policy(host: String) -> reqwest::retry::Builder {
    reqwest::retry::for_host(host)
        .no_budget()
        .max_retries_per_request(RESENDS)
        .classify_fn(|attempt| match attempt.error() {
            Some(e) if unprocessed(e) => attempt.retryable(),
            _ => attempt.success(),
        })
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

//! The response side of an exchange: what a 2xx answer carries and how its body is read (size
//! limit, `Content-Encoding` decoding in `decode`).

mod decode;

use super::classify::{map_error, Failure, Reach, TOO_LARGE};
use crate::error::Error;
use decode::{DecodeError, Decoder};

/// Responses larger than this (once decoded) are refused rather than buffered.
pub const MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

/// What every request advertises: the codings `decode` reads (the official client also lists
/// `compress`, which neither it nor we can decode). Compression cuts a 4 KB JSON answer from
/// ~4.2 KB to ~0.9 KB on the wire for tens of µs of CPU (bench/accept-encoding.js, README).
pub(super) const ACCEPT_ENCODING: &str = "gzip, deflate, br";

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
    /// The protocol the answer came over: `"1.1"` or `"2"` (HTTP/2, negotiated through ALPN).
    pub http_version: &'static str,
}

/// Reads the whole body, decoding its `Content-Encoding`, refusing more than
/// [`MAX_RESPONSE_BYTES`] on the wire or once decoded.
pub(super) async fn read_body(
    mut response: reqwest::Response,
) -> std::result::Result<String, Failure> {
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(refused(DecodeError::TooLarge { coding: "identity" }));
    }
    let encoding = response
        .headers()
        .get(reqwest::header::CONTENT_ENCODING)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut body = Decoder::new(encoding.as_deref(), MAX_RESPONSE_BYTES).map_err(refused)?;
    while let Some(chunk) = response.chunk().await.map_err(map_error)? {
        body.push(&chunk).map_err(refused)?;
    }
    let bytes = body.finish().map_err(refused)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// A body that cannot be used: retrying would fetch the same bytes.
fn refused(why: DecodeError) -> Failure {
    let message = match why {
        DecodeError::TooLarge { coding: "identity" } => {
            format!("{TOO_LARGE} {MAX_RESPONSE_BYTES} bytes (10 MB) and was refused")
        }
        DecodeError::TooLarge { coding } => format!(
            "{TOO_LARGE} {MAX_RESPONSE_BYTES} bytes (10 MB) once decoded from {coding} and was \
             refused"
        ),
        DecodeError::Corrupt { coding, reason } => {
            format!(
                "the response body is not valid {coding} (Content-Encoding: {coding}): {reason}"
            )
        }
        DecodeError::Unsupported { coding } => format!(
            "the response body has Content-Encoding '{coding}', which this client cannot decode \
             (it decodes gzip, deflate and br)"
        ),
    };
    Failure {
        error: Error::InvalidResponse {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
            message,
            attempts: 0,
        },
        reach: Reach::Final,
    }
}

pub(super) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

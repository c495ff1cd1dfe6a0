//! The response side of an exchange: what a 2xx answer carries and how its body is read (size
//! limit). Body decoding (e.g. `Content-Encoding`) belongs here.

use super::classify::{map_error, Failure, Reach};
use crate::error::Error;

/// Responses larger than this are refused rather than buffered.
pub const MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

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

pub(super) async fn read_body(
    mut response: reqwest::Response,
) -> std::result::Result<String, Failure> {
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(map_error)? {
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

fn too_large() -> Failure {
    Failure {
        error: Error::InvalidResponse {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
            message: format!(
                "response body exceeds {MAX_RESPONSE_BYTES} bytes (10 MB) and was refused"
            ),
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

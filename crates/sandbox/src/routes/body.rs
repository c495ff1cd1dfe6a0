//! Reading a JSON request body within the sandbox's limits: at most [`BODY_LIMIT`] bytes (413),
//! then the depth and string limits of `crate::limits`.

use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;

use crate::api_error::{ApiError, ApiResult};
use crate::limits::check_limits;

/// Bodies above this answer 413.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// An oversized body is read to its end, up to this much, before the 413 is sent: a client
/// still sending it would otherwise get a reset instead of the answer. Beyond this the
/// connection is closed.
pub const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// A request body parsed as JSON (any content type; empty = `null`), within the limits above.
/// Malformed JSON and oversized bodies get the JSON error format instead of axum's plain-text
/// rejections.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ApiError> {
        let headers = request.headers();
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        let waits_for_continue = headers
            .get(header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        // Not worth reading: the client waits to be told (no `100 Continue` is sent), or the
        // body is beyond what is drained.
        if declared.is_some_and(|n| {
            n > BODY_LIMIT as u64 && (waits_for_continue || n > DRAIN_LIMIT as u64)
        }) {
            return Err(too_large());
        }
        let bytes = read_within_limit(request.into_body()).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(Value::Null));
        }
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::field("body", format!("is not valid JSON: {e}")))?;
        check_limits(&value)?;
        Ok(JsonBody(value))
    }
}

/// The whole body, or 413 once it is known to exceed [`BODY_LIMIT`] (after draining it).
fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body is larger than {BODY_LIMIT} bytes"),
    )
}

async fn read_within_limit(mut body: Body) -> ApiResult<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|e| ApiError::field("body", format!("could not be read: {e}")))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen <= BODY_LIMIT {
            bytes.extend_from_slice(&data);
        } else if seen > DRAIN_LIMIT {
            // hyper closes a connection whose request body was not read to its end.
            return Err(too_large());
        }
    }
    if seen > BODY_LIMIT {
        return Err(too_large());
    }
    Ok(bytes)
}

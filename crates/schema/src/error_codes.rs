//! Every `err.code` the client gives, as data: the one list of them. The core's transport reports
//! the connection codes (a test of `crates/coherent` fails when its sources hold a code that is not
//! here, or this list one they never report), `cargo run -p coherent-js-tables` writes the
//! TypeScript unions of `lib/error-codes.d.ts` from it (the typings of `err.code`), and that
//! crate's test fails when `docs/errors.md` does not document exactly these codes.

/// One code and what it means, in a few words (the JSDoc of `lib/error-codes.d.ts`; the whole
/// story is in `docs/errors.md`).
#[derive(Debug, Clone, Copy)]
pub struct Code {
    pub code: &'static str,
    pub meaning: &'static str,
}

const fn code(code: &'static str, meaning: &'static str) -> Code {
    Code { code, meaning }
}

/// `err.code` of a `CoherentConnectionError`: no usable response arrived. Reported by the core's
/// transport (`transport/classify.rs`, `h2.rs`, `net.rs`); docs/errors.md, "Connection codes".
pub const CONNECTION: &[Code] = &[
    code("ECONNREFUSED", "the server refused the connection"),
    code(
        "ECONNRESET",
        "the connection was reset, or closed without an answer",
    ),
    code("ETIMEDOUT", "connecting timed out"),
    code("ENOTFOUND", "the host name did not resolve"),
    code(
        "EPIPE",
        "the connection broke while the request was written",
    ),
    code("ECONNABORTED", "the connection was aborted by the system"),
    code(
        "ERR_TLS_PROTOCOL",
        "no TLS version or cipher in common, or a fatal TLS alert (never retried)",
    ),
    code(
        "ERR_TLS_CERT",
        "the server's certificate was refused (never retried)",
    ),
    code(
        "ERR_TLS_HANDSHAKE",
        "the TLS handshake broke (e.g. a plain-HTTP answer)",
    ),
    code(
        "ERR_TLS_INIT",
        "`new Coherent(…)` could not set up TLS (no usable trust store)",
    ),
    code(
        "ERR_CLIENT_INIT",
        "`new Coherent(…)` could not build its HTTP client",
    ),
    code(
        "ERR_PROXY_AUTH",
        "the proxy answered the CONNECT with 407 (never retried)",
    ),
    code(
        "ERR_PROXY_REFUSED",
        "the proxy refused the tunnel otherwise (never retried)",
    ),
    code(
        "ERR_HTTP2_STREAM_ERROR",
        "over HTTP/2, the server reset the request's stream",
    ),
    code(
        "ERR_HTTP2_GOAWAY_SESSION",
        "over HTTP/2, the server closed the connection before the stream",
    ),
    code(
        "ERR_FR_TOO_MANY_REDIRECTS",
        "more than 5 same-origin redirects (never retried)",
    ),
    code(
        "HPE_INVALID_CHUNK_SIZE",
        "the chunked body is malformed (never retried)",
    ),
    code(
        "HPE_INVALID_STATUS",
        "the status line is malformed (never retried)",
    ),
    code(
        "HPE_INVALID_VERSION",
        "the HTTP version is malformed (never retried)",
    ),
    code(
        "HPE_INVALID_HEADER_TOKEN",
        "a response header is malformed (never retried)",
    ),
    code(
        "HPE_UNEXPECTED_CONTENT_LENGTH",
        "a bad or repeated Content-Length (never retried)",
    ),
    code(
        "HPE_INVALID_TRANSFER_ENCODING",
        "an unexpected Transfer-Encoding (never retried)",
    ),
    code(
        "HPE_HEADER_OVERFLOW",
        "the response head is too large (never retried)",
    ),
    code(
        "ERR_STREAM_PREMATURE_CLOSE",
        "the server closed the connection before the body was complete",
    ),
    code("ERR_NETWORK", "any other failure before a response"),
];

/// The code each other error class sets: docs/errors.md, after "Connection codes".
pub const CLASS: &[Code] = &[
    code(
        "ERR_INVALID_ARG_VALUE",
        "`CoherentValidationError`: bad input, nothing was sent",
    ),
    code("ERR_BAD_REQUEST", "`CoherentApiError`: a 4xx answer"),
    code(
        "ERR_BAD_RESPONSE",
        "`CoherentApiError`: another non-2xx answer, or a 2xx body the method cannot use",
    ),
    code(
        "ECONNABORTED",
        "`CoherentTimeoutError`: the call's `timeout` ran out",
    ),
    code(
        "ABORT_ERR",
        "`CoherentAbortError`: the call's `signal` aborted it",
    ),
];

/// Codes only an attempt reports (`ResponseEvent.error`, the attempt trace's `errorCode`): the
/// call's error then has its class's code.
pub const ATTEMPT_ONLY: &[Code] = &[code(
    "ERR_RESPONSE_TOO_LARGE",
    "the response body exceeded 10 MB (the error is an `ERR_BAD_RESPONSE`)",
)];

/// Thrown while loading (by `require`, `import` or the first use of `Sandbox`), from `lib/`:
/// docs/errors.md, "Codes thrown while loading".
pub const LOADING: &[Code] = &[
    code(
        "ERR_COHERENT_NATIVE_BINDING_NOT_FOUND",
        "no native binary for this platform",
    ),
    code(
        "ERR_COHERENT_UNSUPPORTED_RUNTIME",
        "loaded outside Node.js (e.g. an Edge runtime)",
    ),
    code(
        "ERR_COHERENT_OPENTELEMETRY_API_MISSING",
        "`@coherentx/coherent/opentelemetry` without `@opentelemetry/api`",
    ),
    code(
        "ERR_COHERENT_SANDBOX_NOT_INSTALLED",
        "`Sandbox.start()` without `@coherentx/coherent-sandbox` installed",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_names_a_code_once_with_its_meaning() {
        for list in [CONNECTION, CLASS, ATTEMPT_ONLY, LOADING] {
            assert!(crate::distinct(list.iter().map(|c| c.code)));
            assert!(list.iter().all(|c| !c.meaning.is_empty()));
        }
    }
}

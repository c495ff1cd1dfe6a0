//! The option sets of the public API, declared for the generated TypeScript only: `Config`
//! (`new Coherent(config)`) and `CallOptions` (the last argument of every method). The values
//! are read by hand, key by key, so that every problem names its key (`config.timeout`,
//! `options.signal`) with the rules of the core: `CONFIG_KEYS` in `client.rs`, `OPTION_KEYS` in
//! `call/call_options.rs`.
//! `__test__/request-types.test.js` holds these declarations to those key lists.

#![allow(dead_code)]

/// Options of `new Coherent(config)`. Every problem (unknown key, wrong type, bad value) throws a
/// `CoherentValidationError` whose `field` names the key, e.g. `'config.token'`.
///
/// @example
/// const coherent = new Coherent({ environment: 'TEST', token: process.env.COHERENT_TOKEN! })
#[napi(object)]
pub struct Config {
    /// Which Coherent service to call: `'LOCAL'`, `'TEST'` or `'PRODUCTION'`
    /// (or `Environment.Local` / `.Test` / `.Production`).
    ///
    /// Matched case-insensitively at run time (`'test'` works). Any other value throws instead of
    /// silently falling back to production, as the official client did. Required unless
    /// {@link Config.baseUrl} is given.
    #[napi(ts_type = "Environment")]
    pub environment: Option<String>,
    /// Your Coherent API key (`api-test-…` or `api-production-…`), sent in the `access-token`
    /// header. Required and non-empty. It is kept in native memory and never appears in logs,
    /// `JSON.stringify(coherent)` or errors.
    pub token: String,
    /// Overrides the environment's URL: the origin (plus an optional path prefix) that
    /// `/api/v1/…` is appended to, e.g. `'https://gateway.example.com'`. Must be `https`; plain
    /// `http` is accepted only for loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`), so the
    /// token never crosses a network in clear text. No credentials, query or fragment.
    pub base_url: Option<String>,
    /// Time limit of each call in milliseconds (default `30000`): one budget for connecting,
    /// sending, the whole response body, every retry and the waits between them. When it runs out
    /// the call rejects with `CoherentTimeoutError`. Connecting alone is also limited to 10 s per
    /// attempt. Override per call with {@link CallOptions.timeout}.
    pub timeout: Option<f64>,
    /// Appended, after a space, to the client's own `User-Agent` (`coherent-node/<version>`),
    /// e.g. `'my-clinic-app/2.1'`. Must not contain control characters.
    pub user_agent: Option<String>,
    /// Automatic retries after the first attempt, where retrying is safe (default `2`, an integer
    /// from 0 to 10):
    /// - GET and PUT: on connection errors, on timeouts before a response, and on 429, 502, 503,
    ///   504 (honouring `Retry-After`, seconds or HTTP date, capped at 60 s);
    /// - POST (payments, refunds, wallets...): only when the request provably never left this
    ///   machine (connection refused, DNS failure, connect timeout, TLS handshake failure). A POST
    ///   that may have reached the server is never replayed, so nothing is charged twice.
    ///
    /// Waits grow from 0.5 s, doubling, capped at 5 s, with jitter. Errors say how many attempts
    /// were made (`err.attempts`). Override per call with {@link CallOptions.maxNetworkRetries}.
    pub max_network_retries: Option<f64>,
    /// HTTP/2 over HTTPS (default `true`): each TLS connection offers `h2` and `http/1.1` through
    /// ALPN and the server chooses, so one connection carries many concurrent calls where the
    /// server speaks HTTP/2, and HTTP/1.1 is used where it does not. Timeouts, retries, abort,
    /// hooks and the 10 MB body limit are the same over both. `false` keeps every connection on
    /// HTTP/1.1 with no ALPN offered, as before. Plain `http://` (loopback only) is always HTTP/1.1.
    pub http2: Option<bool>,
    /// The most connections open to the gateway at once, like Node's `maxSockets` (an integer
    /// from 1 to 65535; default: no cap). Over HTTP/1.1 a connection carries one call at a time,
    /// so calls beyond the cap wait, in the order they were made, for one to be free: the wait
    /// counts against their {@link Config.timeout} and ends at once when their `signal` aborts.
    /// Over HTTP/2 every call shares one connection and none waits. Without a cap a burst still
    /// opens no more connections than calls in flight.
    pub max_connections: Option<f64>,
    /// Called once per HTTP attempt, before its {@link Config.onResponse}, with the method, the
    /// encoded path and the attempt number (1-based). Never given bodies, headers or the token.
    /// Hooks run on the JS thread when the call settles, in order, in the async context of the
    /// code that made the call (its `AsyncLocalStorage` stores); a hook that throws is ignored.
    #[napi(ts_type = "(event: RequestEvent) => void")]
    pub on_request: Option<String>,
    /// Called once per HTTP attempt with its outcome: `status` (or `error`, a system code, when no
    /// response arrived), `elapsedMs`, the `x-request-id` response header as `requestId`
    /// (cleaned as `err.requestId` is) and the protocol as `httpVersion` (`'1.1'` or `'2'`).
    /// Never given bodies, headers or the token. Runs on the JS thread when the call settles, in
    /// the async context of the code that made the call.
    #[napi(ts_type = "(event: ResponseEvent) => void")]
    pub on_response: Option<String>,
    /// Whether a rejection's `err.stack` shows where the app made the call (default `true`).
    /// A call that fails on the network (status, connection, timeout, abort) is rejected from the
    /// event loop, where no frame of the app is left, so the caller's frames are recorded when
    /// each call starts (`at async` frames included) and given to its error. `false` saves that
    /// recording (a few microseconds of event-loop time per call) and leaves such errors with
    /// their message line only. Frames never include arguments: no token, no patient data.
    pub async_stack_traces: Option<bool>,
}

/// Options of one call, the optional last argument of every method:
/// `await coherent.transactions.get(uuid, { timeout: 5000, signal })`. Unknown keys are refused
/// with a `CoherentValidationError` naming them (`'options.timout'`). Passing them never changes
/// the request that is sent.
#[napi(object)]
pub struct CallOptions {
    /// Time limit of this call in milliseconds, replacing {@link Config.timeout}: one budget for
    /// every attempt, the waits between retries and the response body. A positive integer.
    pub timeout: Option<f64>,
    /// Cancels the call when aborted: the request in flight is dropped, no retry follows, and the
    /// Promise rejects with a {@link CoherentAbortError} (`name === 'AbortError'`). An already
    /// aborted signal rejects at once, without any I/O. The listener is removed when the call ends.
    /// At run time it must be a real `AbortSignal` (from an `AbortController`, `AbortSignal.timeout()`, ...).
    #[napi(ts_type = "AbortSignalType")]
    pub signal: Option<String>,
    /// Retries for this call (0 to 10), replacing {@link Config.maxNetworkRetries}.
    pub max_network_retries: Option<f64>,
}

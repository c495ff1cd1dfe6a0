/**
 * The request an error belongs to: method and URL only, never headers (so never the token).
 */
export type CoherentErrorConfig = {
    /**
     * HTTP method in lower case, e.g. `'post'`.
     */
    method: string;
    /**
     * The full URL that was requested.
     */
    url: string;
};
/**
 * The HTTP response carried by a {@link CoherentApiError}, shaped like an axios response.
 */
export type CoherentErrorResponse = {
    /**
     * The HTTP status code.
     */
    status: number;
    /**
     * Response headers, names in lower case.
     */
    headers: Record<string, string>;
    /**
     * The body: parsed JSON when it parses, otherwise the text (`''` when empty).
     */
    data: any;
    /**
     * The request that got this response.
     */
    config?: CoherentErrorConfig | undefined;
};
/**
 * What `JSON.stringify(error)` produces for a {@link CoherentError} (no token, no headers).
 */
export type CoherentErrorJSON = {
    /**
     * The class name, e.g. `'CoherentApiError'`.
     */
    name: string;
    /**
     * The error message.
     */
    message: string;
    /**
     * The error code, if any.
     */
    code?: string | undefined;
    /**
     * HTTP status ({@link CoherentApiError} only).
     */
    status?: number | undefined;
    /**
     * HTTP attempts made.
     */
    attempts: number;
    /**
     * The invalid field ({@link CoherentValidationError} only).
     */
    field?: string | undefined;
    /**
     * The gateway's request id, when the response carried one.
     */
    requestId?: string | undefined;
    /**
     * The request's method and URL, when a request was made.
     */
    config?: CoherentErrorConfig | undefined;
};
export type ErrorCode = import("./error-codes").ErrorCode;
export type ErrorClassCode = import("./error-codes").ErrorClassCode;
export type ConnectionErrorCode = import("./error-codes").ConnectionErrorCode;
/**
 * Base class of every error this package throws or rejects with; `instanceof CoherentError`
 * catches them all. HTTP-related subclasses keep the axios error shape that code written for
 * the official client reads (`err.response?.status`, `err.response?.data`, `err.code`,
 * `err.isAxiosError`), without request headers.
 */
export class CoherentError extends Error {
    /**
     * Built by the native binding; you do not normally construct these yourself.
     * @param {string} message
     * @param {string | Record<string, unknown>} [details]
     * @param {unknown} [data]
     */
    constructor(message: string, details?: string | Record<string, unknown>, data?: unknown);
    /**
     * A machine-readable code: the class's own ({@link ErrorClassCode}: `'ERR_INVALID_ARG_VALUE'`,
     * `'ERR_BAD_REQUEST'`, ...) or, on a {@link CoherentConnectionError}, a
     * {@link ConnectionErrorCode} (`'ECONNREFUSED'`, `'ERR_TLS_CERT'`, ...). Each code's meaning
     * is in those types' documentation, generated from the one list of codes, and in
     * docs/errors.md.
     * @type {ErrorCode | (string & {}) | undefined}
     */
    code: ErrorCode | (string & {}) | undefined;
    /**
     * HTTP attempts made: 1 + retries; 0 when the call failed before any I/O.
     * @type {number}
     */
    attempts: number;
    /**
     * `true` for errors that come from an HTTP exchange (as on axios errors), `false` otherwise.
     * @type {boolean}
     */
    isAxiosError: boolean;
    /**
     * The request that failed (method and URL), when one was made.
     * @type {CoherentErrorConfig | undefined}
     */
    config: CoherentErrorConfig | undefined;
    /**
     * The gateway's request id (the response's `x-request-id`), when the server answered with
     * one: quote it to Coherent's support. Without control characters, at most 200 characters.
     * @type {string | undefined}
     */
    requestId: string | undefined;
    /**
     * A log-safe plain object: name, message, code, and status/field/requestId/config where
     * present.
     * @returns {CoherentErrorJSON}
     */
    toJSON(): CoherentErrorJSON;
}
/**
 * Bad input, detected before anything is sent: a missing or mistyped argument or field, an
 * unknown config key, an invalid `baseUrl`, and so on.
 */
export class CoherentValidationError extends CoherentError {
    /**
     * @param {string} message
     * @param {string | Record<string, unknown>} [details]
     */
    constructor(message: string, details?: string | Record<string, unknown>);
    /** Always `'ERR_INVALID_ARG_VALUE'`. */
    code: "ERR_INVALID_ARG_VALUE";
    /** Always `false`: no request was made. */
    isAxiosError: false;
    /** The offending argument or field, e.g. `'amount'`, `'uuid'`, `'config.environment'`. */
    field: string;
}
/**
 * The server answered with a non-2xx status, or with a 2xx body that is not the JSON the call
 * expects. Read `status` and `response.data` for the details.
 */
export class CoherentApiError extends CoherentError {
    /** Always `true`. */
    isAxiosError: true;
    /** `'ERR_BAD_REQUEST'` for a 4xx status, `'ERR_BAD_RESPONSE'` otherwise. */
    code: "ERR_BAD_REQUEST" | "ERR_BAD_RESPONSE";
    /** The HTTP status code (the same as `response.status`). */
    status: number;
    /**
     * The response, shaped like an axios response.
     * @type {CoherentErrorResponse}
     */
    response: CoherentErrorResponse;
}
/**
 * No response arrived: the connection was refused or reset, or DNS, TLS or the proxy failed.
 * `code` is a {@link ConnectionErrorCode}: a system code such as `'ECONNREFUSED'`, a refusal that
 * is never retried (`'ERR_TLS_CERT'`, `'ERR_PROXY_AUTH'`, ...), the code Node's HTTP parser gives
 * a response that is not well-formed HTTP/1.1 (`'HPE_*'`), ...: that type lists them all.
 */
export class CoherentConnectionError extends CoherentError {
    /** Always `true`. */
    isAxiosError: true;
}
/** The call took longer than its `timeout` (all attempts and waits included). */
export class CoherentTimeoutError extends CoherentError {
    /**
     * @param {string} message
     * @param {string | Record<string, unknown>} [details]
     */
    constructor(message: string, details?: string | Record<string, unknown>);
    /** Always `true`. */
    isAxiosError: true;
    /** Always `'ECONNABORTED'`, as on axios timeouts. */
    code: "ECONNABORTED";
    /** The time limit that ran out, in milliseconds. */
    timeout: number;
}
/**
 * The call was cancelled through the `signal` of its {@link CallOptions}. Its `name` is
 * `'AbortError'` (with code `ABORT_ERR`), like the rejections of `fetch` and of Node's own APIs,
 * so `err.name === 'AbortError'` checks work.
 */
export class CoherentAbortError extends CoherentError {
    /**
     * @param {string} message
     * @param {string | Record<string, unknown>} [details]
     */
    constructor(message: string, details?: string | Record<string, unknown>);
    /** Always `'ABORT_ERR'`, as Node's own AbortError. */
    code: "ABORT_ERR";
    /**
     * The signal's `reason` (e.g. the `TimeoutError` of `AbortSignal.timeout()`).
     * @type {unknown}
     */
    cause: unknown;
    name: "AbortError";
}

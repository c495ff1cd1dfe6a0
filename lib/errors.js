'use strict'
// The error classes every rejection of this package is an instance of. The native binding builds
// them on the JS thread as `new Class(message, detailsJson, data)`, from the `ErrorDetails` of
// src/js_error.rs; `data` is the response body as axios's `response.data`, decoded by the same
// code as results. Errors from HTTP keep the axios shape that code written for the official
// client reads (`err.response.status`, `err.response.data`, `err.code`, `err.isAxiosError`), but
// never carry request headers, so the API token cannot leak through logging an error.
//
// The typings of these classes, lib/errors.d.ts, are generated from this file's JSDoc
// (`npm run build:errors-dts`), which `tsc` also checks against the generated `ErrorDetails`.

/**
 * The request an error belongs to: method and URL only, never headers (so never the token).
 * @typedef {object} CoherentErrorConfig
 * @property {string} method HTTP method in lower case, e.g. `'post'`.
 * @property {string} url The full URL that was requested.
 */

/**
 * The HTTP response carried by a {@link CoherentApiError}, shaped like an axios response.
 * @typedef {object} CoherentErrorResponse
 * @property {number} status The HTTP status code.
 * @property {Record<string, string>} headers Response headers, names in lower case.
 * @property {any} data The body: parsed JSON when it parses, otherwise the text (`''` when empty).
 * @property {CoherentErrorConfig} [config] The request that got this response.
 */

/**
 * What `JSON.stringify(error)` produces for a {@link CoherentError} (no token, no headers).
 * @typedef {object} CoherentErrorJSON
 * @property {string} name The class name, e.g. `'CoherentApiError'`.
 * @property {string} message The error message.
 * @property {string} [code] The error code, if any.
 * @property {number} [status] HTTP status ({@link CoherentApiError} only).
 * @property {number} attempts HTTP attempts made.
 * @property {string} [field] The invalid field ({@link CoherentValidationError} only).
 * @property {string} [requestId] The gateway's request id, when the response carried one.
 * @property {CoherentErrorConfig} [config] The request's method and URL, when a request was made.
 */

/** @typedef {import('./error-codes').ErrorCode} ErrorCode */
/** @typedef {import('./error-codes').ErrorClassCode} ErrorClassCode */
/** @typedef {import('./error-codes').ConnectionErrorCode} ConnectionErrorCode */

/**
 * @param {string | Record<string, unknown> | undefined} details
 * @returns {Partial<import('../native').ErrorDetails>}
 */
function readDetails(details) {
  if (typeof details !== 'string') return details || {}
  try {
    return JSON.parse(details)
  } catch {
    return {}
  }
}

/**
 * Base class of every error this package throws or rejects with; `instanceof CoherentError`
 * catches them all. HTTP-related subclasses keep the axios error shape that code written for
 * the official client reads (`err.response?.status`, `err.response?.data`, `err.code`,
 * `err.isAxiosError`), without request headers.
 */
class CoherentError extends Error {
  /**
   * Built by the native binding; you do not normally construct these yourself.
   * @param {string} message
   * @param {string | Record<string, unknown>} [details]
   * @param {unknown} [data]
   */
  constructor(message, details, data) {
    super(message)
    const d = readDetails(details)
    /**
     * A machine-readable code: the class's own ({@link ErrorClassCode}: `'ERR_INVALID_ARG_VALUE'`,
     * `'ERR_BAD_REQUEST'`, ...) or, on a {@link CoherentConnectionError}, a
     * {@link ConnectionErrorCode} (`'ECONNREFUSED'`, `'ERR_TLS_CERT'`, ...). Each code's meaning
     * is in those types' documentation, generated from the one list of codes, and in
     * docs/errors.md.
     * @type {ErrorCode | (string & {}) | undefined}
     */
    this.code = /** @type {ErrorCode | undefined} */ (d.code)
    /**
     * HTTP attempts made: 1 + retries; 0 when the call failed before any I/O.
     * @type {number}
     */
    this.attempts = d.attempts === undefined ? 0 : d.attempts
    /**
     * `true` for errors that come from an HTTP exchange (as on axios errors), `false` otherwise.
     * @type {boolean}
     */
    this.isAxiosError = false
    /**
     * The request that failed (method and URL), when one was made.
     * @type {CoherentErrorConfig | undefined}
     */
    this.config // declares the property for the typings; set only when a request was made
    if (d.method !== undefined) {
      // Method and URL only: the official client's `config` also held the token.
      this.config = { method: String(d.method).toLowerCase(), url: /** @type {string} */ (d.url) }
    }
    /**
     * The gateway's request id (the response's `x-request-id`), when the server answered with
     * one: quote it to Coherent's support. Without control characters, at most 200 characters.
     * @type {string | undefined}
     */
    this.requestId // declares the property for the typings; set only when the response had one
    if (d.requestId !== undefined) this.requestId = d.requestId
  }

  /**
   * A log-safe plain object: name, message, code, and status/field/requestId/config where
   * present.
   * @returns {CoherentErrorJSON}
   */
  toJSON() {
    const { status, field } = /** @type {{ status?: number, field?: string }} */ (this)
    /** @type {CoherentErrorJSON} */
    const out = {
      name: this.name,
      message: this.message,
      code: this.code,
      ...(status !== undefined && { status }),
      ...(field !== undefined && { field }),
      attempts: this.attempts,
      ...(this.requestId !== undefined && { requestId: this.requestId }),
    }
    if (this.config) out.config = { ...this.config }
    return out
  }
}

/**
 * Bad input, detected before anything is sent: a missing or mistyped argument or field, an
 * unknown config key, an invalid `baseUrl`, and so on.
 */
class CoherentValidationError extends CoherentError {
  /** Always `'ERR_INVALID_ARG_VALUE'`. */
  code = /** @type {const} */ ('ERR_INVALID_ARG_VALUE')
  /** Always `false`: no request was made. */
  isAxiosError = /** @type {const} */ (false)

  /**
   * @param {string} message
   * @param {string | Record<string, unknown>} [details]
   */
  constructor(message, details) {
    super(message, details)
    const d = readDetails(details)
    /** The offending argument or field, e.g. `'amount'`, `'uuid'`, `'config.environment'`. */
    this.field = /** @type {string} */ (d.field)
  }
}

/**
 * The server answered with a non-2xx status, or with a 2xx body that is not the JSON the call
 * expects. Read `status` and `response.data` for the details.
 */
class CoherentApiError extends CoherentError {
  /** Always `true`. */
  isAxiosError = /** @type {const} */ (true)
  /** `'ERR_BAD_REQUEST'` for a 4xx status, `'ERR_BAD_RESPONSE'` otherwise. */
  code = /** @type {'ERR_BAD_REQUEST' | 'ERR_BAD_RESPONSE'} */ ('ERR_BAD_RESPONSE')

  /**
   * @param {string} message
   * @param {string | Record<string, unknown>} [details]
   * @param {unknown} [data] The body as axios's `response.data` (`''` when not given).
   */
  constructor(message, details, data) {
    super(message, details)
    const d = readDetails(details)
    const status = /** @type {number} */ (d.status)
    /** The HTTP status code (the same as `response.status`). */
    this.status = status
    this.code = status >= 400 && status < 500 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE'
    /**
     * The response, shaped like an axios response.
     * @type {CoherentErrorResponse}
     */
    this.response = {
      status,
      headers: d.headers || {},
      data: data === undefined ? '' : data,
      config: this.config,
    }
  }
}

/**
 * No response arrived: the connection was refused or reset, or DNS, TLS or the proxy failed.
 * `code` is a {@link ConnectionErrorCode}: a system code such as `'ECONNREFUSED'`, a refusal that
 * is never retried (`'ERR_TLS_CERT'`, `'ERR_PROXY_AUTH'`, ...), the code Node's HTTP parser gives
 * a response that is not well-formed HTTP/1.1 (`'HPE_*'`), ...: that type lists them all.
 */
class CoherentConnectionError extends CoherentError {
  /** Always `true`. */
  isAxiosError = /** @type {const} */ (true)
}

/** The call took longer than its `timeout` (all attempts and waits included). */
class CoherentTimeoutError extends CoherentError {
  /** Always `true`. */
  isAxiosError = /** @type {const} */ (true)
  /** Always `'ECONNABORTED'`, as on axios timeouts. */
  code = /** @type {const} */ ('ECONNABORTED')

  /**
   * @param {string} message
   * @param {string | Record<string, unknown>} [details]
   */
  constructor(message, details) {
    super(message, details)
    const d = readDetails(details)
    /** The time limit that ran out, in milliseconds. */
    this.timeout = /** @type {number} */ (d.timeout)
  }
}

/**
 * The call was cancelled through the `signal` of its {@link CallOptions}. Its `name` is
 * `'AbortError'` (with code `ABORT_ERR`), like the rejections of `fetch` and of Node's own APIs,
 * so `err.name === 'AbortError'` checks work.
 */
class CoherentAbortError extends CoherentError {
  /** Always `'ABORT_ERR'`, as Node's own AbortError. */
  code = /** @type {const} */ ('ABORT_ERR')

  /**
   * @param {string} message
   * @param {string | Record<string, unknown>} [details]
   */
  constructor(message, details) {
    super(message, details)
    /**
     * The signal's `reason` (e.g. the `TimeoutError` of `AbortSignal.timeout()`).
     * @type {unknown}
     */
    this.cause // declares the property for the typings; the binding sets it
  }
}

for (const Class of [CoherentError, CoherentValidationError, CoherentApiError, CoherentConnectionError, CoherentTimeoutError]) {
  Object.defineProperty(Class.prototype, 'name', { value: Class.name, writable: true, configurable: true })
}
Object.defineProperty(CoherentAbortError.prototype, 'name', {
  value: /** @type {'AbortError'} */ ('AbortError'),
  writable: true,
  configurable: true,
})

module.exports = {
  CoherentError,
  CoherentValidationError,
  CoherentApiError,
  CoherentConnectionError,
  CoherentTimeoutError,
  CoherentAbortError,
}

// One set of classes per process, kept on globalThis: a bundler that copies this file into several
// route graphs (Next.js) would otherwise make `err instanceof CoherentApiError` false in all but one.
// Bump the key's version when the classes change shape: releases that differ must not share them.
// (The properties are replaced, not `module.exports` itself, so lib/errors.d.ts keeps its classes.)
const SHARED_CLASSES = Symbol.for('@coherentx/coherent: error classes v2')
const registry = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))
if (registry[SHARED_CLASSES]) Object.assign(module.exports, registry[SHARED_CLASSES])
else registry[SHARED_CLASSES] = module.exports

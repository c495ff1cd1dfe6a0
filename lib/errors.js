'use strict'
// The error classes every rejection of this package is an instance of. The native binding builds
// them on the JS thread as `new Class(message, detailsJson)`. Errors from HTTP keep the axios
// shape that code written for the official client reads (`err.response.status`,
// `err.response.data`, `err.code`, `err.isAxiosError`), but never carry request headers, so the
// API token cannot leak through logging an error.

function readDetails(details) {
  if (typeof details !== 'string') return details || {}
  try {
    return JSON.parse(details)
  } catch {
    return {}
  }
}

/** axios's `response.data`: parsed JSON when the body parses, else the text, `''` when empty. */
function decodeBody(body) {
  if (typeof body !== 'string' || body === '') return body === undefined ? '' : body
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

class CoherentError extends Error {
  constructor(message, details) {
    super(message)
    const d = readDetails(details)
    this.code = d.code
    /** HTTP attempts made (1 + retries); 0 when the call failed before any I/O. */
    this.attempts = d.attempts === undefined ? 0 : d.attempts
    /** True for errors raised by an HTTP exchange, as on axios errors. */
    this.isAxiosError = false
    if (d.method !== undefined) {
      // Method and URL only: the official client's `config` also held the token.
      this.config = { method: String(d.method).toLowerCase(), url: d.url }
    }
  }

  toJSON() {
    const out = { name: this.name, message: this.message, code: this.code }
    if (this.status !== undefined) out.status = this.status
    if (this.field !== undefined) out.field = this.field
    out.attempts = this.attempts
    if (this.config) out.config = { ...this.config }
    return out
  }
}

/** Bad input, detected before any network I/O. `field` names the argument or body field. */
class CoherentValidationError extends CoherentError {
  constructor(message, details) {
    super(message, details)
    const d = readDetails(details)
    this.code = 'ERR_INVALID_ARG_VALUE'
    this.field = d.field
  }
}

/** The server answered with a non-2xx status, or a 2xx body that is not the JSON expected. */
class CoherentApiError extends CoherentError {
  constructor(message, details) {
    super(message, details)
    const d = readDetails(details)
    this.isAxiosError = true
    this.status = d.status
    this.code = d.status >= 400 && d.status < 500 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE'
    this.response = {
      status: d.status,
      headers: d.headers || {},
      data: decodeBody(d.body),
      config: this.config,
    }
  }
}

/** No response: refused, reset, DNS or TLS failure. `code` is the Node system code. */
class CoherentConnectionError extends CoherentError {
  constructor(message, details) {
    super(message, details)
    this.isAxiosError = true
  }
}

/** The call took longer than its timeout (`timeout`, in ms); `code` is `ECONNABORTED`, as axios. */
class CoherentTimeoutError extends CoherentError {
  constructor(message, details) {
    super(message, details)
    const d = readDetails(details)
    this.isAxiosError = true
    this.code = 'ECONNABORTED'
    this.timeout = d.timeout
  }
}

/**
 * The call was cancelled through the `signal` of its options. Named `AbortError` (with code
 * `ABORT_ERR`), like the rejections of `fetch` and of Node's own APIs, so existing
 * `err.name === 'AbortError'` checks work.
 */
class CoherentAbortError extends CoherentError {
  constructor(message, details) {
    super(message, details)
    this.code = 'ABORT_ERR'
  }
}

for (const Class of [CoherentError, CoherentValidationError, CoherentApiError, CoherentConnectionError, CoherentTimeoutError]) {
  Object.defineProperty(Class.prototype, 'name', { value: Class.name, writable: true, configurable: true })
}
Object.defineProperty(CoherentAbortError.prototype, 'name', { value: 'AbortError', writable: true, configurable: true })

// One set of classes per process, kept on globalThis: a bundler that copies this file into several
// route graphs (Next.js) would otherwise make `err instanceof CoherentApiError` false in all but one.
// Bump the key's version when the classes change shape: releases that differ must not share them.
const SHARED_CLASSES = Symbol.for('@coherentx/coherent: error classes v1')
module.exports = globalThis[SHARED_CLASSES] || (globalThis[SHARED_CLASSES] = {
  CoherentError,
  CoherentValidationError,
  CoherentApiError,
  CoherentConnectionError,
  CoherentTimeoutError,
  CoherentAbortError,
})

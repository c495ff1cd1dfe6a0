/*
 * What the package hands to your code while a call runs, written by hand: the events of the
 * `Config.onRequest` / `Config.onResponse` hooks, and the contexts of the diagnostics_channel
 * channels `@coherentx/coherent:call` and `:attempt` (README, "Observability"). Re-exported by
 * `types.d.ts`.
 */

// Hook events (`Config.onRequest`, `Config.onResponse`)

/** What `Config.onRequest` receives for each attempt. */
export type RequestEvent = {
  /** `'GET'`, `'POST'` or `'PUT'`. */
  method: string
  /** The encoded path, e.g. `'/api/v1/transaction/3f0e…'` (no host, no query). */
  path: string
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number
}

/** What `Config.onResponse` receives for each attempt. */
export type ResponseEvent = RequestEvent & {
  /** The HTTP status, or `null` when no response arrived. */
  status: number | null
  /** Milliseconds from sending the attempt to its response body (or failure). */
  elapsedMs: number
  /** The `x-request-id` response header, cleaned as `err.requestId` is, or `null`. */
  requestId: string | null
  /** The protocol the response came over: `'1.1'` or `'2'` (HTTP/2); `null` when none arrived. */
  httpVersion: string | null
  /** The failure code (e.g. `'ECONNREFUSED'`) when no usable response arrived. */
  error?: string
}

// Tracing (diagnostics_channel `@coherentx/coherent:call` / `:attempt`)

/** The context of `@coherentx/coherent:call`: one object through all events of one API call. */
export type CallTraceContext = {
  /** The method called, e.g. `'transactions.create'`. */
  operation: string
  namespace: string
  method: string
  /** `'GET'`, `'POST'` or `'PUT'`; undefined when the call failed before a request was built. */
  httpMethod?: string
  /** The path with ids as `{name}`, e.g. `'/api/v1/transaction/{uuid}'`. */
  pathTemplate?: string
  serverAddress: string
  serverPort?: number
  /** `scheme://host:port` of the base URL. */
  url: string
  /** Set `traceparent` / `tracestate` here in `start` to send them on every attempt. */
  headers: { traceparent?: string; tracestate?: string; [name: string]: unknown }
  /** Set when the call settles: HTTP attempts made (0 before any I/O). */
  attempts?: number
  status?: number
  requestId?: string
  /** `'1.1'` or `'2'`, once the transport reports it. */
  httpVersion?: string
  /** `err.code` of the rejection. */
  errorCode?: string
  /** The rejection itself. */
  error?: unknown
}

/** The context of `@coherentx/coherent:attempt`, published (start, end) when the call settles. */
export type AttemptTraceContext = {
  operation: string
  httpMethod: string
  pathTemplate: string
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number
  /** The gap since the previous attempt ended; 0 for the first. */
  retryDelayMs: number
  /** On the `performance.now()` clock: `performance.timeOrigin + startTime` is epoch ms. */
  startTime: number
  endTime: number
  elapsedMs: number
  status?: number
  /** When no answer came, e.g. `'ECONNREFUSED'`, `'ECONNABORTED'` (timeout), `'ABORT_ERR'`. */
  errorCode?: string
  requestId?: string
  httpVersion?: string
  /** The call's context object. */
  call: CallTraceContext
}

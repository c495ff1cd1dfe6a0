// Typings of `@coherentx/coherent/opentelemetry` (lib/opentelemetry.js), written by hand. They
// name only `@opentelemetry/api` types, so a project needs no other OpenTelemetry package to
// compile; the class fits the `Instrumentation` interface of `@opentelemetry/instrumentation`
// structurally (checked by __test__/types/opentelemetry).

import type { MeterProvider, Span, TracerProvider } from '@opentelemetry/api'

/** What `requestHook` receives when a call starts. */
export interface CoherentRequestHookInfo {
  /** `'transactions.create'`, `'paymentPlans.get'`, ... */
  operation: string
  /** `'GET'`, `'POST'`, `'PUT'`, ... */
  httpMethod: string
  /** The path with its ids as placeholders, e.g. `'/api/v1/transaction/{uuid}'`. */
  pathTemplate: string
}

/** What `responseHook` receives when a call settles. */
export interface CoherentResponseHookInfo {
  operation: string
  /** The last response's HTTP status; undefined when no response arrived. */
  status: number | undefined
  /** HTTP attempts made (0 when the call failed before any I/O). */
  attempts: number
  /** The gateway's `x-request-id` of the last response, when it sent one. */
  requestId: string | undefined
  /** The error's `code` when the call failed (`'ERR_BAD_REQUEST'`, `'ECONNABORTED'`, ...). */
  errorCode: string | undefined
}

export interface CoherentInstrumentationConfig {
  /** Subscribe on construction (default true), as other instrumentations do. */
  enabled?: boolean
  /** Called with the call's CLIENT span when the call starts, e.g. to add attributes. */
  requestHook?: (span: Span, info: CoherentRequestHookInfo) => void
  /** Called with the call's CLIENT span when the call settles, before the span ends. */
  responseHook?: (span: Span, info: CoherentResponseHookInfo) => void
}

/**
 * OpenTelemetry instrumentation of `@coherentx/coherent`: one CLIENT span per API call (each
 * HTTP attempt a `coherent.attempt` event on it), the `http.client.request.duration` histogram
 * per attempt, and `traceparent` / `tracestate` on the wire for the call's span. Pass it to
 * `registerInstrumentations({ instrumentations: [...] })` or `new NodeSDK({ instrumentations: [...] })`.
 */
export declare class CoherentInstrumentation {
  constructor(config?: CoherentInstrumentationConfig)
  /** `'@coherentx/coherent'` (the tracer's and meter's scope name). */
  instrumentationName: string
  /** This package's version. */
  instrumentationVersion: string
  /** Subscribes to the package's diagnostics channels (idempotent). */
  enable(): void
  /**
   * Calls started afterwards produce no span, no metric and no header. The spans of calls in
   * flight still end when each call settles, with its outcome; the channels are unsubscribed
   * once the last of them has.
   */
  disable(): void
  setTracerProvider(tracerProvider: TracerProvider): void
  setMeterProvider(meterProvider: MeterProvider): void
  setConfig(config: CoherentInstrumentationConfig): void
  getConfig(): CoherentInstrumentationConfig
}

/** `'@coherentx/coherent:call'`: the TracingChannel of API calls. */
export declare const CALL_CHANNEL: '@coherentx/coherent:call'
/** `'@coherentx/coherent:attempt'`: the TracingChannel of HTTP attempts. */
export declare const ATTEMPT_CHANNEL: '@coherentx/coherent:attempt'

'use strict'
// `@coherentx/coherent/opentelemetry`: an OpenTelemetry instrumentation built on the package's
// diagnostics_channel TracingChannels (`@coherentx/coherent:call`, `@coherentx/coherent:attempt`,
// published by the native binding). It needs only `@opentelemetry/api` (an optional peer
// dependency) and implements the `Instrumentation` interface of `@opentelemetry/instrumentation`
// by hand, so `registerInstrumentations` and the NodeSDK take it like any other. It patches
// nothing: subscribing is all it does, so it works whether it is set up before or after the
// client is loaded.
//
// Shape (README "Observability"): one CLIENT span per API call, named `{method} {url.template}`,
// with the HTTP client semantic-convention attributes plus `coherent.*`; each HTTP attempt is a
// span event on it, not a child span, because the `traceparent` sent on every attempt is the call
// span's (the gateway's logs join that span); `http.client.request.duration` is recorded per
// attempt, since each attempt is one HTTP request on the wire. Nothing here reads a token, a body,
// a query string or a concrete path: the channels carry none of them.

const diagnostics = require('node:diagnostics_channel')

const api = loadApi()
const { version } = require('../package.json')

const CALL_CHANNEL = '@coherentx/coherent:call'
const ATTEMPT_CHANNEL = '@coherentx/coherent:attempt'
const SCOPE_NAME = '@coherentx/coherent'
// The semantic conventions' advice for http.client.request.duration (seconds).
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]

function loadApi() {
  try {
    return require('@opentelemetry/api')
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes("'@opentelemetry/api'")) {
      const error = new Error('@coherentx/coherent/opentelemetry needs the package @opentelemetry/api, ' +
        'which is not installed: npm install @opentelemetry/api', { cause: e })
      error.code = 'ERR_COHERENT_OPENTELEMETRY_API_MISSING'
      throw error
    }
    throw e
  }
}

/** `error.type` as the conventions define it: the status code of an HTTP error, else a stable code. */
function errorType({ status, errorCode, error }) {
  if (typeof status === 'number' && status >= 400) return String(status)
  if (errorCode) return errorCode
  if (error) return error.name || '_OTHER'
  return undefined
}

/** Sets the attributes whose values are defined (OTel drops undefined ones anyway, with a warning). */
function setDefined(target, attributes) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) target[key] = value
  }
  return target
}

/** Runs a user hook; a hook that throws must not break the call or the span. */
function runHook(hook, span, info) {
  if (typeof hook !== 'function') return
  try {
    hook(span, info)
  } catch (e) {
    api.diag.error('@coherentx/coherent/opentelemetry: a hook threw', e)
  }
}

/**
 * The OpenTelemetry instrumentation of `@coherentx/coherent`. Config (all optional):
 * `enabled` (default true), `requestHook(span, { operation, httpMethod, pathTemplate })` when a
 * call starts, `responseHook(span, { operation, status, attempts, requestId, errorCode })` when
 * it settles.
 */
class CoherentInstrumentation {
  constructor(config = {}) {
    this.instrumentationName = SCOPE_NAME
    this.instrumentationVersion = version
    this._config = { enabled: true, ...config }
    this._enabled = false
    this._subscribed = false
    /** call context object -> { span, request: its HTTP attributes }, until it settles */
    this._calls = new Map()
    /** attempt contexts already turned into a span event and a measurement */
    this._seenAttempts = new WeakSet()
    this._callChannel = diagnostics.tracingChannel(CALL_CHANNEL)
    this._attemptChannel = diagnostics.tracingChannel(ATTEMPT_CHANNEL)
    this._callHandlers = {
      start: (message) => this._onCallStart(message),
      end: (message) => { if (message.error !== undefined) this._onCallSettled(message) },
      asyncStart: (message) => this._onCallSettled(message),
      asyncEnd: (message) => this._onCallSettled(message),
    }
    const onAttempt = (message) => this._onAttempt(message)
    this._attemptHandlers = { start: onAttempt, end: onAttempt, asyncStart: onAttempt, asyncEnd: onAttempt, error: onAttempt }
    this.setTracerProvider(api.trace.getTracerProvider())
    this.setMeterProvider(api.metrics.getMeterProvider())
    if (this._config.enabled) this.enable()
  }

  setTracerProvider(tracerProvider) {
    this._tracer = tracerProvider.getTracer(SCOPE_NAME, version)
  }

  setMeterProvider(meterProvider) {
    const meter = meterProvider.getMeter(SCOPE_NAME, version)
    this._duration = meter.createHistogram('http.client.request.duration', {
      description: 'Duration of HTTP client requests (each attempt of a Coherent API call).',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    })
  }

  setConfig(config = {}) {
    this._config = { enabled: this._config.enabled, ...config }
  }

  getConfig() {
    return this._config
  }

  enable() {
    if (this._enabled) return
    this._enabled = true
    if (this._subscribed) return
    this._subscribed = true
    this._callChannel.subscribe(this._callHandlers)
    this._attemptChannel.subscribe(this._attemptHandlers)
  }

  /**
   * Calls made from now on get no span. The spans of calls in flight still end, when each call
   * settles and with its outcome (status, attempts, error): the channels stay subscribed until
   * the last of them has, so no span is left open.
   */
  disable() {
    if (!this._enabled) return
    this._enabled = false
    this._unsubscribeWhenIdle()
  }

  _unsubscribeWhenIdle() {
    if (this._enabled || !this._subscribed || this._calls.size > 0) return
    this._subscribed = false
    this._callChannel.unsubscribe(this._callHandlers)
    this._attemptChannel.unsubscribe(this._attemptHandlers)
  }

  _onCallStart(message) {
    if (!this._enabled) return
    // Shared by the span and every duration measurement of this call.
    const request = setDefined({}, {
      'http.request.method': message.httpMethod,
      'server.address': message.serverAddress,
      'server.port': message.serverPort,
      'url.scheme': typeof message.url === 'string' ? message.url.slice(0, message.url.indexOf(':')) : undefined,
      'url.template': message.pathTemplate,
    })
    const attributes = { ...request, 'coherent.operation': message.operation }
    const parent = api.context.active()
    // A call refused before its request was built (bad input) has no method or template: it is
    // named after the operation.
    const name = message.httpMethod && message.pathTemplate ? `${message.httpMethod} ${message.pathTemplate}` : message.operation
    const span = this._tracer.startSpan(name, { kind: api.SpanKind.CLIENT, attributes }, parent)
    this._calls.set(message, { span, request })
    // The binding sends what lands in `message.headers` (traceparent, tracestate) on every attempt
    // of this call; the propagator writes nothing when the span context is invalid.
    if (message.headers && typeof message.headers === 'object') {
      api.propagation.inject(api.trace.setSpan(parent, span), message.headers)
    }
    runHook(this._config.requestHook, span, {
      operation: message.operation, httpMethod: message.httpMethod, pathTemplate: message.pathTemplate,
    })
  }

  _onAttempt(message) {
    if (message.endTime === undefined || this._seenAttempts.has(message)) return
    this._seenAttempts.add(message)
    // Each attempt names its call's context (`call`); attempts of calls that started before
    // enable() have no span and are skipped.
    const call = message.call && this._calls.get(message.call)
    if (call) this._recordAttempt(call, message)
  }

  _onCallSettled(message) {
    const call = this._calls.get(message)
    if (!call) return
    this._calls.delete(message)
    const { span } = call
    const type = errorType(message)
    span.setAttributes(setDefined({}, {
      'http.response.status_code': message.status,
      'network.protocol.version': message.httpVersion,
      'error.type': type,
      'http.request.resend_count': message.attempts > 1 ? message.attempts - 1 : undefined,
      'coherent.attempts': message.attempts,
      'coherent.request_id': message.requestId,
      'coherent.error_code': message.errorCode,
    }))
    if (type !== undefined) {
      // The class name only: an error's message can quote the gateway's answer.
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: (message.error && message.error.name) || type })
    }
    runHook(this._config.responseHook, span, {
      operation: message.operation,
      status: message.status,
      attempts: message.attempts,
      requestId: message.requestId,
      errorCode: message.errorCode,
    })
    span.end()
    this._unsubscribeWhenIdle()
  }

  /** One attempt: a span event at its start time, and one duration measurement. */
  _recordAttempt({ span, request }, attempt) {
    const outcome = setDefined({}, {
      'http.response.status_code': attempt.status,
      'network.protocol.version': attempt.httpVersion,
      'error.type': errorType(attempt),
    })
    span.addEvent('coherent.attempt', setDefined({ ...outcome }, {
      'coherent.attempt': attempt.attempt,
      'coherent.retry_delay_ms': attempt.retryDelayMs,
      'coherent.elapsed_ms': attempt.elapsedMs,
      'coherent.request_id': attempt.requestId,
    }), performance.timeOrigin + attempt.startTime)
    this._duration.record(attempt.elapsedMs / 1000, { ...request, ...outcome })
  }
}

module.exports = { CoherentInstrumentation, CALL_CHANNEL, ATTEMPT_CHANNEL }

'use strict'
// The diagnostics_channel TracingChannels the native binding publishes each API call and each
// HTTP attempt to (README "Observability"). index.js hands this module to the binding at load;
// the binding checks `active[0]` once per call and, only when it is 1, builds a context and calls
// `traceCall` (attempts are published as part of their call, so a subscriber to either channel
// turns tracing on).

const diagnostics = require('node:diagnostics_channel')

const call = diagnostics.tracingChannel('@coherentx/coherent:call')
const attempt = diagnostics.tracingChannel('@coherentx/coherent:attempt')

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error']

// TracingChannel#hasSubscribers exists from Node 20.13 / 22.0; before that, any subscriber on
// one of its five channels counts.
function subscriberProbe(channel) {
  if ('hasSubscribers' in channel) return channel
  return {
    get hasSubscribers() {
      return EVENTS.some((name) => channel[name].hasSubscribers)
    },
  }
}

const callProbe = subscriberProbe(call)
const attemptProbe = subscriberProbe(attempt)
const probe = {
  get hasSubscribers() {
    return callProbe.hasSubscribers || attemptProbe.hasSubscribers
  },
}

// Reading `probe.hasSubscribers` from native code means entering JS, about 5,000 instructions per
// call: a measurable share of a call's event-loop time (BENCHMARKS.md). So the answer is kept in
// `active[0]`, a byte the binding reads directly, refreshed whenever one of our ten channels gains
// or loses a subscriber or a store: every way to subscribe (TracingChannel#subscribe,
// Channel#subscribe, diagnostics_channel.subscribe, bindStore) calls these methods on the channel
// object, where own properties wrap them. A self-check at load proves that on a scratch channel;
// if it fails (some future Node), `active` is left out and the binding reads the probe per call.
const WATCHED = ['subscribe', 'unsubscribe', 'bindStore', 'unbindStore']

function watch(tracingChannel, onChange) {
  for (const event of EVENTS) {
    for (const method of WATCHED) {
      Object.defineProperty(tracingChannel[event], method, {
        configurable: true,
        writable: true,
        value(...args) {
          try {
            // The prototype changes as the channel turns active or inactive: call the current one.
            return Reflect.apply(Object.getPrototypeOf(this)[method], this, args)
          } finally {
            onChange()
          }
        },
      })
    }
  }
}

function watchWorks() {
  const name = '@coherentx/coherent:self-check'
  const scratch = subscriberProbe(diagnostics.tracingChannel(name))
  let seen = false
  watch(diagnostics.tracingChannel(name), () => (seen = scratch.hasSubscribers))
  const noop = () => {}
  diagnostics.subscribe(`tracing:${name}:error`, noop)
  const turnedOn = seen
  diagnostics.unsubscribe(`tracing:${name}:error`, noop)
  return turnedOn && !seen
}

// Off-heap (an explicit ArrayBuffer), so the byte never moves.
const active = new Uint8Array(new ArrayBuffer(1))
const watched = watchWorks()
if (watched) {
  const refresh = () => (active[0] = probe.hasSubscribers ? 1 : 0)
  watch(call, refresh)
  watch(attempt, refresh)
  refresh()
}

function publishSettled(context) {
  call.asyncStart.publish(context)
  call.asyncEnd.publish(context)
}

// As TracingChannel#tracePromise: `start` (through runStores, so stores bound with bindStore are
// entered for the call), `send` builds the Promise, `end`; then on settling `error` (rejected),
// `asyncStart`, `asyncEnd`. Unlike tracePromise the result is never put on the context: it holds
// patient data. The binding passes the context's values (`null` for none); `send` gets the start
// time on the performance.now() clock and the context.
function traceCall(operation, httpMethod, pathTemplate, serverAddress, serverPort, url, send) {
  const dot = operation.indexOf('.')
  const context = {
    operation,
    namespace: operation.slice(0, dot),
    method: operation.slice(dot + 1),
    httpMethod: httpMethod ?? undefined,
    pathTemplate: pathTemplate ?? undefined,
    serverAddress,
    serverPort: serverPort ?? undefined,
    url,
    headers: {},
  }
  return call.start.runStores(context, () => {
    try {
      return send(performance.now(), context).then(
        (value) => {
          publishSettled(context)
          return value
        },
        (error) => {
          context.error = error
          context.errorCode = error == null ? undefined : error.code
          call.error.publish(context)
          publishSettled(context)
          throw error
        },
      )
    } finally {
      call.end.publish(context)
    }
  })
}

// One finished attempt, replayed when its call settles: `start` then `end`, the context carrying
// its own startTime / endTime.
function publishAttempt(callContext, number, retryDelayMs, startTime, endTime, elapsedMs, status, errorCode, requestId, httpVersion) {
  const context = {
    operation: callContext.operation,
    httpMethod: callContext.httpMethod,
    pathTemplate: callContext.pathTemplate,
    attempt: number,
    retryDelayMs,
    startTime,
    endTime,
    elapsedMs,
    status: status ?? undefined,
    errorCode: errorCode ?? undefined,
    requestId: requestId ?? undefined,
    httpVersion: httpVersion ?? undefined,
    call: callContext,
  }
  attempt.start.publish(context)
  attempt.end.publish(context)
}

module.exports = {
  call,
  attempt,
  active: watched ? active : undefined,
  probe,
  attemptProbe,
  subscriberProbe,
  traceCall,
  publishAttempt,
}

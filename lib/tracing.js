'use strict'
// The diagnostics_channel TracingChannels the native binding publishes each API call and each
// HTTP attempt to (README "Observability"). index.js hands this module to the binding at load;
// the binding reads `probe.hasSubscribers` once per call and, only when it is true, builds a
// context and calls `traceCall` (attempts are published as part of their call, so a subscriber
// to either channel turns tracing on).

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

function publishSettled(context) {
  call.asyncStart.publish(context)
  call.asyncEnd.publish(context)
}

// As TracingChannel#tracePromise: `start` (through runStores, so stores bound with bindStore are
// entered for the call), `send` builds the Promise, `end`; then on settling `error` (rejected),
// `asyncStart`, `asyncEnd`. Unlike tracePromise the result is never put on the context: it holds
// patient data. `send` gets the start time on the performance.now() clock, for the attempts.
function traceCall(context, send) {
  return call.start.runStores(context, () => {
    try {
      return send(performance.now()).then(
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
function publishAttempt(context) {
  attempt.start.publish(context)
  attempt.end.publish(context)
}

const callProbe = subscriberProbe(call)
const attemptProbe = subscriberProbe(attempt)

module.exports = {
  call,
  attempt,
  probe: {
    get hasSubscribers() {
      return callProbe.hasSubscribers || attemptProbe.hasSubscribers
    },
  },
  attemptProbe,
  subscriberProbe,
  traceCall,
  publishAttempt,
}

'use strict'
// Preload (`node -r ./bench/trace-subscriber.js bench/profile.js ...`) that subscribes to both
// diagnostics_channel TracingChannels the way an APM would: a handler on every event, and a
// `traceparent` set in `start`, so the profile shows the cost of tracing with a subscriber.
const diagnostics = require('node:diagnostics_channel')

const noop = () => {}
for (const name of ['call', 'attempt']) {
  diagnostics.tracingChannel(`@coherentx/coherent:${name}`).subscribe({
    start: name === 'call'
      ? (context) => { context.headers.traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }
      : noop,
    end: noop,
    asyncStart: noop,
    asyncEnd: noop,
    error: noop,
  })
}

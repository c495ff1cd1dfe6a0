'use strict'
// The JS cost of `@coherentx/coherent/opentelemetry` per API call, apart from the HTTP: the real
// OpenTelemetry SDK (NodeTracerProvider + BatchSpanProcessor, a MeterProvider) and the
// instrumentation subscribed, fed the events the binding publishes for a one-attempt call (start,
// end, the attempt, asyncStart, asyncEnd) with the binding's context shapes. Measures what the
// subscriber adds on the event loop: one span, one attempt event, one histogram record and the
// traceparent injection. `node bench/opentelemetry.js` (needs the devDependencies).

const diagnostics = require('node:diagnostics_channel')
const { NodeTracerProvider, InMemorySpanExporter, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node')
const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics')
const { CoherentInstrumentation, CALL_CHANNEL, ATTEMPT_CHANNEL } = require('../lib/opentelemetry.js')

class Reader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new InMemorySpanExporter(), { maxQueueSize: 1 << 17 })] })
provider.register()
const instrumentation = new CoherentInstrumentation()
instrumentation.setTracerProvider(provider)
instrumentation.setMeterProvider(new MeterProvider({ readers: [new Reader()] }))
const call = diagnostics.tracingChannel(CALL_CHANNEL)
const attempt = diagnostics.tracingChannel(ATTEMPT_CHANNEL)

function oneCall() {
  const context = {
    operation: 'transactions.get', namespace: 'transactions', method: 'get', httpMethod: 'GET',
    pathTemplate: '/api/v1/transaction/{uuid}', serverAddress: '127.0.0.1', serverPort: 3000,
    url: 'http://127.0.0.1:3000', headers: {},
  }
  call.start.publish(context)
  call.end.publish(context)
  Object.assign(context, { attempts: 1, status: 200, requestId: 'req-1' })
  const now = performance.now()
  const first = {
    operation: context.operation, httpMethod: 'GET', pathTemplate: context.pathTemplate, attempt: 1, retryDelayMs: 0,
    startTime: now - 1, endTime: now, elapsedMs: 1, status: 200, requestId: 'req-1', call: context,
  }
  attempt.start.publish(first)
  attempt.end.publish(first)
  call.asyncStart.publish(context)
  call.asyncEnd.publish(context)
}

const N = Number(process.env.N) || 50_000
for (let i = 0; i < N / 10; i++) oneCall() // warm-up
const cpu = process.cpuUsage()
const start = performance.now()
for (let i = 0; i < N; i++) oneCall()
const used = process.cpuUsage(cpu)
const wall = performance.now() - start
console.log(`@coherentx/coherent/opentelemetry, ${N} calls: ${(wall * 1000 / N).toFixed(1)} µs wall, ` +
  `${((used.user + used.system) / N).toFixed(1)} µs CPU per call (Node ${process.versions.node})`)
provider.shutdown().then(() => process.exit(0))

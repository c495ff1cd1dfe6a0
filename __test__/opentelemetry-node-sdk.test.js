'use strict'
// The instrumentation given to the OpenTelemetry NodeSDK the way applications list the others
// (`new NodeSDK({ instrumentations: [...] })`), in its own process (the SDK sets the globals).

// No OTLP exporter from the environment: this test reads what it set up itself.
process.env.OTEL_TRACES_EXPORTER = 'none'
process.env.OTEL_METRICS_EXPORTER = 'none'
process.env.OTEL_LOGS_EXPORTER = 'none'

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')

const api = require('@opentelemetry/api')
const { NodeSDK } = require('@opentelemetry/sdk-node')
const { InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node')
const { CoherentInstrumentation } = require('@coherentx/coherent/opentelemetry')
const { Coherent } = require('..')
const { ScriptedServer, CollectingReader, histogramPoints } = require('./helpers/otel')

const exporter = new InMemorySpanExporter()
const processor = new SimpleSpanProcessor(exporter)
const reader = new CollectingReader()
const sdk = new NodeSDK({
  serviceName: 'clinic-app',
  spanProcessors: [processor],
  metricReaders: [reader],
  instrumentations: [new CoherentInstrumentation()],
})
const server = new ScriptedServer({ status: 200, body: { uuid: 'tx-1', status: 'paid' } })

before(async () => {
  sdk.start()
  await server.listen()
})

after(async () => {
  await server.close()
  await sdk.shutdown()
})

test('NodeSDK({ instrumentations: [new CoherentInstrumentation()] }): span under the user span, header, metric, service resource', async () => {
  const coherent = new Coherent({ token: 'api-test-node-sdk', baseUrl: server.baseUrl })
  let parent
  await api.trace.getTracer('clinic-app').startActiveSpan('nightly reconciliation', async (span) => {
    parent = span
    await coherent.transactions.get('tx-1')
    span.end()
  })
  // The SDK's resource has attributes detected asynchronously (host, process): spans are
  // exported once those are known.
  await processor.forceFlush()
  const spans = exporter.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@coherentx/coherent')
  assert.equal(spans.length, 1)
  const [span] = spans
  assert.equal(span.name, 'GET /api/v1/transaction/{uuid}')
  assert.equal(span.kind, api.SpanKind.CLIENT)
  assert.equal(span.parentSpanContext.spanId, parent.spanContext().spanId)
  assert.equal(span.resource.attributes['service.name'], 'clinic-app')
  const [request] = server.take()
  assert.equal(request.headers.traceparent, `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`)
  const points = histogramPoints(await reader.collect(), 'http.client.request.duration')
  assert.equal(points.reduce((n, p) => n + p.value.count, 0), 1)
  assert.equal(points[0].attributes['http.response.status_code'], 200)
})

'use strict'
// `@coherentx/coherent/opentelemetry` with the real OpenTelemetry SDK: a NodeTracerProvider
// exporting to an InMemorySpanExporter, a MeterProvider with a reader collected on demand, the
// instrumentation set up through `registerInstrumentations` as an application does, and calls of
// the real client against a loopback server that records the headers it received.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const api = require('@opentelemetry/api')
const { NodeTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node')
const { MeterProvider } = require('@opentelemetry/sdk-metrics')
const { registerInstrumentations } = require('@opentelemetry/instrumentation')
const { CoherentInstrumentation } = require('@coherentx/coherent/opentelemetry')
const { Coherent, CoherentApiError, CoherentTimeoutError, CoherentAbortError, CoherentValidationError } = require('..')
const { ScriptedServer, CollectingReader, histogramPoints, findSecrets, spanSummary } = require('./helpers/otel')

const TOKEN = 'api-test-otel-s3cr3t-token-9f8e7d6c5b4a'
const PATIENT = { name: 'Jane Quinton-Patient', email: 'jane.quinton@example.test', phone: '+447700900123', note: 'knee-surgery-note', patientNote: 'thanks-jane-note' }
const TX = '7d1c1f0e-4b2a-4e6f-9a1b-2c3d4e5f6a70'

const exporter = new InMemorySpanExporter()
const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const reader = new CollectingReader()
const meterProvider = new MeterProvider({ readers: [reader] })
const instrumentation = new CoherentInstrumentation()
const tracer = api.trace.getTracer('clinic-app')
const server = new ScriptedServer()
let coherent
let unregister

before(async () => {
  tracerProvider.register() // global provider, AsyncLocalStorage context manager, W3C propagator
  unregister = registerInstrumentations({ instrumentations: [instrumentation], tracerProvider, meterProvider })
  await server.listen()
  coherent = new Coherent({ token: TOKEN, baseUrl: server.baseUrl })
})

after(async () => {
  unregister()
  await server.close()
  await tracerProvider.shutdown()
  await meterProvider.shutdown()
})

beforeEach(() => {
  exporter.reset()
  server.take()
})

/** The one span this instrumentation exported (CLIENT), checked to be alone. */
function oneCoherentSpan() {
  const spans = exporter.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@coherentx/coherent')
  assert.equal(spans.length, 1, `one coherent span, got ${spans.map((s) => s.name).join(', ')}`)
  return spans[0]
}

/** The attributes without `network.protocol.version`, checked to be '1.1' where the binding reports it. */
function withoutHttpVersion(attributes) {
  const { 'network.protocol.version': version, ...rest } = attributes
  assert.ok(version === undefined || version === '1.1', `network.protocol.version ${version}`)
  return rest
}

const traceparentOf = (span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`

test('a call under a user span: CLIENT child span, semconv + coherent.* attributes, the traceparent the gateway got is this span', async (t) => {
  server.reply({ status: 201, body: { uuid: TX, status: 'unpaid' }, headers: { 'x-request-id': 'req-otel-1' } })
  let parent
  await tracer.startActiveSpan('clinic checkout', async (span) => {
    parent = span
    await coherent.transactions.create({ amount: 1000, ...PATIENT })
    span.end()
  })
  const span = oneCoherentSpan()
  assert.equal(span.name, 'POST /api/v1/transaction')
  assert.equal(span.kind, api.SpanKind.CLIENT)
  assert.equal(span.spanContext().traceId, parent.spanContext().traceId, 'same trace as the user span')
  assert.equal(span.parentSpanContext.spanId, parent.spanContext().spanId, 'child of the user span')
  assert.equal(span.status.code, api.SpanStatusCode.UNSET)
  assert.deepEqual(withoutHttpVersion(span.attributes), {
    'http.request.method': 'POST',
    'server.address': '127.0.0.1',
    'server.port': server.port,
    'url.scheme': 'http',
    'url.template': '/api/v1/transaction',
    'http.response.status_code': 201,
    'coherent.operation': 'transactions.create',
    'coherent.attempts': 1,
    'coherent.request_id': 'req-otel-1',
  })
  assert.deepEqual(span.events.map((e) => [e.name, e.attributes['coherent.attempt'], e.attributes['http.response.status_code']]),
    [['coherent.attempt', 1, 201]])
  const [request] = server.take()
  assert.equal(request.headers.traceparent, traceparentOf(span), 'the wire carries the call span, not the parent')
  assert.equal(request.headers.tracestate, undefined, 'no tracestate when the trace has none')
  t.diagnostic(`exported span: ${JSON.stringify(spanSummary(span))}`)
})

test('tracestate of the active trace goes on the wire beside traceparent', async () => {
  const remote = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: api.TraceFlags.SAMPLED,
    isRemote: true,
    traceState: api.createTraceState('clinic=t61rcWkgMzE,vendor=opaque'),
  }
  server.reply({ body: { uuid: TX, status: 'paid' } })
  await api.context.with(api.trace.setSpanContext(api.context.active(), remote), () => coherent.transactions.get(TX))
  const span = oneCoherentSpan()
  assert.equal(span.spanContext().traceId, remote.traceId)
  assert.equal(span.parentSpanContext.spanId, remote.spanId)
  const [request] = server.take()
  assert.equal(request.headers.traceparent, traceparentOf(span))
  assert.equal(request.headers.tracestate, 'clinic=t61rcWkgMzE,vendor=opaque')
  assert.equal(span.name, 'GET /api/v1/transaction/{uuid}')
  assert.ok(!span.name.includes(TX) && !Object.values(span.attributes).some((v) => String(v).includes(TX)), 'the template, not the id')
})

test('4xx and 5xx: span status ERROR with error.type = the status code', async () => {
  server.reply({ status: 404, body: { message: 'not found' } })
  await assert.rejects(coherent.transactions.get(TX), CoherentApiError)
  let span = oneCoherentSpan()
  assert.equal(span.status.code, api.SpanStatusCode.ERROR)
  assert.equal(span.status.message, 'CoherentApiError')
  assert.equal(span.attributes['http.response.status_code'], 404)
  assert.equal(span.attributes['error.type'], '404')
  assert.equal(span.attributes['coherent.error_code'], 'ERR_BAD_REQUEST')

  exporter.reset()
  server.reply({ status: 500, body: { message: 'boom' } }) // 500 is never retried
  await assert.rejects(coherent.transactions.get(TX), CoherentApiError)
  span = oneCoherentSpan()
  assert.equal(span.status.code, api.SpanStatusCode.ERROR)
  assert.equal(span.attributes['error.type'], '500')
  assert.equal(span.attributes['coherent.error_code'], 'ERR_BAD_RESPONSE')
  assert.equal(span.attributes['coherent.attempts'], 1)
})

test('retries are visible: one event per attempt, resend count, one traceparent for every attempt, one duration per attempt', async () => {
  const before = await reader.collect()
  const countBefore = histogramPoints(before, 'http.client.request.duration').reduce((n, p) => n + p.value.count, 0)
  server.reply(
    { status: 503, body: {}, headers: { 'retry-after': '0' } },
    { status: 503, body: {}, headers: { 'retry-after': '0' } },
    { status: 200, body: { uuid: TX, status: 'paid' }, headers: { 'x-request-id': 'req-third' } },
  )
  await coherent.transactions.get(TX)
  const span = oneCoherentSpan()
  assert.equal(span.status.code, api.SpanStatusCode.UNSET, 'the call succeeded in the end')
  assert.equal(span.attributes['coherent.attempts'], 3)
  assert.equal(span.attributes['http.request.resend_count'], 2)
  assert.equal(span.attributes['http.response.status_code'], 200)
  assert.deepEqual(span.events.map((e) => [e.attributes['coherent.attempt'], e.attributes['http.response.status_code'], e.attributes['error.type']]),
    [[1, 503, '503'], [2, 503, '503'], [3, 200, undefined]])
  const times = span.events.map((e) => e.time[0] * 1e3 + e.time[1] / 1e6)
  assert.ok(times[0] <= times[1] && times[1] <= times[2], 'events in attempt order')
  const requests = server.take()
  assert.equal(requests.length, 3)
  assert.deepEqual(requests.map((r) => r.headers.traceparent), Array(3).fill(traceparentOf(span)))

  const points = histogramPoints(await reader.collect(), 'http.client.request.duration')
  assert.equal(points[0].descriptor.unit, 's')
  assert.equal(points.reduce((n, p) => n + p.value.count, 0) - countBefore, 3, 'three attempts measured')
  const failed = points.find((p) => p.attributes['http.response.status_code'] === 503)
  assert.deepEqual(withoutHttpVersion(failed.attributes), {
    'http.request.method': 'GET',
    'server.address': '127.0.0.1',
    'server.port': server.port,
    'url.scheme': 'http',
    'url.template': '/api/v1/transaction/{uuid}',
    'http.response.status_code': 503,
    'error.type': '503',
  })
  assert.equal(failed.value.count, 2)
  assert.ok(failed.value.sum > 0 && failed.value.sum < 10, `seconds, not milliseconds (${failed.value.sum})`)
})

test('timeouts, aborts and validation failures end the span with status ERROR and error.type', async () => {
  server.reply({ status: 200, body: {}, delayMs: 2000 })
  await assert.rejects(coherent.transactions.get(TX, { timeout: 100 }), CoherentTimeoutError)
  let span = oneCoherentSpan()
  assert.equal(span.status.code, api.SpanStatusCode.ERROR)
  assert.equal(span.status.message, 'CoherentTimeoutError')
  assert.equal(span.attributes['error.type'], 'ECONNABORTED')
  assert.equal(span.attributes['http.response.status_code'], undefined)

  exporter.reset()
  server.reply({ status: 200, body: {}, delayMs: 2000 })
  const controller = new AbortController()
  const pending = coherent.transactions.get(TX, { signal: controller.signal })
  setTimeout(() => controller.abort(), 50)
  await assert.rejects(pending, CoherentAbortError)
  span = oneCoherentSpan()
  assert.equal(span.status.code, api.SpanStatusCode.ERROR)
  assert.equal(span.attributes['error.type'], 'ABORT_ERR')

  exporter.reset()
  await assert.rejects(coherent.transactions.create({ amount: -5, name: 'x' }), CoherentValidationError)
  span = oneCoherentSpan()
  assert.equal(span.status.code, api.SpanStatusCode.ERROR)
  assert.equal(span.attributes['error.type'], 'ERR_INVALID_ARG_VALUE')
  assert.equal(span.attributes['coherent.attempts'], 0)
  assert.equal(span.name, 'transactions.create', 'refused before a request existed: named after the operation')
  assert.equal(span.attributes['coherent.operation'], 'transactions.create')
  assert.equal(span.events.length, 0, 'nothing was sent')
})

test('no token, patient field, id or body anywhere in exported spans, resources and metrics', async (t) => {
  server.reply(
    { status: 201, body: { uuid: TX, ...PATIENT, status: 'unpaid' } },
    { status: 400, body: { message: `name ${PATIENT.name} refused`, errors: [{ field: 'email', message: PATIENT.email }] } },
    { status: 200, body: { uuid: TX, ...PATIENT } },
  )
  await tracer.startActiveSpan('visit', async (span) => {
    // Canaries the scan must find, so it is known to reach attributes and events.
    span.setAttribute('clinic.canary', 'canary-in-attribute')
    span.addEvent('clinic.event', { 'clinic.canary': 'canary-in-event' })
    await coherent.transactions.create({ amount: 1000, ...PATIENT })
    await assert.rejects(coherent.transactions.create({ amount: 1000, ...PATIENT }), CoherentApiError)
    await coherent.transactions.get(TX)
    await assert.rejects(coherent.transactions.create({ amount: 1000, ...PATIENT, email: 42 }), CoherentValidationError)
    span.end()
  })
  const spans = exporter.getFinishedSpans()
  assert.equal(spans.filter((s) => s.instrumentationScope.name === '@coherentx/coherent').length, 4)
  const metrics = await reader.collect()
  const secrets = [TOKEN, 's3cr3t-token-9f8e7d6c5b4a', ...Object.values(PATIENT), TX]
  const { found, scanned } = findSecrets({ spans, metrics }, [...secrets, 'canary-in-attribute', 'canary-in-event'])
  assert.deepEqual(found.map((f) => f.secret), ['canary-in-attribute', 'canary-in-event'], JSON.stringify(found))
  t.diagnostic(`${scanned} strings scanned in ${spans.length} spans (attributes, events, links, status, resource, scope) and the collected metrics`)
})

test('hooks see the span and safe call data; a throwing hook changes nothing', async () => {
  const seen = []
  instrumentation.setConfig({
    requestHook: (span, info) => { seen.push(['request', info]); span.setAttribute('clinic.site', 'north') },
    responseHook: (span, info) => { seen.push(['response', info]); throw new Error('hook bug') },
  })
  try {
    server.reply({ status: 200, body: { uuid: TX }, headers: { 'x-request-id': 'req-hook' } })
    await coherent.transactions.get(TX)
  } finally {
    instrumentation.setConfig({})
  }
  const span = oneCoherentSpan()
  assert.equal(span.attributes['clinic.site'], 'north')
  assert.deepEqual(seen, [
    ['request', { operation: 'transactions.get', httpMethod: 'GET', pathTemplate: '/api/v1/transaction/{uuid}' }],
    ['response', { operation: 'transactions.get', status: 200, attempts: 1, requestId: 'req-hook', errorCode: undefined }],
  ])
  assert.equal(instrumentation.getConfig().enabled, true)
})

test('no header without an active recording span: disabled instrumentation, or no tracer provider', async () => {
  const diagnostics = require('node:diagnostics_channel')
  const call = diagnostics.tracingChannel('@coherentx/coherent:call')
  instrumentation.disable()
  try {
    assert.equal(call.hasSubscribers, false, 'disable() unsubscribes')
    server.reply({ body: { uuid: TX } })
    await tracer.startActiveSpan('user span', async (span) => {
      await coherent.transactions.get(TX)
      span.end()
    })
    assert.equal(exporter.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@coherentx/coherent').length, 0)
    const [disabled] = server.take()
    assert.equal(disabled.headers.traceparent, undefined)
    assert.equal(disabled.headers.tracestate, undefined)

    // Subscribed, but with a tracer provider that has no SDK behind it (the API alone): the span
    // is not recording and has no valid context, so the (registered) propagator writes nothing.
    const apiOnly = new CoherentInstrumentation({ enabled: false })
    apiOnly.setTracerProvider(new api.ProxyTracerProvider())
    apiOnly.enable()
    try {
      server.reply({ body: { uuid: TX } })
      await coherent.transactions.get(TX)
    } finally {
      apiOnly.disable()
    }
    const [noSdk] = server.take()
    assert.equal(noSdk.headers.traceparent, undefined)
    assert.deepEqual(Object.keys(noSdk.headers).sort(), Object.keys(disabled.headers).sort(), 'the same header names as with no subscriber')
  } finally {
    instrumentation.enable()
  }
  assert.equal(call.hasSubscribers, true, 'enable() subscribes again')
})

test('an instrumentation created after the client was loaded and used traces the next call (nothing is patched)', async () => {
  instrumentation.disable()
  const late = new CoherentInstrumentation()
  try {
    late.setTracerProvider(tracerProvider)
    server.reply({ body: { uuid: TX } })
    await coherent.transactions.get(TX)
  } finally {
    late.disable()
    instrumentation.enable()
  }
  const span = oneCoherentSpan()
  assert.equal(span.name, 'GET /api/v1/transaction/{uuid}')
  assert.equal(server.take()[0].headers.traceparent, traceparentOf(span))
})

test('disable() with calls in flight: each of their spans still ends, with its outcome; later calls get none', async () => {
  const diagnostics = require('node:diagnostics_channel')
  const call = diagnostics.tracingChannel('@coherentx/coherent:call')
  server.reply(
    { status: 200, body: { uuid: TX }, delayMs: 150 },
    { status: 503, body: {}, delayMs: 150 },
  )
  const arrived = async (n) => {
    while (server.requests.length < n) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  // One after the other, so each gets its scripted reply.
  const ok = coherent.transactions.get(TX, { maxNetworkRetries: 0 })
  await arrived(1)
  const failed = coherent.transactions.get(TX, { maxNetworkRetries: 0 }).catch((e) => e)
  await arrived(2)
  instrumentation.disable()
  try {
    assert.equal(call.hasSubscribers, true, 'still listening for the two calls in flight')
    server.reply({ body: { uuid: TX } })
    await coherent.transactions.get(TX) // made after disable(): no span
    assert.equal((await ok).uuid, TX)
    assert.equal((await failed).status, 503)
    assert.equal(call.hasSubscribers, false, 'unsubscribed once the last call in flight settled')
    const spans = exporter.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@coherentx/coherent')
    assert.deepEqual(spans.map((s) => [s.ended, s.attributes['http.response.status_code']]).sort(), [[true, 200], [true, 503]])
    assert.equal(spans.find((s) => s.attributes['http.response.status_code'] === 503).status.code, api.SpanStatusCode.ERROR)
    assert.equal(instrumentation._calls.size, 0, 'nothing kept')
    const headers = server.take().map((r) => r.headers.traceparent)
    assert.ok(headers[0] && headers[1] && headers[2] === undefined, 'the call made after disable() sent no traceparent')
  } finally {
    instrumentation.enable()
  }
  assert.equal(call.hasSubscribers, true)
})

test('disable() then enable() while a call is in flight: that span ends once, new calls are traced again', async () => {
  server.reply({ status: 200, body: { uuid: TX }, delayMs: 100 })
  const pending = coherent.transactions.get(TX)
  await new Promise((resolve) => setTimeout(resolve, 20))
  instrumentation.disable()
  instrumentation.enable()
  server.reply({ body: { uuid: TX } })
  await Promise.all([pending, coherent.transactions.get(TX)])
  const spans = exporter.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@coherentx/coherent')
  assert.equal(spans.length, 2)
  assert.equal(instrumentation._calls.size, 0)
})

test('the main entry never loads @opentelemetry/*; the subpath is exported, typed, and names what is missing', () => {
  const probe = `
const Module = require('node:module')
const asked = []
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) { asked.push(request); return resolve.call(this, request, ...rest) }
require(${JSON.stringify(path.join(__dirname, '..'))})
console.log(JSON.stringify({ otel: asked.filter((r) => r.includes('opentelemetry')), cached: Object.keys(require.cache).filter((f) => f.includes('opentelemetry')) }))
`
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' })
  assert.equal(result.status, 0, result.stderr)
  assert.deepEqual(JSON.parse(result.stdout), { otel: [], cached: [] })
  const manifest = require('../package.json')
  assert.deepEqual(manifest.exports['./opentelemetry'], { types: './lib/opentelemetry.d.ts', default: './lib/opentelemetry.js' })
  assert.equal(manifest.peerDependenciesMeta['@opentelemetry/api'].optional, true)
  assert.ok(manifest.peerDependencies['@opentelemetry/api'])
  assert.deepEqual(manifest.dependencies ?? {}, {})
  assert.ok(manifest.files.includes('lib/opentelemetry.d.ts') && manifest.files.includes('opentelemetry.d.ts'))
  // The packed package without @opentelemetry/api installed: __test__/smoke/consumer.test.js.
})

test('the typings fit registerInstrumentations and NodeSDK (tsc --strict)', () => {
  const tsc = path.join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types', 'opentelemetry', 'tsconfig.json')], { encoding: 'utf8' })
  assert.equal(result.status, 0, result.stdout + result.stderr)
})

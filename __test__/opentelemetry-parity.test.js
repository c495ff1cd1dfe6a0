'use strict'
// Parity with what clinics see today: the official 0.0.61 goes through axios and Node's `http`,
// which `@opentelemetry/instrumentation-http` traces with no set-up; ours is traced by
// `@coherentx/coherent/opentelemetry`. The same call through each, under the same user span,
// against the same recorder on localhost:3000 (the only address the official client reaches:
// run alone, e.g. `flock /tmp/coherent-port3000.lock node --test __test__/opentelemetry-parity.test.js`).
// Each must produce one CLIENT span whose traceparent reached the server, and ours must carry
// at least what the official one does: method, status, server address and port, error status.
//
// instrumentation-http is registered BEFORE the official client (and so axios and `http`) is
// loaded, as its documentation requires, with the stable HTTP semantic conventions (the names
// ours uses; its default is still the old `http.method`/`net.peer.name` set).

process.env.OTEL_SEMCONV_STABILITY_OPT_IN = 'http'

const { describe, test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')

const api = require('@opentelemetry/api')
const { NodeTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node')
const { registerInstrumentations } = require('@opentelemetry/instrumentation')
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http')
const { CoherentInstrumentation } = require('@coherentx/coherent/opentelemetry')

const exporter = new InMemorySpanExporter()
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
provider.register()
registerInstrumentations({
  tracerProvider: provider,
  // The recorder's own server spans are not what is compared.
  instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: () => true }), new CoherentInstrumentation()],
})

// Only now: loading them after registration is what lets instrumentation-http patch `http`.
const official = require('coherent-official')
const ours = require('..')
const { Recorder } = require('./helpers/recorder')
const { onPort3000 } = require('./helpers/port3000')
const { spanSummary } = require('./helpers/otel')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const COMPARED = ['http.request.method', 'http.response.status_code', 'server.address', 'server.port', 'network.protocol.version', 'error.type']
// What instrumentation-http records that ours does not, on purpose (README "OpenTelemetry"): the
// concrete URL (ours has url.scheme + url.template: the path carries ids), the peer's resolved
// address (not published by the binding).
const ONLY_OFFICIAL_ALLOWED = ['url.full', 'network.peer.address', 'network.peer.port']
const rec = new Recorder()
const clients = {}

before(async () => {
  await onPort3000(() => rec.listen({ port: 3000, host: 'localhost' }), { cleanup: () => rec.close() })
  clients.official = new official.Coherent({ environment: 'LOCAL', token: TOKEN })
  clients.ours = new ours.Coherent({ environment: 'LOCAL', token: TOKEN, maxNetworkRetries: 0 })
})

after(async () => {
  await rec.close()
  await provider.shutdown()
})

beforeEach(() => {
  exporter.reset()
  rec.take()
})

/** Runs `call` with one client under a user span; its CLIENT span and the request the server got. */
async function traced(who, call, response) {
  rec.queue.length = 0
  rec.always(response)
  let parent
  let outcome
  await api.trace.getTracer('clinic-app').startActiveSpan(`visit (${who})`, async (span) => {
    parent = span
    outcome = await call(clients[who]).then(() => 'resolved', (e) => `rejected (${e.name})`)
    span.end()
  })
  const spans = exporter.getFinishedSpans().filter((s) => s.kind === api.SpanKind.CLIENT)
  exporter.reset()
  const requests = rec.take()
  assert.equal(spans.length, 1, `${who}: one CLIENT span (${spans.map((s) => s.name).join(', ')})`)
  assert.equal(requests.length, 1, `${who}: one request`)
  const [span] = spans
  assert.equal(span.parentSpanContext.spanId, parent.spanContext().spanId, `${who}: child of the user span`)
  assert.equal(requests[0].headers.traceparent, `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
    `${who}: the traceparent the server received is this span`)
  return { span, outcome }
}

function compare(t, label, off, our) {
  assert.equal(off.outcome, our.outcome.replace('CoherentApiError', 'AxiosError'), `${label}: same outcome`)
  assert.equal(our.span.status.code, off.span.status.code, `${label}: same span status`)
  // At least the same information: every compared attribute the official span has, ours has
  // with the same value (ours may have more, e.g. error.type where instrumentation-http sets none).
  for (const key of COMPARED.filter((k) => off.span.attributes[k] !== undefined)) {
    assert.equal(our.span.attributes[key], off.span.attributes[key], `${label}: ${key}`)
  }
  const offKeys = Object.keys(off.span.attributes).sort()
  const ourKeys = Object.keys(our.span.attributes).sort()
  t.diagnostic(`${label}: official span "${off.span.name}" (${off.span.instrumentationScope.name}), status ${off.span.status.code}: ${offKeys.join(', ')}`)
  t.diagnostic(`${label}: ours "${our.span.name}" (${our.span.instrumentationScope.name}), status ${our.span.status.code}: ${ourKeys.join(', ')}`)
  const onlyOfficial = offKeys.filter((k) => !ourKeys.includes(k))
  t.diagnostic(`${label}: only official: ${onlyOfficial.join(', ') || '-'}; only ours: ${ourKeys.filter((k) => !offKeys.includes(k)).join(', ') || '-'}`)
  assert.deepEqual(onlyOfficial.filter((k) => !ONLY_OFFICIAL_ALLOWED.includes(k)), [], `${label}: nothing else is missing from ours`)
  return { offKeys, ourKeys }
}

describe('OpenTelemetry parity: official 0.0.61 + instrumentation-http vs ours + CoherentInstrumentation', () => {
  test('transactions.create, 200: the same method, status, server address and port; ours also names the operation', async (t) => {
    const response = { body: JSON.stringify({ uuid: 'tx-parity', status: 'unpaid' }), headers: { 'content-type': 'application/json', 'x-request-id': 'req-parity' } }
    const create = (c) => c.transactions.create({ amount: 1000, name: 'John Smith' })
    const off = await traced('official', create, response)
    const our = await traced('ours', create, response)
    const { offKeys } = compare(t, 'create 200', off, our)
    for (const key of COMPARED.filter((k) => k !== 'error.type')) assert.ok(offKeys.includes(key), `the official span has ${key}`)
    assert.equal(our.span.attributes['http.response.status_code'], 200)
    assert.equal(our.span.attributes['server.address'], 'localhost')
    assert.equal(our.span.attributes['server.port'], 3000)
    assert.equal(our.span.attributes['url.template'], '/api/v1/transaction')
    assert.equal(our.span.attributes['coherent.request_id'], 'req-parity')
    t.diagnostic(`ours, exported: ${JSON.stringify(spanSummary(our.span))}`)
  })

  test('transactions.get, 404: both spans ERROR; ours also sets error.type 404 (instrumentation-http sets none)', async (t) => {
    const response = { status: 404, body: JSON.stringify({ message: 'not found' }) }
    const get = (c) => c.transactions.get('tx-missing')
    const off = await traced('official', get, response)
    const our = await traced('ours', get, response)
    compare(t, 'get 404', off, our)
    assert.equal(off.span.status.code, api.SpanStatusCode.ERROR)
    assert.equal(our.span.attributes['error.type'], '404')
  })

  test('connection refused: both spans ERROR; ours names the failure in error.type too', async (t) => {
    await rec.close() // nothing listens on localhost:3000 now
    try {
      const get = (c) => c.transactions.get('tx-1')
      const spanOf = async (who) => {
        const parentSpans = []
        await api.trace.getTracer('clinic-app').startActiveSpan(`refused (${who})`, async (span) => {
          parentSpans.push(span)
          await assert.rejects(get(clients[who]))
          span.end()
        })
        const [span] = exporter.getFinishedSpans().filter((s) => s.kind === api.SpanKind.CLIENT)
        exporter.reset()
        return span
      }
      const off = await spanOf('official')
      const our = await spanOf('ours')
      assert.equal(off.status.code, api.SpanStatusCode.ERROR)
      assert.equal(our.status.code, api.SpanStatusCode.ERROR)
      assert.equal(our.attributes['error.type'], 'ECONNREFUSED')
      t.diagnostic(`refused: official error.type ${off.attributes['error.type']}, ours ${our.attributes['error.type']}`)
    } finally {
      await rec.listen({ port: 3000, host: 'localhost' })
    }
  })
})

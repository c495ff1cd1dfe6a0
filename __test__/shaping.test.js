'use strict'
// Property test: the two shaping paths agree. The same 2xx bodies go through (1) the real call
// path of this package (HTTP on loopback, the JS shapers compiled in src/results.rs, with their
// ASCII escaping) and (2) the core's `shape_result` (crates/coherent/src/client.rs), what Rust
// callers get (reached through the test-only native export `__coreShape`). Bodies are random
// (seeded: COHERENT_SHAPING_SEED replays a run) plus fixed edge cases.
//
// Known, deliberate limits of the generator, where the two cannot agree because serde_json
// refuses what JSON.parse takes: numbers beyond the f64 range (`1e400`, JS gives Infinity),
// lone UTF-16 surrogates in escapes (`"\ud800"`) and nesting deeper than 128 levels. A gateway
// sends none of these; Rust callers then get the body as text (or an InvalidResponse).
const test = require('node:test')
const assert = require('node:assert/strict')
const native = require('../lib/native-binding.js')
const pkg = require('..')
const { Recorder } = require('./helpers/recorder.js')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const CASES = Number(process.env.COHERENT_SHAPING_CASES || 300)
const SEED = Number(process.env.COHERENT_SHAPING_SEED || Date.now() % 2 ** 31)

/** The methods exercised, one per shape, and the keys their shapes pick. */
const METHODS = {
  'transactions.create': (c) => c.transactions.create({ amount: 100, name: 'A' }),
  'transactions.get': (c) => c.transactions.get('t1'),
  'paymentPlans.create': (c) => c.paymentPlans.create({ name: 'Plan', amount: 100, type: 'on_demand' }),
  'paymentPlans.get': (c) => c.paymentPlans.get('p1'),
  'customers.debitWallet': (c) => c.customers.debitWallet('cu1', { amount: 100 }),
  'customers.get': (c) => c.customers.get('cu1'),
  'paymentPlans.notify': (c) => c.paymentPlans.notify('p1'),
  request: (c) => c.request({ method: 'GET', path: '/x' }),
}
const PICKED = ['uuid', 'amount', 'status', 'customer', 'invoice', 'paymentMethod', 'paymentUrl', 'refunds',
  'transactionUuid', 'customerUuid', 'invoiceUuid', 'paymentPaidTime', 'startDate', 'type']

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function generator(random) {
  const pick = (list) => list[Math.floor(random() * list.length)]
  const STRINGS = ['', 'a', 'Zoë', 'naïve café', '日本語', '😀 emoji', 'עברית', 'tab\there', 'quote " and \\ backslash',
    'line\nbreak', '\u0000nul', '\u2028sep', 'é\\é', '\\', '{"not":"parsed"}', '<html>']
  const NUMBERS = [0, -0, 1, -1, 1.5, 1e-300, 1e300, -1e308, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 12345678901234567890, 0.1, 1000]
  const value = (depth) => {
    const r = random()
    if (depth > 3 || r < 0.45) {
      return pick([null, true, false, pick(NUMBERS), pick(STRINGS), pick(STRINGS), Math.floor(random() * 1e6)])
    }
    if (r < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
    return object(depth + 1)
  }
  const object = (depth) => {
    const out = {}
    for (const key of PICKED) if (random() < 0.4) out[key] = value(depth)
    for (let i = Math.floor(random() * 3); i > 0; i--) out[pick(['extra', 'é', '__proto__x', '1', 'nested', ''])] = value(depth)
    return out
  }
  /** A JSON text for `v`, sometimes pretty, sometimes with non-ASCII written as \u escapes. */
  const text = (v) => {
    let t = random() < 0.3 ? JSON.stringify(v, null, pick([1, 2, '\t'])) : JSON.stringify(v)
    if (random() < 0.3) t = t.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
    return t
  }
  return () => {
    const r = random()
    if (r < 0.7) return text(object(0))
    if (r < 0.8) return text(value(0))
    return pick(['', 'null', '0', '-0', 'false', 'true', '""', '"text"', '[]', '[1,2]', '{}', '<html>oops</html>', '{bad json',
      '   ', '\ufeff{}', '{"uuid":"a"} trailing', '{"uuid":"a","uuid":"b"}', '{"status":"\\é"}', '1e308', '"\\u00e9"',
      ' {"uuid" : "spaced"} ', '{"amount":123456789012345678901234567890}'])
  }
}

/** What a result looks like as JSON (`undefined` keys dropped, -0 as 0): both sides compared so. */
const canonical = (v) => (v === undefined ? { undefined: true } : { value: JSON.parse(JSON.stringify(v)) })

async function jsResult(call) {
  try {
    return canonical(await call())
  } catch (e) {
    assert.ok(e instanceof pkg.CoherentApiError, `unexpected ${e}`)
    return { error: e.message }
  }
}

function coreResult(method, body) {
  const out = JSON.parse(native.__coreShape(method, body))
  return out.value === undefined ? out : { value: JSON.parse(JSON.stringify(out.value)) }
}

test(`the JS shapers and the core's shape_result agree on ${CASES} random bodies and the edge cases (seed ${SEED})`, async () => {
  const srv = await new Recorder().listen()
  const c = new pkg.Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: `http://127.0.0.1:${srv.port}`, maxNetworkRetries: 0 })
  const next = generator(mulberry32(SEED))
  let compared = 0
  try {
    for (let i = 0; i < CASES; i++) {
      const body = next()
      for (const [method, call] of Object.entries(METHODS)) {
        srv.respond({ status: 200, body })
        const js = await jsResult(() => call(c))
        const core = coreResult(method, body)
        assert.deepStrictEqual(core, js, `${method} on body ${JSON.stringify(body)} (seed ${SEED}, case ${i})`)
        if (js.value && typeof js.value === 'object' && !Array.isArray(js.value) && !['customers.get', 'request'].includes(method)) {
          assert.deepEqual(Object.keys(core.value), Object.keys(js.value), `${method}: key order on ${JSON.stringify(body)}`)
        }
        compared++
      }
    }
  } finally {
    await srv.close()
  }
  assert.equal(compared, CASES * Object.keys(METHODS).length)
})

'use strict'
// The callbacks the package runs for a call (onRequest / onResponse, attempt events on the
// tracing channel) run in the async context of the code that made the call: the
// AsyncLocalStorage store a request-scoped logger or an APM reads is that call's, for concurrent
// calls, for clients created before or inside the context, and on retries. Prints what each
// callback saw (`hook context: ...`).

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { listenLocal } = require('./helpers/local-server')
const diagnostics = require('node:diagnostics_channel')
const { AsyncLocalStorage, createHook, executionAsyncId } = require('node:async_hooks')
const { Coherent } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const als = new AsyncLocalStorage()

/**
 * A loopback gateway. `GET .../transaction/retry-*` answers 503 on its first attempt; every answer
 * waits `delayMs`, so calls overlap.
 */
async function gateway(delayMs = 30) {
  const seen = new Map()
  const server = http.createServer((req, res) => {
    const uuid = req.url.split('/').pop()
    const attempts = (seen.get(uuid) || 0) + 1
    seen.set(uuid, attempts)
    const status = uuid.startsWith('retry-') && attempts === 1 ? 503 : 200
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' })
      res.end(JSON.stringify({ uuid, status: 'PAID' }))
    }, delayMs)
  })
  return listenLocal(server)
}

/** A client whose hooks record the store they run in, per call (`path`). */
function recordingClient(baseUrl, seen) {
  const record = (hook) => (event) => seen.push({ hook, path: event.path, attempt: event.attempt, store: als.getStore() })
  return new Coherent({ baseUrl, token: TOKEN, onRequest: record('onRequest'), onResponse: record('onResponse') })
}

function summary(seen) {
  return seen.map((s) => `${s.hook} ${s.path.split('/').pop()}#${s.attempt} -> ${JSON.stringify(s.store)}`)
}

test('onRequest / onResponse run in the AsyncLocalStorage store of the call they belong to', async () => {
  const gw = await gateway()
  try {
    const seen = []
    const before = recordingClient(gw.url, seen)
    // Three concurrent calls from one client made outside any context, each in its own store.
    const concurrent = [1, 2, 3].map((id) => als.run({ id }, async () => {
      const tx = await before.transactions.get(`call-${id}`)
      assert.deepEqual(als.getStore(), { id }, 'after await')
      return tx
    }))
    // Two more, each from a client created inside its own request's context.
    const inside = [4, 5].map((id) => als.run({ id }, () => recordingClient(gw.url, seen).transactions.get(`call-${id}`)))
    // A retried call (503, then 200): both attempts in its store.
    const retried = als.run({ id: 6 }, () => before.transactions.get('retry-6'))
    await Promise.all([...concurrent, ...inside, retried])
    // A call made with no store at all sees none, even after calls that had one.
    await before.transactions.get('call-none')

    console.log(`hook context:\n  ${summary(seen).join('\n  ')}`)
    const expected = (uuid) => (uuid === 'call-none' ? undefined : { id: Number(uuid.split('-')[1]) })
    assert.equal(seen.length, 2 * 7 + 2, 'two hooks per attempt')
    for (const s of seen) assert.deepEqual(s.store, expected(s.path.split('/').pop()), `${s.hook} of ${s.path}`)
    assert.deepEqual(seen.filter((s) => s.path.endsWith('retry-6')).map((s) => [s.hook, s.attempt]), [
      ['onRequest', 1], ['onResponse', 1], ['onRequest', 2], ['onResponse', 2],
    ])
  } finally {
    await gw.close()
  }
})

test('hooks run in the caller context when the call fails, and with nested stores', async () => {
  const other = new AsyncLocalStorage()
  const seen = []
  // Nothing listens on port 9: a refused connection, no retry.
  const c = new Coherent({
    baseUrl: 'http://127.0.0.1:9', token: TOKEN, maxNetworkRetries: 0,
    onResponse: (e) => seen.push({ error: e.error, store: als.getStore(), other: other.getStore() }),
  })
  const results = await Promise.allSettled([7, 8].map((id) => als.run({ id }, () => other.run(`inner-${id}`, () => c.transactions.get(`t${id}`)))))
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected'])
  assert.deepEqual(seen.sort((a, b) => a.store.id - b.store.id), [
    { error: 'ECONNREFUSED', store: { id: 7 }, other: 'inner-7' },
    { error: 'ECONNREFUSED', store: { id: 8 }, other: 'inner-8' },
  ])
})

test('attempt events on the tracing channel are published in the caller context', async () => {
  const gw = await gateway()
  const attempts = []
  const calls = []
  const onAttempt = (message) => attempts.push({ attempt: message.attempt, store: als.getStore(), operation: message.operation })
  const onCallStart = (message) => calls.push({ event: 'asyncStart', store: als.getStore(), status: message.status })
  diagnostics.subscribe('tracing:@coherentx/coherent:attempt:start', onAttempt)
  diagnostics.subscribe('tracing:@coherentx/coherent:call:asyncStart', onCallStart)
  try {
    const c = new Coherent({ baseUrl: gw.url, token: TOKEN })
    await Promise.all([1, 2, 3].map((id) => als.run({ id }, () => c.transactions.get(id === 3 ? 'retry-3' : `t-${id}`))))
    const stores = attempts.map((a) => a.store.id).sort()
    assert.deepEqual(stores, [1, 2, 3, 3], 'one event per attempt, each in its call\'s store')
    assert.deepEqual(calls.map((c) => c.store.id).sort(), [1, 2, 3])
  } finally {
    diagnostics.unsubscribe('tracing:@coherentx/coherent:attempt:start', onAttempt)
    diagnostics.unsubscribe('tracing:@coherentx/coherent:call:asyncStart', onCallStart)
    await gw.close()
  }
})

test('for async_hooks, a hook runs in an async resource of its own, made by the caller', async () => {
  const gw = await gateway(0)
  const parents = new Map()
  const hook = createHook({ init: (id, type, trigger) => type === 'coherent.call' && parents.set(id, trigger) }).enable()
  try {
    let hookResource
    const c = new Coherent({ baseUrl: gw.url, token: TOKEN, onResponse: () => (hookResource = executionAsyncId()) })
    const callerId = await new Promise((resolve, reject) => setImmediate(() => {
      const id = executionAsyncId()
      c.transactions.get('t1').then(() => resolve(id), reject)
    }))
    assert.ok(parents.has(hookResource), 'the hook runs in a coherent.call resource')
    assert.equal(parents.get(hookResource), callerId, 'made by the code that made the call')
  } finally {
    hook.disable()
    await gw.close()
  }
})

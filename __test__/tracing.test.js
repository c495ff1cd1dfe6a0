'use strict'
// diagnostics_channel tracing (README "Observability" > "Channels"): the events each call and
// attempt publishes, in order, with plain subscribers; the trace-context headers a `start`
// subscriber sets, as a loopback server receives them; and what never appears in a context.
const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const { AsyncLocalStorage } = require('node:async_hooks')
const diagnostics = require('node:diagnostics_channel')
const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { Coherent } = require('..')
const { subscriberProbe } = require('../lib/tracing.js')
const { Recorder } = require('./helpers/recorder.js')

const TOKEN = 'api-test-tracing-0123456789abcdef0123456789'
const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error']
const call = diagnostics.tracingChannel('@coherentx/coherent:call')
const attempt = diagnostics.tracingChannel('@coherentx/coherent:attempt')
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
// Patient data sent in bodies: none of it may reach a context.
const PATIENT = { name: 'Zelda Quorum', email: 'zelda.quorum@example.org', phone: '+447700900123', note: 'allergic-to-penicillin' }

// A loopback server answering `[status, json, headers?] = handler(request, body, n)` (n counts
// requests).
async function startServer(handler) {
  const recorder = new Recorder()
  recorder.always((request) => {
    const [status, json, headers = {}] = handler(request, request.body, recorder.requests.length)
    return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) }
  })
  await recorder.listen()
  return {
    baseUrl: `http://127.0.0.1:${recorder.port}`,
    port: recorder.port,
    requests: recorder.requests,
    close: () => recorder.close(),
  }
}

// A server that reads requests and never answers (timeouts, aborts); `onRequest` on each.
async function startSilentServer(onRequest = () => {}) {
  const sockets = new Set()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.once('data', onRequest)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(resolve)
    }),
  }
}

// Subscribes to all ten channels; `log` gets `channel:event` in publishing order, `messages`
// the objects. `onStart` runs in the call's `start` (to set trace headers).
function record(onStart) {
  const log = []
  const messages = []
  const handlers = {}
  for (const [name, channel] of [['call', call], ['attempt', attempt]]) {
    handlers[name] = Object.fromEntries(EVENTS.map((event) => [event, (message) => {
      log.push(`${name}:${event}`)
      messages.push(message)
      if (name === 'call' && event === 'start' && onStart) onStart(message)
    }]))
    channel.subscribe(handlers[name])
  }
  const stop = () => {
    call.unsubscribe(handlers.call)
    attempt.unsubscribe(handlers.attempt)
  }
  return { log, messages, stop }
}

async function traced(server, run, { onStart, config } = {}) {
  const client = new Coherent({ baseUrl: server.baseUrl, token: TOKEN, ...config })
  const r = record(onStart)
  let outcome
  try {
    outcome = { value: await run(client) }
  } catch (error) {
    outcome = { error }
  } finally {
    r.stop()
  }
  return { ...r, ...outcome }
}

const callContext = (messages) => messages.find((m) => m.operation && 'namespace' in m)
const attempts = (messages) => [...new Set(messages.filter((m) => 'attempt' in m))]

test('success: start, end, the attempt, asyncStart, asyncEnd; context describes the call', async () => {
  const server = await startServer(() => [200, { uuid: 't1', amount: 1000 }, { 'x-request-id': 'req-42' }])
  const r = await traced(server, (c) => c.transactions.create({ amount: 1000, ...PATIENT }))
  await server.close()
  assert.equal(r.error, undefined)
  assert.deepEqual(r.log, ['call:start', 'call:end', 'attempt:start', 'attempt:end', 'call:asyncStart', 'call:asyncEnd'])
  const ctx = callContext(r.messages)
  assert.ok(r.messages.filter((m) => 'namespace' in m).every((m) => m === ctx), 'one object through all call events')
  assert.deepEqual({ ...ctx }, {
    operation: 'transactions.create',
    namespace: 'transactions',
    method: 'create',
    httpMethod: 'POST',
    pathTemplate: '/api/v1/transaction',
    serverAddress: '127.0.0.1',
    serverPort: server.port,
    url: server.baseUrl,
    headers: {},
    attempts: 1,
    status: 200,
    requestId: 'req-42',
    httpVersion: '1.1',
  })
  const [a] = attempts(r.messages)
  assert.equal(a.call, ctx)
  assert.deepEqual(
    { ...a, call: undefined, startTime: undefined, endTime: undefined, elapsedMs: undefined },
    { operation: 'transactions.create', httpMethod: 'POST', pathTemplate: '/api/v1/transaction', attempt: 1, retryDelayMs: 0, startTime: undefined, endTime: undefined, elapsedMs: undefined, status: 200, errorCode: undefined, requestId: 'req-42', httpVersion: '1.1', call: undefined },
  )
  assert.ok(a.startTime > 0 && a.startTime <= a.endTime && a.endTime <= performance.now(), 'times on the performance.now() clock')
  assert.ok(Math.abs(a.endTime - a.startTime - a.elapsedMs) < 0.01)
})

test('the path template names the ids, never their values', async () => {
  const server = await startServer(() => [200, {}])
  const r = await traced(server, (c) => c.transactions.refund({ transactionUuid: 'tx/secret id', amount: 5 }))
  await server.close()
  assert.equal(server.requests[0].url, '/api/v1/transaction/tx%2Fsecret%20id/refund')
  assert.equal(callContext(r.messages).pathTemplate, '/api/v1/transaction/{transactionUuid}/refund')
  assert.equal(attempts(r.messages)[0].pathTemplate, '/api/v1/transaction/{transactionUuid}/refund')
})

for (const status of [400, 500]) {
  test(`API error ${status}: error is published before asyncStart, with code and status`, async () => {
    const server = await startServer(() => [status, { message: 'no' }, { 'x-request-id': 'req-err' }])
    const r = await traced(server, (c) => c.customers.get('c1'))
    await server.close()
    assert.equal(r.error.status, status)
    assert.deepEqual(r.log, ['call:start', 'call:end', 'attempt:start', 'attempt:end', 'call:error', 'call:asyncStart', 'call:asyncEnd'])
    const ctx = callContext(r.messages)
    assert.equal(ctx.error, r.error)
    assert.equal(ctx.errorCode, status === 400 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE')
    assert.equal(ctx.status, status)
    assert.equal(ctx.requestId, 'req-err')
    assert.equal(ctx.pathTemplate, '/api/v1/customer/{uuid}')
    assert.equal(attempts(r.messages)[0].status, status)
  })
}

test('retries: each attempt in order before the call settles, with its own times', async () => {
  const server = await startServer((req, body, n) => (n === 1 ? [503, {}, { 'retry-after': '0' }] : [200, { uuid: 't1' }]))
  const r = await traced(server, (c) => c.transactions.get('t1'))
  await server.close()
  assert.equal(r.error, undefined)
  assert.deepEqual(r.log, ['call:start', 'call:end', 'attempt:start', 'attempt:end', 'attempt:start', 'attempt:end', 'call:asyncStart', 'call:asyncEnd'])
  const [first, second] = attempts(r.messages)
  assert.deepEqual([first.attempt, first.status, second.attempt, second.status], [1, 503, 2, 200])
  assert.equal(first.retryDelayMs, 0)
  assert.ok(second.retryDelayMs >= 0 && second.startTime >= first.endTime)
  assert.equal(callContext(r.messages).attempts, 2)
})

test('timeout: the cut-short attempt and the call carry ECONNABORTED', async () => {
  const server = await startSilentServer()
  const r = await traced(server, (c) => c.transactions.create({ amount: 5, name: 'N' }, { timeout: 150 }))
  await server.close()
  assert.equal(r.error.code, 'ECONNABORTED')
  assert.deepEqual(r.log, ['call:start', 'call:end', 'attempt:start', 'attempt:end', 'call:error', 'call:asyncStart', 'call:asyncEnd'])
  const ctx = callContext(r.messages)
  assert.deepEqual([ctx.errorCode, ctx.attempts, ctx.status], ['ECONNABORTED', 1, undefined])
  assert.equal(attempts(r.messages)[0].errorCode, 'ECONNABORTED')
})

test('abort: the call and its attempt carry ABORT_ERR', async () => {
  const controller = new AbortController()
  const server = await startSilentServer(() => controller.abort())
  const r = await traced(server, (c) => c.transactions.create({ amount: 5, name: 'N' }, { signal: controller.signal }))
  await server.close()
  assert.equal(r.error.code, 'ABORT_ERR')
  assert.deepEqual(r.log, ['call:start', 'call:end', 'attempt:start', 'attempt:end', 'call:error', 'call:asyncStart', 'call:asyncEnd'])
  assert.equal(callContext(r.messages).errorCode, 'ABORT_ERR')
  assert.equal(attempts(r.messages)[0].errorCode, 'ABORT_ERR')
})

test('validation failure: published with attempts 0 and no request', async () => {
  const server = await startServer(() => [200, {}])
  const r = await traced(server, (c) => c.transactions.get(''))
  await server.close()
  assert.equal(server.requests.length, 0)
  assert.equal(r.error.code, 'ERR_INVALID_ARG_VALUE')
  assert.deepEqual(r.log, ['call:start', 'call:end', 'call:error', 'call:asyncStart', 'call:asyncEnd'])
  const ctx = callContext(r.messages)
  assert.equal(ctx.operation, 'transactions.get')
  assert.deepEqual([ctx.attempts, ctx.errorCode, ctx.httpMethod, ctx.pathTemplate, ctx.status], [0, 'ERR_INVALID_ARG_VALUE', undefined, undefined, undefined])
})

test('operation is the JS method called, for every method of every namespace', async () => {
  const server = await startServer(() => [200, {}])
  const client = new Coherent({ baseUrl: server.baseUrl, token: TOKEN })
  const seen = []
  const onStart = (m) => seen.push(m.operation)
  call.start.subscribe(onStart)
  const expected = []
  try {
    for (const namespace of ['transactions', 'customers', 'terminals', 'paymentPlans', 'merchants', 'onboarding', 'webhooks']) {
      const api = client[namespace]
      for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(api))) {
        if (method === 'constructor' || typeof api[method] !== 'function') continue
        // No arguments: a validation failure, or a list call the server answers.
        const promise = api[method]()
        if (!(promise instanceof Promise)) continue // not an API call (e.g. webhook parsing)
        expected.push(`${namespace}.${method}`)
        await promise.catch(() => {})
      }
    }
  } finally {
    call.start.unsubscribe(onStart)
    await server.close()
  }
  assert.ok(expected.length >= 25, `only ${expected.length} API methods found`)
  assert.deepEqual(seen, expected)
})

test('trace headers: traceparent and tracestate set in start go out on every attempt; nothing else does', async () => {
  const server = await startServer((req, body, n) => (n === 1 ? [503, {}, { 'retry-after': '0' }] : [200, {}]))
  const r = await traced(server, (c) => c.transactions.get('t1'), {
    onStart(m) {
      m.headers.traceparent = TRACEPARENT
      m.headers.tracestate = 'vendor=abc'
      m.headers['x-other'] = 'no'
      m.headers.authorization = 'no'
    },
  })
  await server.close()
  assert.equal(r.error, undefined)
  assert.equal(server.requests.length, 2)
  for (const { headers } of server.requests) {
    assert.equal(headers.traceparent, TRACEPARENT)
    assert.equal(headers.tracestate, 'vendor=abc')
    assert.equal(headers['x-other'], undefined)
    assert.equal(headers.authorization, undefined)
    assert.equal(headers['access-token'], TOKEN)
  }
})

test('trace headers: an invalid value is dropped and the call still succeeds', async () => {
  const server = await startServer(() => [200, {}])
  for (const bad of ['00-abc\r\nx-injected: 1', 'caf\u00e9', 42, { toString: () => TRACEPARENT }]) {
    const r = await traced(server, (c) => c.transactions.get('t1'), {
      onStart(m) {
        m.headers.traceparent = bad
        m.headers.tracestate = 'ok=1'
      },
    })
    assert.equal(r.error, undefined, String(bad))
    const { headers } = server.requests.at(-1)
    assert.equal(headers.traceparent, undefined)
    assert.equal(headers['x-injected'], undefined)
    assert.equal(headers.tracestate, 'ok=1')
  }
  await server.close()
})

test('no subscriber: no trace header, nothing published', async () => {
  const server = await startServer(() => [200, {}])
  assert.equal(call.hasSubscribers, false)
  assert.equal(attempt.hasSubscribers, false)
  const client = new Coherent({ baseUrl: server.baseUrl, token: TOKEN })
  await client.transactions.get('t1')
  await server.close()
  const names = Object.keys(server.requests[0].headers)
  assert.equal(names.includes('traceparent') || names.includes('tracestate'), false)
})

test('an attempt-only subscriber sees the attempts (and their call)', async () => {
  const server = await startServer(() => [200, {}])
  const seen = []
  const onStart = (m) => seen.push(m)
  attempt.start.subscribe(onStart)
  try {
    await new Coherent({ baseUrl: server.baseUrl, token: TOKEN }).terminals.list()
  } finally {
    attempt.start.unsubscribe(onStart)
    await server.close()
  }
  assert.equal(seen.length, 1)
  assert.equal(seen[0].call.operation, 'terminals.list')
  assert.equal(seen[0].pathTemplate, '/api/v1/terminal')
})

test('no context carries the token, a body, a query or patient data', async () => {
  // The server echoes the patient data back, as the gateway does.
  const server = await startServer((req, body, n) => (n % 2 ? [200, JSON.parse(body || '{}')] : [400, { message: 'bad', ...JSON.parse(body || '{}') }]))
  const r1 = await traced(server, (c) => c.customers.create({ providerReferenceId: 'p1', ...PATIENT }))
  const r2 = await traced(server, (c) => c.transactions.create({ amount: 5, ...PATIENT }))
  await server.close()
  assert.ok(r2.error)
  const secrets = [TOKEN, ...Object.values(PATIENT), '"amount"']
  const seen = new Set()
  const scan = (value, where) => {
    if (typeof value === 'string') {
      for (const secret of secrets) assert.ok(!value.includes(secret), `${where} contains ${secret}`)
      assert.ok(!value.includes('?'), `${where} has a query string`)
    } else if (value && typeof value === 'object' && !seen.has(value)) {
      seen.add(value)
      for (const key of Object.keys(value)) {
        // `error` is the rejected error itself (what the caller catches), not built for traces.
        if (key !== 'error') scan(value[key], `${where}.${key}`)
      }
    }
  }
  for (const message of [...r1.messages, ...r2.messages]) scan(message, 'context')
  assert.ok(seen.size >= 4)
  for (const message of [...r1.messages, ...r2.messages]) {
    const text = require('node:util').inspect(message, { depth: 1 })
    assert.ok(!text.includes(TOKEN))
  }
})

test('stores bound to start see the call in asyncStart / asyncEnd; start sees the caller\'s context', async () => {
  const server = await startServer(() => [200, {}])
  const caller = new AsyncLocalStorage()
  const store = new AsyncLocalStorage()
  call.start.bindStore(store, (context) => ({ span: context.operation }))
  const seen = {}
  const handlers = {
    start: () => { seen.start = [caller.getStore(), store.getStore()] },
    asyncStart: () => { seen.asyncStart = store.getStore() },
    asyncEnd: () => { seen.asyncEnd = store.getStore() },
  }
  call.subscribe(handlers)
  try {
    const client = new Coherent({ baseUrl: server.baseUrl, token: TOKEN })
    await caller.run('request-7', () => client.transactions.get('t1'))
  } finally {
    call.unsubscribe(handlers)
    call.start.unbindStore(store)
    await server.close()
  }
  assert.deepEqual(seen.start, ['request-7', { span: 'transactions.get' }])
  assert.deepEqual(seen.asyncStart, { span: 'transactions.get' })
  assert.deepEqual(seen.asyncEnd, { span: 'transactions.get' })
})

test('a throwing subscriber does not change the call\'s outcome', () => {
  // In a child process: diagnostics_channel reports a subscriber's error as an uncaught
  // exception on the next tick, which the script records instead of crashing.
  const script = `
    const net = require('node:net')
    const dc = require('node:diagnostics_channel')
    const { Coherent } = require(${JSON.stringify(path.join(__dirname, '..'))})
    const uncaught = []
    process.on('uncaughtException', (e) => uncaught.push(e.message))
    const boom = (where) => () => { throw new Error('subscriber ' + where) }
    dc.tracingChannel('@coherentx/coherent:call').subscribe({ start: boom('start'), end: boom('end'), asyncStart: boom('asyncStart'), asyncEnd: boom('asyncEnd'), error: boom('error') })
    dc.tracingChannel('@coherentx/coherent:attempt').subscribe({ start: boom('attempt') })
    const server = http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"uuid":"t1"}') })
    server.listen(0, '127.0.0.1', async () => {
      const client = new Coherent({ baseUrl: 'http://127.0.0.1:' + server.address().port, token: 'api-test-x' })
      const value = await client.transactions.get('t1')
      const failed = await client.transactions.get('').catch((e) => e.code)
      server.close()
      setImmediate(() => console.log(JSON.stringify({ value, failed, uncaught: uncaught.sort() })))
    })`
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 })
  assert.equal(child.status, 0, child.stderr)
  const out = JSON.parse(child.stdout.trim().split('\n').at(-1))
  assert.deepEqual(out.value, { uuid: 't1' })
  assert.equal(out.failed, 'ERR_INVALID_ARG_VALUE')
  assert.ok(out.uncaught.includes('subscriber start') && out.uncaught.includes('subscriber attempt') && out.uncaught.includes('subscriber error'), out.uncaught.join())
})

test('hasSubscribers fallback (Node before 20.13): any of the five channels counts', () => {
  const channel = diagnostics.tracingChannel('@coherentx/coherent:test-probe')
  const old = Object.fromEntries(EVENTS.map((e) => [e, channel[e]])) // no hasSubscribers getter
  const probe = subscriberProbe(old)
  assert.notEqual(probe, old)
  assert.equal(probe.hasSubscribers, false)
  const onError = () => {}
  channel.error.subscribe(onError)
  assert.equal(probe.hasSubscribers, true)
  channel.error.unsubscribe(onError)
  assert.equal(probe.hasSubscribers, false)
  assert.equal(subscriberProbe(channel), channel, 'Node >= 20.13: the TracingChannel itself')
})

test('every way to subscribe turns tracing on, and unsubscribing turns it off', async () => {
  const { active } = require('../lib/tracing.js')
  assert.ok(active instanceof Uint8Array, 'the self-check passes on this Node')
  const server = await startServer(() => [200, {}])
  const client = new Coherent({ baseUrl: server.baseUrl, token: TOKEN })
  const store = new AsyncLocalStorage()
  const ways = [
    ['diagnostics_channel.subscribe', (fn) => diagnostics.subscribe('tracing:@coherentx/coherent:call:asyncEnd', fn), (fn) => diagnostics.unsubscribe('tracing:@coherentx/coherent:call:asyncEnd', fn)],
    ['Channel#subscribe', (fn) => diagnostics.channel('tracing:@coherentx/coherent:attempt:end').subscribe(fn), (fn) => diagnostics.channel('tracing:@coherentx/coherent:attempt:end').unsubscribe(fn)],
    ['TracingChannel#subscribe', (fn) => diagnostics.tracingChannel('@coherentx/coherent:call').subscribe({ end: fn }), (fn) => diagnostics.tracingChannel('@coherentx/coherent:call').unsubscribe({ end: fn })],
    ['bindStore', (fn) => call.start.bindStore(store, (context) => fn(context)), () => call.start.unbindStore(store)],
  ]
  try {
    for (const [way, on, off] of ways) {
      const seen = []
      const fn = (context) => seen.push(context)
      on(fn)
      assert.equal(active[0], 1, way)
      await client.terminals.list()
      assert.ok(seen.length >= 1, `${way}: published`)
      off(fn)
      assert.equal(active[0], 0, `${way}: off again`)
    }
  } finally {
    await server.close()
  }
})

test('without the flag (self-check failed) the binding asks hasSubscribers per call', () => {
  // A fresh process registering lib/tracing.js without `active`, as on a Node where the
  // self-check fails.
  const root = path.join(__dirname, '..')
  const script = `
    const http = require('node:http')
    const native = require(${JSON.stringify(path.join(root, 'lib/native-binding.js'))})
    native.__registerErrorClasses(require(${JSON.stringify(path.join(root, 'lib/errors.js'))}))
    native.__registerTracing({ ...require(${JSON.stringify(path.join(root, 'lib/tracing.js'))}), active: undefined })
    const dc = require('node:diagnostics_channel')
    const headers = []
    const server = http.createServer((req, res) => { headers.push(req.headers.traceparent); res.setHeader('content-type', 'application/json'); res.end('[]') })
    server.listen(0, '127.0.0.1', async () => {
      const client = new native.Coherent({ baseUrl: 'http://127.0.0.1:' + server.address().port, token: 'api-test-x' })
      await client.terminals.list()
      const start = (m) => { m.headers.traceparent = ${JSON.stringify(TRACEPARENT)} }
      dc.subscribe('tracing:@coherentx/coherent:call:start', start)
      await client.terminals.list()
      dc.unsubscribe('tracing:@coherentx/coherent:call:start', start)
      await client.terminals.list()
      server.close()
      console.log(JSON.stringify(headers))
    })`
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 })
  assert.equal(child.status, 0, child.stderr)
  assert.deepEqual(JSON.parse(child.stdout.trim()), [null, TRACEPARENT, null])
})

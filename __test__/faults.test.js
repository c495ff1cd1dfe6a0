'use strict'
// Fault injection: in-process loopback servers (port 0) misbehave in every way a gateway, proxy or
// network can, and count what they receive. Every call must settle with the right typed error
// within its timeout plus a small margin, GETs recover from transient faults, a POST that reached
// the server is never sent twice, aborts stop promptly, and nothing is left unhandled.
// Timing figures are printed at the end (`fault timing: ...`).

const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const { getEventListeners } = require('node:events')
const {
  Coherent, CoherentApiError, CoherentConnectionError, CoherentTimeoutError, CoherentAbortError, CoherentError,
} = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
/** Allowed lateness of a timeout or abort, in ms (a loaded 2-core CI machine included). */
const MARGIN = 400
/** Timers of the two clocks (JS, tokio) may disagree by a few ms; nothing may settle earlier. */
const EARLY = 20

const unhandled = []
const onUnhandled = (reason) => unhandled.push(reason)
process.on('unhandledRejection', onUnhandled)
const timings = []

/**
 * A raw TCP server: `reply(socket, request, n)` is called for the n-th request (0-based) once its
 * head and body are read. `requests` lists them as `METHOD /path`.
 */
async function rawServer(reply) {
  const requests = []
  const sockets = new Set()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buf = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk])
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = buf.subarray(0, end).toString('latin1')
      const length = Number((/\r\ncontent-length:\s*(\d+)/i.exec(head) || [])[1] || 0)
      if (buf.length < end + 4 + length) return
      const body = buf.subarray(end + 4, end + 4 + length).toString('utf8')
      buf = buf.subarray(end + 4 + length)
      const n = requests.length
      requests.push(head.split('\r\n')[0].replace(/ HTTP\/1\.1$/, ''))
      reply(socket, { head, body }, n)
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(resolve)
    }),
  }
}

function respond(socket, status, body = '', headers = {}) {
  const lines = [`HTTP/1.1 ${status} X`, 'connection: close', `content-length: ${Buffer.byteLength(body)}`]
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`)
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`)
}

const json = (socket, status, value, headers) => respond(socket, status, JSON.stringify(value), { 'content-type': 'application/json', ...headers })

function client(url, config = {}) {
  return new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: url, ...config })
}

/** Settles `promise`, returning { error, value, ms }. */
async function timed(promise) {
  const started = performance.now()
  try {
    const value = await promise
    return { value, ms: performance.now() - started }
  } catch (error) {
    return { error, ms: performance.now() - started }
  }
}

const createLink = (c, options) => c.transactions.create({ amount: 1000, name: 'J' }, options)

test.after(() => {
  process.off('unhandledRejection', onUnhandled)
  for (const t of timings) console.log(`fault timing: ${t}`)
})

test('connection reset before the response: GETs retry, a POST is sent exactly once', async () => {
  const srv = await rawServer((socket) => socket.resetAndDestroy())
  try {
    const c = client(srv.url)
    const get = await timed(c.transactions.get('t1'))
    assert.ok(get.error instanceof CoherentConnectionError, String(get.error))
    assert.equal(get.error.code, 'ECONNRESET')
    assert.equal(get.error.attempts, 3)
    assert.match(get.error.message, /after 3 attempts$/)
    assert.equal(srv.requests.length, 3)
    srv.requests.length = 0
    const post = await timed(createLink(c))
    assert.ok(post.error instanceof CoherentConnectionError, String(post.error))
    assert.equal(post.error.attempts, 1)
    assert.deepEqual(srv.requests, ['POST /api/v1/transaction'])
  } finally {
    await srv.close()
  }
})

test('a GET recovers after a reset', async () => {
  const srv = await rawServer((socket, req, n) => (n === 0 ? socket.resetAndDestroy() : json(socket, 200, { uuid: 't1', status: 'unpaid' })))
  try {
    const tx = await client(srv.url).transactions.get('t1')
    assert.equal(tx.uuid, 't1')
    assert.equal(srv.requests.length, 2)
  } finally {
    await srv.close()
  }
})

test('a server that accepts and never answers: CoherentTimeoutError at the limit; POST sent once', async () => {
  const srv = await rawServer(() => {})
  try {
    const c = client(srv.url, { timeout: 300 })
    for (const [name, call] of [['GET', () => c.transactions.get('t1')], ['POST', () => createLink(c)]]) {
      const r = await timed(call())
      assert.ok(r.error instanceof CoherentTimeoutError, String(r.error))
      assert.equal(r.error.timeout, 300)
      assert.equal(r.error.code, 'ECONNABORTED')
      assert.ok(r.ms >= 300 - EARLY && r.ms < 300 + MARGIN, `${name} settled after ${r.ms} ms`)
      timings.push(`silent server, ${name}, timeout 300 ms: settled after ${r.ms.toFixed(0)} ms`)
    }
    assert.deepEqual(srv.requests, ['GET /api/v1/transaction/t1', 'POST /api/v1/transaction'])
  } finally {
    await srv.close()
  }
})

test('headers then a stalled body: the timeout covers the body', async () => {
  const srv = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"uuid":'))
  try {
    const r = await timed(client(srv.url).transactions.get('t1', { timeout: 400 }))
    assert.ok(r.error instanceof CoherentTimeoutError, String(r.error))
    assert.equal(r.error.timeout, 400)
    assert.ok(r.ms >= 400 - EARLY && r.ms < 400 + MARGIN, `settled after ${r.ms} ms`)
    timings.push(`stalled body, per-call timeout 400 ms: settled after ${r.ms.toFixed(0)} ms`)
    assert.equal(srv.requests.length, 1, 'the budget ran out in the first attempt')
  } finally {
    await srv.close()
  }
})

test('a slowloris drip (one byte every 50 ms, forever) is cut at the timeout', async () => {
  const timers = new Set()
  const srv = await rawServer((socket) => {
    const drip = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n'
    let i = 0
    const t = setInterval(() => {
      if (socket.destroyed) return clearInterval(t)
      socket.write(i < drip.length ? drip[i] : '1\r\n \r\n')
      i++
    }, 50)
    timers.add(t)
  })
  try {
    const r = await timed(client(srv.url, { timeout: 500 }).terminals.list())
    assert.ok(r.error instanceof CoherentTimeoutError, String(r.error))
    assert.ok(r.ms >= 500 - EARLY && r.ms < 500 + MARGIN, `settled after ${r.ms} ms`)
    timings.push(`slowloris drip, timeout 500 ms: settled after ${r.ms.toFixed(0)} ms`)
  } finally {
    for (const t of timers) clearInterval(t)
    await srv.close()
  }
})

test('500/502/503 then 200: GETs recover from 502/503, not from 500; POSTs are never replayed', async () => {
  const script = [502, 503, 200]
  const srv = await rawServer((socket, req, n) => {
    const status = script[Math.min(n, script.length - 1)]
    json(socket, status, status === 200 ? { uuid: 't1' } : { error: `E${status}` })
  })
  try {
    const events = []
    const c = client(srv.url, { onResponse: (e) => events.push(e.status) })
    const tx = await c.transactions.get('t1')
    assert.equal(tx.uuid, 't1')
    assert.deepEqual(events, [502, 503, 200])
    assert.equal(srv.requests.length, 3)
  } finally {
    await srv.close()
  }
  for (const status of [500, 502, 503, 504]) {
    const s = await rawServer((socket) => json(socket, status, { error: 'x' }))
    try {
      const c = client(s.url)
      const post = await timed(createLink(c))
      assert.ok(post.error instanceof CoherentApiError, String(post.error))
      assert.equal(post.error.status, status)
      assert.equal(post.error.attempts, 1)
      assert.equal(s.requests.length, 1, `POST <- ${status} was sent once`)
      if (status === 500) {
        const get = await timed(c.transactions.get('t1'))
        assert.equal(get.error.attempts, 1, 'a 500 is not retried')
        assert.equal(s.requests.length, 2)
      }
    } finally {
      await s.close()
    }
  }
})

test('429 with Retry-After: 1 is honoured for a GET; a POST gets the 429 at once', async () => {
  const srv = await rawServer((socket, req, n) => (n === 0 || req.head.startsWith('POST')
    ? json(socket, 429, { error: 'slow down' }, { 'retry-after': '1' })
    : json(socket, 200, { uuid: 't1' })))
  try {
    const c = client(srv.url)
    const get = await timed(c.transactions.get('t1'))
    assert.equal(get.value.uuid, 't1')
    assert.ok(get.ms >= 1000 - EARLY && get.ms < 1000 + MARGIN + 500, `waited ${get.ms} ms`)
    timings.push(`429 Retry-After: 1 then 200: settled after ${get.ms.toFixed(0)} ms`)
    const post = await timed(createLink(c))
    assert.equal(post.error.status, 429)
    assert.ok(post.ms < 500)
    assert.deepEqual(srv.requests, ['GET /api/v1/transaction/t1', 'GET /api/v1/transaction/t1', 'POST /api/v1/transaction'])
  } finally {
    await srv.close()
  }
})

test('garbage and truncated JSON: CoherentApiError with the raw text on shaped methods, the text on raw ones', async () => {
  const bodies = ['garbage <html>', '{"uuid":"t1","amo', '\u0000\u00ff binary']
  for (const body of bodies) {
    const srv = await rawServer((socket) => respond(socket, 200, body, { 'content-type': 'application/json' }))
    try {
      const c = client(srv.url)
      const shaped = await timed(c.transactions.get('t1'))
      assert.ok(shaped.error instanceof CoherentApiError, String(shaped.error))
      assert.equal(shaped.error.status, 200)
      assert.equal(shaped.error.response.data, body)
      assert.match(shaped.error.message, /not valid JSON/)
      assert.equal(await c.terminals.list(), body, 'raw methods return the text, as the official client does')
    } finally {
      await srv.close()
    }
  }
  // A body cut short of its content-length is a broken connection, not data.
  const cut = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{"uuid":"t1"'))
  try {
    const c = client(cut.url)
    const r = await timed(createLink(c))
    assert.ok(r.error instanceof CoherentConnectionError, String(r.error))
    assert.equal(cut.requests.length, 1, 'the POST is not replayed')
  } finally {
    await cut.close()
  }
})

test('a 50 MB body is refused with a clear error, declared or streamed', async () => {
  const MB = 1024 * 1024
  const chunk = Buffer.alloc(MB, 'x')
  let written = 0
  const srv = await rawServer((socket, req) => {
    const declared = req.head.includes('/declared')
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${declared ? `content-length: ${50 * MB}` : 'transfer-encoding: chunked'}\r\n\r\n`)
    let sent = 0
    const pump = () => {
      while (sent < 50 && !socket.destroyed) {
        sent++
        written += MB
        const ok = declared ? socket.write(chunk) : socket.write(`${(MB).toString(16)}\r\n${chunk}\r\n`)
        if (!ok) return socket.once('drain', pump)
      }
      if (!socket.destroyed && !declared) socket.end('0\r\n\r\n')
    }
    pump()
  })
  try {
    const c = client(srv.url)
    for (const path of ['declared', 'streamed']) {
      written = 0
      const r = await timed(c.customers.get(path))
      assert.ok(r.error instanceof CoherentApiError, String(r.error))
      assert.match(r.error.message, /exceeds 10485760 bytes \(10 MB\)/)
      assert.equal(r.error.attempts, 1, 'not retried')
      timings.push(`50 MB body (${path}): refused after ${r.ms.toFixed(0)} ms, ${(written / MB).toFixed(0)} MB written by the server`)
    }
    assert.equal(srv.requests.length, 2)
    const rss = process.memoryUsage().rss
    assert.ok(rss < 400 * MB, `rss ${rss}`)
  } finally {
    await srv.close()
  }
})

test('connect refused: CoherentConnectionError ECONNREFUSED after the retries', async () => {
  const srv = await rawServer(() => {})
  const url = srv.url
  await srv.close()
  const r = await timed(createLink(client(url, { maxNetworkRetries: 1 })))
  assert.ok(r.error instanceof CoherentConnectionError, String(r.error))
  assert.equal(r.error.code, 'ECONNREFUSED')
  assert.equal(r.error.attempts, 2, 'a refused POST never left, so it may be retried')
  timings.push(`connect refused, 1 retry: settled after ${r.ms.toFixed(0)} ms`)
})

test('aborts stop promptly, remove their listener, and an aborted signal sends nothing', async () => {
  const srv = await rawServer(() => {})
  try {
    const c = client(srv.url)
    const controller = new AbortController()
    const pending = timed(c.transactions.get('t1', { signal: controller.signal }))
    await new Promise((r) => setTimeout(r, 100))
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1, 'listening while in flight')
    const abortedAt = performance.now()
    controller.abort()
    const r = await pending
    const late = performance.now() - abortedAt
    assert.ok(r.error instanceof CoherentAbortError && r.error instanceof CoherentError, String(r.error))
    assert.equal(r.error.name, 'AbortError')
    assert.equal(r.error.code, 'ABORT_ERR')
    assert.equal(r.error.attempts, 1)
    assert.ok(late < 100, `settled ${late} ms after abort()`)
    assert.equal(r.error.cause, controller.signal.reason)
    assert.equal(r.error.cause.name, 'AbortError')
    timings.push(`abort in flight: settled ${late.toFixed(1)} ms after abort()`)
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'listener removed on settle')

    const before = srv.requests.length
    const pre = await timed(createLink(c, { signal: AbortSignal.abort('closing the till') }))
    assert.ok(pre.error instanceof CoherentAbortError)
    assert.equal(pre.error.attempts, 0)
    assert.equal(pre.error.cause, 'closing the till', 'err.cause is signal.reason')
    await new Promise((r) => setTimeout(r, 50))
    assert.equal(srv.requests.length, before, 'an already-aborted call does no I/O')

    // A call that completes also removes its listener; a reused signal stays clean.
    const ok = await rawServer((socket) => json(socket, 200, { uuid: 't' }))
    const reused = new AbortController()
    for (let i = 0; i < 20; i++) await client(ok.url).transactions.get('t', { signal: reused.signal })
    assert.equal(getEventListeners(reused.signal, 'abort').length, 0)
    await ok.close()
  } finally {
    await srv.close()
  }
})

test('an abort during a retry wait stops the call; AbortSignal.timeout works too', async () => {
  const srv = await rawServer((socket) => json(socket, 503, {}, { 'retry-after': '30' }))
  try {
    const c = client(srv.url, { timeout: 60000 })
    const controller = new AbortController()
    const pending = timed(c.transactions.get('t1', { signal: controller.signal }))
    await new Promise((r) => setTimeout(r, 150))
    controller.abort()
    const r = await pending
    assert.ok(r.error instanceof CoherentAbortError, String(r.error))
    assert.ok(r.ms < 150 + MARGIN)
    assert.equal(srv.requests.length, 1)
    const t = await timed(c.terminals.list({ signal: AbortSignal.timeout(100) }))
    assert.ok(t.error instanceof CoherentAbortError, String(t.error))
    assert.equal(t.error.cause.name, 'TimeoutError', 'AbortSignal.timeout says why')
    assert.ok(t.ms < 100 + MARGIN, `${t.ms}`)
  } finally {
    await srv.close()
  }
})

test('hooks see every attempt in order, never the token or a body; a throwing hook changes nothing', async () => {
  const SECRET_BODY = 'patient-note-Zoë-secret'
  const srv = await rawServer((socket, req, n) => (n === 0
    ? json(socket, 503, { echo: SECRET_BODY }, { 'x-request-id': 'req-1' })
    : json(socket, 200, { uuid: 't1', note: SECRET_BODY }, { 'x-request-id': 'req-2' })))
  try {
    const seen = []
    const c = client(srv.url, {
      onRequest: (e) => seen.push(['request', e]),
      onResponse: (e) => seen.push(['response', e]),
    })
    await c.paymentPlans.get('pp1')
    assert.deepEqual(seen.map(([k, e]) => [k, e.method, e.path, e.attempt, e.status, e.requestId]), [
      ['request', 'GET', '/api/v1/payment/plan/pp1', 1, undefined, undefined],
      ['response', 'GET', '/api/v1/payment/plan/pp1', 1, 503, 'req-1'],
      ['request', 'GET', '/api/v1/payment/plan/pp1', 2, undefined, undefined],
      ['response', 'GET', '/api/v1/payment/plan/pp1', 2, 200, 'req-2'],
    ])
    assert.ok(seen.every(([k, e]) => k === 'request' || (typeof e.elapsedMs === 'number' && e.elapsedMs >= 0)))
    seen.length = 0
    await c.customers.create({ providerReferenceId: 'P1', firstName: SECRET_BODY }).catch(() => {})
    const dump = JSON.stringify(seen)
    assert.ok(!dump.includes(TOKEN) && !dump.includes(SECRET_BODY) && !dump.includes('0123456789abcdef'), dump)

    const throwing = client(srv.url, { onRequest: () => { throw new Error('hook bug') }, onResponse: () => { throw new Error('hook bug') } })
    const tx = await throwing.transactions.get('t1')
    assert.equal(tx.uuid, 't1')
  } finally {
    await srv.close()
  }
})

test('config: maxNetworkRetries and hooks are validated', () => {
  const bad = [
    [{ maxNetworkRetries: -1 }, 'config.maxNetworkRetries'],
    [{ maxNetworkRetries: 11 }, 'config.maxNetworkRetries'],
    [{ maxNetworkRetries: 1.5 }, 'config.maxNetworkRetries'],
    [{ maxNetworkRetries: '2' }, 'config.maxNetworkRetries'],
    [{ onRequest: 'log' }, 'config.onRequest'],
    [{ onResponse: {} }, 'config.onResponse'],
  ]
  for (const [extra, field] of bad) {
    assert.throws(() => client('http://127.0.0.1:9', extra), (e) => e.field === field, JSON.stringify(extra))
  }
  assert.ok(client('http://127.0.0.1:9', { maxNetworkRetries: 0, onRequest: () => {} }))
})

test('no unhandled rejections happened', async () => {
  await new Promise((r) => setTimeout(r, 50))
  assert.deepEqual(unhandled, [])
})

'use strict'
// Connection discipline against real servers (Node's `https` and `http2` servers, Debian's
// nginx), asserted on counts the servers keep, not on timings: a cold burst opens no more
// connections than calls in flight, a GOAWAY starts no reconnect storm, idle connections retire
// before the server drops them, and `maxConnections` caps what is open (queued calls time out
// and abort cleanly). The private CA is trusted through NODE_EXTRA_CA_CERTS, set before the addon
// builds its first client (the core reads it once per process).

const test = require('node:test')
const assert = require('node:assert/strict')
const https = require('node:https')
const http2 = require('node:http2')
const { createCa } = require('./helpers/tls-ca')
const { startNginx } = require('./helpers/nginx')

const ca = createCa()
const leaf = ca.issue()
process.env.NODE_EXTRA_CA_CERTS = ca.certPath
const { Coherent, CoherentAbortError, CoherentTimeoutError, CoherentValidationError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const TX = '{"uuid":"t1","status":"unpaid","amount":1000}'
const tls = () => ({ key: require('node:fs').readFileSync(leaf.keyPath), cert: require('node:fs').readFileSync(leaf.certPath) })

test.after(() => ca.cleanup())

/**
 * A Node HTTPS (HTTP/1.1) server counting TLS handshakes and the most sockets open at once;
 * `delayMs` holds each answer; `seen` lists request paths in arrival order.
 */
async function httpsServer({ delayMs = 0, keepAliveTimeout = 5000 } = {}) {
  const stats = { handshakes: 0, open: 0, maxOpen: 0, seen: [] }
  const server = https.createServer(tls(), (req, res) => {
    stats.seen.push(req.url)
    req.resume()
    req.on('end', () => setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(TX)
    }, delayMs))
  })
  server.keepAliveTimeout = keepAliveTimeout
  server.on('secureConnection', (socket) => {
    stats.handshakes++
    stats.maxOpen = Math.max(stats.maxOpen, ++stats.open)
    socket.on('close', () => stats.open--)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    stats,
    url: `https://localhost:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }),
  }
}

/** `calls` GETs through `c`, `inFlight` at a time; the codes of the failures. */
async function burst(c, calls, inFlight) {
  let started = 0
  const failed = []
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (started < calls) {
      started++
      try {
        await c.transactions.get('t1')
      } catch (e) {
        failed.push(e.code || String(e))
      }
    }
  }))
  return failed
}

/** The same burst through Node's keep-alive agent (what the official client rides on). */
async function nodeAgentBurst(url, calls, inFlight) {
  const agent = new https.Agent({ keepAlive: true, ca: require('node:fs').readFileSync(ca.certPath) })
  const get = () => new Promise((resolve, reject) => {
    https.get(`${url}/api/v1/transaction/t1`, { agent }, (res) => { res.resume(); res.on('end', resolve) }).on('error', reject)
  })
  let started = 0
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (started < calls) { started++; await get() }
  }))
  agent.destroy()
}

test('a cold burst over TLS and HTTP/1.1 opens no more connections than calls in flight (10, 50, 500)', async (t) => {
  for (const [calls, inFlight] of [[100, 10], [500, 50], [1000, 500]]) {
    const ours = await httpsServer()
    const node = await httpsServer()
    try {
      const failed = await burst(new Coherent({ token: TOKEN, baseUrl: ours.url }), calls, inFlight)
      await nodeAgentBurst(node.url, calls, inFlight)
      t.diagnostic(`${calls} GETs, ${inFlight} in flight: ours ${ours.stats.handshakes} TLS handshakes, ` +
        `Node's https.Agent ${node.stats.handshakes}`)
      assert.deepEqual(failed, [])
      assert.equal(ours.stats.seen.length, calls)
      assert.ok(ours.stats.handshakes <= inFlight, `${ours.stats.handshakes} handshakes for ${inFlight} in flight`)
    } finally {
      await ours.close()
      await node.close()
    }
  }
})

/**
 * A Node HTTP/2 server over TLS that ends each connection after `streamsPerConnection` streams:
 * the last one is answered after a GOAWAY naming it, later ones on that connection are refused.
 */
async function h2Server({ streamsPerConnection = Infinity } = {}) {
  const stats = { handshakes: 0, served: 0 }
  const server = http2.createSecureServer(tls())
  server.on('secureConnection', () => stats.handshakes++)
  server.on('stream', (stream) => {
    stream.on('error', () => {}) // a refused stream's own error
    const session = stream.session
    session.streams = (session.streams || 0) + 1
    if (session.streams > streamsPerConnection) {
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM)
      return
    }
    if (session.streams === streamsPerConnection) session.goaway(http2.constants.NGHTTP2_NO_ERROR, stream.id)
    stats.served++
    stream.respond({ ':status': 200, 'content-type': 'application/json' })
    stream.end(TX)
    if (session.streams === streamsPerConnection) stream.on('close', () => session.close())
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const sessions = new Set()
  server.on('session', (s) => { sessions.add(s); s.on('close', () => sessions.delete(s)) })
  return {
    stats,
    url: `https://localhost:${server.address().port}`,
    close: () => new Promise((resolve) => { for (const s of sessions) s.destroy(); server.close(resolve) }),
  }
}

test('a cold burst with h2 offered shares one connection', async (t) => {
  const server = await h2Server()
  try {
    const failed = await burst(new Coherent({ token: TOKEN, baseUrl: server.url }), 500, 50)
    t.diagnostic(`500 GETs, 50 in flight over HTTP/2: ${server.stats.handshakes} TLS handshake(s)`)
    assert.deepEqual(failed, [])
    assert.equal(server.stats.handshakes, 1)
  } finally {
    await server.close()
  }
})

test('a GOAWAY every 100 streams starts no reconnect storm: at most 2x the connections needed, no call lost', async (t) => {
  const server = await h2Server({ streamsPerConnection: 100 })
  try {
    const failed = await burst(new Coherent({ token: TOKEN, baseUrl: server.url }), 2000, 50)
    t.diagnostic(`2,000 GETs, 50 in flight, GOAWAY after 100 streams: ${server.stats.handshakes} TLS ` +
      `handshakes (20 needed), ${server.stats.served} streams served`)
    assert.deepEqual(failed, [])
    assert.ok(server.stats.handshakes <= 40, `${server.stats.handshakes} connections`)
  } finally {
    await server.close()
  }
})

test('maxConnections caps the connections open; calls beyond it wait in order', async (t) => {
  const server = await httpsServer({ delayMs: 50 })
  try {
    const c = new Coherent({ token: TOKEN, baseUrl: server.url, maxConnections: 2 })
    const paths = Array.from({ length: 12 }, (_, i) => `q${i}`)
    const results = await Promise.all(paths.map((p) => c.transactions.get(p)))
    t.diagnostic(`12 calls with maxConnections 2: ${server.stats.handshakes} handshakes, at most ${server.stats.maxOpen} open`)
    assert.equal(results.length, 12)
    assert.ok(server.stats.maxOpen <= 2, `${server.stats.maxOpen} open at once`)
    assert.ok(server.stats.handshakes <= 2, `${server.stats.handshakes} opened`)
    assert.deepEqual(server.stats.seen, paths.map((p) => `/api/v1/transaction/${p}`), 'served in call order')
  } finally {
    await server.close()
  }
})

test('maxConnections: a queued call times out and one aborts cleanly, neither ever sent', async () => {
  const server = await httpsServer({ delayMs: 1500 })
  try {
    const c = new Coherent({ token: TOKEN, baseUrl: server.url, maxConnections: 1 })
    const holder = c.transactions.get('holder')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = performance.now()
    const timedOut = await c.transactions.get('late', { timeout: 300 }).catch((e) => e)
    assert.ok(timedOut instanceof CoherentTimeoutError, String(timedOut))
    assert.ok(performance.now() - started < 1000, 'the wait counted against the timeout')
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const aborted = await c.transactions.get('aborted', { signal: controller.signal }).catch((e) => e)
    assert.ok(aborted instanceof CoherentAbortError, String(aborted))
    assert.equal((await holder).uuid, 't1')
    assert.equal((await c.transactions.get('after')).uuid, 't1', 'the queue moves on')
    assert.deepEqual(server.stats.seen, ['/api/v1/transaction/holder', '/api/v1/transaction/after'])
  } finally {
    await server.close()
  }
})

test('config.maxConnections must be an integer from 1 to 65535: a typed error naming the field', () => {
  for (const bad of [0, -1, 1.5, 65536, '2', null, NaN]) {
    assert.throws(() => new Coherent({ token: TOKEN, baseUrl: 'https://localhost:1', maxConnections: bad }), (e) => {
      assert.ok(e instanceof CoherentValidationError, String(e))
      assert.equal(e.field, 'config.maxConnections')
      return true
    }, String(bad))
  }
  assert.ok(new Coherent({ token: TOKEN, baseUrl: 'https://localhost:1', maxConnections: 65535 }))
})

test('idle connections are reused within 4 s and retired after; Keep-Alive: timeout=N retires them sooner', async () => {
  const server = await httpsServer({ keepAliveTimeout: 30_000 })
  const brief = await httpsServer({ keepAliveTimeout: 1000 }) // answers carry Keep-Alive: timeout=1
  try {
    const c = new Coherent({ token: TOKEN, baseUrl: server.url })
    await c.transactions.get('a')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await c.transactions.get('b')
    assert.equal(server.stats.handshakes, 1, 'reused after 1.5 s idle')
    await new Promise((resolve) => setTimeout(resolve, 4300))
    await c.transactions.get('c')
    assert.equal(server.stats.handshakes, 2, 'retired after 4 s idle')

    const k = new Coherent({ token: TOKEN, baseUrl: brief.url })
    await k.transactions.get('a')
    await k.transactions.get('b')
    assert.equal(brief.stats.handshakes, 1)
    await new Promise((resolve) => setTimeout(resolve, 700))
    await k.transactions.get('c')
    assert.equal(brief.stats.handshakes, 2, 'retired after 0.5 s idle (the server keeps 1 s)')
  } finally {
    await server.close()
    await brief.close()
  }
})

test('nginx keepalive_timeout 1s with its Keep-Alive header: POSTs after 1 s idle all succeed', async (t) => {
  const nginx = await startNginx({
    listen: 'ssl',
    http: 'keepalive_timeout 1s 1s;',
    server: `ssl_certificate ${leaf.certPath}; ssl_certificate_key ${leaf.keyPath};
      location = /api/v1/transaction { default_type application/json; return 200 '${TX}'; }`,
  })
  try {
    const c = new Coherent({ token: TOKEN, baseUrl: nginx.url.replace('127.0.0.1', 'localhost'), maxNetworkRetries: 0 })
    const failed = []
    for (let i = 0; i < 6; i++) {
      await c.transactions.create({ amount: 1000, name: 'J' }).catch((e) => failed.push(e.code))
      await new Promise((resolve) => setTimeout(resolve, 999 + (i % 3)))
    }
    const log = nginx.accessLog()
    t.diagnostic(`6 POSTs after 999-1001 ms idle: ${failed.length} failed, ${new Set(log.map((l) => l.connection)).size} connections`)
    assert.deepEqual(failed, [])
    assert.equal(log.length, 6)
  } finally {
    await nginx.stop()
  }
})

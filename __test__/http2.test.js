'use strict'
// HTTP/2 over TLS against real peers: Debian's nginx (h2 through ALPN, and a listener without
// http2 for the fall-back) and, for what nginx cannot do (stall, refuse a stream, GOAWAY at a
// chosen stream), Node's own HTTP/2 server (nghttp2). A private CA made with openssl is trusted
// through NODE_EXTRA_CA_CERTS, which the core reads once per process: it is set before the addon
// builds its first client. Connection counts are printed (`t.diagnostic`).

const test = require('node:test')
const assert = require('node:assert/strict')
const http2 = require('node:http2')
const { createCa } = require('./helpers/tls-ca')
const { startNginx } = require('./helpers/nginx')
const { startSquid } = require('./helpers/squid')

const ca = createCa()
// gateway.test: a name only the proxy resolves (its hosts_file), so the client must tunnel to it.
const leaf = ca.issue({ names: ['localhost', '127.0.0.1', '::1', 'gateway.test'] })
process.env.NODE_EXTRA_CA_CERTS = ca.certPath
const { Coherent, CoherentApiError, CoherentAbortError, CoherentConnectionError, CoherentTimeoutError, CoherentValidationError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const MB = 1024 * 1024
const TX = '{"uuid":"t1","status":"unpaid","amount":1000}'
/** Allowed lateness of a timeout or abort, in ms (a loaded 2-core machine included). */
const MARGIN = 400

// The same locations on every nginx listener; only `listen` differs.
const LOCATIONS = `
  ssl_certificate ${leaf.certPath};
  ssl_certificate_key ${leaf.keyPath};
  location = /api/v1/transaction/unavailable { return 503; }
  location = /api/v1/transaction { return 503; }
  location = /api/v1/transaction/big { default_type application/json; try_files /big.json =404; }
  location /api/v1/transaction/ { default_type application/json; return 200 '${TX}'; }
`
const FILES = { 'big.json': `{"uuid":"${'x'.repeat(11 * MB)}"}` }

let h2, h1, h2Long
test.before(async () => {
  h2 = await startNginx({ listen: 'ssl http2', server: LOCATIONS, files: FILES })
  h1 = await startNginx({ listen: 'ssl', server: LOCATIONS, files: FILES })
  // nginx ends a connection after `keepalive_requests` (1000) requests, HTTP/2 ones with a GOAWAY;
  // this listener keeps it, to show what the client itself opens.
  h2Long = await startNginx({ listen: 'ssl http2', server: `keepalive_requests 100000; ${LOCATIONS}` })
})
test.after(async () => {
  await h2?.stop()
  await h1?.stop()
  await h2Long?.stop()
  ca.cleanup()
})

/** A client recording its hook events; `http2` as given (undefined = the default). */
function client(baseUrl, extra = {}) {
  const events = []
  const c = new Coherent({
    token: TOKEN,
    baseUrl,
    onRequest: (e) => events.push({ kind: 'request', ...e }),
    onResponse: (e) => events.push({ kind: 'response', ...e }),
    ...extra,
  })
  return { c, events, responses: () => events.filter((e) => e.kind === 'response') }
}

/** The access log lines nginx wrote since `before` lines, for `uri`. */
function logSince(nginx, before, uri) {
  return nginx.accessLog().slice(before).filter((l) => !uri || l.uri === uri)
}

/** As `logSince`, waiting up to 2 s for `count` lines (nginx logs a request when it is done with it, which may be after the client has its answer). */
async function loggedSince(nginx, before, uri, count = 1) {
  for (let waited = 0; waited < 2000; waited += 20) {
    const lines = logSince(nginx, before, uri)
    if (lines.length >= count) return lines
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return logSince(nginx, before, uri)
}

async function settled(promise) {
  const started = performance.now()
  try {
    return { value: await promise, ms: performance.now() - started }
  } catch (error) {
    return { error, ms: performance.now() - started }
  }
}

/** 5,000 concurrent `transactions.get` (or `call(c, i)`) through one fresh client; what nginx saw. */
async function burst(nginx, extra, call = (c, i) => c.transactions.get(`t${i}`)) {
  const before = nginx.accessLog().length
  const { c, responses } = client(nginx.url, extra)
  const results = await Promise.allSettled(Array.from({ length: 5000 }, (_, i) => call(c, i)))
  const failed = results.filter((r) => r.status === 'rejected').map((r) => `${r.reason.code}: ${r.reason.message}`)
  const log = await loggedSince(nginx, before, undefined, 5000)
  const ok = log.filter((l) => l.status === '200')
  return {
    failed,
    fulfilled: results.filter((r) => r.status === 'fulfilled' && r.value.uuid === 't1').length,
    served: ok.length,
    connections: new Set(ok.map((l) => l.connection)).size,
    // Connections that carried one request each: the signature of a storm (a connection that
    // hyper-util did not pool, because the pool still held another, serves only its own call).
    lone: [...ok.reduce((n, l) => n.set(l.connection, (n.get(l.connection) || 0) + 1), new Map()).values()]
      .filter((requests) => requests === 1).length,
    // nginx numbers connections in accept order: the span is how many this burst opened,
    // including any handshake that never carried a request.
    accepted: Math.max(...log.map((l) => +l.connection)) - Math.min(...log.map((l) => +l.connection)) + 1,
    protocols: [...new Set(log.map((l) => l.protocol))],
    versions: [...new Set(responses().filter((e) => e.status === 200).map((e) => e.httpVersion))],
    retriedAfter: responses().filter((e) => e.error).map((e) => e.error),
  }
}

// Half the HTTP/2 burst are POSTs and no retry is allowed: every stream a GOAWAY left
// unprocessed, and every request hyper dropped unsent when it ended the connection ("dispatch task
// is gone", hyperium/hyper#2500: lost 1 call in 2 of 3 runs before), must be resent within its
// attempt, and through a new connection pool (before, 133-2,975 connections in half the runs).
const getOrPost = (c, i) => i % 2
  ? c.request({ method: 'POST', path: '/api/v1/transaction/{id}', params: { id: `t${i}` }, body: { amount: 1000 } })
  : c.transactions.get(`t${i}`)

test('5,000 concurrent calls over HTTP/2 share a few connections, none lost; HTTP/1.1 needs thousands', async (t) => {
  const over2 = await burst(h2, { maxNetworkRetries: 0 }, getOrPost)
  const over1 = await burst(h1)
  const kept = await burst(h2Long)
  t.diagnostic(`HTTP/2 listener: 5000 calls over ${over2.connections} connection(s) (nginx closes each ` +
    `with a GOAWAY after 1000 requests; ${over2.lone} of them carried a single request), ` +
    `${over2.accepted} TLS connections accepted, ` +
    `${over2.retriedAfter.length} attempts retried (${over2.retriedAfter.join(', ') || 'none'})`)
  t.diagnostic(`HTTP/2 listener with keepalive_requests 100000: 5000 calls over ${kept.connections} ` +
    `connection(s), ${kept.accepted} TLS connection(s) accepted`)
  t.diagnostic(`HTTP/1.1 listener: 5000 calls over ${over1.connections} connections, ` +
    `${over1.accepted} TLS connections accepted`)
  for (const [name, r, protocol, version] of [['h2', over2, 'HTTP/2.0', '2'], ['h1', over1, 'HTTP/1.1', '1.1'], ['h2 kept', kept, 'HTTP/2.0', '2']]) {
    assert.deepEqual(r.failed, [], `${name}: no call lost`)
    assert.equal(r.fulfilled, 5000, name)
    assert.equal(r.served, 5000, `${name}: each call served once`)
    assert.deepEqual(r.protocols, [protocol], name)
    assert.deepEqual(r.versions, [version], `${name}: hooks see httpVersion ${version}`)
  }
  // nginx's keepalive_requests (1000) forces at least 5; a connection per call would be thousands.
  // A storm shows as hundreds of connections that carried a single request each.
  assert.ok(over2.connections <= 12, `HTTP/2 used ${over2.connections} connections, ${over2.lone} for a single request`)
  // The first call goes alone; the burst waits for its answer and shares its connection.
  assert.ok(kept.connections <= 2 && kept.accepted <= 3, `kept: ${kept.connections} used, ${kept.accepted} accepted`)
  // Streams a GOAWAY left unprocessed are resent within their attempt: no attempt fails.
  assert.deepEqual(over2.retriedAfter, [], 'no failed attempt over HTTP/2')
  assert.ok(over1.connections > 5 * over2.connections, `HTTP/1.1 used ${over1.connections}`)
})

test('falls back to HTTP/1.1 against a TLS listener without http2', async () => {
  const before = h1.accessLog().length
  const { c, responses } = client(h1.url)
  assert.equal((await c.transactions.get('t1')).uuid, 't1')
  assert.deepEqual((await loggedSince(h1, before)).map((l) => l.protocol), ['HTTP/1.1'])
  assert.equal(responses()[0].httpVersion, '1.1')
})

test('http2: false keeps HTTP/1.1 against a listener that offers h2', async () => {
  const before = h2.accessLog().length
  const { c, responses } = client(h2.url, { http2: false })
  await Promise.all([c.transactions.get('t1'), c.transactions.get('t2')])
  assert.deepEqual((await loggedSince(h2, before, undefined, 2)).map((l) => l.protocol), ['HTTP/1.1', 'HTTP/1.1'])
  assert.deepEqual(responses().map((e) => e.httpVersion), ['1.1', '1.1'])
  const { c: on, responses: onResponses } = client(h2.url, { http2: true })
  await on.transactions.get('t1')
  assert.equal(onResponses()[0].httpVersion, '2')
})

test('config.http2 must be a boolean: a typed error naming the field, before any I/O', () => {
  for (const bad of ['false', 0, 1, null, {}]) {
    assert.throws(() => new Coherent({ token: TOKEN, baseUrl: h2.url, http2: bad }), (e) => {
      assert.ok(e instanceof CoherentValidationError, String(e))
      assert.equal(e.field, 'config.http2')
      assert.match(e.message, /http2 must be a boolean/)
      return true
    })
  }
})

test('over HTTP/2: a 503 is retried for GET and sent once for POST, with hooks per attempt', async () => {
  const { c, events } = client(h2.url)
  const before = h2.accessLog().length
  const get = await settled(c.transactions.get('unavailable'))
  assert.ok(get.error instanceof CoherentApiError, String(get.error))
  assert.equal(get.error.status, 503)
  assert.equal(get.error.attempts, 3)
  const gets = await loggedSince(h2, before, '/api/v1/transaction/unavailable', 3)
  assert.deepEqual(gets.map((l) => `${l.protocol} ${l.status}`), Array(3).fill('HTTP/2.0 503'))
  assert.deepEqual(events.map((e) => `${e.kind} ${e.attempt} ${e.status ?? ''} ${e.httpVersion ?? ''}`.trim()), [
    'request 1', 'response 1 503 2', 'request 2', 'response 2 503 2', 'request 3', 'response 3 503 2',
  ])
  const post = await settled(c.transactions.create({ amount: 1000, name: 'J' }))
  assert.ok(post.error instanceof CoherentApiError, String(post.error))
  assert.equal(post.error.attempts, 1)
  assert.deepEqual((await loggedSince(h2, before, '/api/v1/transaction')).map((l) => `${l.method} ${l.protocol}`), ['POST HTTP/2.0'])
})

test('over HTTP/2: a body over 10 MB is refused, not retried', async () => {
  const { c, responses } = client(h2.url)
  const before = h2.accessLog().length
  const r = await settled(c.transactions.get('big'))
  assert.ok(r.error instanceof CoherentApiError, String(r.error))
  assert.match(r.error.message, /exceeds 10485760 bytes \(10 MB\)/)
  assert.equal(r.error.attempts, 1)
  assert.equal(responses()[0].error, 'ERR_RESPONSE_TOO_LARGE')
  assert.deepEqual((await loggedSince(h2, before, '/api/v1/transaction/big')).map((l) => l.protocol), ['HTTP/2.0'])
})

/**
 * Node's HTTP/2 server over TLS with the same certificate. `onStream(stream, headers, n)` handles
 * the n-th stream (0-based, over all sessions). `streams` lists `METHOD path`; `closed` the RST
 * code each stream ended with.
 */
async function nodeH2(onStream) {
  const streams = []
  const closed = []
  const sessions = new Set()
  const server = http2.createSecureServer({ key: leaf.keyPem, cert: leaf.certPem })
  server.on('session', (s) => { sessions.add(s); s.on('close', () => sessions.delete(s)); s.on('error', () => {}) })
  server.on('stream', (stream, headers) => {
    const n = streams.length
    streams.push(`${headers[':method']} ${headers[':path']}`)
    stream.on('error', () => {})
    stream.on('close', () => closed.push(stream.rstCode))
    onStream(stream, headers, n)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    streams,
    closed,
    close: () => new Promise((resolve) => {
      for (const s of sessions) s.destroy()
      server.close(resolve)
    }),
  }
}

const reply = (stream, body = TX) => stream.respond({ ':status': 200, 'content-type': 'application/json' }) || stream.end(body)

test('over HTTP/2: the call timeout cuts a stalled response and a stalled body; the stream is reset', async () => {
  const peer = await nodeH2((stream, headers) => {
    if (headers[':path'].endsWith('/body')) {
      stream.respond({ ':status': 200, 'content-type': 'application/json' })
      stream.write('{"uuid":')
    }
  })
  try {
    const { c, responses } = client(peer.url)
    for (const path of ['head', 'body']) {
      const r = await settled(c.transactions.get(path, { timeout: 500 }))
      assert.ok(r.error instanceof CoherentTimeoutError, String(r.error))
      assert.ok(r.ms >= 480 && r.ms < 500 + MARGIN, `${path}: ${r.ms} ms`)
    }
    assert.deepEqual(responses().map((e) => e.error), ['ECONNABORTED', 'ECONNABORTED'])
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.deepEqual(peer.closed, [http2.constants.NGHTTP2_CANCEL, http2.constants.NGHTTP2_CANCEL])
    assert.equal(peer.streams.length, 2, 'a timed-out call is not retried')
  } finally {
    await peer.close()
  }
})

test('over HTTP/2: abort drops the stream at once; the connection serves the next call', async () => {
  const peer = await nodeH2((stream, headers) => { if (!headers[':path'].endsWith('/stall')) reply(stream) })
  try {
    const { c } = client(peer.url)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 200)
    const r = await settled(c.transactions.get('stall', { signal: controller.signal }))
    assert.ok(r.error instanceof CoherentAbortError, String(r.error))
    assert.ok(r.ms < 200 + MARGIN, `${r.ms} ms`)
    assert.equal((await c.transactions.get('t1')).uuid, 't1')
    assert.equal(peer.closed[0], http2.constants.NGHTTP2_CANCEL)
  } finally {
    await peer.close()
  }
})

test('over HTTP/2: a POST refused with REFUSED_STREAM was not processed: resent within the attempt', async () => {
  const peer = await nodeH2((stream, _h, n) => (n === 0 ? stream.close(http2.constants.NGHTTP2_REFUSED_STREAM) : reply(stream)))
  try {
    const { c, responses } = client(peer.url, { maxNetworkRetries: 0 })
    const link = await c.transactions.create({ amount: 1000, name: 'J' })
    assert.equal(link.uuid, 't1')
    assert.deepEqual(peer.streams, ['POST /api/v1/transaction', 'POST /api/v1/transaction'])
    assert.deepEqual(peer.closed, [http2.constants.NGHTTP2_REFUSED_STREAM, http2.constants.NGHTTP2_NO_ERROR])
    // As hyper resends an HTTP/1.1 request a closing connection never took: one attempt.
    assert.deepEqual(responses().map((e) => `${e.attempt} ${e.status} ${e.httpVersion}`), ['1 200 2'])
  } finally {
    await peer.close()
  }
})

test('over HTTP/2: a server refusing every stream: 6 sends per attempt, then a POST retry like any unsent request', async () => {
  const peer = await nodeH2((stream) => stream.close(http2.constants.NGHTTP2_REFUSED_STREAM))
  try {
    const { c, responses } = client(peer.url, { maxNetworkRetries: 1 })
    const r = await settled(c.transactions.create({ amount: 1000, name: 'J' }))
    assert.ok(r.error instanceof CoherentConnectionError, String(r.error))
    assert.equal(r.error.code, 'ERR_HTTP2_STREAM_ERROR')
    assert.equal(r.error.attempts, 2)
    assert.match(r.error.message, /refused/i)
    assert.equal(peer.streams.length, 12)
    assert.deepEqual(responses().map((e) => e.error), ['ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_STREAM_ERROR'])
  } finally {
    await peer.close()
  }
})

test('over HTTP/2: a POST beyond a GOAWAY\'s last stream id is resent on a new connection; the one below is answered', async () => {
  let first
  const sessions = new Set()
  const peer = await nodeH2((stream, _h, n) => {
    sessions.add(stream.session)
    if (n === 0) first = stream
    if (n === 1) {
      // Both calls' streams are open on one connection: process the first, decline the second.
      stream.session.goaway(http2.constants.NGHTTP2_NO_ERROR, first.id)
      reply(first)
    }
    if (n >= 2) reply(stream)
  })
  try {
    const { c, responses } = client(peer.url, { maxNetworkRetries: 0 })
    const results = await Promise.all([
      settled(c.transactions.create({ amount: 1000, name: 'J' })),
      settled(c.transactions.create({ amount: 2000, name: 'K' })),
    ])
    assert.deepEqual(results.map((r) => r.value?.uuid ?? String(r.error)), ['t1', 't1'])
    assert.equal(peer.streams.length, 3, 'the declined stream was sent once more')
    assert.equal(sessions.size, 2, 'on a new connection')
    assert.deepEqual(responses().map((e) => `${e.attempt} ${e.status}`), ['1 200', '1 200'])
  } finally {
    await peer.close()
  }
})

test('over HTTP/2: any other stream reset may have been processed: POST once, GET retried', async () => {
  const peer = await nodeH2((stream) => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR))
  try {
    const { c } = client(peer.url)
    const post = await settled(c.transactions.create({ amount: 1000, name: 'J' }))
    assert.ok(post.error instanceof CoherentConnectionError, String(post.error))
    assert.equal(post.error.code, 'ERR_HTTP2_STREAM_ERROR')
    assert.equal(post.error.attempts, 1)
    assert.equal(peer.streams.length, 1)
    const get = await settled(c.transactions.get('t1', { maxNetworkRetries: 1 }))
    assert.equal(get.error?.attempts, 2, String(get.error))
    assert.deepEqual(peer.streams.slice(1), ['GET /api/v1/transaction/t1', 'GET /api/v1/transaction/t1'])
  } finally {
    await peer.close()
  }
})

test('a fresh client\'s calls wait for the first handshake, not the first answer: a slow answer holds no one', async () => {
  const sessions = new Set()
  const peer = await nodeH2((stream, headers) => {
    sessions.add(stream.session)
    if (headers[':path'].endsWith('/slow')) setTimeout(() => reply(stream), 2500)
    else reply(stream)
  })
  try {
    const { c } = client(peer.url)
    const slow = settled(c.transactions.get('slow'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const quick = await settled(c.transactions.get('quick'))
    assert.equal(quick.value?.uuid, 't1', String(quick.error))
    assert.ok(quick.ms < 1000, `the quick call shared the connection at once: ${quick.ms} ms`)
    assert.equal((await slow).value?.uuid, 't1')
    assert.equal(sessions.size, 1, 'one connection')
  } finally {
    await peer.close()
  }
})

test('through an HTTPS_PROXY (squid CONNECT), ALPN still picks HTTP/2 end to end', async () => {
  const squid = await startSquid({ users: { clinic: 'proxy-pw' }, hosts: { 'gateway.test': '127.0.0.1' } })
  try {
    process.env.HTTPS_PROXY = `http://clinic:proxy-pw@127.0.0.1:${squid.port}` // read when a client is built
    const { c, responses } = client(`https://gateway.test:${h2Long.port}`)
    delete process.env.HTTPS_PROXY
    const before = h2Long.accessLog().length
    await Promise.all([c.transactions.get('t1'), c.transactions.get('t2')])
    const logged = await loggedSince(h2Long, before, undefined, 2)
    assert.deepEqual(logged.map((l) => l.protocol), ['HTTP/2.0', 'HTTP/2.0'])
    assert.equal(new Set(logged.map((l) => l.connection)).size, 1)
    assert.deepEqual(responses().map((e) => e.httpVersion), ['2', '2'])
    await squid.stop() // a tunnel is logged when it closes
    assert.ok(squid.accessLog().some((l) => l.status === 'TCP_TUNNEL/200' && l.method === 'CONNECT' &&
      l.url === `gateway.test:${h2Long.port}`), JSON.stringify(squid.accessLog()))
  } finally {
    delete process.env.HTTPS_PROXY
    await squid.stop()
  }
})

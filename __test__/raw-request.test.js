'use strict'
// coherent.request({ method, path, params, query, body }, options?): the escape hatch for
// endpoints this client does not wrap yet. Loopback servers (port 0) record the bytes each method
// sends; hostile ids stay in their segment; bad input is refused before any I/O; retries follow
// the method (GET/PUT/DELETE like today's GET/PUT, POST/PATCH never once sent); timeout, abort and
// hooks behave as on every method; and the sandbox answers it like the wrapped calls.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { Recorder } = require('./helpers/recorder.js')
const {
  Coherent, Sandbox, CoherentValidationError, CoherentApiError, CoherentTimeoutError, CoherentAbortError,
  CoherentConnectionError,
} = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'

async function withRecorder(fn) {
  const srv = await new Recorder().listen()
  try {
    await fn(srv, `http://127.0.0.1:${srv.port}`)
  } finally {
    await srv.close()
  }
}

const client = (baseUrl, extra) => new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, ...extra })
const rejection = (promise) => promise.then((v) => assert.fail(`resolved with ${JSON.stringify(v)}`), (e) => e)

/** The header names a request carried, lower case, in the order sent. */
const headerNames = (record) => record.rawHeaders.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase())

test('each method sends its bytes: path, query, token, JSON body with Content-Type only when there is one', async () => {
  await withRecorder(async (srv, baseUrl) => {
    const c = client(baseUrl)
    srv.always({ body: '{"ok":true}' })
    const cases = [
      [{ method: 'GET', path: '/api/v1/invoice', query: { page: 2, open: true, q: 'a b&c=d/é', skip: undefined } },
        'GET', '/api/v1/invoice?page=2&open=true&q=a%20b%26c%3Dd%2F%C3%A9', null],
      [{ method: 'post', path: '/api/v1/invoice', body: { z: 1, a: [true, null], 'é': 'ü' } }, 'POST', '/api/v1/invoice', '{"z":1,"a":[true,null],"é":"ü"}'],
      [{ method: 'Put', path: '/api/v1/invoice/{id}', params: { id: 'inv-1' }, body: { total: 10 } }, 'PUT', '/api/v1/invoice/inv-1', '{"total":10}'],
      [{ method: 'PATCH', path: '/api/v1/invoice/{id}', params: { id: 7 }, body: { note: null } }, 'PATCH', '/api/v1/invoice/7', '{"note":null}'],
      [{ method: 'delete', path: '/api/v1/invoice/{id}/', params: { id: 'inv-1' } }, 'DELETE', '/api/v1/invoice/inv-1/', null],
      [{ method: 'DELETE', path: '/api/v1/invoice/{id}', params: { id: 'x' }, body: null }, 'DELETE', '/api/v1/invoice/x', 'null'],
      [{ method: 'GET', path: '/api/v1/n', query: { big: 1e21, small: 0.1, neg: -0 } }, 'GET', '/api/v1/n?big=1e%2B21&small=0.1&neg=0', null],
    ]
    for (const [init, method, url, body] of cases) {
      assert.deepEqual(await c.request(init), { ok: true }, JSON.stringify(init))
      const [r] = srv.take()
      assert.equal(r.method, method)
      assert.equal(r.url, url)
      assert.equal(r.headers['access-token'], TOKEN)
      assert.equal(r.headers.accept, 'application/json, text/plain, */*')
      if (body === null) {
        assert.equal(r.bodyBytes.length, 0, `${method} ${url} has no body`)
        assert.equal(r.headers['content-type'], undefined, `${method} ${url} has no Content-Type`)
      } else {
        assert.equal(r.body, body)
        assert.equal(r.headers['content-type'], 'application/json')
      }
    }
  })
})

test('a raw request sends the same bytes as the wrapped method for the same call', async () => {
  await withRecorder(async (srv, baseUrl) => {
    const c = client(baseUrl)
    srv.always({ body: '{"uuid":"t1","status":"unpaid"}' })
    await c.transactions.create({ amount: 1000, name: 'Ada' })
    await c.request({ method: 'POST', path: '/api/v1/transaction', body: { amount: 1000, name: 'Ada' } })
    await c.transactions.get('t/1')
    await c.request({ method: 'GET', path: '/api/v1/transaction/{uuid}', params: { uuid: 't/1' } })
    const [wrappedPost, rawPost, wrappedGet, rawGet] = srv.take()
    for (const [wrapped, raw] of [[wrappedPost, rawPost], [wrappedGet, rawGet]]) {
      assert.equal(raw.method, wrapped.method)
      assert.equal(raw.url, wrapped.url)
      assert.deepEqual(headerNames(raw), headerNames(wrapped))
      assert.deepEqual(raw.headers, wrapped.headers)
      assert.equal(raw.rawBody, wrapped.rawBody)
    }
  })
})

test('hostile ids stay in their one segment, escaped as every method escapes ids', async () => {
  await withRecorder(async (srv, baseUrl) => {
    const c = client(baseUrl)
    for (const [id, sent] of [
      ['../merchant?x=1#f', '..%2Fmerchant%3Fx%3D1%23f'],
      ['a b/ü', 'a%20b%2F%C3%BC'],
      ['%2e%2e', '%252e%252e'],
      ['..\\..', '..%5C..'],
      ['{id}', '%7Bid%7D'],
    ]) {
      await c.request({ method: 'GET', path: '/api/v1/transaction/{uuid}/refund', params: { uuid: id } })
      assert.equal(srv.take()[0].url, `/api/v1/transaction/${sent}/refund`, id)
    }
  })
})

test('the answer is the parsed JSON body as it is, null when empty; a 2xx text body is a CoherentApiError', async () => {
  await withRecorder(async (srv, baseUrl) => {
    const c = client(baseUrl)
    const get = () => c.request({ method: 'GET', path: '/x' })
    for (const [body, value] of [['{"b":1,"a":2}', { b: 1, a: 2 }], ['[1,"x"]', [1, 'x']], ['0', 0], ['false', false], ['""', ''], ['null', null], ['', null]]) {
      srv.respond({ body })
      const got = await get()
      assert.deepEqual(got, value, JSON.stringify(body))
      if (body.startsWith('{')) assert.deepEqual(Object.keys(got), ['b', 'a'])
    }
    srv.respond({ status: 204 })
    assert.equal(await get(), null)
    srv.respond({ headers: { 'content-type': 'text/html' }, body: '<html>proxy</html>' })
    const err = await rejection(get())
    assert.ok(err instanceof CoherentApiError)
    assert.equal(err.status, 200)
    assert.equal(err.response.data, '<html>proxy</html>')
    srv.respond({ status: 422, body: '{"message":"bad"}' })
    const api = await rejection(get())
    assert.ok(api instanceof CoherentApiError)
    assert.equal(api.status, 422)
    assert.deepEqual(api.response.data, { message: 'bad' })
    assert.deepEqual(api.config, { method: 'get', url: `${baseUrl}/x` })
  })
})

test('bad input rejects with CoherentValidationError naming the field, before any I/O', async () => {
  await withRecorder(async (srv, baseUrl) => {
    const c = client(baseUrl)
    const cases = [
      [undefined, 'request'], [null, 'request'], ['GET /x', 'request'], [[], 'request'],
      [{ method: 'GET', path: '/x', headers: {} }, 'request.headers'],
      [{ path: '/x' }, 'method'], [{ method: 'HEAD', path: '/x' }, 'method'], [{ method: 'CONNECT', path: '/x' }, 'method'],
      [{ method: 1, path: '/x' }, 'method'],
      [{ method: 'GET' }, 'path'], [{ method: 'GET', path: 42 }, 'path'],
      ...['', 'x', 'https://evil.example/x', '//evil.example/x', '/a//b', '/a/../b', '/a/./b', '/a?b=1', '/a#f', '/a%2F..',
        '/a b', '/a\\b', '/a\nb', '/a\u0000', '/é', '/x{id}', '/{id}x', '/{1}', '/{}'].map((path) => [{ method: 'GET', path, params: { id: '1' } }, 'path']),
      [{ method: 'GET', path: '/a/{id}' }, 'params.id'],
      [{ method: 'GET', path: '/a/{id}', params: { id: '' } }, 'params.id'],
      [{ method: 'GET', path: '/a/{id}', params: { id: '..' } }, 'params.id'],
      [{ method: 'GET', path: '/a/{id}', params: { id: 1.5 } }, 'params.id'],
      [{ method: 'GET', path: '/a/{id}', params: { id: null } }, 'params.id'],
      [{ method: 'GET', path: '/a/{id}', params: { id: { toString: () => 'x' } } }, 'params.id'],
      [{ method: 'GET', path: '/a/{id}', params: { id: '1', ix: '2' } }, 'params.ix'],
      [{ method: 'GET', path: '/a', params: [] }, 'params'],
      [{ method: 'GET', path: '/a', params: 'id=1' }, 'params'],
      [{ method: 'GET', path: '/a', query: 'a=1' }, 'query'],
      [{ method: 'GET', path: '/a', query: [['a', '1']] }, 'query'],
      [{ method: 'GET', path: '/a', query: { a: null } }, 'query.a'],
      [{ method: 'GET', path: '/a', query: { a: [1, 2] } }, 'query.a'],
      [{ method: 'GET', path: '/a', query: { a: {} } }, 'query.a'],
      [{ method: 'GET', path: '/a', query: { a: NaN } }, 'query.a'],
      [{ method: 'GET', path: '/a', query: { a: Infinity } }, 'query.a'],
      [{ method: 'GET', path: '/a', query: { a: 1n } }, 'query.a'],
      [{ method: 'GET', path: '/a', query: { '': 'x' } }, 'query'],
      [{ method: 'GET', path: '/a', body: {} }, 'body'],
      [{ method: 'POST', path: '/a', body: { n: 1n } }, 'body'],
      [{ method: 'POST', path: '/a', body: () => 1 }, 'body'],
      [{ method: 'POST', path: '/a', body: { amount: NaN } }, 'body.amount'],
      [{ method: 'POST', path: '/a', body: { at: new Date(NaN) } }, 'body.at'],
    ]
    for (const [init, field] of cases) {
      const err = await rejection(c.request(init))
      assert.ok(err instanceof CoherentValidationError, `${String(init && init.path)}: ${err}`)
      assert.equal(err.field, field, `${require('node:util').inspect(init)} -> ${err.message}`)
      assert.equal(err.attempts, 0)
    }
    const cyclic = {}
    cyclic.self = cyclic
    assert.equal((await rejection(c.request({ method: 'POST', path: '/a', body: cyclic }))).field, 'body')
    assert.equal((await rejection(c.request({ method: 'GET', path: '/a' }, { timeout: 0 }))).field, 'options.timeout')
    assert.equal(srv.take().length, 0, 'nothing was sent')
  })
})

test('retries follow the method: GET, PUT, DELETE like the wrapped GET/PUT; POST and PATCH are never replayed', async () => {
  await withRecorder(async (srv, baseUrl) => {
    const c = client(baseUrl, { maxNetworkRetries: 2 })
    srv.always({ status: 503, headers: { 'content-type': 'application/json', 'retry-after': '0' }, body: '{}' })
    for (const [method, attempts] of [['GET', 3], ['PUT', 3], ['DELETE', 3], ['POST', 1], ['PATCH', 1]]) {
      const err = await rejection(c.request({ method, path: '/r', ...(method !== 'GET' && { body: { n: 1 } }) }))
      assert.ok(err instanceof CoherentApiError)
      assert.equal(err.attempts, attempts, method)
      assert.equal(srv.take().length, attempts, `${method} sent ${attempts} time(s)`)
    }
  })
  // A connection reset once the request arrived: it may have been acted on.
  let received = 0
  const resetting = http.createServer((req) => {
    received++
    req.socket.destroy()
  })
  await new Promise((resolve) => resetting.listen(0, '127.0.0.1', resolve))
  try {
    const c = client(`http://127.0.0.1:${resetting.address().port}`, { maxNetworkRetries: 1 })
    for (const [method, attempts] of [['DELETE', 2], ['PATCH', 1], ['POST', 1]]) {
      received = 0
      const err = await rejection(c.request({ method, path: '/r', body: { n: 1 } }))
      assert.ok(err instanceof CoherentConnectionError, String(err))
      assert.equal(err.attempts, attempts, method)
      assert.equal(received, attempts, `${method} reached the server ${attempts} time(s)`)
    }
  } finally {
    resetting.closeAllConnections()
    await new Promise((resolve) => resetting.close(resolve))
  }
})

test('timeout, abort and hooks work as on every method', async () => {
  const events = []
  const silent = http.createServer(() => {}) // accepts, never answers
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve))
  try {
    const c = client(`http://127.0.0.1:${silent.address().port}`, {
      maxNetworkRetries: 0,
      onRequest: (e) => events.push(['request', e.method, e.path, e.attempt]),
      onResponse: (e) => events.push(['response', e.method, e.error]),
    })
    const timedOut = await rejection(c.request({ method: 'PATCH', path: '/api/v1/x/{id}', params: { id: 'a b' }, query: { email: 'ada@example.test' } }, { timeout: 50 }))
    assert.ok(timedOut instanceof CoherentTimeoutError)
    assert.equal(timedOut.timeout, 50)
    const controller = new AbortController()
    const pending = c.request({ method: 'GET', path: '/api/v1/x' }, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('stop')), 30)
    const aborted = await rejection(pending)
    assert.ok(aborted instanceof CoherentAbortError)
    assert.equal(aborted.cause.message, 'stop')
    const already = await rejection(c.request({ method: 'GET', path: '/api/v1/x' }, { signal: AbortSignal.abort() }))
    assert.ok(already instanceof CoherentAbortError)
    assert.equal(already.attempts, 0)
    // The path the hooks see is the encoded path, never the query (it may hold patient data).
    assert.deepEqual(events, [
      ['request', 'PATCH', '/api/v1/x/a%20b', 1], ['response', 'PATCH', 'ECONNABORTED'],
      ['request', 'GET', '/api/v1/x', 1], ['response', 'GET', 'ABORT_ERR'],
    ])
    assert.ok(!JSON.stringify(timedOut).includes('ada@'), 'the query is not in the error')
    assert.equal(timedOut.config.url.includes('?'), false)
  } finally {
    silent.closeAllConnections()
    await new Promise((resolve) => silent.close(resolve))
  }
})

test('against the sandbox: raw calls read and change what the wrapped ones do', async () => {
  const sb = await Sandbox.start({ port: 0 })
  try {
    const c = new Coherent({ baseUrl: sb.url, token: TOKEN })
    const terminals = await c.request({ method: 'GET', path: '/api/v1/terminal' })
    assert.deepEqual(terminals, await c.terminals.list())
    const created = await c.request({ method: 'POST', path: '/api/v1/transaction', body: { amount: 1500, name: 'Ada' } })
    assert.equal(created.amount, 1500)
    assert.equal(created.status, 'unpaid')
    await c.request({ method: 'PUT', path: '/api/v1/transaction/{uuid}/status', params: { uuid: created.uuid }, body: { status: 'void' } })
    assert.equal((await c.transactions.get(created.uuid)).status, 'void')
    const fetched = await c.request({ method: 'get', path: '/api/v1/transaction/{uuid}', params: { uuid: created.uuid } })
    assert.equal(fetched.status, 'void')
    const missing = await rejection(c.request({ method: 'GET', path: '/api/v1/transaction/{uuid}', params: { uuid: '../terminal' } }))
    assert.ok(missing instanceof CoherentApiError)
    assert.equal(missing.status, 404)
    const invalid = await rejection(c.request({ method: 'POST', path: '/api/v1/transaction', body: { amount: -1, name: 'Ada' } }))
    assert.equal(invalid.status, 400)
    assert.match(invalid.response.data.message, /amount/)
  } finally {
    await sb.close()
  }
})

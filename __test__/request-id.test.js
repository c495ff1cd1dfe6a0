'use strict'
// err.requestId: the gateway's `x-request-id`, on every error produced after a response arrived
// (a non-2xx status, a 2xx body that is not the JSON the call needs, a body over the cap), cleaned
// (no control characters, at most 200 characters), shown by util.inspect and toJSON like the other
// safe fields, and absent when there was no response or no such header. The sandbox sends one.

const test = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { Recorder } = require('./helpers/recorder.js')
const { Coherent, Sandbox, CoherentApiError, CoherentConnectionError, CoherentValidationError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const rejection = (promise) => promise.then((v) => assert.fail(`resolved with ${JSON.stringify(v)}`), (e) => e)
const json = (headers) => ({ 'content-type': 'application/json', ...headers })

test('errors after a response carry its x-request-id, in inspect and toJSON; the hook sees the same id', async () => {
  const srv = await new Recorder().listen()
  const baseUrl = `http://127.0.0.1:${srv.port}`
  const seen = []
  try {
    const c = new Coherent({ baseUrl, token: TOKEN, maxNetworkRetries: 0, onResponse: (e) => seen.push(e.requestId) })
    const cases = [
      // [response, call, requestId]
      [{ status: 404, headers: json({ 'x-request-id': 'req-404' }), body: '{"message":"no"}' }, () => c.transactions.get('t1'), 'req-404'],
      [{ status: 500, headers: json({ 'x-request-id': 'req-500' }), body: '<html>oops</html>' }, () => c.terminals.list(), 'req-500'],
      // A 2xx body that is not the JSON a shaped method needs.
      [{ status: 200, headers: json({ 'x-request-id': 'req-html' }), body: '<html>proxy</html>' }, () => c.transactions.get('t1'), 'req-html'],
      [{ status: 200, headers: json({ 'x-request-id': 'req-raw' }), body: 'not json' }, () => c.request({ method: 'GET', path: '/x' }), 'req-raw'],
      // Cleaned: control characters dropped, spaces around trimmed, at most 200 characters.
      [{ status: 400, headers: json({ 'x-request-id': ' a\tb ' }), body: '{}' }, () => c.terminals.list(), 'ab'],
      [{ status: 400, headers: json({ 'x-request-id': 'x'.repeat(500) }), body: '{}' }, () => c.terminals.list(), 'x'.repeat(200)],
    ]
    for (const [response, call, requestId] of cases) {
      srv.respond(response)
      seen.length = 0
      const err = await rejection(call())
      assert.ok(err instanceof CoherentApiError, String(err))
      assert.equal(err.requestId, requestId)
      assert.equal(err.toJSON().requestId, requestId)
      assert.equal(JSON.parse(JSON.stringify(err)).requestId, requestId)
      assert.ok(util.inspect(err).includes(`requestId: '${requestId}'`), util.inspect(err))
      assert.deepEqual(seen, [requestId], 'onResponse gets the same cleaned id')
    }
  } finally {
    await srv.close()
  }
})

test('the request id of a response over the size cap is kept too', async () => {
  const srv = await new Recorder().listen()
  try {
    srv.respond({ headers: json({ 'x-request-id': 'req-big' }), body: 'x'.repeat(10 * 1024 * 1024 + 1) })
    const c = new Coherent({ baseUrl: `http://127.0.0.1:${srv.port}`, token: TOKEN, maxNetworkRetries: 0 })
    const err = await rejection(c.terminals.list())
    assert.ok(err instanceof CoherentApiError)
    assert.match(err.message, /exceeds/)
    assert.equal(err.requestId, 'req-big')
  } finally {
    await srv.close()
  }
})

test('no request id: absent (not undefined-valued) when the response had none, or there was no response', async () => {
  const srv = await new Recorder().listen()
  const baseUrl = `http://127.0.0.1:${srv.port}`
  try {
    const c = new Coherent({ baseUrl, token: TOKEN, maxNetworkRetries: 0 })
    for (const id of [undefined, '\t', '']) {
      srv.respond({ status: 404, headers: json(id === undefined ? {} : { 'x-request-id': id }), body: '{}' })
      const err = await rejection(c.customers.get('c1'))
      assert.ok(err instanceof CoherentApiError)
      assert.equal('requestId' in err, false, JSON.stringify(id))
      assert.equal('requestId' in err.toJSON(), false)
      assert.ok(!util.inspect(err).includes('requestId'))
    }
  } finally {
    await srv.close()
  }
  const refused = await rejection(new Coherent({ baseUrl, token: TOKEN, maxNetworkRetries: 0 }).terminals.list())
  assert.ok(refused instanceof CoherentConnectionError)
  assert.equal('requestId' in refused, false)
  const invalid = await rejection(new Coherent({ baseUrl, token: TOKEN }).transactions.get(''))
  assert.ok(invalid instanceof CoherentValidationError)
  assert.equal('requestId' in invalid, false)
})

test('the sandbox sends an x-request-id on every API answer, so err.requestId shows offline', async () => {
  const sb = await Sandbox.start({ port: 0 })
  try {
    const ids = []
    const c = new Coherent({ baseUrl: sb.url, token: TOKEN, onResponse: (e) => ids.push(e.requestId) })
    await c.terminals.list()
    const err = await rejection(c.transactions.get('no-such-transaction'))
    assert.ok(err instanceof CoherentApiError)
    assert.equal(err.status, 404)
    assert.match(err.requestId, UUID)
    assert.equal(err.requestId, err.response.headers['x-request-id'])
    const unauthorised = await rejection(new Coherent({ baseUrl: sb.url, token: 'api-test-nope' }).terminals.list())
    assert.equal(unauthorised.status, 401)
    assert.match(unauthorised.requestId, UUID)
    assert.equal(ids.length, 2)
    assert.ok(ids.every((id) => UUID.test(id)))
    assert.equal(ids[1], err.requestId)
    assert.notEqual(ids[0], ids[1], 'a fresh id per answer')
  } finally {
    await sb.close()
  }
})

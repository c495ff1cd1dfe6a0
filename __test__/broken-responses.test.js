'use strict'
// Answers a fuzzer found mishandled (issue 22), from a raw TCP server on port 0: a 2xx body that
// is JSON but not an object (or empty on a create) rejects with CoherentApiError on every shaped
// method, and broken framing has its own code, retried only where a retry can change it.
const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const { Coherent, CoherentApiError, CoherentConnectionError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'

/** A server answering every request with the raw bytes `answer`, then closing; counts requests. */
async function rawServer(answer) {
  let requests = 0
  const server = net.createServer((socket) => {
    socket.on('error', () => {})
    let buf = ''
    socket.on('data', (chunk) => {
      buf += chunk.toString('latin1')
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number((/\r\ncontent-length:\s*(\d+)/i.exec(buf.slice(0, end)) || [])[1] || 0)
      if (buf.length < end + 4 + length) return
      requests++
      socket.end(answer)
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    count: () => requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

const ok = (body) => `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req-22\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`

/** name -> [call, answers `null` for an empty body] */
const SHAPED = {
  'transactions.create': [(c) => c.transactions.create({ amount: 100, name: 'A' }), false],
  'transactions.get': [(c) => c.transactions.get('t1'), true],
  'paymentPlans.create': [(c) => c.paymentPlans.create({ amount: 100, name: 'A', type: 'on_demand' }), false],
  'paymentPlans.get': [(c) => c.paymentPlans.get('p1'), true],
  'paymentPlans.resumeAndCharge': [(c) => c.paymentPlans.resumeAndCharge('p1'), false],
  'customers.debitWallet': [(c) => c.customers.debitWallet('c1', { amount: 100 }), false],
  'webhooks.verify': [(c) => c.webhooks.verify({ uuid: 't1' }), true],
}

test('a 2xx body that is JSON but not an object rejects on every shaped method', async () => {
  for (const body of ['"u1"', '42', 'true', 'false', '0', '""', '[{"uuid":"u1"}]', '', 'null']) {
    const srv = await rawServer(ok(body))
    try {
      const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.url })
      for (const [name, [call, nullable]] of Object.entries(SHAPED)) {
        const label = `${name} <- ${JSON.stringify(body)}`
        if (nullable && (body === '' || body === 'null')) {
          assert.equal(await call(c), null, label)
          continue
        }
        const err = await call(c).then((v) => assert.fail(`${label} resolved ${JSON.stringify(v)}`), (e) => e)
        assert.ok(err instanceof CoherentApiError, `${label}: ${err}`)
        assert.match(err.message, /where a JSON object was expected$/, label)
        assert.equal(err.code, 'ERR_BAD_RESPONSE', label)
        assert.equal(err.response.status, 200, label)
        assert.deepStrictEqual(err.response.data, body === '' ? '' : JSON.parse(body), label)
        assert.equal(err.requestId, 'req-22', label)
      }
    } finally {
      await srv.close()
    }
  }
})

/** The rejection of a GET and of a POST against `answer`, with the requests each made. */
async function getAndPost(answer) {
  const out = []
  for (const call of [(c) => c.transactions.get('t1'), (c) => c.transactions.create({ amount: 100, name: 'A' })]) {
    const srv = await rawServer(answer)
    try {
      const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.url })
      const err = await call(c).then(() => assert.fail('resolved'), (e) => e)
      out.push({ err, requests: srv.count() })
    } finally {
      await srv.close()
    }
  }
  return out
}

test('broken framing has its own code and is not retried', async () => {
  for (const [answer, code] of [
    ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['HTTP/1.1 2x0 OK\r\ncontent-length: 2\r\n\r\n{}', 'HPE_INVALID_STATUS'],
  ]) {
    for (const { err, requests } of await getAndPost(answer)) {
      assert.ok(err instanceof CoherentConnectionError, String(err))
      assert.equal(err.code, code, `${JSON.stringify(answer)}: ${err.message}`)
      assert.equal(err.attempts, 1)
      assert.equal(requests, 1, 'a deterministic fault is not retried')
    }
  }
})

test('a body cut short by the server is a premature close: a GET retries, a POST does not', async () => {
  for (const answer of [
    'HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"uuid":',
    'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n8\r\n{"uuid":',
  ]) {
    const [get, post] = await getAndPost(answer)
    for (const { err } of [get, post]) {
      assert.ok(err instanceof CoherentConnectionError, String(err))
      assert.equal(err.code, 'ERR_STREAM_PREMATURE_CLOSE', err.message)
      assert.match(err.message, /before the response body was complete/)
    }
    assert.deepEqual([get.err.attempts, get.requests], [3, 3])
    assert.deepEqual([post.err.attempts, post.requests], [1, 1])
  }
})

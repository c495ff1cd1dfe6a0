'use strict'
// coherent.webhooks.verify: reads the transaction uuid from a webhook body (string, bytes or
// object), fetches that transaction from the API and returns the API's copy. Bad bodies are
// refused before any request. Runs against a small loopback gateway on port 0.
const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { Coherent, WebhookAPI, CoherentValidationError, CoherentApiError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const PAID_UUID = '6a1f2b3c-0000-4000-8000-000000000001'
const UNPAID_UUID = '6a1f2b3c-0000-4000-8000-000000000002'

/** The gateway's records: what `GET /api/v1/transaction/{uuid}` answers (plus a key get drops). */
function record(uuid, status) {
  const paid = status === 'paid'
  return {
    uuid,
    amount: 4500,
    customer: null,
    invoice: null,
    paymentMethod: paid ? 'visa' : null,
    paymentMethodSummary: paid ? 'Visa •••• 4242' : null,
    paymentMethodAuthCode: paid ? 'A1B2C3' : null,
    paymentPaidTime: paid ? '2026-01-05T10:00:00.000Z' : null,
    paymentPlan: null,
    paymentUrl: `https://pay.example/${uuid}`,
    refunds: [],
    status,
    internalOnly: 'not part of the shape',
  }
}
const GATEWAY = { [PAID_UUID]: record(PAID_UUID, 'paid'), [UNPAID_UUID]: record(UNPAID_UUID, 'unpaid') }

let server
let requests = []
let coherent
let baseUrl

test.before(async () => {
  server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, token: req.headers['access-token'] })
    const match = /^\/api\/v1\/transaction\/([^/]+)$/.exec(req.url)
    const found = match && req.method === 'GET' && GATEWAY[decodeURIComponent(match[1])]
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' })
    res.end(JSON.stringify(found || { message: 'Transaction not found' }))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${server.address().port}`
  coherent = new Coherent({ baseUrl, token: TOKEN })
})

test.after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }))
test.beforeEach(() => { requests = [] })

const payload = (uuid, status) => ({ type: 'transaction.status', uuid, status, merchantUuid: 'm-1', occurredAt: '2026-01-05T10:00:00.000Z' })
const expected = (uuid) => { const { internalOnly, ...rest } = GATEWAY[uuid]; return rest }

test('webhooks: one stable namespace object, also constructible stand-alone', async () => {
  assert.equal(coherent.webhooks, coherent.webhooks)
  assert.ok(coherent.webhooks instanceof WebhookAPI)
  const standalone = new WebhookAPI(baseUrl, TOKEN)
  assert.deepEqual(await standalone.verify(payload(PAID_UUID, 'paid')), expected(PAID_UUID))
})

test('webhooks.verify: string, Buffer, Uint8Array, ArrayBuffer and parsed bodies give the API copy', async () => {
  const text = JSON.stringify(payload(PAID_UUID, 'paid'))
  const bytes = Buffer.from(text)
  const bodies = {
    string: text,
    Buffer: bytes,
    Uint8Array: new Uint8Array(bytes),
    ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    'a Buffer slice of a larger pool': Buffer.concat([Buffer.from('xxxx'), bytes]).subarray(4),
    object: JSON.parse(text),
  }
  for (const [kind, body] of Object.entries(bodies)) {
    const transaction = await coherent.webhooks.verify(body)
    assert.deepEqual(transaction, expected(PAID_UUID), kind)
    // The same 12 keys, in the same order, as transactions.get.
    assert.deepEqual(Object.keys(transaction), Object.keys(await coherent.transactions.get(PAID_UUID)), kind)
  }
  assert.equal(requests.length, Object.keys(bodies).length * 2)
  for (const r of requests) {
    assert.deepEqual(r, { method: 'GET', url: `/api/v1/transaction/${PAID_UUID}`, token: TOKEN })
  }
})

test('webhooks.verify: a forged "paid" payload returns what the API says (unpaid)', async () => {
  const forged = payload(UNPAID_UUID, 'paid')
  const transaction = await coherent.webhooks.verify(JSON.stringify(forged))
  assert.equal(transaction.status, 'unpaid')
  assert.equal(transaction.paymentPaidTime, null)
  assert.deepEqual(transaction, expected(UNPAID_UUID))
  // Extra claims in the payload are not copied anywhere.
  const dressedUp = await coherent.webhooks.verify({ ...forged, amount: 1, paymentMethod: 'visa' })
  assert.deepEqual(dressedUp, expected(UNPAID_UUID))
})

test('webhooks.verify: the uuid is one encoded path segment', async () => {
  await assert.rejects(coherent.webhooks.verify({ uuid: '../merchant?x=1' }), CoherentApiError)
  assert.deepEqual(requests.map((r) => r.url), ['/api/v1/transaction/..%2Fmerchant%3Fx%3D1'])
})

test('webhooks.verify: an unknown transaction rejects with the API error', async () => {
  await assert.rejects(coherent.webhooks.verify(payload('no-such-transaction', 'paid')), (e) =>
    e instanceof CoherentApiError && e.response.status === 404 && e.response.data.message === 'Transaction not found')
})

test('webhooks.verify: bad bodies are refused, naming the field, before any request', async () => {
  const cases = [
    ['', 'body'],
    ['   ', 'body'],
    ['uuid=abc&status=paid', 'body'],
    ['{"uuid": "abc"', 'body'],
    ['[]', 'body'],
    ['null', 'body'],
    [Buffer.from([0xff, 0xfe, 0x7b]), 'body'],
    [Buffer.alloc(0), 'body'],
    [new Float64Array(4), 'body'],
    [[{ uuid: PAID_UUID }], 'body'],
    [null, 'body'],
    [undefined, 'body'],
    [42, 'body'],
    [true, 'body'],
    [() => {}, 'body'],
    [JSON.stringify({ uuid: 'x'.repeat(1 << 20) }), 'body'],
    ['{}', 'uuid'],
    [{ status: 'paid' }, 'uuid'],
    [{ uuid: '' }, 'uuid'],
    [{ uuid: 42 }, 'uuid'],
    [{ uuid: null, status: 'paid' }, 'uuid'],
    [{ uuid: { $ne: '' } }, 'uuid'],
    [{ uuid: '..' }, 'uuid'],
    [JSON.stringify({ uuid: ['a'] }), 'uuid'],
  ]
  for (const [body, field] of cases) {
    await assert.rejects(coherent.webhooks.verify(body), (e) => {
      assert.ok(e instanceof CoherentValidationError, `${String(body).slice(0, 40)}: ${e}`)
      assert.equal(e.field, field, String(body).slice(0, 40))
      assert.equal(e.code, 'ERR_INVALID_ARG_VALUE')
      assert.ok(!e.message.includes(TOKEN))
      return true
    })
  }
  assert.equal(requests.length, 0, 'no request may be sent for a bad body')
})

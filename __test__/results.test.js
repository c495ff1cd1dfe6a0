'use strict'
// How response bodies become JS values (src/results.rs): non-ASCII text travels to JSON.parse as
// \u escapes, so every character must come back exactly, and bodies where an escape would change
// the meaning must behave as the plain text does.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Coherent, CoherentApiError } = require('..')
const { Recorder } = require('./helpers/recorder')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'

async function withServer(body, run) {
  const server = await new Recorder().always({ body }).listen()
  try {
    await run(new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: `http://127.0.0.1:${server.port}` }))
  } finally {
    await server.close()
  }
}

const WIDE = 'Zoë Brontë-Ødegård • £12.50 • 東京 • 😀 • \u2028 • \u00a0'

test('non-ASCII strings come back character for character, in shaped and raw results', async () => {
  const transaction = { uuid: 't1', status: 'paid', customer: { firstName: WIDE, lastName: '😀😀' }, refunds: [{ reason: WIDE }] }
  await withServer(JSON.stringify(transaction), async (c) => {
    const got = await c.transactions.get('t1')
    assert.equal(got.customer.firstName, WIDE)
    assert.equal(got.customer.lastName, '😀😀')
    assert.equal(got.refunds[0].reason, WIDE)
    assert.deepEqual(Object.keys(got).slice(0, 3), ['uuid', 'amount', 'customer'])
    assert.deepEqual(await c.terminals.list(), transaction)
  })
})

test('an invalid escape before a non-ASCII character stays invalid JSON', async () => {
  // "\é" is not a JSON escape; written as \u00e9 after the backslash it would become one.
  const body = '{"uuid":"t1","status":"\\é"}'
  await withServer(body, async (c) => {
    const err = await c.transactions.get('t1').catch((e) => e)
    assert.ok(err instanceof CoherentApiError, String(err))
    assert.match(err.message, /not valid JSON/)
    // Raw methods return the text as it came, as axios does.
    assert.equal(await c.terminals.list(), body)
  })
})

test('a valid escaped backslash before a non-ASCII character parses', async () => {
  await withServer('{"uuid":"t1","status":"\\\\é"}', async (c) => {
    assert.equal((await c.transactions.get('t1')).status, '\\é')
  })
})

test('non-JSON text with non-ASCII characters is returned unchanged by raw methods', async () => {
  const body = '<html>Erreur: résumé • 😀</html>'
  await withServer(body, async (c) => {
    assert.equal(await c.terminals.list(), body)
    await assert.rejects(c.transactions.get('t1'), /not valid JSON/)
  })
})

test('falsy and null bodies keep the official shapes', async () => {
  await withServer('', async (c) => {
    assert.equal(await c.transactions.get('t1'), null)
    assert.equal(await c.terminals.list(), '')
  })
  await withServer('null', async (c) => {
    assert.equal(await c.transactions.get('t1'), null)
    assert.equal(await c.terminals.list(), null)
    await assert.rejects(c.transactions.create({ amount: 1, name: 'A' }), /is JSON null where a JSON object was expected/)
  })
  await withServer('0', async (c) => {
    assert.equal(await c.terminals.list(), 0)
  })
})

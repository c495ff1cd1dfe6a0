'use strict'
// Webhook delivery seen from the clinic's side: a receiver that fails the first two deliveries
// (HTTP 500) and accepts the third. The sandbox must retry, record every attempt under
// /sandbox/webhooks, and the delivered payload must verify against the API.

const { test } = require('node:test')
const assert = require('node:assert/strict')

const { Coherent, Sandbox } = require('..')
const { testKey, control, startReceiver } = require('./helpers/sandbox')

test('failed webhook deliveries are retried and every attempt is recorded; verify() confirms the payload', async (t) => {
  const sandbox = await Sandbox.start({ port: 0 })
  t.after(() => sandbox.close())
  const receiver = await startReceiver((_, n) => (n <= 2 ? 500 : 204))
  t.after(() => receiver.close())

  const partner = new Coherent({ baseUrl: sandbox.url, token: testKey() })
  const { uuid: merchantUuid, apiKey } = await partner.onboarding.startOnboarding({ name: 'Riverside Dental', email: 'owner@riverside.example', webhookUrl: `${receiver.url}/coherent` })
  const coherent = new Coherent({ baseUrl: sandbox.url, token: apiKey })

  const link = await coherent.transactions.create({ amount: 6400, name: 'Ada Lovelace' })
  await control(sandbox, 'POST', `transactions/${link.uuid}/pay`, { card: '4242424242424242' })

  const received = await receiver.waitFor(3, 30000)
  for (const r of received) {
    assert.equal(r.method, 'POST')
    assert.equal(r.url, '/coherent')
    assert.match(r.headers['content-type'], /^application\/json/)
  }
  // The same notification each time.
  assert.deepEqual(received.map((r) => JSON.parse(r.body)), Array(3).fill(JSON.parse(received[0].body)))
  const payload = JSON.parse(received[2].body)
  assert.equal(payload.type, 'transaction.status')
  assert.equal(payload.uuid, link.uuid)
  assert.equal(payload.status, 'paid')
  assert.equal(payload.merchantUuid, merchantUuid)
  assert.ok(!Number.isNaN(Date.parse(payload.occurredAt)), `occurredAt is a timestamp: ${payload.occurredAt}`)

  // The receiver has the third POST before the sandbox has its answer: wait until the sandbox has
  // recorded that attempt too.
  let deliveries
  for (const deadline = Date.now() + 5000; ;) {
    deliveries = (await control(sandbox, 'GET', 'webhooks')).filter((d) => d.payload.uuid === link.uuid)
    if (deliveries.some((d) => d.attempts.length >= 3) || Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  assert.equal(deliveries.length, 1, 'one delivery, attempted three times')
  const [delivery] = deliveries
  assert.equal(delivery.url, `${receiver.url}/coherent`)
  assert.equal(delivery.delivered, true)
  assert.deepEqual(delivery.payload, payload)
  assert.deepEqual(delivery.attempts.map((a) => a.status), [500, 500, 204])
  const times = delivery.attempts.map((a) => Date.parse(a.at))
  assert.ok(times.every((ms, i) => i === 0 || ms >= times[i - 1]), `attempts in order: ${delivery.attempts.map((a) => a.at)}`)

  // No fourth delivery once one succeeded.
  await new Promise((resolve) => setTimeout(resolve, 300))
  assert.equal(receiver.received.length, 3)

  // The clinic checks what it received with the API, from the raw bytes.
  const verified = await coherent.webhooks.verify(Buffer.from(received[2].body))
  assert.equal(verified.uuid, link.uuid)
  assert.equal(verified.status, 'paid')
  assert.deepEqual(verified, await coherent.transactions.get(link.uuid))
})

{
  const retry = { attempts: 4, initialBackoffMs: 50 }
  const { attempts, initialBackoffMs: backoff } = retry
  test(`a receiver that never answers 2xx (webhookRetry ${JSON.stringify(retry)}): ${attempts} attempts, doubling back-off, then undelivered`, async (t) => {
    const sandbox = await Sandbox.start({ port: 0, webhookRetry: retry })
    t.after(() => sandbox.close())
    const arrivals = []
    const receiver = await startReceiver(() => { arrivals.push(Date.now()); return 503 })
    t.after(() => receiver.close())
    const partner = new Coherent({ baseUrl: sandbox.url, token: testKey() })
    const { apiKey } = await partner.onboarding.startOnboarding({ name: 'Down Clinic', email: 'down@example.com', webhookUrl: receiver.url })
    const coherent = new Coherent({ baseUrl: sandbox.url, token: apiKey })
    const link = await coherent.transactions.create({ amount: 100, name: 'X' })
    await control(sandbox, 'POST', `transactions/${link.uuid}/decline`)
    await receiver.waitFor(attempts, 20000)
    // Longer than the next back-off would be, had there been another attempt.
    await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempts - 1) + 300))
    assert.equal(receiver.received.length, attempts, 'no attempt after the last one')
    for (let i = 1; i < arrivals.length; i++) {
      const waited = arrivals[i] - arrivals[i - 1]
      assert.ok(waited >= 0.9 * backoff * 2 ** (i - 1), `attempt ${i + 1} came ${waited} ms after the previous one`)
    }
    const [delivery] = (await control(sandbox, 'GET', 'webhooks')).filter((d) => d.payload.uuid === link.uuid)
    assert.equal(delivery.payload.status, 'rejected')
    assert.equal(delivery.delivered, false)
    assert.deepEqual(delivery.attempts.map((a) => a.status), Array(attempts).fill(503))
    // A forged "paid" claim about the same transaction is not believed.
    const verified = await coherent.webhooks.verify({ ...delivery.payload, status: 'paid' })
    assert.equal(verified.status, 'rejected')
  })
}

test('an unreachable receiver: each attempt records the connection error', async (t) => {
  const sandbox = await Sandbox.start({ port: 0, webhookRetry: { attempts: 3, initialBackoffMs: 20 } })
  t.after(() => sandbox.close())
  // A port that was just free: nothing listens there.
  const gone = await startReceiver()
  await gone.close()
  const partner = new Coherent({ baseUrl: sandbox.url, token: testKey() })
  const { apiKey } = await partner.onboarding.startOnboarding({ name: 'Offline Clinic', email: 'off@example.com', webhookUrl: gone.url })
  const coherent = new Coherent({ baseUrl: sandbox.url, token: apiKey })
  const link = await coherent.transactions.create({ amount: 100, name: 'X' })
  await coherent.transactions.updateStatus(link.uuid, 'void')
  const deadline = Date.now() + 20000
  let delivery
  do {
    await new Promise((resolve) => setTimeout(resolve, 100))
    ;[delivery] = (await control(sandbox, 'GET', 'webhooks')).filter((d) => d.payload.uuid === link.uuid)
  } while ((!delivery || delivery.attempts.length < 3) && Date.now() < deadline)
  assert.equal(delivery.payload.status, 'void')
  assert.equal(delivery.delivered, false)
  assert.equal(delivery.attempts.length, 3, 'retried up to the configured attempts')
  for (const attempt of delivery.attempts) {
    assert.equal(attempt.status, undefined)
    assert.equal(typeof attempt.error, 'string')
    assert.ok(attempt.error.length > 0)
  }
})

'use strict'
// The Sandbox control methods from Node: the same actions as the dashboard's buttons and the
// /sandbox/ routes, without HTTP. Refusals throw with the route's status and reason; nothing
// changes when they do; a closed sandbox says so.
const { test } = require('node:test')
const assert = require('node:assert/strict')

const { Coherent, Sandbox } = require('..')
const { testKey, startReceiver } = require('./helpers/sandbox')

test('Sandbox methods play the patient, the bank, the terminal, the calendar and the webhook receiver', async (t) => {
  const receiver = await startReceiver(() => 200)
  const sb = await Sandbox.start({ port: 0, webhookUrl: receiver.url, webhookRetry: { attempts: 3, initialBackoffMs: 20 } })
  t.after(async () => { await sb.close(); await receiver.close() })
  assert.equal(sb.dashboardUrl, `${sb.url}/`)
  const coherent = new Coherent({ baseUrl: sb.url, token: testKey() })

  const tx = await coherent.transactions.create({ amount: 1500, name: 'Ada', phone: '+447700900123', smsNotify: true })
  const [sms] = sb.outbox()
  assert.equal(sms.channel, 'sms')
  assert.equal(sms.to, '+447700900123')
  assert.equal(sms.link, tx.paymentUrl)

  assert.throws(() => sb.pay(tx.uuid, { card: 42 }), /sandbox refused \(400\): card: must be a string/)
  assert.throws(() => sb.pay('nope'), /sandbox refused \(404\)/)
  assert.equal((await coherent.transactions.get(tx.uuid)).status, 'unpaid', 'a refusal changes nothing')
  assert.equal(sb.pay(tx.uuid).status, 'paid')
  assert.throws(() => sb.decline(tx.uuid), /sandbox refused \(409\)/)
  assert.equal(sb.refund(tx.uuid, { amount: 500 }).refunds[0].amount, 500)
  assert.equal(sb.refund(tx.uuid).status, 'refunded')

  await receiver.waitFor(2)
  const [clinic] = sb.clinics()
  assert.match(clinic.keys[0], /^api-test-…[0-9a-f]{4}$/)
  assert.equal(sb.failNextWebhooks(clinic.uuid, 1).failNext, 1)
  const again = sb.resendWebhook(1)
  assert.equal(again.resendOf, 1)
  await receiver.waitFor(3)
  const resent = sb.webhooks().find((d) => d.id === again.id)
  assert.equal(resent.attempts[0].error, 'failed on purpose by the sandbox (fail-next)')
  // Deliveries 1 (paid) and 2 (refunded) are sent concurrently and may arrive in either order.
  const first = receiver.received.slice(0, 2).find((r) => JSON.parse(r.body).status === 'paid')
  assert.equal(receiver.received[2].body, first.body, 'the retry carried the same event (delivery 1: paid)')

  const [terminal] = await coherent.terminals.list()
  const atDesk = await coherent.transactions.create({ amount: 900, name: 'Bo' })
  await coherent.terminals.setTransaction({ terminalId: terminal.id, transactionUuid: atDesk.uuid })
  assert.equal(sb.tapTerminal(terminal.id, { outcome: 'declined' }).status, 'rejected')
  assert.throws(() => sb.cancelTerminal(terminal.id), /sandbox refused \(409\)/)

  const before = sb.clock().now
  assert.throws(() => sb.advanceClock({ months: 0 }), /sandbox refused \(400\): months/)
  assert.equal(sb.clock().now.slice(0, 10), before.slice(0, 10))
  const moved = sb.advanceClock({ days: 3 })
  assert.equal((Date.parse(moved.now) - Date.parse(before)) / 86400000 >= 3, true)

  assert.deepEqual(sb.reset(), { ok: true })
  assert.deepEqual(sb.outbox(), [])
  await sb.close()
  assert.throws(() => sb.outbox(), /the sandbox is closed/)
})

'use strict'
// `npm run demo`: a clinic's day through @coherentx/coherent, offline. It starts the sandbox
// gateway in-process (port 0), a webhook receiver next to it, and walks the day: a payment link
// paid at the checkout, the webhook verified, a partial refund, a terminal payment, a monthly plan
// over three months with one paused month, an on-demand charge, and a declined charge recovered.
// Nothing leaves this machine. Exits 0, or 1 with the reason on the first thing that goes wrong.
// `npm run demo -- --keep` keeps the sandbox (and its dashboard) open afterwards, until Ctrl-C.
const http = require('node:http')
const { Coherent, Sandbox, PaymentMethod } = require('..')

const SUCCESS_CARD = '4242 4242 4242 4242'
const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'

const pounds = (pence) => `£${(pence / 100).toFixed(2)}`
const log = (step, detail = '') => console.log(`  ${step.padEnd(36)} ${detail}`)

class DemoFailure extends Error {}
function expect(condition, what) {
  if (!condition) throw new DemoFailure(what)
}

/** POSTs to a sandbox control route (`/sandbox/...`) and returns its JSON answer. */
async function control(sandbox, path, body) {
  const response = await fetch(`${sandbox.url}/sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  expect(response.ok, `control route /sandbox/${path} answered ${response.status}: ${text}`)
  return text ? JSON.parse(text) : null
}

/**
 * The clinic's webhook endpoint: every POST body is passed to `coherent.webhooks.verify`, which
 * fetches the transaction from the gateway. `next(uuid, status)` waits for a verified one.
 */
async function startWebhookReceiver(coherent) {
  const verified = []
  const waiting = []
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks)
      try {
        const claimed = JSON.parse(body.toString('utf8'))
        const transaction = await coherent.webhooks.verify(body)
        verified.push({ claimed, transaction })
        res.writeHead(204).end()
      } catch (e) {
        res.writeHead(400).end()
        verified.push({ error: e })
      }
      for (const wake of waiting.splice(0)) wake()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/webhooks/coherent`,
    /** Resolves with the first verified webhook about `uuid` whose gateway copy has `status`. */
    async next(uuid, status, ms = 5000) {
      const deadline = Date.now() + ms
      for (;;) {
        const failed = verified.find((v) => v.error)
        if (failed) throw new DemoFailure(`a webhook could not be verified: ${failed.error.message}`)
        const hit = verified.find((v) => v.transaction.uuid === uuid && v.transaction.status === status)
        if (hit) return hit
        const left = deadline - Date.now()
        expect(left > 0, `no verified webhook for transaction ${uuid} with status ${status} within ${ms} ms`)
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left)
          waiting.push(() => { clearTimeout(timer); resolve() })
        })
      }
    },
    /** The verified webhooks received so far, oldest first. */
    verified,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }),
  }
}

/**
 * What a patient's browser does: opens the checkout page, then submits the card form. Returns
 * where the checkout redirects to (the clinic's successUrl or failureUrl).
 */
async function payAtCheckout(paymentUrl, card) {
  const page = await fetch(paymentUrl)
  const html = await page.text()
  expect(page.ok && html.includes('id="card-number"'), `the checkout page at ${paymentUrl} shows a card form`)
  const submitted = await fetch(paymentUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card_number: card, expiry: '12/34', cvc: '123' }),
  })
  expect(submitted.status === 303, `the checkout form answered ${submitted.status}, not a 303 redirect`)
  return submitted.headers.get('location')
}

/**
 * `YYYY-MM-DD` of the date `now` (a date or ISO timestamp) plus `days` days, or plus `months`
 * months with the day clamped to the month's last day (Jan 31 + 1 month = Feb 28), as plans do.
 */
function dateFrom(now, { months = 0, days = 0 }) {
  const [y, m, d] = now.slice(0, 10).split('-').map(Number)
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  const date = new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay) + days))
  return date.toISOString().slice(0, 10)
}
const daysBetween = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 86400000)

/** The clinic's day, step by step; each step says what it shows. */
async function day(sandbox, coherent, receiver) {
  const [clinic] = await coherent.merchants.listMerchants()
  const merchantUuid = clinic.uuid
  await coherent.merchants.updateWebhookUrl(merchantUuid, receiver.url)
  log(`0. ${clinic.name}`, `webhooks go to ${receiver.url}`)

  const link = await paymentLink(coherent, receiver, merchantUuid)
  await terminalPayment(sandbox, coherent, receiver)
  await monthlyPlan(sandbox, coherent, receiver, link)
  await onDemandHold(sandbox, coherent, receiver)

  console.log(`\nDone: ${receiver.verified.length} webhooks received, each checked with the API; nothing left this machine.`)
}

/** Steps 1-4: a payment link paid at the checkout, its webhook verified (a forged one ignored), a partial refund. */
async function paymentLink(coherent, receiver, merchantUuid) {
  // 1-3: a payment link, paid through the checkout page, confirmed by a verified webhook.
  const link = await coherent.transactions.create({
    amount: 12000, name: 'Ada Lovelace', note: 'Hygienist, 30 min', patientNote: 'Thank you for visiting',
    successUrl: 'https://riverside-dental.example/thank-you', failureUrl: 'https://riverside-dental.example/try-again',
  })
  expect(link.status === 'unpaid', `a new link should be unpaid, got ${link.status}`)
  log('1. payment link created', `${pounds(link.amount)} ${link.status}  ${link.paymentUrl}`)

  const redirect = await payAtCheckout(link.paymentUrl, SUCCESS_CARD)
  expect(redirect === 'https://riverside-dental.example/thank-you', `the checkout should send the patient to successUrl, not ${redirect}`)
  const paid = await coherent.transactions.get(link.uuid)
  expect(paid.status === 'paid', `the patient paid, but the link is ${paid.status}`)
  log('2. patient paid at the checkout', `${PaymentMethod.format(paid.paymentMethod)} ${paid.paymentMethodSummary}, sent on to ${new URL(redirect).pathname}`)

  const hook = await receiver.next(link.uuid, 'paid')
  log('3. webhook verified with the API', `payload says ${hook.claimed.status}; gateway says ${hook.transaction.status}`)

  // Anyone can POST to a webhook URL: a forged "paid" for a link nobody paid changes nothing.
  const unpaid = await coherent.transactions.create({ amount: 9900, name: 'Mallory' })
  await fetch(receiver.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'transaction.status', uuid: unpaid.uuid, status: 'paid', merchantUuid, occurredAt: new Date().toISOString() }),
  })
  const forged = await receiver.next(unpaid.uuid, 'unpaid')
  expect(forged.claimed.status === 'paid', 'the forged webhook claimed paid')
  log('   forged webhook ignored', `payload says ${forged.claimed.status}; gateway says ${forged.transaction.status}`)
  await coherent.transactions.updateStatus(unpaid.uuid, 'void')

  // 4: a partial refund.
  await coherent.transactions.refund({ transactionUuid: link.uuid, amount: 2000, reason: 'Loyalty discount' })
  const refunded = await coherent.transactions.get(link.uuid)
  const refund = refunded.refunds[0]
  expect(refund && refund.amount === 2000, 'the partial refund is listed on the transaction')
  log('4. partial refund', `${pounds(refund.amount)} ${refund.status}; transaction still ${refunded.status}`)
  return link
}

/** Step 5: at the front desk, on a card terminal. */
async function terminalPayment(sandbox, coherent, receiver) {
  const [terminal] = await coherent.terminals.list()
  expect(terminal, 'the sandbox has seeded terminals')
  const atDesk = await coherent.transactions.create({ amount: 4500, name: 'Grace Hopper' })
  await coherent.terminals.setTransaction({ terminalId: terminal.id, transactionUuid: atDesk.uuid })
  await control(sandbox, `terminals/${encodeURIComponent(terminal.id)}/tap`, { outcome: 'paid', card: SUCCESS_CARD })
  await receiver.next(atDesk.uuid, 'paid')
  await coherent.terminals.clearTransaction({ terminalId: terminal.id })
  log('5. terminal payment', `${pounds(atDesk.amount)} tapped on ${terminal.name || terminal.id}: ${(await coherent.transactions.get(atDesk.uuid)).status}`)
}

/** Step 6: a monthly plan over three months, the second one paused; the refund of `link` settles meanwhile. */
async function monthlyPlan(sandbox, coherent, receiver, link) {
  let { now } = await control(sandbox, 'clock')
  const start = dateFrom(now, { days: 1 })
  const plan = await coherent.paymentPlans.create({
    amount: 2500, name: 'Alan Turing', startDate: start, endDate: dateFrom(start, { months: 2 }),
    transactionReference: 'PLAN-0042', type: 'recurring', method: 'card',
  })
  await control(sandbox, `payment-plans/${plan.uuid}/authorise`, { card: SUCCESS_CARD })
  log('6. monthly plan authorised', `${pounds(2500)} x 3 from ${start} (${plan.transactionReference})`)
  const months = [
    { label: 'month 1', before: null },
    { label: 'month 2', before: 'paused' },
    { label: 'month 3', before: 'resumed' },
  ]
  let charged = 0
  for (let i = 0; i < months.length; i++) {
    const { label, before } = months[i]
    if (before) await coherent.paymentPlans.setStatus(plan.uuid, before)
    const due = dateFrom(start, { months: i })
    const advanced = await control(sandbox, 'clock/advance', { days: daysBetween(now.slice(0, 10), due) })
    now = advanced.now
    const made = []
    for (const uuid of advanced.transactions) {
      const t = await coherent.transactions.get(uuid)
      if (t.paymentPlan && t.paymentPlan.uuid === plan.uuid) made.push(t)
    }
    if (before === 'paused') {
      expect(made.length === 0, `a paused plan must skip ${label}, but it made ${made.length} transaction(s)`)
      log(`   ${label} (${due})`, 'paused: skipped')
    } else {
      expect(made.length === 1, `${label}: expected one plan transaction, got ${made.length}`)
      const t = made[0]
      await receiver.next(t.uuid, t.status)
      expect(t.status === 'paid', `${label}: the plan's transaction is ${t.status}`)
      charged += t.amount
      log(`   ${label} (${due})`, `${pounds(t.amount)} ${t.status}, reference ${t.paymentPlan.transactionReference}`)
    }
  }
  expect(charged === 5000, `two of three months should be charged, got ${pounds(charged)}`)
  log('   plan after three months', `${(await coherent.paymentPlans.get(plan.uuid)).status}, ${pounds(charged)} collected`)
  const settled = (await coherent.transactions.get(link.uuid)).refunds[0]
  log('   the refund of step 4 meanwhile', `${pounds(settled.amount)} ${settled.status}`)
}

/** Steps 7-8: an on-demand hold, charged when the treatment is done; a declined charge recovered. */
async function onDemandHold(sandbox, coherent, receiver) {
  const hold = await coherent.paymentPlans.create({ amount: 8000, name: 'Mary Somerville', type: 'on_demand', method: 'card', transactionReference: 'HOLD-7' })
  await control(sandbox, `payment-plans/${hold.uuid}/authorise`, { card: SUCCESS_CARD })
  const seen = receiver.verified.length
  await coherent.paymentPlans.charge(hold.uuid, { amount: 4000, reference: 'INV-1007' })
  const holdCharge = await waitForPlanTransaction(receiver, seen, hold.uuid)
  expect(holdCharge.status === 'paid', `the on-demand charge is ${holdCharge.status}`)
  log('7. on-demand charge', `${pounds(holdCharge.amount)} ${holdCharge.status} (hold of ${pounds(hold.amount)})`)

  // 8: a charge declined for insufficient funds, then recovered.
  const beforeDecline = receiver.verified.length
  await coherent.paymentPlans.charge(hold.uuid, { amount: 3000, reference: 'INV-1008', testScenario: 'insufficient_funds' })
  const declined = await waitForPlanTransaction(receiver, beforeDecline, hold.uuid)
  const stuck = await coherent.paymentPlans.get(hold.uuid)
  expect(stuck.status === 'insufficient_funds', `after the decline the plan is ${stuck.status}`)
  const { transactionUuid } = await coherent.paymentPlans.resumeAndCharge(hold.uuid)
  const recovered = (await receiver.next(transactionUuid, 'paid')).transaction
  log('8. declined charge recovered', `${pounds(declined.amount)} ${declined.status} (${stuck.status}) -> resumeAndCharge -> ${recovered.status}`)
}

/** The first verified webhook after index `from` about a transaction of plan `planUuid`. */
async function waitForPlanTransaction(receiver, from, planUuid, ms = 5000) {
  const deadline = Date.now() + ms
  for (;;) {
    const hit = receiver.verified.slice(from).find((v) => v.transaction && v.transaction.paymentPlan && v.transaction.paymentPlan.uuid === planUuid)
    if (hit) return hit.transaction
    expect(Date.now() < deadline, `no webhook for a transaction of plan ${planUuid} within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function main() {
  const sandbox = await Sandbox.start({ port: 0 })
  const coherent = new Coherent({ baseUrl: sandbox.url, token: TOKEN })
  const receiver = await startWebhookReceiver(coherent)
  const keep = process.argv.slice(2).includes('--keep')
  console.log(`Coherent demo: a clinic's day against the offline sandbox at ${sandbox.url}`)
  console.log(`Dashboard: ${sandbox.dashboardUrl}\n`)
  try {
    await day(sandbox, coherent, receiver)
    if (keep) {
      console.log(`\nKeeping the sandbox open: ${sandbox.dashboardUrl} (Ctrl-C to stop)`)
      await new Promise((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      console.log('Stopped.')
    }
  } finally {
    await receiver.close()
    await sandbox.close()
  }
}

main().catch((e) => {
  const why = e instanceof DemoFailure ? e.message
    : e.response ? `${e.message}: ${JSON.stringify(e.response.data)} (${e.config && e.config.method} ${e.config && e.config.url})`
      : (e && e.stack) || String(e)
  console.error(`\ndemo failed: ${why}`)
  process.exit(1)
})

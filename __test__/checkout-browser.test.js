'use strict'
// The sandbox's checkout page in a real browser: Debian's Chromium driven by playwright-core.
// A patient opens the payment link, sees the clinic, the amount and the clinic's note (escaped),
// types a test card and is sent to the clinic's successUrl or failureUrl; the API agrees.
// Not skippable: without a browser this file fails and says how to install it. The browser is
// Debian's /usr/bin/chromium, or any Chromium-family executable named by COHERENT_TEST_BROWSER
// (the release workflow's macOS, Windows and Alpine runners).

const { describe, test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')

const { Coherent, Sandbox } = require('..')
const { testKey } = require('./helpers/sandbox')
const { launchChromium } = require('./helpers/browser')

const CARDS = { success: '4242 4242 4242 4242', declined: '4000 0000 0000 0002', insufficientFunds: '4000 0000 0000 9995' }
const INJECTION = '<img src=x onerror="window.__injected=1"><script>window.__injected=2</script><b>Bring</b> your "card" & smile'

/** The clinic's own site: records the landing pages a patient is redirected to. */
async function startClinicSite() {
  const visits = []
  const server = http.createServer((req, res) => {
    visits.push(req.url)
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><title>clinic</title><h1 id="landing">${req.url.startsWith('/paid') ? 'Thank you' : 'Payment failed'}</h1>`)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, visits, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r) }) }
}

describe('checkout page in Chromium', { concurrency: false }, () => {
  let sandbox, site, coherent, context, browser

  before(async () => {
    browser = await launchChromium()
    context = browser.context
    sandbox = await Sandbox.start({ port: 0 })
    site = await startClinicSite()
    // A clinic with a known name: onboarded through a partner key, then using its own key.
    const partner = new Coherent({ baseUrl: sandbox.url, token: testKey() })
    const { apiKey } = await partner.onboarding.startOnboarding({ name: 'Riverside Dental', email: 'owner@riverside.example', webhookUrl: `${site.url}/hook` })
    coherent = new Coherent({ baseUrl: sandbox.url, token: apiKey })
  })

  after(async () => {
    if (browser) await browser.close()
    if (site) await site.close()
    if (sandbox) await sandbox.close()
  })

  async function payInBrowser(transaction, card, landsOn = (url) => url.origin === site.url) {
    const page = await context.newPage()
    try {
      const opened = await page.goto(transaction.paymentUrl)
      assert.equal(opened.status(), 200)
      const shown = {
        clinic: (await page.textContent('#clinic')).trim(),
        amount: (await page.textContent('#amount')).trim(),
        note: await page.$('#patient-note') && (await page.textContent('#patient-note')).trim(),
        noteHtml: await page.$('#patient-note') && await page.innerHTML('#patient-note'),
        injected: await page.evaluate(() => window.__injected),
      }
      await page.fill('#card-number', card)
      await page.fill('#expiry', '12/34')
      await page.fill('#cvc', '123')
      await Promise.all([page.waitForURL(landsOn, { timeout: 10000 }), page.click('#pay')])
      const landing = await page.$('#landing') ? (await page.textContent('#landing')).trim() : null
      const outcome = await page.$('#outcome') ? (await page.textContent('#outcome')).trim() : null
      return { shown, landed: new URL(page.url()), landing, outcome }
    } finally {
      await page.close()
    }
  }

  test('shows clinic, amount and the escaped note; the success card lands on successUrl and pays', async () => {
    const transaction = await coherent.transactions.create({
      amount: 4550, name: 'Ada Lovelace', patientNote: INJECTION,
      successUrl: `${site.url}/paid?ref=A-1`, failureUrl: `${site.url}/failed?ref=A-1`,
    })
    const { shown, landed, landing } = await payInBrowser(transaction, CARDS.success)
    assert.equal(shown.clinic, 'Riverside Dental')
    assert.match(shown.amount, /£\s?45\.50/)
    assert.equal(shown.note, INJECTION, 'the note is shown as text, character for character')
    assert.ok(!/<img|<script|<b>/i.test(shown.noteHtml), `the note is escaped, not markup: ${shown.noteHtml}`)
    assert.equal(shown.injected, undefined, 'no script from the note ran')
    assert.equal(`${landed.pathname}${landed.search}`, '/paid?ref=A-1')
    assert.equal(landing, 'Thank you')
    const after = await coherent.transactions.get(transaction.uuid)
    assert.equal(after.status, 'paid')
    assert.equal(after.paymentMethod, 'visa')
    assert.match(after.paymentMethodSummary, /4242/)

    // Opening the link again shows the outcome, with nothing left to pay.
    const page = await context.newPage()
    try {
      await page.goto(transaction.paymentUrl)
      assert.match(await page.textContent('#status'), /paid/i)
      assert.equal(await page.$('#pay'), null)
    } finally {
      await page.close()
    }
  })

  test('a mistyped card number shows an error on the page and changes nothing', async () => {
    const transaction = await coherent.transactions.create({ amount: 500, name: 'Mary Somerville', successUrl: `${site.url}/paid`, failureUrl: `${site.url}/failed` })
    const visitsBefore = site.visits.length
    const page = await context.newPage()
    try {
      await page.goto(transaction.paymentUrl)
      await page.fill('#card-number', '4242 42')
      await page.fill('#expiry', '12/34')
      await page.fill('#cvc', '123')
      await Promise.all([page.waitForSelector('#error'), page.click('#pay')])
      assert.ok((await page.textContent('#error')).trim().length > 0)
      assert.equal(new URL(page.url()).origin, sandbox.url)
    } finally {
      await page.close()
    }
    assert.equal((await coherent.transactions.get(transaction.uuid)).status, 'unpaid')
    assert.equal(site.visits.length, visitsBefore, 'no redirect to the clinic')
  })

  for (const [card, label] of [[CARDS.declined, 'declined'], [CARDS.insufficientFunds, 'insufficient funds']]) {
    test(`the ${label} card lands on failureUrl and the transaction is rejected`, async () => {
      const transaction = await coherent.transactions.create({
        amount: 1999, name: 'Grace Hopper', patientNote: 'Check-up',
        successUrl: `${site.url}/paid`, failureUrl: `${site.url}/failed`,
      })
      const { shown, landed, landing } = await payInBrowser(transaction, card)
      assert.match(shown.amount, /£\s?19\.99/)
      assert.equal(shown.note, 'Check-up')
      assert.equal(landed.pathname, '/failed')
      assert.equal(landing, 'Payment failed')
      const after = await coherent.transactions.get(transaction.uuid)
      assert.equal(after.status, 'rejected')
      assert.equal(after.paymentPaidTime, null)
    })
  }

  test('a monthly plan is authorised through its checkout page and lands on its successUrl', async () => {
    const plan = await coherent.paymentPlans.create({
      amount: 2500, name: 'Alan Turing', note: 'Orthodontics, 12 months', startDate: '2031-01-15', endDate: '2031-12-15',
      type: 'recurring', method: 'card', transactionReference: 'ORTHO-1',
      successUrl: `${site.url}/paid?plan=1`, failureUrl: `${site.url}/failed?plan=1`,
    })
    assert.equal(plan.status, 'sent')
    const { shown, landed, landing } = await payInBrowser(plan, CARDS.success)
    assert.equal(shown.clinic, 'Riverside Dental')
    assert.match(shown.amount, /£\s?25\.00/)
    assert.equal(`${landed.pathname}${landed.search}`, '/paid?plan=1')
    assert.equal(landing, 'Thank you')
    assert.equal((await coherent.paymentPlans.get(plan.uuid)).status, 'authorised')
  })

  test('a card is saved to a wallet through the wallet checkout (no redirect URL: the result page)', async () => {
    const customer = await coherent.customers.create({ providerReferenceId: 'PAT-77', firstName: 'Ada' })
    const wallet = await coherent.customers.createWallet(customer.uuid, { name: 'Card on file', emailNotify: false, smsNotify: false })
    const checkout = wallet.links && wallet.links.checkout
    assert.equal(typeof checkout, 'string', 'createWallet links to a checkout')
    const { landed, outcome } = await payInBrowser({ paymentUrl: checkout }, CARDS.success, (url) => url.pathname.endsWith('/result'))
    assert.equal(landed.origin, sandbox.url)
    assert.equal(landed.searchParams.get('outcome'), 'success')
    assert.match(outcome, /card saved/i)
    const [saved] = (await coherent.customers.listWallets(customer.uuid)).filter((w) => w.uuid === wallet.uuid)
    assert.equal(saved.status, 'authorised')
    const { transactionUuid } = await coherent.customers.debitWallet(customer.uuid, { amount: 1200 })
    assert.equal((await coherent.transactions.get(transactionUuid)).status, 'paid')
  })
})

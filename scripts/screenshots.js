'use strict'
// `npm run screenshots`: fills a fresh sandbox with a small clinic day, photographs the dashboard
// and a checkout page in headless Chromium (Debian's, through playwright-core) into docs/*.png
// for the README, and prints each page's weight (bytes of HTML + CSS + JS it loads).
const fs = require('node:fs')
const path = require('node:path')
const http = require('node:http')
const { Coherent, Sandbox } = require('..')
const { launchChromium } = require('../__test__/helpers/browser')
const DOCS = path.join(__dirname, '..', 'docs')

async function receiver() {
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(200).end('ok')) })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}/webhooks`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r) }) }
}

async function fill(sandbox, hook) {
  const partner = new Coherent({ baseUrl: sandbox.url, token: 'api-test-' + '1'.repeat(32) })
  const { uuid, apiKey } = await partner.onboarding.startOnboarding({ name: 'Riverside Dental', email: 'owner@riverside.example', webhookUrl: hook })
  const coherent = new Coherent({ baseUrl: sandbox.url, token: apiKey })
  const paid = await coherent.transactions.create({ amount: 12000, name: 'Ada Lovelace', note: 'Crown, upper left', email: 'ada@example.test', emailNotify: true })
  sandbox.pay(paid.uuid)
  await coherent.transactions.refund({ transactionUuid: paid.uuid, amount: 2000, reason: 'Goodwill' })
  const declined = await coherent.transactions.create({ amount: 3000, name: 'Grace Hopper' })
  sandbox.pay(declined.uuid, { card: '4000 0000 0000 9995' })
  const atDesk = await coherent.transactions.create({ amount: 4500, name: 'Alan Turing' })
  const [terminal] = await coherent.terminals.list()
  await coherent.terminals.setTransaction({ terminalId: terminal.id, transactionUuid: atDesk.uuid })
  const link = await coherent.transactions.create({ amount: 8550, name: 'Mary Somerville', patientNote: 'Hygienist visit and whitening. Thank you!' })
  const plan = await coherent.paymentPlans.create({ amount: 2500, name: 'Emmy Noether', startDate: sandbox.clock().now.slice(0, 10), type: 'recurring', method: 'card', transactionReference: 'ORTHO-12' })
  sandbox.authorisePlan(plan.uuid)
  await new Promise((resolve) => setTimeout(resolve, 300)) // let the webhooks land
  return { clinic: uuid, link }
}

async function main() {
  const sandbox = await Sandbox.start({ port: 0 })
  const hook = await receiver()
  let browser
  try {
    const { clinic, link } = await fill(sandbox, hook.url)
    browser = await launchChromium()
    const context = browser.context
    fs.mkdirSync(DOCS, { recursive: true })
    const page = await context.newPage()
    await page.setViewportSize({ width: 1280, height: 640 })
    await page.goto(`${sandbox.url}/dashboard/clinics/${clinic}/transactions`)
    await page.screenshot({ path: path.join(DOCS, 'dashboard.png') })
    await page.setViewportSize({ width: 420, height: 820 })
    await page.goto(link.paymentUrl)
    await page.screenshot({ path: path.join(DOCS, 'checkout.png') })
    for (const file of ['dashboard.png', 'checkout.png']) {
      console.log(`docs/${file}: ${fs.statSync(path.join(DOCS, file)).size} bytes`)
    }

    console.log('\nPage weights (bytes: HTML + the CSS and JS it loads from /_assets/, uncompressed)')
    const asset = async (p) => (await (await fetch(sandbox.url + p)).arrayBuffer()).byteLength
    const css = await asset('/_assets/sandbox.css')
    const js = await asset('/_assets/dashboard.js')
    const pages = [
      ['clinics /', '/'],
      ...['transactions', 'plans', 'customers', 'terminals', 'webhooks', 'outbox'].map((s) => [s, `/dashboard/clinics/${clinic}/${s}`]),
      ['clock', '/dashboard/clock'],
      ['checkout (form)', new URL(link.paymentUrl).pathname],
    ]
    for (const [name, p] of pages) {
      const html = await (await fetch(sandbox.url + p)).text()
      const usesJs = html.includes('/_assets/dashboard.js')
      const bytes = Buffer.byteLength(html)
      console.log(`  ${name.padEnd(16)} html ${String(bytes).padStart(6)}  css ${css}  js ${usesJs ? js : 0}  total ${bytes + css + (usesJs ? js : 0)}`)
    }
  } finally {
    if (browser) await browser.close()
    await hook.close()
    await sandbox.close()
  }
}

main().catch((e) => { console.error(e); process.exit(1) })

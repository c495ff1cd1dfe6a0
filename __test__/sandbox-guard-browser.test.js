'use strict'
// A web page the developer visits must not be able to drive or read their local sandbox.
// Real Chromium (playwright-core) opens pages of a second loopback server on another port (the
// "attacker"), which try what any page can: simple cross-origin POSTs, fetches that need a
// preflight, form posts to the checkout, framing the checkout, and a DNS-rebound name
// (`evil.example`, resolved to 127.0.0.1 by Chromium's own resolver rules). Every attempt must
// fail, and the sandbox's state, read through the API before and after, must not change.
// A second sandbox naming the attacker's origin in `corsOrigin` shows the same page *can* read
// and write when allowed, so the refusals above are the guard's doing, not the harness's.

const { describe, test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const http = require('node:http')

const { Coherent, Sandbox } = require('..')
const { testKey, control } = require('./helpers/sandbox')

const CHROMIUM = process.env.COHERENT_TEST_BROWSER || '/usr/bin/chromium'

/** What the attacking page runs (no CSP on the attacker's server: inline script is fine). */
function attackPage({ sandboxUrl, uuid, key }) {
  return `<!doctype html><title>cute cats</title><script>
const S = ${JSON.stringify(sandboxUrl)}
async function attempt(name, run) {
  try { window.__results[name] = await run() } catch (e) { window.__results[name] = 'failed: ' + e.name }
}
window.__results = {}
window.__done = (async () => {
  // "Simple" requests: no preflight, the browser sends them and hides the answer (opaque).
  await attempt('reset (text/plain)', () => fetch(S + '/sandbox/reset', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' }).then((r) => r.type))
  await attempt('clock advance (no content type)', () => fetch(S + '/sandbox/clock/advance', { method: 'POST', mode: 'no-cors', body: new Blob(['{"days":30}']) }).then((r) => r.type))
  await attempt('pay (form encoded)', () => fetch(S + '/sandbox/transactions/${uuid}/pay', { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ card: '4242424242424242' }) }).then((r) => r.type))
  // Requests that need a preflight, and reads.
  await attempt('pay (JSON, cors)', () => fetch(S + '/sandbox/transactions/${uuid}/pay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status))
  await attempt('read webhooks', () => fetch(S + '/sandbox/webhooks').then((r) => r.text()))
  await attempt('read clock', () => fetch(S + '/sandbox/clock').then((r) => r.text()))
  await attempt('read transaction with a key', () => fetch(S + '/api/v1/transaction/${uuid}', { headers: { 'access-token': ${JSON.stringify(key)} } }).then((r) => r.text()))
})()
</script>`
}

/** A form that posts itself to the sandbox as soon as it loads. */
function formPage(action, fields, enctype = 'application/x-www-form-urlencoded') {
  const inputs = Object.entries(fields).map(([n, v]) => `<input type="hidden" name='${n}' value='${v}'>`).join('')
  return `<!doctype html><title>win a prize</title><form method="post" enctype="${enctype}" action="${action}">${inputs}</form>
<script>document.forms[0].submit()</script>`
}

async function startAttacker() {
  const pages = new Map()
  const server = http.createServer((req, res) => {
    const body = pages.get(req.url.split('?')[0])
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    res.end(body || 'nothing here')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    pages,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }),
  }
}

describe('a web page cannot drive or read the sandbox (Chromium)', { concurrency: false, timeout: 60000 }, () => {
  let sandbox, attacker, coherent, key, context, profile

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      assert.fail(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium; \`npm test\` does this itself) or set COHERENT_TEST_BROWSER`)
    }
    const { chromium } = require('playwright-core')
    sandbox = await Sandbox.start({ port: 0 })
    attacker = await startAttacker()
    key = testKey()
    coherent = new Coherent({ baseUrl: sandbox.url, token: key })
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-chromium-'))
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP evil.example 127.0.0.1'],
    })
  })

  after(async () => {
    if (context) await context.close()
    if (profile) fs.rmSync(profile, { recursive: true, force: true })
    if (attacker) await attacker.close()
    if (sandbox) await sandbox.close()
  })

  /** What an attack could change, read through the API and the control routes. */
  async function state(sb, client, uuid) {
    return {
      transaction: (await client.transactions.get(uuid)).status,
      // The clock runs with real time; an attack would move it by days.
      today: (await control(sb, 'GET', 'clock')).now.slice(0, 10),
      webhooks: (await control(sb, 'GET', 'webhooks')).length,
    }
  }

  /** Opens `url`, records what reached the sandbox (status by method and path), runs `then`. */
  async function visit(url, then = async () => {}) {
    const page = await context.newPage()
    const reached = []
    page.on('response', (r) => {
      if (r.url().startsWith(sandbox.url)) reached.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`)
    })
    page.on('requestfailed', (r) => {
      if (r.url().startsWith(sandbox.url)) reached.push(`${r.method()} ${new URL(r.url()).pathname} ${r.failure().errorText}`)
    })
    try {
      await page.goto(url)
      const result = await then(page)
      return { reached, result }
    } finally {
      await page.close()
    }
  }

  test('fetches from another origin: simple writes are refused, preflighted ones and reads fail', async () => {
    // "Simple" requests are sent without asking; the sandbox answers 403 (checked in
    // crates/sandbox/tests/guard.rs) with Cross-Origin-Resource-Policy: same-origin, so Chromium
    // even withholds the opaque answer (ERR_BLOCKED_BY_RESPONSE). Everything else needs a
    // preflight, which the sandbox refuses (ERR_FAILED): the request itself is never sent.
    const tx = await coherent.transactions.create({ amount: 4200, name: 'Ada Lovelace' })
    const before = await state(sandbox, coherent, tx.uuid)
    attacker.pages.set('/fetches', attackPage({ sandboxUrl: sandbox.url, uuid: tx.uuid, key }))
    const { reached, result } = await visit(`${attacker.url}/fetches`, async (page) => {
      await page.evaluate(() => window.__done)
      return page.evaluate(() => window.__results)
    })
    for (const [name, outcome] of Object.entries(result)) assert.equal(outcome, 'failed: TypeError', name)
    const pay = `/sandbox/transactions/${tx.uuid}/pay`
    assert.deepEqual(reached.sort(), [
      `GET /api/v1/transaction/${tx.uuid} net::ERR_FAILED`,
      'GET /sandbox/clock net::ERR_FAILED',
      'GET /sandbox/webhooks net::ERR_FAILED',
      'POST /sandbox/clock/advance net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin',
      'POST /sandbox/reset net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin',
      `POST ${pay} net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin`,
      `POST ${pay} net::ERR_FAILED`,
    ].sort())
    assert.deepEqual(await state(sandbox, coherent, tx.uuid), before, 'nothing changed')
  })

  test('form posts from another origin to the checkout and to control routes are refused', async () => {
    const tx = await coherent.transactions.create({ amount: 1500, name: 'Grace Hopper', successUrl: `${attacker.url}/thanks` })
    const before = await state(sandbox, coherent, tx.uuid)
    attacker.pages.set('/checkout-form', formPage(tx.paymentUrl, { card_number: '4242424242424242', expiry: '12/34', cvc: '123' }))
    // enctype text/plain smuggles a JSON body: name + "=" + value = {"days":30,"x":"="}
    attacker.pages.set('/json-form', formPage(`${sandbox.url}/sandbox/clock/advance`, { '{"days":30,"x":"': '"}' }, 'text/plain'))
    for (const form of ['/checkout-form', '/json-form']) {
      const { reached } = await visit(`${attacker.url}/hold`, async (page) => {
        const answer = page.waitForResponse((r) => r.url().startsWith(sandbox.url))
        await page.goto(`${attacker.url}${form}`, { waitUntil: 'commit' })
        const response = await answer
        // Closing a page whose POST navigation has not committed yet can hang Chromium.
        await page.waitForURL((u) => u.href.startsWith(sandbox.url), { timeout: 10000 })
        return { status: response.status(), origin: await response.request().headerValue('origin') }
      }).then(({ reached, result }) => {
        assert.equal(result.status, 403, `${form}: ${JSON.stringify(reached)}`)
        assert.equal(result.origin, attacker.url, 'Chromium named the attacker')
        return { reached }
      })
      assert.equal(reached.length, 1, `${form}: one request, refused: ${JSON.stringify(reached)}`)
    }
    assert.deepEqual(await state(sandbox, coherent, tx.uuid), before, 'nothing changed')
  })

  test('the checkout cannot be framed, and its own form still posts (Origin null under no-referrer)', async () => {
    const tx = await coherent.transactions.create({ amount: 990, name: 'Alan Turing', successUrl: `${attacker.url}/thanks` })
    attacker.pages.set('/frame', `<!doctype html><title>frame</title><iframe src="${tx.paymentUrl}"></iframe>`)
    attacker.pages.set('/thanks', '<!doctype html><title>thanks</title><h1 id="landing">Thank you</h1>')
    await visit(`${attacker.url}/frame`, async (page) => {
      const framed = page.frames().find((f) => f !== page.mainFrame())
      assert.ok(framed, 'the iframe exists')
      assert.equal(await framed.$('#pay'), null, 'frame-ancestors \'none\': no checkout form inside the frame')
    })
    // The real patient flow on the sandbox's own page, watching what Chromium sends.
    const violations = []
    const page = await context.newPage()
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()) })
    try {
      await page.goto(tx.paymentUrl)
      assert.equal(await page.$eval('.test-banner', (el) => getComputedStyle(el).backgroundColor), 'rgb(255, 210, 63)', 'the stylesheet applies')
      await page.fill('#card-number', '4242 4242 4242 4242')
      await page.fill('#expiry', '12/34')
      await page.fill('#cvc', '123')
      const posted = page.waitForRequest((r) => r.method() === 'POST')
      await Promise.all([page.waitForURL(`${attacker.url}/thanks`), page.click('#pay')])
      const headers = await (await posted).allHeaders()
      assert.equal(headers.origin, 'null', 'no-referrer pages post with Origin: null')
      assert.equal(headers['sec-fetch-site'], 'same-origin')
    } finally {
      await page.close()
    }
    assert.deepEqual(violations, [])
    assert.equal((await coherent.transactions.get(tx.uuid)).status, 'paid')
  })

  test('a DNS-rebound name (Host: evil.example:PORT) is refused', async () => {
    const tx = await coherent.transactions.create({ amount: 700, name: 'Mary Somerville' })
    const before = await state(sandbox, coherent, tx.uuid)
    const rebound = sandbox.url.replace('127.0.0.1', 'evil.example')
    for (const path of ['/sandbox/webhooks', `/checkout/transaction/${tx.uuid}`]) {
      const page = await context.newPage()
      try {
        const response = await page.goto(`${rebound}${path}`)
        assert.equal(response.status(), 403, path)
        assert.equal(await page.$('#pay'), null)
        // Same-origin to the rebound name, the page's own script gets only refusals.
        const answer = await page.evaluate(async () => {
          const r = await fetch('/sandbox/reset', { method: 'POST', headers: { 'content-type': 'application/json' } })
          return r.status
        })
        assert.equal(answer, 403)
      } finally {
        await page.close()
      }
    }
    assert.deepEqual(await state(sandbox, coherent, tx.uuid), before, 'nothing changed')
  })

  test('with corsOrigin naming the page\'s origin, the same page can read and write (control)', async () => {
    const open = await Sandbox.start({ port: 0, corsOrigin: attacker.url })
    try {
      const client = new Coherent({ baseUrl: open.url, token: key })
      const tx = await client.transactions.create({ amount: 4200, name: 'Ada Lovelace' })
      attacker.pages.set('/allowed', attackPage({ sandboxUrl: open.url, uuid: tx.uuid, key }))
      const page = await context.newPage()
      try {
        await page.goto(`${attacker.url}/allowed`)
        await page.evaluate(() => window.__done)
        const result = await page.evaluate(() => window.__results)
        assert.equal(result['pay (JSON, cors)'], 200, 'the preflighted JSON write went through')
        assert.ok(result['read webhooks'].startsWith('['), result['read webhooks'])
        assert.match(result['read clock'], /"now"/)
        assert.match(result['read transaction with a key'], new RegExp(tx.uuid))
      } finally {
        await page.close()
      }
      assert.equal((await client.transactions.get(tx.uuid)).status, 'paid')
    } finally {
      await open.close()
    }
  })
})

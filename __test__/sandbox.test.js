'use strict'
// The Sandbox class (crates/sandbox through the addon) and the coherent-sandbox bin.
// Every sandbox here listens on port 0: port 3000 belongs to the differential test.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawn, execFileSync } = require('node:child_process')

const { Sandbox, Coherent } = require('..')
const { Recorder } = require('./helpers/recorder')

const BIN = path.join(__dirname, '..', 'packages', 'coherent-sandbox', 'bin', 'coherent-sandbox.js')
const KEY = 'api-test-' + 'c0'.repeat(16)

test('start on port 0, url, close', async () => {
  const sb = await Sandbox.start({ port: 0 })
  assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.notEqual(sb.url, 'http://127.0.0.1:3000')
  const health = await fetch(`${sb.url}/sandbox/health`)
  assert.deepEqual(await health.json(), { ok: true })
  await sb.close()
  await sb.close() // a second close is harmless
  await assert.rejects(fetch(`${sb.url}/sandbox/health`))
})

test('sandboxes are independent, and our client works against one', async () => {
  const one = await Sandbox.start({ port: 0 })
  const two = await Sandbox.start({ port: 0, seed: true })
  try {
    assert.notEqual(one.url, two.url)
    const client = new Coherent({ baseUrl: one.url, token: KEY })
    const tx = await client.transactions.create({ amount: 1500, name: 'Jo', patientNote: 'Check-up' })
    assert.equal(tx.status, 'unpaid')
    assert.ok(tx.paymentUrl.startsWith(`${one.url}/checkout/transaction/`))
    const paid = await fetch(`${one.url}/sandbox/transactions/${tx.uuid}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' } })
    assert.equal((await paid.json()).status, 'paid')
    assert.equal((await client.transactions.get(tx.uuid)).status, 'paid')
    const elsewhere = new Coherent({ baseUrl: two.url, token: KEY })
    await assert.rejects(elsewhere.transactions.get(tx.uuid), (e) => e.response && e.response.status === 404)
    // the seeded key exists in the seeded sandbox
    const seeded = new Coherent({ baseUrl: two.url, token: 'api-test-' + '0'.repeat(32) })
    const merchants = await seeded.merchants.listMerchants()
    assert.equal(merchants[0].name, 'Sandbox Dental Clinic')
  } finally {
    await one.close()
    await two.close()
  }
})

test('bad options reject with a TypeError naming the option', async () => {
  const cases = [
    [{ port: 'x' }, /options\.port/],
    [{ port: 70000 }, /options\.port/],
    [{ port: 1.5 }, /options\.port/],
    [{ host: '' }, /options\.host/],
    [{ host: 5 }, /options\.host/],
    [{ webhookUrl: 'not a url' }, /webhookUrl/],
    [{ webhookUrl: 7 }, /options\.webhookUrl/],
    [{ seed: 'yes' }, /options\.seed/],
    [{ webhookURL: 'http://x' }, /options\.webhookURL is not an option/],
    [{ webhookRetry: 3 }, /options\.webhookRetry must be an object/],
    [{ webhookRetry: { attempts: 0 } }, /options\.webhookRetry\.attempts/],
    [{ webhookRetry: { initialBackoffMs: -1 } }, /options\.webhookRetry\.initialBackoffMs/],
    [{ webhookRetry: { backoff: 1 } }, /options\.webhookRetry\.backoff is not an option/],
    [{ allowedHosts: 'sandbox.test' }, /options\.allowedHosts must be an array/],
    [{ allowedHosts: ['ok.test', 7] }, /options\.allowedHosts must be an array/],
    [{ allowedHosts: ['http://sandbox.test'] }, /options\.allowedHosts: "http:\/\/sandbox\.test" must be a host name/],
    [{ allowedHosts: ['sandbox.test:8080'] }, /options\.allowedHosts/],
    [{ corsOrigin: 5173 }, /options\.corsOrigin must be a string/],
    [{ corsOrigin: 'localhost:5173' }, /options\.corsOrigin: "localhost:5173" must be an origin/],
    [{ corsOrigin: 'http://localhost:5173/app' }, /options\.corsOrigin/],
    [{ allowRemote: 'yes' }, /options\.allowRemote must be a boolean/],
    [{ host: '0.0.0.0', port: 0 }, /options\.host: "0\.0\.0\.0" is not a loopback interface: set allowRemote/],
    ['3000', /options must be an object/],
  ]
  for (const [options, message] of cases) {
    await assert.rejects(Sandbox.start(options), (e) => e instanceof TypeError && message.test(e.message), JSON.stringify(options))
  }
})

test('webhookRetry shortens retries: a receiver failing once gets the webhook on the 2nd attempt', async () => {
  const receiver = await new Recorder().respond({ status: 503 }).always({ status: 204 }).listen()
  const hook = `http://127.0.0.1:${receiver.port}/hook`
  const sb = await Sandbox.start({ port: 0, webhookUrl: hook, webhookRetry: { attempts: 2, initialBackoffMs: 10 } })
  try {
    const client = new Coherent({ baseUrl: sb.url, token: KEY })
    const tx = await client.transactions.create({ amount: 100, name: 'Jo' })
    await fetch(`${sb.url}/sandbox/transactions/${tx.uuid}/decline`, { method: 'POST', headers: { 'content-type': 'application/json' } })
    let deliveries = []
    for (let i = 0; i < 100 && !(deliveries[0] && deliveries[0].delivered); i++) {
      await new Promise((r) => setTimeout(r, 20))
      deliveries = await (await fetch(`${sb.url}/sandbox/webhooks`)).json()
    }
    assert.equal(deliveries.length, 1)
    assert.equal(deliveries[0].delivered, true)
    assert.deepEqual(deliveries[0].attempts.map((a) => a.status), [503, 204])
    const bodies = receiver.requests.slice(1).map((r) => JSON.parse(r.body))
    assert.equal(bodies[0].uuid, tx.uuid)
    assert.equal(bodies[0].status, 'rejected')
    assert.equal(bodies[0].type, 'transaction.status')
  } finally {
    await sb.close()
    await receiver.close()
  }
})

test('a taken port rejects with an Error that names the address', async () => {
  const sb = await Sandbox.start({ port: 0 })
  try {
    const port = Number(new URL(sb.url).port)
    await assert.rejects(Sandbox.start({ port }), (e) => !(e instanceof TypeError) && e.message.includes(`127.0.0.1:${port}`))
  } finally {
    await sb.close()
  }
})

test('coherent-sandbox --help documents flags, cards and control routes', () => {
  const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
  for (const text of ['--port', '--host', '--webhook-url', '--seed', '--allowed-host', '--cors-origin', '--allow-remote', 'Content-Type: application/json', '4242 4242 4242 4242', '4000 0000 0000 0002', '4000 0000 0000 9995', '/sandbox/clock/advance', '/sandbox/terminals/{id}/tap', '/sandbox/webhooks']) {
    assert.ok(out.includes(text), `--help mentions ${text}`)
  }
})

test('coherent-sandbox rejects unknown flags with exit code 2', () => {
  assert.throws(() => execFileSync(process.execPath, [BIN, '--prot', '1'], { stdio: 'pipe' }), (e) => e.status === 2 && /unknown argument/.test(String(e.stderr)))
})

test('coherent-sandbox serves until SIGTERM, then exits 0', async () => {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--seed'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = output.match(/listening on (http:\/\/\S+)/)
      if (match && output.includes('Press Ctrl-C')) resolve(match[1])
    })
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
  })
  assert.match(output, /4242 4242 4242 4242/)
  const health = await fetch(`${url}/sandbox/health`)
  assert.equal(health.status, 200)
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  child.kill('SIGTERM')
  assert.deepEqual(await exited, { code: 0, signal: null })
  await assert.rejects(fetch(`${url}/sandbox/health`))
})

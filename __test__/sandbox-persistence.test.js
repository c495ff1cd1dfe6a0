'use strict'
// The sandbox's state in an SQLite file (`data` / `--data`): restarts keep it, and a sandbox
// killed with SIGKILL in the middle of a burst of writes loses nothing it acknowledged.
// Every sandbox here listens on port 0.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn, execFileSync } = require('node:child_process')

const { Sandbox, Coherent } = require('..')

const BIN = path.join(__dirname, '..', 'packages', 'coherent-sandbox', 'bin', 'coherent-sandbox.js')
const SEEDED = 'api-test-' + '0'.repeat(32)

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-sandbox-data-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Starts the CLI; resolves with the child and its URL once it says it is listening. */
function startCli(args) {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = output.match(/listening on (http:\/\/\S+)/)
      if (match && output.includes('Press Ctrl-C')) resolve({ child, url: match[1], output })
    })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.on('exit', (code) => reject(new Error(`coherent-sandbox exited with ${code}: ${output}`)))
  })
  return ready
}

const exited = (child) => new Promise((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve()
  else child.on('exit', () => resolve())
})

async function control(url, route, body) {
  const res = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body || {}),
  })
  assert.equal(res.status, 200, `${route}: ${await res.clone().text()}`)
  return res.json()
}

test('Sandbox.start({ data }) keeps transactions and the clock across close and start', async (t) => {
  const file = path.join(tempDir(t), 'state.db')
  const first = await Sandbox.start({ port: 0, data: file, seed: true })
  const client = new Coherent({ baseUrl: first.url, token: SEEDED })
  const tx = await client.transactions.create({ amount: 4200, name: 'Jo' })
  await control(first.url, `/sandbox/transactions/${tx.uuid}/pay`)
  const { now } = await control(first.url, '/sandbox/clock/advance', { days: 10 })
  await first.close()
  assert.ok(fs.statSync(file).size > 0)

  const second = await Sandbox.start({ port: 0, data: file, seed: true })
  try {
    const again = new Coherent({ baseUrl: second.url, token: SEEDED })
    const back = await again.transactions.get(tx.uuid)
    assert.equal(back.status, 'paid')
    assert.equal(back.amount, 4200)
    const clock = await (await fetch(`${second.url}/sandbox/clock`)).json()
    assert.ok(clock.now >= now, `${clock.now} is not before ${now}`)
    assert.equal((await again.merchants.listMerchants()).length, 1, 'the seeded clinic, once')
  } finally {
    await second.close()
  }
})

test('Sandbox methods (pay, advanceClock, failNextWebhooks) are kept even if the process dies right after', async (t) => {
  const file = path.join(tempDir(t), 'state.db')
  // A child process calls the synchronous methods (no HTTP request carries them), prints what
  // it did, and is killed before it can close the sandbox.
  const script = `
    const { Sandbox, Coherent } = require(${JSON.stringify(path.join(__dirname, '..'))})
    ;(async () => {
      const sb = await Sandbox.start({ port: 0, data: ${JSON.stringify(file)}, seed: true })
      const client = new Coherent({ baseUrl: sb.url, token: ${JSON.stringify(SEEDED)} })
      const tx = await client.transactions.create({ amount: 4200, name: 'Jo' })
      sb.pay(tx.uuid)
      const { now } = sb.advanceClock({ days: 3 })
      sb.failNextWebhooks(sb.clinics()[0].uuid, 2)
      process.stdout.write(JSON.stringify({ uuid: tx.uuid, now }) + '\\n', () => process.kill(process.pid, 'SIGKILL'))
    })()`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk) => { output += chunk })
  await exited(child)
  assert.equal(child.signalCode, 'SIGKILL', output)
  const { uuid, now } = JSON.parse(output)

  const sb = await Sandbox.start({ port: 0, data: file })
  try {
    const client = new Coherent({ baseUrl: sb.url, token: SEEDED })
    assert.equal((await client.transactions.get(uuid)).status, 'paid')
    assert.ok(sb.clock().now >= now, `${sb.clock().now} is not before ${now}`)
    assert.equal(sb.clinics()[0].failNextWebhooks, 2)
  } finally {
    await sb.close()
  }
})

test('data: bad values are TypeErrors; a file it cannot use is an Error naming it', async (t) => {
  for (const data of [5, '', true, {}]) {
    await assert.rejects(Sandbox.start({ port: 0, data }), (e) => e instanceof TypeError && /options\.data/.test(e.message), String(data))
  }
  const dir = tempDir(t)
  const missing = path.join(dir, 'no-such-folder', 'state.db')
  await assert.rejects(Sandbox.start({ port: 0, data: missing }),
    (e) => !(e instanceof TypeError) && e.message.includes(missing) && /does not exist/.test(e.message))
  const notes = path.join(dir, 'notes.txt')
  fs.writeFileSync(notes, 'not a database\n'.repeat(100))
  await assert.rejects(Sandbox.start({ port: 0, data: notes }),
    (e) => e.message.includes(notes) && /not an SQLite database/.test(e.message))
  assert.equal(fs.readFileSync(notes, 'utf8').slice(0, 14), 'not a database')
})

test('coherent-sandbox --help documents --data; a bad --data exits 2 naming the file', (t) => {
  const help = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
  assert.match(help, /--data FILE\s+keep the state in this SQLite file across restarts/)
  const missing = path.join(tempDir(t), 'no-such-folder', 'sandbox.db')
  assert.throws(() => execFileSync(process.execPath, [BIN, '--port', '0', '--data', missing], { stdio: 'pipe' }),
    (e) => e.status === 2 && String(e.stderr).includes(missing) && /does not exist/.test(String(e.stderr)))
})

test('coherent-sandbox --data: SIGKILL in the middle of a burst loses no acknowledged request', async (t) => {
  const file = path.join(tempDir(t), 'sandbox.db')
  const first = await startCli(['--data', file, '--seed'])
  assert.match(first.output, new RegExp(`State kept in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  const client = new Coherent({ baseUrl: first.url, token: SEEDED, maxNetworkRetries: 0 })

  // Paid transactions to refund during the burst.
  const refundable = []
  for (let i = 0; i < 8; i++) {
    const tx = await client.transactions.create({ amount: 1_000_000, name: `Refundable ${i}` })
    await control(first.url, `/sandbox/transactions/${tx.uuid}/pay`)
    refundable.push(tx.uuid)
  }

  // The burst: 16 callers, each looping creates, refunds and clock advances until the kill.
  const created = [] // { uuid, amount, name } answered 2xx
  const refunded = [] // { uuid, reason } answered 2xx
  const advanced = [] // `now` of each advance answered 2xx
  let inFlight = 0
  let inFlightAtKill = -1
  let killed = false
  let burstError = null
  let n = 0
  async function caller(id) {
    while (!killed) {
      const op = n++
      inFlight++
      try {
        if (op % 10 === 9) {
          const res = await fetch(`${first.url}/sandbox/clock/advance`, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"days":1}',
          })
          const body = await res.json()
          if (res.ok) advanced.push(body.now)
        } else if (op % 3 === 0) {
          const uuid = refundable[op % refundable.length]
          const reason = `burst refund ${op}`
          await client.transactions.refund({ transactionUuid: uuid, amount: 1, reason })
          refunded.push({ uuid, reason })
        } else {
          const request = { amount: 100 + op, name: `Burst ${id}-${op}` }
          const tx = await client.transactions.create(request)
          created.push({ uuid: tx.uuid, ...request })
        }
      } catch (e) {
        // Requests cut off by the kill are not acknowledged; anything else is a bug.
        if (!killed) {
          burstError = burstError || e
          killed = true
        }
      } finally {
        inFlight--
      }
    }
  }
  const callers = Array.from({ length: 16 }, (_, id) => caller(id))
  while (created.length + refunded.length + advanced.length < 300 && !burstError) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  if (burstError) {
    first.child.kill('SIGKILL')
    throw burstError
  }
  inFlightAtKill = inFlight
  killed = true
  first.child.kill('SIGKILL')
  await Promise.all(callers)
  await exited(first.child)
  assert.equal(first.child.signalCode, 'SIGKILL')
  assert.ok(inFlightAtKill > 0, 'requests were in flight when the sandbox was killed')
  assert.ok(created.length > 50 && refunded.length > 20 && advanced.length > 5,
    `a real burst: ${created.length} creates, ${refunded.length} refunds, ${advanced.length} advances`)

  const second = await startCli(['--data', file, '--seed'])
  t.after(async () => {
    second.child.kill('SIGTERM')
    await exited(second.child)
  })
  const again = new Coherent({ baseUrl: second.url, token: SEEDED })
  for (const want of created) {
    // Raw JSON: the client's result has no `name`.
    const res = await fetch(`${second.url}/api/v1/transaction/${want.uuid}`, { headers: { 'access-token': SEEDED } })
    assert.equal(res.status, 200, `${want.uuid} was acknowledged, then lost`)
    const tx = await res.json()
    assert.equal(tx.amount, want.amount, want.uuid)
    assert.equal(tx.name, want.name)
    assert.equal(tx.status, 'unpaid')
  }
  const reasons = new Set()
  for (const uuid of refundable) {
    const tx = await again.transactions.get(uuid)
    for (const refund of tx.refunds) reasons.add(refund.reason)
  }
  for (const { reason } of refunded) assert.ok(reasons.has(reason), `${reason} was acknowledged, then lost`)
  // The clock: at least as far ahead as the last advance acknowledged.
  const latest = advanced.reduce((a, b) => (a > b ? a : b))
  const clock = await (await fetch(`${second.url}/sandbox/clock`)).json()
  assert.ok(clock.now >= latest, `clock ${clock.now} went back before ${latest}`)
  assert.equal((await again.merchants.listMerchants()).length, 1, 'the seeded clinic, once')
})

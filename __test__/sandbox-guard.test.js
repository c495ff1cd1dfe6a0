'use strict'
// The request guard of a sandbox started from Node and from the CLI, with curl-like requests
// (node:http, so `Host` and every other header are exactly what the test writes). The full
// matrix of attacks is in crates/sandbox/tests/guard.rs; the browser's view in
// sandbox-guard-browser.test.js.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const path = require('node:path')
const { spawn } = require('node:child_process')

const { Sandbox, Coherent } = require('..')
const { testKey, control } = require('./helpers/sandbox')

const BIN = path.join(__dirname, '..', 'packages', 'coherent-sandbox', 'bin', 'coherent-sandbox.js')

/** One request with exactly these headers; resolves `{ status, headers, body }`. */
function send(url, method, pathname, headers, body = '') {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, method, path: pathname, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, setHost: false }, (response) => {
      const chunks = []
      response.on('data', (c) => chunks.push(c))
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    request.on('error', reject)
    request.end(body)
  })
}

test('Sandbox.start: a foreign Host, a cross-site write and a text/plain control body change nothing', async () => {
  const sb = await Sandbox.start({ port: 0 })
  try {
    const coherent = new Coherent({ baseUrl: sb.url, token: testKey() })
    const tx = await coherent.transactions.create({ amount: 1200, name: 'Jo' })
    const host = new URL(sb.url).host
    const port = new URL(sb.url).port
    const before = (await control(sb, 'GET', 'clock')).now.slice(0, 10)
    const attacks = [
      [{ host: `evil.example:${port}` }, 'GET', '/sandbox/webhooks', '', 403],
      [{ host: `evil.example:${port}`, 'content-type': 'application/json' }, 'POST', '/sandbox/reset', '', 403],
      [{ host, origin: 'http://evil.example', 'content-type': 'text/plain' }, 'POST', '/sandbox/reset', '', 403],
      [{ host, origin: 'http://evil.example', 'content-type': 'text/plain' }, 'POST', '/sandbox/clock/advance', '{"days":30}', 403],
      [{ host, 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }, 'POST', tx.paymentUrl.slice(sb.url.length), 'card_number=4242424242424242&expiry=12%2F34&cvc=123', 403],
      [{ host, 'content-type': 'text/plain' }, 'POST', `/sandbox/transactions/${tx.uuid}/pay`, '{}', 415],
    ]
    for (const [headers, method, pathname, body, status] of attacks) {
      const answer = await send(sb.url, method, pathname, headers, body)
      assert.equal(answer.status, status, `${method} ${pathname} ${JSON.stringify(headers)}: ${answer.body}`)
      assert.equal(answer.headers['access-control-allow-origin'], undefined)
      assert.equal(answer.headers['x-content-type-options'], 'nosniff')
    }
    assert.equal((await coherent.transactions.get(tx.uuid)).status, 'unpaid', 'not paid, not reset')
    assert.equal((await control(sb, 'GET', 'clock')).now.slice(0, 10), before, 'the clock did not move')
    // The same request from a server-side caller (no Origin, JSON) works.
    const paid = await send(sb.url, 'POST', `/sandbox/transactions/${tx.uuid}/pay`, { host, 'content-type': 'application/json' })
    assert.equal(paid.status, 200, paid.body)
  } finally {
    await sb.close()
  }
})

test('Sandbox.start({ allowedHosts, corsOrigin }) lets that name and that origin in, nobody else', async () => {
  const sb = await Sandbox.start({ port: 0, allowedHosts: ['sandbox.test'], corsOrigin: 'http://localhost:5173' })
  try {
    assert.equal(sb.remoteToken, null)
    assert.equal((await send(sb.url, 'GET', '/sandbox/clock', { host: 'sandbox.test:8080' })).status, 200)
    assert.equal((await send(sb.url, 'GET', '/sandbox/clock', { host: 'other.test' })).status, 403)
    const read = await send(sb.url, 'GET', '/sandbox/clock', { host: 'sandbox.test', origin: 'http://localhost:5173' })
    assert.equal(read.headers['access-control-allow-origin'], 'http://localhost:5173')
    const other = await send(sb.url, 'GET', '/sandbox/clock', { host: 'sandbox.test', origin: 'http://localhost:5174' })
    assert.equal(other.headers['access-control-allow-origin'], undefined)
  } finally {
    await sb.close()
  }
})

test('coherent-sandbox --host 0.0.0.0 needs --allow-remote, which prints the token the control routes then ask for', async () => {
  const refused = spawn(process.execPath, [BIN, '--port', '0', '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 })
  let stderr = ''
  refused.stderr.on('data', (c) => { stderr += c })
  assert.equal(await new Promise((resolve) => refused.on('exit', resolve)), 2)
  assert.match(stderr, /not a loopback interface: set allowRemote \(--allow-remote\)/)

  const child = spawn(process.execPath, [BIN, '--port', '0', '--host', '0.0.0.0', '--allow-remote'], { stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    let output = ''
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk
        if (output.includes('Press Ctrl-C')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
    })
    const port = output.match(/listening on http:\/\/0\.0\.0\.0:(\d+)/)[1]
    const token = output.match(/^ {2}([0-9a-f]{32})$/m)[1]
    assert.ok(output.includes(`http://127.0.0.1:${port}/?token=${token}`), output)
    const url = `http://127.0.0.1:${port}`
    const host = `127.0.0.1:${port}`
    assert.equal((await send(url, 'GET', '/sandbox/clock', { host })).status, 401)
    assert.equal((await send(url, 'GET', '/sandbox/clock', { host, authorization: `Bearer ${token}` })).status, 200)
    const login = await send(url, 'GET', `/?token=${token}`, { host })
    assert.equal(login.status, 303)
    assert.equal(login.headers.location, '/')
    const cookie = login.headers['set-cookie'][0].split(';')[0]
    assert.equal((await send(url, 'GET', '/sandbox/webhooks', { host, cookie })).status, 200)
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
})

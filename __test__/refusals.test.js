'use strict'
// Refusals that retrying cannot change, against real Debian servers: an openssl s_server that
// offers only TLS 1.0/1.1, one with an untrusted certificate, and squid 5.7 with basic auth
// refusing a wrong password (407) or a host its policy denies (403). Each must fail after ONE
// attempt (also for GET, which is otherwise retried), with its own `err.code` and a message naming
// the cause, and never show the proxy password. The servers' own logs count what they received.

const test = require('node:test')
const assert = require('node:assert/strict')
const { createCa } = require('./helpers/tls-ca')
const { startOpensslServer } = require('./helpers/openssl-server')
const { startSquid } = require('./helpers/squid')
const { startNginx } = require('./helpers/nginx')

// The core reads NODE_EXTRA_CA_CERTS once, when the first client is built: set it first.
const ca = createCa()
process.env.NODE_EXTRA_CA_CERTS = ca.certPath
const { Coherent, CoherentConnectionError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const PASSWORD = 'Sup3r-Secret-proxy-pw'

/** A client for `baseUrl`; HTTPS_PROXY is read when a client is built, so it is set around that. */
function client(baseUrl, proxy) {
  if (proxy) process.env.HTTPS_PROXY = proxy
  try {
    return new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, timeout: 20_000 })
  } finally {
    delete process.env.HTTPS_PROXY
  }
}

async function rejection(promise) {
  try {
    await promise
  } catch (e) {
    return e
  }
  assert.fail('the call should have failed')
}

test.after(() => ca.cleanup())

test('a server offering only TLS 1.0/1.1: one attempt, ERR_TLS_PROTOCOL, message names TLS', async () => {
  const leaf = ca.issue()
  const server = await startOpensslServer({
    cert: leaf.certPath,
    key: leaf.keyPath,
    // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level: lower it, as such servers do.
    args: ['-no_tls1_2', '-no_tls1_3', '-cipher', 'DEFAULT@SECLEVEL=0'],
  })
  try {
    const c = client(server.url)
    for (const call of [() => c.terminals.list(), () => c.customers.get('cu1')]) {
      const err = await rejection(call())
      assert.ok(err instanceof CoherentConnectionError, String(err))
      assert.equal(err.code, 'ERR_TLS_PROTOCOL', err.message)
      assert.equal(err.attempts, 1, err.message)
      assert.match(err.message, /TLS 1\.2 and 1\.3/)
      assert.match(err.message, /ProtocolVersion/)
    }
    // s_server logs each refused ClientHello (a moment later): two calls, two handshakes. The calls
    // have settled, so no retry can come after this.
    const refused = () => (server.log().match(/unsupported protocol/g) || []).length
    for (let waited = 0; refused() < 2 && waited < 3000; waited += 50) await new Promise((r) => setTimeout(r, 50))
    assert.equal(refused(), 2, server.log())
  } finally {
    await server.stop()
  }
})

test('an untrusted certificate: one attempt, ERR_TLS_CERT', async () => {
  const stranger = createCa({ subject: '/CN=Not trusted CA' })
  const leaf = stranger.issue()
  const server = await startOpensslServer({ cert: leaf.certPath, key: leaf.keyPath })
  try {
    const err = await rejection(client(server.url).terminals.list())
    assert.ok(err instanceof CoherentConnectionError, String(err))
    assert.equal(err.code, 'ERR_TLS_CERT', err.message)
    assert.equal(err.attempts, 1)
    assert.match(err.message, /certificate was refused/)
  } finally {
    await server.stop()
    stranger.cleanup()
  }
})

test('squid with basic auth: a wrong password is tried once per call (one 407 in its log), ' +
  'ERR_PROXY_AUTH names 407 and never the password; the right one goes through', async () => {
  const leaf = ca.issue({ names: ['gateway.example'] })
  const nginx = await startNginx({
    listen: 'ssl',
    server: `ssl_certificate ${leaf.certPath}; ssl_certificate_key ${leaf.keyPath};
      location = /api/v1/terminal { default_type application/json; return 200 '[{"id":"T1"}]'; }`,
  })
  const squid = await startSquid({ users: { clinic: PASSWORD }, hosts: { 'gateway.example': '127.0.0.1' } })
  try {
    const gateway = `https://gateway.example:${nginx.port}`
    const wrong = client(gateway, `http://clinic:wrong-${PASSWORD}@127.0.0.1:${squid.port}`)
    for (const call of [() => wrong.terminals.list(), () => wrong.transactions.create({ amount: 1000, name: 'A Patient' })]) {
      const err = await rejection(call())
      assert.ok(err instanceof CoherentConnectionError, String(err))
      assert.equal(err.code, 'ERR_PROXY_AUTH', err.message)
      assert.equal(err.attempts, 1)
      assert.match(err.message, /407/)
      for (const text of [err.message, err.stack, JSON.stringify(err)]) {
        assert.ok(!text.includes(PASSWORD), 'the proxy password must not appear')
        assert.ok(!text.includes(TOKEN), 'the token must not appear')
      }
    }
    const right = client(gateway, `http://clinic:${PASSWORD}@127.0.0.1:${squid.port}`)
    assert.deepEqual(await right.terminals.list(), [{ id: 'T1' }])

    await squid.stop() // flushes its access log
    const connects = squid.accessLog().filter((l) => l.method === 'CONNECT')
    assert.deepEqual(connects.map((l) => l.status), ['TCP_DENIED/407', 'TCP_DENIED/407', 'TCP_TUNNEL/200'],
      JSON.stringify(connects))
    assert.equal(nginx.accessLog().length, 1, 'only the call with the right password reached the server')
  } finally {
    await squid.stop()
    await nginx.stop()
  }
})

test('squid denying the host (403 on CONNECT): one attempt, ERR_PROXY_REFUSED', async () => {
  const squid = await startSquid({ users: { clinic: PASSWORD }, deny: ['blocked.example'] })
  try {
    const c = client('https://blocked.example', `http://clinic:${PASSWORD}@127.0.0.1:${squid.port}`)
    const err = await rejection(c.terminals.list())
    assert.ok(err instanceof CoherentConnectionError, String(err))
    assert.equal(err.code, 'ERR_PROXY_REFUSED', err.message)
    assert.equal(err.attempts, 1)
    assert.match(err.message, /proxy refused the CONNECT tunnel/)
    assert.ok(!err.message.includes(PASSWORD))
    await squid.stop()
    const connects = squid.accessLog().filter((l) => l.method === 'CONNECT')
    assert.deepEqual(connects.map((l) => l.status), ['TCP_DENIED/403'])
  } finally {
    await squid.stop()
  }
})

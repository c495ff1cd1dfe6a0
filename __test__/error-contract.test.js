'use strict'
// The contract between src/js_error.rs and lib/errors.js (ErrorDetails), the generated error
// typings, the stand-alone constructors' argument checks and the one timeout rule.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const pkg = require('..')
const { Recorder } = require('./helpers/recorder.js')
const { Coherent, CoherentValidationError, CoherentApiError, CoherentTimeoutError, CoherentConnectionError } = pkg

const ROOT = path.join(__dirname, '..')
const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const NAMESPACES = ['TransactionAPI', 'TerminalAPI', 'PaymentPlanAPI', 'CustomerAPI', 'MerchantAPI', 'OnboardingAPI', 'WebhookAPI']

/** The keys of the generated `ErrorDetails` interface in native.d.ts. */
function detailKeys() {
  const dts = fs.readFileSync(path.join(ROOT, 'native.d.ts'), 'utf8')
  const body = dts.match(/export interface ErrorDetails \{([\s\S]*?)\n\}/)
  assert.ok(body, 'native.d.ts declares ErrorDetails')
  return [...body[1].matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1])
}

test('lib/errors.js reads every ErrorDetails field Rust sends (and tsc checks it reads no other)', () => {
  const keys = detailKeys()
  assert.deepEqual(keys.slice().sort(), ['attempts', 'code', 'field', 'headers', 'method', 'requestId', 'status', 'timeout', 'url'])
  const js = fs.readFileSync(path.join(ROOT, 'lib', 'errors.js'), 'utf8')
  for (const key of keys) assert.match(js, new RegExp(`\\bd\\.${key}\\b`), `lib/errors.js reads d.${key}`)
})

test('lib/errors.d.ts is what tsc generates from lib/errors.js, which type-checks', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'errors-dts-'))
  try {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'lib', 'tsconfig.json'), '--declarationDir', out], { stdio: 'pipe' })
    const fresh = fs.readFileSync(path.join(out, 'errors.d.ts'), 'utf8')
    const committed = fs.readFileSync(path.join(ROOT, 'lib', 'errors.d.ts'), 'utf8')
    assert.equal(committed, fresh, 'lib/errors.d.ts is stale: run `npm run build:errors-dts`')
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
})

test('each failure carries its details: API (JSON, text, empty bodies), connection, timeout, validation', async () => {
  const srv = await new Recorder().listen()
  const baseUrl = `http://127.0.0.1:${srv.port}`
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, maxNetworkRetries: 0 })
    for (const [body, data] of [['{"message":"no"}', { message: 'no' }], ['<html>down</html>', '<html>down</html>'], ['', ''], ['null', null], ['"Zoë"', 'Zoë']]) {
      srv.respond({ status: 404, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body })
      const err = await c.customers.get('cu1').then(() => assert.fail('resolved'), (e) => e)
      assert.ok(err instanceof CoherentApiError)
      assert.equal(err.status, 404)
      assert.equal(err.code, 'ERR_BAD_REQUEST')
      assert.equal(err.attempts, 1)
      assert.deepEqual(err.config, { method: 'get', url: `${baseUrl}/api/v1/customer/cu1` })
      assert.equal(err.response.headers['x-request-id'], 'r1')
      assert.deepEqual(err.response.data, data, `data of ${JSON.stringify(body)}`)
    }
  } finally {
    await srv.close()
  }
  const refused = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, maxNetworkRetries: 0 })
  const err = await refused.terminals.list().catch((e) => e)
  assert.ok(err instanceof CoherentConnectionError)
  assert.equal(err.code, 'ECONNREFUSED')
  assert.equal(err.attempts, 1)
  const bad = await refused.transactions.get(42).catch((e) => e)
  assert.ok(bad instanceof CoherentValidationError)
  assert.equal(bad.field, 'uuid')
  assert.equal(bad.attempts, 0)
  assert.equal(bad.config, undefined)
})

test('stand-alone namespace constructors name a bad argument in a CoherentValidationError', () => {
  for (const name of NAMESPACES) {
    const Class = pkg[name]
    for (const [args, field] of [
      [[42, TOKEN], 'baseUrl'],
      [[undefined, TOKEN], 'baseUrl'],
      [[{}, TOKEN], 'baseUrl'],
      [['http://127.0.0.1:9', 42], 'accessToken'],
      [['http://127.0.0.1:9'], 'accessToken'],
      [['http://127.0.0.1:9', null], 'accessToken'],
      [['not a url', TOKEN], 'baseUrl'],
    ]) {
      assert.throws(() => new Class(...args), (e) => e instanceof CoherentValidationError && e.field === field,
        `new ${name}(${args.map(String).join(', ')})`)
    }
    assert.ok(new Class('http://127.0.0.1:9', TOKEN) instanceof Class)
  }
})

test('one timeout rule for config.timeout and options.timeout: 1 to 2^31-1 ms, fractions rounded up', async () => {
  for (const bad of [0, 0.5, -1, NaN, Infinity, 2 ** 31]) {
    assert.throws(() => new Coherent({ environment: 'TEST', token: TOKEN, timeout: bad }),
      (e) => e instanceof CoherentValidationError && e.field === 'config.timeout', `config.timeout ${bad}`)
  }
  const srv = http.createServer(() => {}) // accepts, never answers
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${srv.address().port}`
  try {
    for (const bad of [0, 0.5, -1, NaN, Infinity, 2 ** 31]) {
      const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl })
      const e = await c.terminals.list({ timeout: bad }).catch((err) => err)
      assert.ok(e instanceof CoherentValidationError && e.field === 'options.timeout', `options.timeout ${bad}`)
    }
    const fromConfig = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, timeout: 40.2, maxNetworkRetries: 0 })
    const e1 = await fromConfig.terminals.list().catch((err) => err)
    assert.ok(e1 instanceof CoherentTimeoutError, String(e1))
    assert.equal(e1.timeout, 41)
    assert.equal(e1.message, 'timeout of 41ms exceeded')
    const plain = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, maxNetworkRetries: 0 })
    const e2 = await plain.terminals.list({ timeout: 40.2 }).catch((err) => err)
    assert.ok(e2 instanceof CoherentTimeoutError, String(e2))
    assert.equal(e2.timeout, 41)
  } finally {
    srv.closeAllConnections()
    await new Promise((resolve) => srv.close(resolve))
  }
})

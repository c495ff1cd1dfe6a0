'use strict'
// The binary loader (lib/native-binding.js) in a checkout: the NAPI_RS_NATIVE_LIBRARY_PATH
// override, the one-message errors for runtimes that cannot load a native addon, and the error
// classes shared by every copy of lib/errors.js in a process (as when a bundler puts one copy in
// each route graph). Bundlers and the published shape are covered by `npm run test:reach` and the
// consumer smoke test.

const test = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const vm = require('node:vm')
const { platformName } = require('../lib/platform.js')

const ROOT = path.join(__dirname, '..')
const BINARY = path.join(ROOT, `coherent.${platformName()}.node`)

// Loads the package in a fresh Node with `env` added; resolves what it printed or threw.
function load(env, script = "const p = require('./'); console.log(JSON.stringify({ ok: typeof p.Coherent }))") {
  const wrapped = `try { ${script} } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`
  const result = spawnSync(process.execPath, ['-e', wrapped], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' })
  assert.equal(result.status, 0, result.stderr)
  return JSON.parse(result.stdout)
}

test('NAPI_RS_NATIVE_LIBRARY_PATH loads the binary it names, and a wrong path says so', () => {
  assert.deepEqual(load({ NAPI_RS_NATIVE_LIBRARY_PATH: BINARY }), { ok: 'function' })
  const missing = path.join(ROOT, 'no-such-dir', 'coherent.node')
  const outcome = load({ NAPI_RS_NATIVE_LIBRARY_PATH: missing })
  assert.equal(outcome.code, 'ERR_COHERENT_NATIVE_BINDING_NOT_FOUND')
  assert.match(outcome.message, /Load attempts: Cannot find module '.*no-such-dir/)
})

test("Next.js Edge runtime: one message naming `export const runtime = 'edge'`", () => {
  const outcome = load({ NEXT_RUNTIME: 'edge' })
  assert.equal(outcome.code, 'ERR_COHERENT_UNSUPPORTED_RUNTIME')
  assert.match(outcome.message, /^@coherentx\/coherent needs the Node\.js runtime: .*Remove `export const runtime = 'edge'`/)
})

test('a runtime without Node.js (browser, worker runtime): one message, before touching the file system', () => {
  const source = fs.readFileSync(path.join(ROOT, 'lib', 'native-binding.js'), 'utf8')
  const required = []
  const sandbox = { module: { exports: {} }, require: (id) => required.push(id), __dirname: '/', __filename: '/x.js' }
  sandbox.exports = sandbox.module.exports
  assert.throws(
    () => vm.runInNewContext(source, sandbox),
    (e) => e.code === 'ERR_COHERENT_UNSUPPORTED_RUNTIME' && /only runs in Node\.js \(also Bun and Deno\)/.test(e.message),
  )
  assert.deepEqual(required, [], 'nothing was required')
})

test('every copy of lib/errors.js in a process shares one set of classes', async () => {
  const script = `
const first = require('./lib/errors.js')
delete require.cache[require.resolve('./lib/errors.js')]
const second = require('./lib/errors.js')
const { Coherent } = require('./')
new Coherent({ token: 'api-test-loader', baseUrl: 'http://127.0.0.1:9' }).transactions.get('').catch((e) => {
  console.log(JSON.stringify({ ok: first.CoherentApiError === second.CoherentApiError && first !== undefined,
    validation: e instanceof first.CoherentValidationError && e instanceof second.CoherentValidationError }))
})`
  assert.deepEqual(load({}, script), { ok: true, validation: true })
})

'use strict'
// Two products, two packages: the client (this package) carries no sandbox, and `Sandbox` comes
// from the development dependency @coherentx/coherent-sandbox (packages/coherent-sandbox, a
// workspace here), loaded on first use. The npm command and the standalone executable of
// crates/sandbox print the same. The packed packages (installed with and without the sandbox) are
// covered by the consumer smoke test, bundlers by `npm run test:reach`.

const test = require('node:test')
const assert = require('node:assert/strict')
const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { platformName } = require('../lib/platform.js')

const ROOT = path.join(__dirname, '..')
const SANDBOX_DIR = path.join(ROOT, 'packages', 'coherent-sandbox')
const NPM_COMMAND = [process.execPath, path.join(SANDBOX_DIR, 'bin', 'coherent-sandbox.js')]
// Built by `cargo test --workspace` (the first step of npm test) or `cargo build -p coherent-sandbox`;
// the release workflow passes the release build of the target under test.
const EXECUTABLE = [
  process.env.COHERENT_SANDBOX_EXECUTABLE ||
    path.join(ROOT, 'target', 'debug', process.platform === 'win32' ? 'coherent-sandbox.exe' : 'coherent-sandbox'),
]
const COMMANDS = { 'npx coherent-sandbox': NPM_COMMAND, 'standalone coherent-sandbox': EXECUTABLE }

function run([file, ...args], more) {
  return spawnSync(file, [...args, ...more], { encoding: 'utf8' })
}

// Starts a command, resolves its start-up text once complete; `stop()` SIGTERMs it and resolves
// what it printed afterwards and how it exited.
async function serve([file, ...args], more) {
  const child = spawn(file, [...args, ...more], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  await new Promise((resolve, reject) => {
    child.stdout.on('data', () => output.includes('Press Ctrl-C to stop.') && resolve())
    exited.then((how) => reject(new Error(`exited early (${JSON.stringify(how)}): ${output}`)))
  })
  const banner = output
  const url = banner.match(/listening on (http:\/\/\S+)/)[1]
  const stop = async () => {
    child.kill('SIGTERM')
    const how = await exited
    return { ...how, after: output.slice(banner.length) }
  }
  return { banner, url, stop }
}

test('the standalone executable is built (by cargo test --workspace)', () => {
  assert.ok(fs.existsSync(EXECUTABLE[0]), `${EXECUTABLE[0]} exists: run cargo build -p coherent-sandbox`)
})

test('npx coherent-sandbox and the standalone executable print the same help and refusals', () => {
  const help = Object.values(COMMANDS).map((command) => run(command, ['--help']))
  for (const result of help) assert.equal(result.status, 0, result.stderr)
  assert.equal(help[0].stdout, help[1].stdout)
  assert.match(help[0].stdout, /^Usage: coherent-sandbox \[--port 3000\]/)
  for (const bad of [['--prot', '1'], ['--port', '70000'], ['--seed=false'], ['--host']]) {
    const results = Object.values(COMMANDS).map((command) => run(command, bad))
    for (const result of results) assert.equal(result.status, 2, `${bad}: ${result.stderr}`)
    assert.equal(results[0].stderr, results[1].stderr, `same refusal of ${bad.join(' ')}`)
    assert.match(results[0].stderr, /^coherent-sandbox: .+\nRun coherent-sandbox --help for the options\.\n$/)
  }
})

test('both serve the same start-up text, answer the API, and stop on SIGTERM', async () => {
  const data = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'coherent-cli-')), 'state.db')
  const banners = []
  for (const [name, command] of Object.entries(COMMANDS)) {
    const running = await serve(command, ['--port', '0', '--seed', '--data', data])
    banners.push(running.banner.replaceAll(running.url, 'URL'))
    const health = await fetch(`${running.url}/sandbox/health`)
    assert.equal(health.status, 200, name)
    const stopped = await running.stop()
    assert.deepEqual(stopped, { code: 0, signal: null, after: 'Sandbox stopped (SIGTERM).\n' }, name)
  }
  assert.equal(banners[0], banners[1])
  assert.ok(banners[0].includes(`State kept in ${data}`), banners[0])
})

// Loads the root package in a fresh Node and prints what `script` returns, as JSON.
function inChild(script) {
  const result = spawnSync(process.execPath, ['-e', `(async () => { console.log(JSON.stringify(await (async () => { ${script} })())) })()`], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  assert.equal(result.status, 0, result.stderr)
  return JSON.parse(result.stdout.trim().split('\n').pop())
}

const SANDBOX_LOADED = "Object.keys(require.cache).some((f) => f.includes('coherent-sandbox'))"

test('require(".") loads no sandbox until Sandbox is used, then its package', () => {
  const outcome = inChild(`
    const coherent = require('./')
    const before = ${SANDBOX_LOADED}
    const sb = await coherent.Sandbox.start({ port: 0 })
    const after = ${SANDBOX_LOADED}
    const { Sandbox: own } = require('@coherentx/coherent-sandbox')
    const same = sb instanceof coherent.Sandbox && sb instanceof own
    await sb.close()
    // Every static of the sandbox package's class is on the stand-in (one set of typings).
    const statics = (c) => Object.getOwnPropertyNames(c).filter((n) => typeof c[n] === 'function').sort()
    const help = coherent.Sandbox.commandLineHelp() === own.commandLineHelp()
    return { before, after, same, help, statics: statics(coherent.Sandbox), own: statics(own) }`)
  assert.deepEqual(outcome.statics, outcome.own)
  assert.deepEqual(outcome, { before: false, after: true, same: true, help: true, statics: outcome.own, own: ['commandLineHelp', 'start', 'startFromCommandLine'] })
})

test('ESM: importing the package loads no sandbox; Sandbox.start does', async () => {
  const script = `
    const coherent = await import('./index.mjs')
    const before = ${SANDBOX_LOADED}
    const sb = await coherent.Sandbox.start({ port: 0 })
    await sb.close()
    return { before, url: typeof sb.url }`
  assert.deepEqual(inChild(script), { before: false, url: 'string' })
})

test('without the sandbox package, Sandbox fails on first use naming the install command', async () => {
  const { loadSandbox, Sandbox } = require('../lib/sandbox.js')
  assert.throws(() => loadSandbox('@coherentx/no-such-sandbox'), (e) =>
    e.code === 'ERR_COHERENT_SANDBOX_NOT_INSTALLED' &&
    e.name === 'CoherentSandboxNotInstalledError' &&
    e.message.includes('npm install --save-dev @coherentx/coherent-sandbox') &&
    e.cause.code === 'MODULE_NOT_FOUND')
  assert.throws(() => new Sandbox(), TypeError)
})

test("the client's binary carries no server, SQLite or dashboard; the sandbox's does", () => {
  const client = fs.readFileSync(path.join(ROOT, `coherent.${platformName()}.node`)).toString('latin1')
  const sandbox = fs.readFileSync(path.join(SANDBOX_DIR, `coherent-sandbox.${platformName()}.node`)).toString('latin1')
  for (const needle of [/sqlite/i, /axum/, /Coherent sandbox listening on/]) {
    assert.doesNotMatch(client, needle)
    assert.match(sandbox, needle)
  }
  const named = []
  for (const entry of fs.readdirSync(path.join(ROOT, 'src'), { recursive: true })) {
    const file = path.join(ROOT, 'src', entry)
    if (fs.statSync(file).isFile() && /sandbox/i.test(fs.readFileSync(file, 'utf8'))) named.push(entry)
  }
  assert.deepEqual(named, [], "no file of the client's binding names the sandbox")
  const manifest = require('../package.json')
  assert.equal(manifest.bin, undefined, 'the client installs no command')
  assert.deepEqual(Object.keys(manifest.dependencies || {}), [], 'zero runtime dependencies')
  assert.ok(!manifest.files.some((f) => f.startsWith('bin')), 'ships no bin/')
})

test("the sandbox package's platform detection is the client's (one algorithm, two copies)", () => {
  const body = (file) => fs.readFileSync(file, 'utf8').slice(fs.readFileSync(file, 'utf8').indexOf('function libcFamily'))
  assert.equal(body(path.join(SANDBOX_DIR, 'lib', 'platform.js')), body(path.join(ROOT, 'lib', 'platform.js')))
})

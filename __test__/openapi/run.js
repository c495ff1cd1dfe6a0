#!/usr/bin/env node
'use strict'
// npm run test:openapi: openapi.json checked by tools nobody here wrote, each pinned and installed
// into a cache folder (COHERENT_OPENAPI_CACHE, default ~/.cache/coherent-openapi), not the
// repository:
//   lint   Redocly CLI (tools/package.json) validates the document against OpenAPI 3.1 and its
//          recommended rules (redocly.yaml); any error or warning fails.
//   types  openapi-typescript (tools/package.json) generates types from it; TypeScript then checks
//          consumer/requests.ts: README-style request bodies against the document's types, and
//          every request type this package exports, once sent as JSON, assignable to its body.
//   fuzz   schemathesis (requirements.txt, from PyPI, in a Python >= 3.10 venv) against a sandbox
//          started here on a free port: every check, stateful runs through the document's links,
//          a fixed seed and a fixed example count (schemathesis.toml). 0 failures.
// `node __test__/openapi/run.js [lint] [types] [fuzz]` runs some of them (all by default).

const { spawn, execFileSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const HERE = __dirname
const REPO = path.join(HERE, '..', '..')
const DOCUMENT = path.join(REPO, 'openapi.json')
const CACHE = process.env.COHERENT_OPENAPI_CACHE || path.join(os.homedir(), '.cache', 'coherent-openapi')
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`

/** Runs a command, its output shown; resolves with the exit code. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options })
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

async function must(command, args, options) {
  const code = await run(command, args, options)
  if (code !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}`)
}

function digest(...files) {
  const hash = crypto.createHash('sha256')
  for (const file of files) hash.update(fs.readFileSync(file))
  return hash.digest('hex').slice(0, 12)
}

/** A cache folder named by the hash of what it installs, made once by `install(dir)`. */
async function cached(prefix, inputs, install) {
  const dir = path.join(CACHE, `${prefix}-${digest(...inputs)}`)
  const marker = path.join(dir, '.installed')
  if (!fs.existsSync(marker)) {
    const started = Date.now()
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    await install(dir)
    fs.writeFileSync(marker, new Date().toISOString())
    console.log(`# openapi: installed ${prefix} into ${dir} in ${seconds(started)}`)
  }
  for (const other of fs.readdirSync(CACHE)) {
    if (other.startsWith(`${prefix}-`) && path.join(CACHE, other) !== dir) fs.rmSync(path.join(CACHE, other), { recursive: true, force: true })
  }
  return dir
}

function nodeTools() {
  const spec = path.join(HERE, 'tools')
  const files = ['package.json', 'package-lock.json'].map((f) => path.join(spec, f))
  return cached('npm', files, async (dir) => {
    for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)))
    await must('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir })
  })
}

/** The first Python >= 3.10 with venv on PATH (schemathesis 4 needs it). */
function findPython() {
  for (const name of ['python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3']) {
    try {
      const check = 'import sys, venv, ensurepip; print(sys.version_info >= (3, 10))'
      if (execFileSync(name, ['-c', check], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'True') return name
    } catch {}
  }
  return null
}

/** That Python; on a fresh machine (root with apt-get) Debian's python3 and python3-venv first. */
function python() {
  let found = findPython()
  if (!found && process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log('# openapi: installing Debian\'s python3 and python3-venv for schemathesis')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', 'python3', 'python3-venv'], { stdio: 'inherit', env })
    found = findPython()
  }
  if (!found) throw new Error('schemathesis needs Python >= 3.10 with venv: apt-get install python3 python3-venv')
  return found
}

function pythonTools() {
  const requirements = path.join(HERE, 'requirements.txt')
  return cached('venv', [requirements], async (dir) => {
    await must(python(), ['-m', 'venv', dir])
    await must(path.join(dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', requirements])
  })
}

async function lint() {
  const tools = await nodeTools()
  const redocly = path.join(tools, 'node_modules', '.bin', 'redocly')
  // No telemetry and no update check: nothing but the registries is reached.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }
  await must(redocly, ['lint', DOCUMENT, '--config', path.join(HERE, 'redocly.yaml'), '--max-problems', '100'], { cwd: REPO, env })
}

async function types() {
  const tools = await nodeTools()
  const generated = path.join(HERE, 'consumer', 'generated')
  fs.rmSync(generated, { recursive: true, force: true })
  fs.mkdirSync(generated)
  await must(path.join(tools, 'node_modules', '.bin', 'openapi-typescript'), [DOCUMENT, '--output', path.join(generated, 'api.d.ts')], { cwd: REPO })
  await must(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(HERE, 'consumer', 'tsconfig.json')], { cwd: REPO })
  console.log('# openapi: the generated types accept the request bodies and this package\'s request types')
}

/** One line of what schemathesis did, from its JSON report. */
function fuzzSummary(reportDir) {
  const file = fs.readdirSync(reportDir).find((f) => f.startsWith('json-'))
  if (!file) return 'no JSON report'
  const r = JSON.parse(fs.readFileSync(path.join(reportDir, file), 'utf8'))
  const phases = Object.entries(r.phases).map(([name, p]) => `${name} ${p.status}`).join(', ')
  return `schemathesis ${r.schemathesis_version}, seed ${r.seed}: ${r.operations.tested}/${r.operations.total} operations, ` +
    `${r.test_cases.generated} test cases, ${r.test_cases.unique_failures} unique failures, ${r.errors.length} errors ` +
    `(${phases}) in ${Math.round(r.running_time)} s`
}

async function fuzz() {
  const venv = await pythonTools()
  const { Sandbox } = require(REPO)
  const sandbox = await Sandbox.start({ port: 0 })
  const key = `api-test-${crypto.randomBytes(16).toString('hex')}`
  try {
    const report = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-schemathesis-'))
    const code = await run(path.join(venv, 'bin', 'st'), [
      '--config-file', path.join(HERE, 'schemathesis.toml'),
      'run', DOCUMENT,
      '--url', sandbox.url,
      '--header', `access-token: ${key}`,
      '--report', 'junit,json', '--report-dir', report,
    ], { cwd: REPO, env: { ...process.env, SCHEMATHESIS_HOOKS: path.join(HERE, 'state_hooks.py') } })
    console.log(`# openapi: ${fuzzSummary(report)}; reports in ${report}`)
    if (code !== 0) throw new Error(`schemathesis found failures (exit ${code})`)
  } finally {
    await sandbox.close()
  }
}

const STEPS = { lint, types, fuzz }

async function main() {
  const asked = process.argv.slice(2)
  for (const name of asked) if (!STEPS[name]) throw new Error(`unknown step ${name}: use ${Object.keys(STEPS).join(', ')}`)
  fs.mkdirSync(CACHE, { recursive: true })
  for (const name of asked.length ? asked : Object.keys(STEPS)) {
    const started = Date.now()
    console.log(`# openapi: ${name}`)
    await STEPS[name]()
    console.log(`# openapi: ${name} passed in ${seconds(started)}`)
  }
}

main().catch((error) => {
  console.error(`openapi: ${error.message}`)
  process.exit(1)
})

'use strict'
// Consumer smoke test: the packages as a user gets them from npm. `npm pack` them, stage the
// published shape (each main package without a binary, plus this machine's platform package
// `@coherentx/coherent-<platform>` / `@coherentx/coherent-sandbox-<platform>` holding it), install
// the tarballs into fresh projects offline (zero runtime dependencies, so no registry is needed),
// and use them there: CommonJS, ESM named and deep imports, `tsc --strict` on the README examples
// and every exported type (also with no DOM or Node globals, as 0.0.61), the `bin` entries, a real
// call against a loopback server, and `Sandbox` both ways: with the sandbox package installed (a
// sandbox and a client in one process) and without it (a typed error on first use). Prints the
// package and installed sizes.
//
// Needs the native binary of this machine in the repository root (`npm install` builds it). The
// platform package gets that binary too, unless COHERENT_SMOKE_BINARY names another build of it
// (`npm run build:targets` passes the cross-built glibc 2.17 one); the same for the sandbox's
// (packages/coherent-sandbox, COHERENT_SMOKE_SANDBOX_BINARY).

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { REPO, PLATFORM, BINARY, SANDBOX_BINARY, IS_WINDOWS, childEnv, pack, packPublishedShape } = require('../helpers/published-shape.js')

const PACKAGE = '@coherentx/coherent'
const SANDBOX = '@coherentx/coherent-sandbox'
const PLATFORM_BINARY = process.env.COHERENT_SMOKE_BINARY || path.join(REPO, BINARY)
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc')

let work // temporary directory holding the tarballs and the consumer projects
const sizes = []
const installed = [] // installed size of node_modules, per consumer project

// Bytes and files of the regular files under `dir` (what `du -sb` counts, symlinks not followed).
function installedSize(dir) {
  let bytes = 0
  let files = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    bytes += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size
    files++
  }
  return { bytes, files }
}

// node is spawned directly, so a path with spaces (C:\Program Files\nodejs) needs no quoting.
function node(args, cwd) {
  const result = spawnSync(process.execPath, args, { cwd, env: childEnv(), encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} (in ${cwd}) exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

function createProject(name) {
  const dir = path.join(work, name)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2))
  return dir
}

function installOffline(dir, tarballs) {
  const result = spawnSync(IS_WINDOWS ? 'npm.cmd' : 'npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs.map((t) => t.file)], {
    cwd: dir,
    env: childEnv(),
    encoding: 'utf8',
    shell: IS_WINDOWS,
  })
  assert.equal(result.status, 0, `npm install in ${dir}\n${result.stdout}\n${result.stderr}`)
  return result.stdout + result.stderr
}

let sourceBuild // the tarball `npm pack` makes in the repository (holds the local binary)
let mainPackage // the published shape: no binary
let platformPackage // @coherentx/coherent-<platform>
let sandboxPackage // @coherentx/coherent-sandbox (published shape, no binary)
let sandboxPlatformPackage // @coherentx/coherent-sandbox-<platform>
let app // consumer project with the published shape of both packages installed
let appInstallLog // what npm printed while installing it

before(() => {
  assert.ok(fs.existsSync(PLATFORM_BINARY), `${PLATFORM_BINARY} exists`)
  assert.ok(fs.existsSync(path.join(REPO, 'npm', PLATFORM, 'package.json')), `npm/${PLATFORM}/package.json exists`)
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-smoke-'))
  ;({
    sourceBuild,
    main: mainPackage,
    platform: platformPackage,
    sandbox: sandboxPackage,
    sandboxPlatform: sandboxPlatformPackage,
  } = packPublishedShape(work, { binary: PLATFORM_BINARY, sandboxBinary: process.env.COHERENT_SMOKE_SANDBOX_BINARY }))
  sizes.push(sourceBuild, mainPackage, platformPackage, sandboxPackage, sandboxPlatformPackage)
  app = createProject('app')
  appInstallLog = installOffline(app, [mainPackage, platformPackage, sandboxPackage, sandboxPlatformPackage])
})

after(() => {
  for (const p of sizes) {
    console.log(
      `package size: ${p.label}: tarball ${(p.size / 1024).toFixed(1)} KiB, unpacked ${(p.unpackedSize / 1024).toFixed(1)} KiB, ${p.files.length} files`,
    )
  }
  for (const { label, bytes, files } of installed) {
    console.log(`installed size: ${label}: ${(bytes / 1e6).toFixed(2)} MB in ${files} files (node_modules)`)
  }
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

test('the main package holds what a user needs and nothing else; zero runtime dependencies', () => {
  const files = mainPackage.files
  const needed = [
    ...['package.json', 'index.js', 'index.mjs', 'index.d.ts', 'types.d.ts', 'native.d.ts'],
    ...['lib/errors.js', 'lib/errors.d.ts', 'lib/enums.js', 'lib/native-binding.js', 'lib/platform.js'],
    ...['lib/enums.d.ts', 'lib/error-codes.d.ts', 'lib/events.d.ts', 'lib/models.d.ts'],
    ...['lib/opentelemetry.js', 'lib/opentelemetry.d.ts', 'opentelemetry.d.ts'],
    ...['dist/merchant/Merchant.js', 'dist/merchant/Merchant.d.ts', 'dist/payment-plan/PaymentPlan.js'],
  ]
  for (const file of needed) {
    assert.ok(files.includes(file), `${file} is in the tarball`)
  }
  const allowed = [
    /^(package\.json|README\.md|LICENSE)$/,
    /^(index\.(js|mjs|d\.ts)|types\.d\.ts|native\.d\.ts|opentelemetry\.d\.ts)$/,
    /^lib\/[\w-]+\.js$/,
    /^lib\/(enums|errors|error-codes|events|models|opentelemetry)\.d\.ts$/,
    /^dist\/.+\.(js|d\.ts)$/,
  ]
  const unexpected = files.filter((f) => !allowed.some((pattern) => pattern.test(f)))
  assert.deepEqual(unexpected, [], 'no sources, tests, build inputs, binaries or commands in the main package')
  const manifest = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', PACKAGE, 'package.json'), 'utf8'))
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'no runtime dependencies')
  const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => manifest.scripts?.[s])
  assert.deepEqual(installScripts, [], 'nothing runs at install time')
  assert.doesNotMatch(appInstallLog, /install.?scripts/i, 'npm reports no install scripts')
  assert.ok(!fs.existsSync(path.join(app, 'node_modules', PACKAGE, BINARY)), 'the binary is not in the main package')
  assert.equal(manifest.bin, undefined, 'the client installs no command')
})

test('the sandbox package: its entry, typings and command, its binary in its platform package', () => {
  const allowed = [/^(package\.json|README\.md|LICENSE)$/, /^index\.(js|mjs|d\.ts)$/, /^native\.d\.ts$/, /^lib\/[\w-]+\.js$/, /^bin\/coherent-sandbox\.js$/]
  assert.deepEqual(sandboxPackage.files.filter((f) => !allowed.some((pattern) => pattern.test(f))), [])
  for (const file of ['index.js', 'index.mjs', 'index.d.ts', 'native.d.ts', 'bin/coherent-sandbox.js']) assert.ok(sandboxPackage.files.includes(file), file)
  assert.deepEqual(sandboxPlatformPackage.files.filter((f) => f !== 'README.md').sort(), [SANDBOX_BINARY, 'package.json'])
  const manifest = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', SANDBOX, 'package.json'), 'utf8'))
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'no runtime dependencies')
  assert.deepEqual(['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => manifest.scripts?.[s]), [])
})

test('with the sandbox package installed: Sandbox from either package (CJS and ESM), loaded on first use, with the client in one process', () => {
  fs.writeFileSync(
    path.join(app, 'sandbox.mjs'),
    `import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { Coherent, Sandbox } from '${PACKAGE}'
const require = createRequire(import.meta.url)
const loaded = () => Object.keys(require.cache).some((f) => f.includes('coherent-sandbox'))
assert.equal(loaded(), false, 'importing the client loads no sandbox')
const sb = await Sandbox.start({ port: 0 })
assert.equal(loaded(), true)
const { Sandbox: own } = require('${SANDBOX}')
assert.ok(sb instanceof own && sb instanceof Sandbox)
assert.equal(require('${PACKAGE}').Sandbox, Sandbox)
const coherent = new Coherent({ baseUrl: sb.url, token: 'api-test-' + '0'.repeat(32) })
const tx = await coherent.transactions.create({ amount: 1500, name: 'Smoke' })
assert.equal(sb.pay(tx.uuid).status, 'paid')
assert.equal((await coherent.transactions.get(tx.uuid)).status, 'paid')
await sb.close()
console.log('sandbox ok')
`,
  )
  assert.equal(node(['sandbox.mjs'], app).trim(), 'sandbox ok')
})

test('an app that depends only on the client: no sandbox anywhere; Sandbox fails on first use naming the install command (CJS, ESM, TypeScript)', () => {
  const lean = createProject('app-client-only')
  installOffline(lean, [mainPackage, platformPackage])
  const packages = fs.readdirSync(path.join(lean, 'node_modules', '@coherentx')).sort()
  assert.deepEqual(packages, ['coherent', `coherent-${PLATFORM}`])
  installed.push({ label: 'the client only', ...installedSize(path.join(lean, 'node_modules')) })
  installed.push({ label: 'the client and the sandbox (dev)', ...installedSize(path.join(app, 'node_modules')) })
  assert.ok(!fs.existsSync(path.join(lean, 'node_modules', '.bin', 'coherent-sandbox')), 'no coherent-sandbox command')
  const check = `(e) => { if (e.code !== 'ERR_COHERENT_SANDBOX_NOT_INSTALLED' || !e.message.includes('npm install --save-dev ${SANDBOX}')) throw e; return 'refused' }`
  fs.writeFileSync(
    path.join(lean, 'use.cjs'),
    `const { Coherent, Sandbox } = require('${PACKAGE}')
new Coherent({ environment: 'TEST', token: 'api-test-smoke' })
Sandbox.start({ port: 0 }).then(() => console.log('started?'), ${check}).then((r) => console.log(r))
`,
  )
  assert.equal(node(['use.cjs'], lean).trim(), 'refused')
  fs.writeFileSync(
    path.join(lean, 'use.mjs'),
    `import { Sandbox } from '${PACKAGE}'
console.log(await Sandbox.start().then(() => 'started?', ${check}))
`,
  )
  assert.equal(node(['use.mjs'], lean).trim(), 'refused')
  // Its TypeScript still compiles strictly (the sandbox's typings are simply absent).
  fs.writeFileSync(
    path.join(lean, 'app.ts'),
    `import { Coherent, type Transaction } from '${PACKAGE}'
const coherent = new Coherent({ environment: 'TEST', token: 'api-test-smoke' })
export const pending: Promise<Transaction> = coherent.transactions.get('tx')
`,
  )
  const compilerOptions = { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: false, types: [] }
  fs.writeFileSync(path.join(lean, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }))
  node([TSC, '-p', 'tsconfig.json'], lean)
})

test('the platform package holds only its binary, for this OS, CPU and libc', () => {
  assert.deepEqual(platformPackage.files.filter((f) => f !== 'README.md').sort(), [BINARY, 'package.json'])
  const manifest = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', `${PACKAGE}-${PLATFORM}`, 'package.json'), 'utf8'))
  assert.equal(manifest.main, BINARY)
  assert.deepEqual(manifest.os, [process.platform])
  assert.deepEqual(manifest.cpu, [process.arch])
})

test('CommonJS: require() of the root and of 0.0.61 deep paths', () => {
  fs.writeFileSync(
    path.join(app, 'cjs.cjs'),
    `const assert = require('node:assert/strict')
const pkg = require('${PACKAGE}')
const { Coherent, CustomerAPI, PaymentMethod, PaymentPlanStatus, CoherentApiError } = pkg
const coherent = new Coherent({ environment: 'TEST', token: 'api-test-smoke' })
assert.equal(typeof coherent.transactions.get, 'function')
assert.ok(new CustomerAPI('http://127.0.0.1:1', 'api-test-smoke'))
assert.equal(PaymentMethod.format('mc_applepay'), 'Mastercard (ApplePay)')
assert.equal(PaymentPlanStatus.Paused, 'paused')
assert.ok(new CoherentApiError('x') instanceof Error)
assert.equal(require('${PACKAGE}/dist/payment-plan/PaymentPlan').PaymentPlanStatus, PaymentPlanStatus)
assert.equal(require('${PACKAGE}/dist/merchant/Merchant.js').CurrencyCode.GBP, 'GBP')
assert.equal(require('${PACKAGE}/dist'), pkg)
console.log(JSON.stringify(Object.keys(pkg).sort()))
`,
  )
  const names = JSON.parse(node(['cjs.cjs'], app))
  const official = ['Coherent', 'Environment', 'LegalEntityType', 'TransactionStatus', 'RefundStatus', 'PaymentMethod', 'CustomerAPI']
  for (const name of [...official, 'PaymentPlanStatus', 'CurrencyCode']) {
    assert.ok(names.includes(name), name)
  }
})

test('ESM: named imports, the same names as require(), deep imports with and without .js', () => {
  fs.writeFileSync(
    path.join(app, 'esm.mjs'),
    `import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import * as pkg from '${PACKAGE}'
import { Coherent, PaymentPlanStatus } from '${PACKAGE}'
import { PaymentPlanStatus as deepStatus } from '${PACKAGE}/dist/payment-plan/PaymentPlan'
import { CurrencyCode } from '${PACKAGE}/dist/merchant/Merchant.js'
const cjs = createRequire(import.meta.url)('${PACKAGE}')
const esmNames = Object.keys(pkg).filter((n) => n !== 'default' && n !== 'module.exports').sort() // interop keys
assert.deepEqual(esmNames, Object.keys(cjs).sort())
assert.equal(Coherent, cjs.Coherent)
assert.equal(deepStatus, PaymentPlanStatus)
assert.equal(CurrencyCode.EUR, 'EUR')
assert.ok(new Coherent({ environment: 'TEST', token: 'api-test-smoke' }).paymentPlans)
console.log('esm ok')
`,
  )
  assert.equal(node(['esm.mjs'], app).trim(), 'esm ok')
})

test('a real call through the installed package against a loopback server (port 0, baseUrl)', () => {
  fs.writeFileSync(
    path.join(app, 'call.cjs'),
    `const assert = require('node:assert/strict')
const http = require('node:http')
const { Coherent, CoherentApiError } = require('${PACKAGE}')
const seen = []
const server = http.createServer((req, res) => {
  seen.push({ method: req.method, url: req.url, token: req.headers['access-token'] })
  if (req.url.endsWith('/missing')) {
    res.writeHead(404, { 'content-type': 'application/json' })
    return res.end(JSON.stringify({ message: 'not found' }))
  }
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ uuid: 'tx-1', amount: 1000, status: 'paid', refunds: [] }))
})
server.listen(0, '127.0.0.1', async () => {
  try {
    const coherent = new Coherent({ token: 'api-test-smoke', baseUrl: 'http://127.0.0.1:' + server.address().port })
    const tx = await coherent.transactions.get('tx-1')
    assert.equal(tx.uuid, 'tx-1')
    assert.equal(tx.status, 'paid')
    await assert.rejects(coherent.transactions.get('missing'), (e) => e instanceof CoherentApiError && e.response.status === 404)
    assert.deepEqual(seen.map((r) => r.method + ' ' + r.url), ['GET /api/v1/transaction/tx-1', 'GET /api/v1/transaction/missing'])
    assert.ok(seen.every((r) => r.token === 'api-test-smoke'))
    console.log('call ok')
  } finally {
    server.close()
  }
})
`,
  )
  assert.equal(node(['call.cjs'], app).trim(), 'call ok')
})

test('@coherentx/coherent/opentelemetry: without @opentelemetry/api the root still loads and the subpath names the package; with it, CJS and ESM load it', () => {
  const project = createProject('app-opentelemetry')
  installOffline(project, [mainPackage, platformPackage])
  fs.writeFileSync(
    path.join(project, 'without.cjs'),
    `const { Coherent } = require('${PACKAGE}')
new Coherent({ environment: 'TEST', token: 'api-test-smoke' })
try { require('${PACKAGE}/opentelemetry'); console.log('{}') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }
`,
  )
  const missing = JSON.parse(node(['without.cjs'], project))
  assert.equal(missing.code, 'ERR_COHERENT_OPENTELEMETRY_API_MISSING')
  assert.match(missing.message, /npm install @opentelemetry\/api/)
  // The user installs the peer (copied from this repository's devDependency: no registry here).
  fs.cpSync(path.join(REPO, 'node_modules', '@opentelemetry', 'api'), path.join(project, 'node_modules', '@opentelemetry', 'api'), { recursive: true })
  fs.writeFileSync(
    path.join(project, 'with.mjs'),
    `import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { CoherentInstrumentation } from '${PACKAGE}/opentelemetry'
assert.equal(createRequire(import.meta.url)('${PACKAGE}/opentelemetry').CoherentInstrumentation, CoherentInstrumentation)
const instrumentation = new CoherentInstrumentation()
assert.equal(instrumentation.instrumentationName, '${PACKAGE}')
instrumentation.disable()
console.log('otel ok')
`,
  )
  assert.equal(node(['with.mjs'], project).trim(), 'otel ok')
  // Its typings, through the "exports" map (NodeNext) and through the root opentelemetry.d.ts
  // (node10 resolution, which ignores "exports").
  fs.writeFileSync(
    path.join(project, 'otel.ts'),
    `import type { Span } from '@opentelemetry/api'
import { CoherentInstrumentation, type CoherentInstrumentationConfig } from '${PACKAGE}/opentelemetry'
const config: CoherentInstrumentationConfig = { requestHook: (span: Span, info) => span.setAttribute('operation', info.operation) }
export const instrumentation: { enable(): void, disable(): void } = new CoherentInstrumentation(config)
`,
  )
  const compilerOptions = { strict: true, noEmit: true, target: 'ES2022', skipLibCheck: false, types: [] }
  for (const [name, resolution] of [['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }], ['node10', { module: 'CommonJS', moduleResolution: 'node10' }]]) {
    fs.writeFileSync(path.join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...compilerOptions, ...resolution }, files: ['otel.ts'] }))
    node([TSC, '-p', `tsconfig.${name}.json`], project)
  }
})

// A TypeScript file that names every export of the package's typings (a type where the export
// is one, `typeof` where it is only a value), generated from the installed index.d.ts.
function everyExportFile(appDir) {
  const ts = require('typescript')
  const entry = path.join(appDir, 'node_modules', PACKAGE, 'index.d.ts')
  const program = ts.createProgram([entry], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  })
  const checker = program.getTypeChecker()
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)))
  assert.ok(exports.length > 40, `index.d.ts exports ${exports.length} names`)
  const uses = exports.map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    return target.flags & ts.SymbolFlags.Type ? symbol.name : `typeof ${symbol.name}`
  })
  const names = exports.map((s) => s.name)
  return `// Generated by __test__/smoke/consumer.test.js: every export of ${PACKAGE}.
import type { ${names.join(', ')} } from '${PACKAGE}'
export type EveryExport = [
  ${uses.join(',\n  ')},
]
`
}

test('tsc --strict in the consumer project (NodeNext, ESM, node10): README examples, type tests, every exported type', () => {
  const typesDir = path.join(REPO, '__test__', 'types')
  for (const file of fs.readdirSync(typesDir)) {
    if (!/\.m?ts$/.test(file)) continue
    const source = fs
      .readFileSync(path.join(typesDir, file), 'utf8')
      .replaceAll(`from '../..'`, `from '${PACKAGE}'`)
      .replaceAll(`require('../..')`, `require('${PACKAGE}')`)
    assert.ok(!/(from |require\()'\.\.\//.test(source), `${file} imports only the package`)
    fs.writeFileSync(path.join(app, file), source)
  }
  fs.writeFileSync(path.join(app, 'every-export.ts'), everyExportFile(app))
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    isolatedModules: true,
    skipLibCheck: false,
    typeRoots: [path.join(REPO, 'node_modules', '@types')],
    types: ['node'],
  }
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2))
  fs.writeFileSync(
    path.join(app, 'tsconfig.esm.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, verbatimModuleSyntax: true, exactOptionalPropertyTypes: true }, include: ['*.mts'] }, null, 2),
  )
  // Older projects resolve like Node 10 ("moduleResolution": "node"): no exports map, plain files.
  fs.writeFileSync(
    path.join(app, 'tsconfig.node10.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, module: 'CommonJS', moduleResolution: 'node10' }, include: ['*.ts'] }, null, 2),
  )
  assert.ok(fs.existsSync(path.join(app, 'readme-examples.ts')), 'the README examples are among the checked files')
  node([TSC, '-p', 'tsconfig.json'], app)
  node([TSC, '-p', 'tsconfig.esm.json'], app)
  node([TSC, '-p', 'tsconfig.node10.json'], app)
})

// A strict project with no DOM lib and no @types/node must compile against the typings (they
// declare what they need of AbortSignal), as it does against 0.0.61's: both are checked there.
test('tsc with no DOM or Node globals ("lib": ["ES2020"], "types": [], skipLibCheck false), as for 0.0.61', () => {
  const dir = path.join(app, 'no-globals')
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'every-export.ts'), everyExportFile(app))
  fs.writeFileSync(
    path.join(dir, 'calls.ts'),
    `import { Coherent, CoherentAbortError, type CallOptions, type CreateWalletRequest } from '${PACKAGE}'
const coherent = new Coherent({ environment: 'TEST', token: 'api-test-smoke' })
declare const signal: NonNullable<CallOptions['signal']>
const options: CallOptions = { timeout: 5000, signal, maxNetworkRetries: 0 }
const wallet: CreateWalletRequest = { name: 'Card', emailNotify: true, smsNotify: false }
export const pending: Promise<boolean> = coherent.customers
  .createWallet('cu1', wallet, options)
  .then(() => signal.aborted, (e: unknown) => e instanceof CoherentAbortError)
`,
  )
  // The official package, from this repository's devDependency, seen the same way.
  fs.cpSync(path.join(REPO, 'node_modules', 'coherent-official'), path.join(app, 'node_modules', 'coherent-official'), { recursive: true })
  fs.writeFileSync(
    path.join(dir, 'official.ts'),
    `import { Coherent, CustomerAPI, Environment, LegalEntityType, PaymentMethod, RefundStatus, TransactionStatus } from 'coherent-official'
import type { Customer, CreateWalletRequest, Transaction, Terminal, WalletCreated } from 'coherent-official'
import { PaymentPlanStatus } from 'coherent-official/dist/payment-plan/PaymentPlan'
import type { CreatePaymentPlanRequest } from 'coherent-official/dist/payment-plan/PaymentPlanAPI'
import type { CreateTransactionRequest } from 'coherent-official/dist/transaction/TransactionAPI'
const coherent = new Coherent({ environment: Environment.Test, token: 'api-test-smoke' })
export const values = [coherent.transactions?.create, CustomerAPI, LegalEntityType.NonProfit, PaymentMethod.format, RefundStatus.Completed, TransactionStatus.Paid, PaymentPlanStatus.Paused] as const
export type Types = [Customer, CreateWalletRequest, Transaction, Terminal, WalletCreated, CreatePaymentPlanRequest, CreateTransactionRequest]
`,
  )
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2020',
    lib: ['ES2020'],
    types: [],
    skipLibCheck: false,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
  }
  const project = (name, files) =>
    fs.writeFileSync(path.join(dir, name), JSON.stringify({ compilerOptions, files }, null, 2))
  project('tsconfig.json', ['every-export.ts', 'calls.ts'])
  project('tsconfig.official.json', ['official.ts'])
  node([TSC, '-p', 'tsconfig.official.json'], dir)
  node([TSC, '-p', 'tsconfig.json'], dir)
})

// Runs `<bin> --help` for every `bin` entry the installed package declares, from the consumer
// project, and expects a successful exit with some usage text.
function checkBinEntries(appDir, packageName = PACKAGE) {
  const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', packageName, 'package.json'), 'utf8'))
  const bin = typeof manifest.bin === 'string' ? { [manifest.name.split('/').pop()]: manifest.bin } : manifest.bin ?? {}
  const checked = []
  for (const [name, relative] of Object.entries(bin)) {
    const shim = path.join(appDir, 'node_modules', '.bin', IS_WINDOWS ? `${name}.cmd` : name)
    assert.ok(fs.existsSync(shim), `npm linked the bin ${name}`)
    const output = node([path.join(appDir, 'node_modules', packageName, relative), '--help'], appDir)
    assert.ok(output.trim().length > 0, `${name} --help prints usage`)
    checked.push(name)
  }
  return checked
}

test('the client declares no bin; the sandbox package\'s coherent-sandbox answers --help', () => {
  assert.deepEqual(checkBinEntries(app), [])
  assert.deepEqual(checkBinEntries(app, SANDBOX), ['coherent-sandbox'])
})

test('without its platform package, loading fails with an error naming the platform and the npm pitfall', () => {
  const bare = createProject('app-without-binary')
  installOffline(bare, [mainPackage])
  fs.writeFileSync(
    path.join(bare, 'load.cjs'),
    `try { require('${PACKAGE}'); console.log('loaded') } catch (e) {
  console.log(JSON.stringify({ code: e.code, message: e.message, cause: Boolean(e.cause) }))
}
`,
  )
  const outcome = JSON.parse(node(['load.cjs'], bare))
  assert.equal(outcome.code, 'ERR_COHERENT_NATIVE_BINDING_NOT_FOUND')
  assert.ok(outcome.message.includes(PLATFORM), outcome.message)
  assert.ok(outcome.message.includes(`${PACKAGE}-${PLATFORM}`), outcome.message)
  assert.ok(outcome.message.includes('https://github.com/npm/cli/issues/4828'), outcome.message)
  assert.ok(outcome.message.includes('build it from source'), outcome.message)
  assert.ok(outcome.cause, 'the loader error is kept as cause')
  assert.match(outcome.message, new RegExp(`Load attempts: .*${PACKAGE}-${PLATFORM}`), 'says where it looked')
})

test('with a platform package whose binary cannot load, the error carries the loader\'s reason', () => {
  const stage = path.join(work, 'stage-broken-platform')
  fs.mkdirSync(stage)
  fs.copyFileSync(path.join(REPO, 'npm', PLATFORM, 'package.json'), path.join(stage, 'package.json'))
  fs.writeFileSync(path.join(stage, BINARY), 'not a shared library')
  const broken = pack(stage, path.join(work, 'packed-broken'), `${PACKAGE}-${PLATFORM} (corrupt binary, test only)`)
  const project = createProject('app-broken-binary')
  installOffline(project, [mainPackage, broken])
  fs.writeFileSync(
    path.join(project, 'load.cjs'),
    `try { require('${PACKAGE}'); console.log('{}') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }\n`,
  )
  const outcome = JSON.parse(node(['load.cjs'], project))
  assert.equal(outcome.code, 'ERR_COHERENT_NATIVE_BINDING_NOT_FOUND')
  // The package was found, so the reason is the dlopen failure, not "Cannot find module".
  assert.ok(!outcome.message.includes(`Cannot find module '${PACKAGE}-${PLATFORM}'`), outcome.message)
  assert.match(outcome.message, new RegExp(`Load attempts: .*${BINARY}`), outcome.message)
})

test('the source-build tarball (binary inside, no platform package) installs and works on its own', () => {
  assert.ok(sourceBuild.files.includes(BINARY), `${BINARY} is packed when present in the root`)
  const alone = createProject('app-source-build')
  installOffline(alone, [sourceBuild])
  fs.writeFileSync(
    path.join(alone, 'use.cjs'),
    `const { Coherent, PaymentMethod } = require('${PACKAGE}')
new Coherent({ environment: 'TEST', token: 'api-test-smoke' })
console.log(PaymentMethod.abbreviatePaymentMethod('paybybank'))
`,
  )
  assert.equal(node(['use.cjs'], alone).trim(), 'PBB')
})

'use strict'
// The non-Next.js stacks of the reach suite: each builds (where there is a build) and runs a tiny app
// that calls `transactions.get` against the loopback gateway, in a folder whose node_modules holds
// one flavour of the package (ours in its published shape, or the official 0.0.61).
// A stack's `run(ctx)` resolves { ok, detail }; `oursFailsAs` marks the rows where a build-time
// failure is the designed behaviour for a native addon (it must then match that pattern).

const fs = require('node:fs')
const path = require('node:path')
const { run, writeFiles, reason } = require('./harness.js')

const PACKAGE = '@coherentx/coherent'

// The app: one call, printed. LOCAL + baseUrl: ours goes to baseUrl, the official (which ignores
// baseUrl) to http://localhost:3000 through HTTP_PROXY, i.e. the same gateway.
const CALL = `
async function main() {
  const client = new coherent.Coherent({ environment: 'LOCAL', token: 'api-test-reach', baseUrl: process.env.COHERENT_BASE_URL })
  const tx = await client.transactions.get('tx-1')
  console.log('REACH ' + tx.uuid)
}
main().catch((e) => { console.error('REACH-ERROR ' + (e && e.message)); process.exitCode = 1 })
`
const APP_CJS = `const coherent = require('${PACKAGE}')\n${CALL}`
const APP_ESM = `import * as coherent from '${PACKAGE}'\n${CALL}`
// The line of a failed run or build that says why.
const FAILURE_LINE = /^(REACH-ERROR|\w*Error\b|✘|\[\w+\])/

// A failed build: its error, and the fix when the error quotes the loader's line that names it.
function buildFailure(output) {
  const fix = String(output).split('\n').find((l) => l.includes('bundled?'))
  return `build fails: ${reason(output, FAILURE_LINE)}${fix ? ` (quoted line: ${fix.slice(fix.indexOf('bundled?')).trim()})` : ''}`
}

function verdict(result, step) {
  if (result.code === 0 && result.output.includes('REACH tx-1')) return { ok: true, detail: 'works' }
  return { ok: false, detail: `${step}: ${reason(result.output, FAILURE_LINE)}`, output: result.output }
}

// Builds with `build`, then runs `node <bundle>`; a failed build is reported as such.
async function buildThenRun(build, bundle, cwd, env) {
  const built = await run(build[0], build.slice(1), { cwd, env })
  if (built.code !== 0) return { ok: false, detail: buildFailure(built.output), output: built.output }
  return { ...verdict(await run(process.execPath, [bundle], { cwd, env }), 'run'), output: built.output }
}

// The plain webpack build (and a run in place), once per flavour: two rows use its output.
function webpackBuild(ctx) {
  ctx.memo.webpack ||= buildThenRun(
    [process.execPath, ctx.tools.webpackRunner],
    'dist/main.js',
    ctx.app('webpack', { 'src/index.js': APP_CJS, 'webpack.config.js': WEBPACK_CONFIG }),
    ctx.env,
  )
  return ctx.memo.webpack
}

// Moves a bundle's output folder out of the project, so it runs with no node_modules around it
// (as on AWS Lambda when only the bundle is zipped).
function shipAlone(fromDir, ctx, name) {
  const to = path.join(ctx.shipped, name)
  fs.rmSync(to, { recursive: true, force: true })
  fs.cpSync(fromDir, to, { recursive: true })
  return to
}

const stacks = [
  {
    name: 'esbuild --bundle --platform=node (default)',
    oursFailsAs: /No loader is configured for "\.node" files/,
    async run(ctx) {
      const dir = ctx.app('esbuild-default', { 'app.js': APP_CJS })
      return buildThenRun([ctx.tools.esbuild, 'app.js', '--bundle', '--platform=node', '--outfile=out/app.js'], 'out/app.js', dir, ctx.env)
    },
  },
  {
    name: 'esbuild --loader:.node=copy, bundle folder run alone (AWS Lambda)',
    async run(ctx) {
      const dir = ctx.app('esbuild-copy', { 'app.js': APP_CJS })
      const built = await run(ctx.tools.esbuild, ['app.js', '--bundle', '--platform=node', '--loader:.node=copy', '--outdir=out'], { cwd: dir, env: ctx.env })
      if (built.code !== 0) return { ok: false, detail: buildFailure(built.output), output: built.output }
      const alone = shipAlone(path.join(dir, 'out'), ctx, 'esbuild-copy')
      return verdict(await run(process.execPath, ['app.js'], { cwd: alone, env: ctx.env }), 'run alone')
    },
  },
  {
    // Building on one machine (a Mac; here x64 Linux) for another (an arm64 Lambda): with the
    // platform packages as optional dependencies, as published, npm's --os/--cpu/--libc pick the
    // target's package instead of this machine's, and esbuild copies its binary. Ours is checked by
    // the file in the bundle (no arm64 machine here to run it).
    name: 'AWS Lambda arm64 from another machine: npm install --os=linux --cpu=arm64 --libc=glibc, esbuild copy',
    async run(ctx) {
      // Outside the flavour folder, whose node_modules holds this machine's package.
      const dir = path.join(ctx.shipped, 'lambda-arm64')
      writeFiles(dir, { 'app.js': APP_CJS, 'package.json': '{ "name": "reach-lambda", "private": true }\n' })
      const tarball = ctx.flavor === 'ours' ? ctx.packages.withOptionalDependencies : ctx.packages.official
      const installed = await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', '--os=linux', '--cpu=arm64', '--libc=glibc', tarball], { cwd: dir })
      if (installed.code !== 0) return { ok: false, detail: `npm install: ${reason(installed.output, /ERR/)}` }
      const built = await run(ctx.tools.esbuild, ['app.js', '--bundle', '--platform=node', '--loader:.node=copy', '--outdir=out'], { cwd: dir })
      if (built.code !== 0) return { ok: false, detail: buildFailure(built.output), output: built.output }
      if (ctx.flavor === 'official') return verdict(await run(process.execPath, ['out/app.js'], { cwd: dir, env: ctx.env }), 'run')
      const binaries = fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.node'))
      const ok = binaries.length === 1 && /^coherent\.linux-arm64-gnu-\w+\.node$/.test(binaries[0])
      return ok
        ? { ok: true, detail: `works: npm installed only the arm64 package, the bundle holds ${binaries[0]} (not run: no arm64 machine here)` }
        : { ok: false, detail: `the bundle holds ${binaries.join(', ') || 'no binary'}` }
    },
  },
  {
    name: 'webpack 5 target: node, run in place',
    async run(ctx) {
      const result = await webpackBuild(ctx)
      const warnings = /^REACH-WEBPACK warnings=(\d+) errors=(\d+)/m.exec(result.output || '')
      if (result.ok && warnings && warnings[1] !== '0') return { ok: false, detail: `works but webpack printed ${warnings[1]} warnings` }
      return result
    },
  },
  {
    name: 'webpack 5 target: node, dist folder run alone',
    oursFailsAs: /externals: \{ '@coherentx\/coherent': 'commonjs @coherentx\/coherent' \}/,
    async run(ctx) {
      const built = await webpackBuild(ctx)
      if (!/REACH-WEBPACK warnings=\d+ errors=0/.test(built.output || '')) return { ok: false, detail: 'the build failed' }
      const alone = shipAlone(path.join(ctx.app('webpack', {}), 'dist'), ctx, 'webpack-dist')
      return verdict(await run(process.execPath, ['main.js'], { cwd: alone, env: ctx.env }), 'run alone')
    },
  },
  {
    name: 'Vite SSR build, ssr.noExternal: true',
    oursFailsAs: /Vite: ssr\.external: \['@coherentx\/coherent'\]/,
    async run(ctx) {
      const dir = ctx.app('vite-noexternal', { 'src/entry.js': APP_ESM, 'vite.config.mjs': viteConfig('noExternal: true') })
      return buildThenRun([process.execPath, ctx.tools.vite, 'build', '--ssr', 'src/entry.js', '--logLevel', 'warn'], 'dist/entry.mjs', dir, ctx.env)
    },
  },
  {
    name: `Vite SSR build, ssr.noExternal: true + ssr.external: ['${PACKAGE}']`,
    async run(ctx) {
      const dir = ctx.app('vite-external', {
        'src/entry.js': APP_ESM,
        'vite.config.mjs': viteConfig(`noExternal: true, external: ['${PACKAGE}']`),
      })
      return buildThenRun([process.execPath, ctx.tools.vite, 'build', '--ssr', 'src/entry.js', '--logLevel', 'warn'], 'dist/entry.mjs', dir, ctx.env)
    },
  },
  {
    name: 'Bun (node_modules)',
    async run(ctx) {
      const dir = ctx.app('bun', { 'app.mjs': APP_ESM, 'app.cjs': APP_CJS })
      const esm = verdict(await run(ctx.tools.bun, ['app.mjs'], { cwd: dir, env: ctx.env }), 'bun app.mjs')
      if (!esm.ok) return esm
      return verdict(await run(ctx.tools.bun, ['app.cjs'], { cwd: dir, env: ctx.env }), 'bun app.cjs')
    },
  },
  {
    name: 'Deno (node_modules, deno run -A)',
    async run(ctx) {
      const dir = ctx.app('deno', { 'app.mjs': APP_ESM, 'package.json': '{ "name": "reach-deno", "private": true }\n' })
      return verdict(await run(ctx.tools.deno, ['run', '-A', 'app.mjs'], { cwd: dir, env: { ...ctx.env, DENO_NO_UPDATE_CHECK: '1' } }), 'deno run')
    },
  },
  // Ours also starts a Sandbox (from @coherentx/coherent, loaded from the sandbox package installed
  // beside it) and calls it with the client, in the test's own process.
  ...['threads', 'forks', 'vmThreads'].map((pool) => ({
    name: `Vitest --pool=${pool}`,
    async run(ctx) {
      const files = { 'call.test.mjs': VITEST_TEST, 'vitest.config.mjs': 'export default {}\n' }
      const dir = ctx.appWithSandbox
        ? ctx.appWithSandbox(`vitest-${pool}`, { ...files, 'sandbox.test.mjs': VITEST_SANDBOX_TEST })
        : ctx.app(`vitest-${pool}`, files)
      const result = await run(process.execPath, [ctx.tools.vitest, 'run', `--pool=${pool}`], { cwd: dir, env: ctx.env })
      const expected = ctx.appWithSandbox ? /2 passed/ : /1 passed/
      if (result.code === 0 && expected.test(result.output)) return { ok: true, detail: ctx.appWithSandbox ? 'works, with a Sandbox from its package' : 'works' }
      return { ok: false, detail: `vitest: ${reason(result.output, /Error|FAIL/)}`, output: result.output }
    },
  })),
  {
    name: 'worker_threads, worker terminated mid-call',
    async run(ctx) {
      const dir = ctx.app('worker', { 'worker.cjs': WORKER_APP })
      return verdict(await run(process.execPath, ['worker.cjs'], { cwd: dir, env: ctx.env }), 'node worker.cjs')
    },
  },
]

// Plain webpack through its Node API (no webpack-cli): the config is what a user writes for a
// server bundle and nothing more. Prints the warning and error counts.
const WEBPACK_CONFIG = `module.exports = { mode: 'production', target: 'node', entry: './src/index.js', optimization: { minimize: false } }\n`
const WEBPACK_RUNNER = `
const path = require('node:path')
const webpack = require(process.env.REACH_WEBPACK)
const config = require(path.resolve('webpack.config.js'))
webpack({ ...config, context: process.cwd() }, (err, stats) => {
  if (err) { console.error(err); process.exit(1) }
  const info = stats.toJson({ all: false, warnings: true, errors: true })
  for (const w of info.warnings) console.error('WARNING ' + (w.message || w).split('\\n')[0])
  for (const e of info.errors) console.error('ERROR ' + (e.message || e))
  console.log('REACH-WEBPACK warnings=' + info.warnings.length + ' errors=' + info.errors.length)
  process.exit(stats.hasErrors() ? 1 : 0)
})
`

function viteConfig(ssr) {
  return `export default { logLevel: 'warn', ssr: { ${ssr} }, build: { outDir: 'dist', minify: false } }\n`
}

const VITEST_TEST = `import { test, expect } from 'vitest'
import * as coherent from '${PACKAGE}'
test('transactions.get', async () => {
  const client = new coherent.Coherent({ environment: 'LOCAL', token: 'api-test-reach', baseUrl: process.env.COHERENT_BASE_URL })
  expect((await client.transactions.get('tx-1')).uuid).toBe('tx-1')
})
`

const VITEST_SANDBOX_TEST = `import { test, expect } from 'vitest'
import { createRequire } from 'node:module'
import { Coherent, Sandbox } from '${PACKAGE}'
test('a Sandbox from @coherentx/coherent-sandbox, called with the client', async () => {
  const sb = await Sandbox.start({ port: 0 })
  try {
    const { Sandbox: own } = createRequire(import.meta.url)('@coherentx/coherent-sandbox')
    expect(sb instanceof own).toBe(true)
    const client = new Coherent({ baseUrl: sb.url, token: 'api-test-' + '0'.repeat(32) })
    const tx = await client.transactions.create({ amount: 1500, name: 'Reach' })
    expect(sb.pay(tx.uuid).status).toBe('paid')
    expect((await client.transactions.get(tx.uuid)).status).toBe('paid')
  } finally {
    await sb.close()
  }
})
`

// A worker makes a call, is terminated while calls are in flight, and the main thread then calls.
const WORKER_APP = `const { Worker } = require('node:worker_threads')
const worker = new Worker(\`
  const { parentPort } = require('node:worker_threads')
  const coherent = require('${PACKAGE}')
  const client = new coherent.Coherent({ environment: 'LOCAL', token: 'api-test-reach', baseUrl: process.env.COHERENT_BASE_URL })
  client.transactions.get('tx-1').then((tx) => {
    parentPort.postMessage(tx.uuid)
    for (let i = 0; i < 50; i++) client.transactions.get('tx-1').catch(() => {})
  })
\`, { eval: true })
worker.once('message', async (uuid) => {
  await worker.terminate()
  const coherent = require('${PACKAGE}')
  ${CALL.replace(/\n/g, '\n  ')}
})
`

module.exports = { stacks, WEBPACK_RUNNER, APP_CJS, APP_ESM }

#!/usr/bin/env node
'use strict'
// npm run test:reach: does the package work in the stacks clinic apps are built with, with no
// config, side by side with the official 0.0.61? Installs the pinned bundlers and runtimes of
// tools/package-lock.json into a cache folder (COHERENT_REACH_CACHE, default
// ~/.cache/coherent-reach; reused across runs), packs this checkout in its published shape (main
// package + @coherentx/coherent-<platform> holding the binary, and the same two of the sandbox
// package), installs them and the official package into folders, and runs every stack of stacks.js and next.js against a loopback
// gateway (port 0). Prints one line per stack and exits 1 when ours fails where the official
// works, except the rows where a build-time failure is the designed behaviour for a native addon
// (esbuild's default build, Vite inlining everything), whose error must then be the expected one.
// REACH_ONLY=<substring>[,<substring>...] runs only the stacks whose name contains one of them;
// REACH_JOBS=<n> sets how many stacks run at once.

const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { REPO, PLATFORM, packPublishedShape, pack, npm } = require('../helpers/published-shape.js')
const { startGateway, writeFiles, run } = require('./harness.js')
const { stacks, WEBPACK_RUNNER } = require('./stacks.js')
const { nextStacks, edgeStack } = require('./next.js')

const TOOLS_SPEC = path.join(__dirname, 'tools')
const CACHE = process.env.COHERENT_REACH_CACHE || path.join(os.homedir(), '.cache', 'coherent-reach')
const OFFICIAL = '@coherentx/coherent@0.0.61'
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`

// The pinned tools, installed once per lockfile, in a folder named by its hash. `npm install`
// with the lockfile rather than `npm ci`: vite names an optional dependency the registry lacks,
// which `npm ci` rejects as a lockfile out of sync.
async function installTools() {
  const lock = fs.readFileSync(path.join(TOOLS_SPEC, 'package-lock.json'))
  const dir = path.join(CACHE, `tools-${crypto.createHash('sha256').update(lock).digest('hex').slice(0, 12)}`)
  const marker = path.join(dir, '.installed')
  if (!fs.existsSync(marker)) {
    const started = Date.now()
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(TOOLS_SPEC, file), path.join(dir, file))
    const installed = await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, timeout: 900_000 })
    if (installed.code !== 0) throw new Error(`npm install of the reach tools failed:\n${installed.output}`)
    fs.writeFileSync(marker, new Date().toISOString())
    console.log(`# reach: installed the pinned tools into ${dir} in ${seconds(started)}`)
  }
  for (const other of fs.existsSync(CACHE) ? fs.readdirSync(CACHE) : []) {
    if (other.startsWith('tools-') && path.join(CACHE, other) !== dir) fs.rmSync(path.join(CACHE, other), { recursive: true, force: true })
  }
  const modules = path.join(dir, 'node_modules')
  const bin = (pkg, file) => path.join(modules, pkg, file)
  return {
    root: dir,
    tools: {
      esbuild: bin('@esbuild/linux-x64', 'bin/esbuild'),
      next: bin('next', 'dist/bin/next'),
      vite: bin('vite', 'bin/vite.js'),
      vitest: bin('vitest', 'vitest.mjs'),
      bun: bin('bun', 'bin/bun.exe'),
      deno: bin('@deno/linux-x64-glibc', 'deno'),
      webpack: bin('webpack', 'lib/index.js'),
    },
  }
}

// The official package's tarball, fetched once into the cache (npm pack from the registry).
function officialTarball() {
  const dir = path.join(CACHE, 'official')
  const existing = fs.existsSync(dir) && fs.readdirSync(dir).find((f) => f.endsWith('-0.0.61.tgz'))
  if (existing) return path.join(dir, existing)
  fs.mkdirSync(dir, { recursive: true })
  const [info] = JSON.parse(npm(['pack', OFFICIAL, '--json', '--pack-destination', dir], dir))
  return path.join(dir, info.filename)
}

// One folder per flavour whose node_modules holds that package; every stack's app is a subfolder,
// so it resolves the package there and the tools from the tools folder above.
function installFlavour(work, flavor, tarballs) {
  const dir = path.join(work, flavor)
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true })
  writeFiles(dir, { 'package.json': JSON.stringify({ name: `reach-${flavor}`, private: true }, null, 2) })
  npm(['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', ...tarballs], dir)
  return dir
}

// For the Lambda row: the main package as `napi prepublish` publishes it, with the platform packages
// as optional dependencies (here tarballs: this machine's, and an arm64 Linux one holding a
// placeholder that nothing loads), so npm picks one by os/cpu/libc, or by --os/--cpu/--libc.
function packWithOptionalDependencies(work, shape) {
  const stageArm64 = path.join(work, 'pack', 'stage-arm64')
  fs.mkdirSync(stageArm64, { recursive: true })
  fs.copyFileSync(path.join(REPO, 'npm', 'linux-arm64-gnu', 'package.json'), path.join(stageArm64, 'package.json'))
  fs.writeFileSync(path.join(stageArm64, 'coherent.linux-arm64-gnu.node'), 'placeholder: the reach suite never loads it\n')
  const arm64 = pack(stageArm64, path.join(work, 'pack', 'packed'), 'arm64 placeholder').file
  const stage = path.join(work, 'pack', 'stage-main-optional')
  fs.cpSync(path.join(work, 'pack', 'stage-main'), stage, { recursive: true })
  const manifest = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'))
  manifest.optionalDependencies = {
    [`@coherentx/coherent-${PLATFORM}`]: `file:${shape.platform.file}`,
    '@coherentx/coherent-linux-arm64-gnu': `file:${arm64}`,
  }
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2))
  return pack(stage, path.join(work, 'pack', 'packed-optional'), 'main with optional dependencies').file
}

function line(name, official, ours) {
  const cell = (r) => (r.ok ? r.detail : r.expected ? `fails as designed: ${r.detail}` : `FAILS: ${r.detail}`)
  return `${name}\n    official 0.0.61: ${cell(official)}\n    ours:            ${cell(ours)}`
}

async function main() {
  // The pinned tool binaries (esbuild, Bun, Deno) are the Linux x64 ones, as on CI.
  if (PLATFORM !== 'linux-x64-gnu') throw new Error(`the reach suite runs on linux-x64-gnu (CI's platform), not ${PLATFORM}`)
  const started = Date.now()
  const { root, tools } = await installTools()
  // Kept across runs, except the installed packages: the apps' build caches (.next/cache) are part
  // of the warm cache, as in a developer's checkout.
  const work = path.join(root, 'work')
  fs.rmSync(path.join(work, 'pack'), { recursive: true, force: true })
  fs.mkdirSync(work, { recursive: true })
  tools.webpackRunner = path.join(work, 'webpack-runner.js')
  fs.writeFileSync(tools.webpackRunner, WEBPACK_RUNNER)

  const shape = packPublishedShape(path.join(work, 'pack'), { sourceBuild: false })
  const packages = { withOptionalDependencies: packWithOptionalDependencies(work, shape), official: officialTarball() }
  // `ours` is an app that depends only on the client (the sandbox is nowhere, so a bundler that
  // tried to resolve it would fail); the Vitest rows add the sandbox package, as a test suite does.
  const flavours = {
    official: installFlavour(work, 'official', [packages.official]),
    ours: installFlavour(work, 'ours', [shape.main.file, shape.platform.file]),
    'ours-with-sandbox': installFlavour(work, 'ours-with-sandbox', [shape.main.file, shape.platform.file, shape.sandbox.file, shape.sandboxPlatform.file]),
  }
  console.log(`# reach: tools and packages ready in ${seconds(started)}`)

  const gateway = await startGateway()
  const env = { COHERENT_BASE_URL: gateway.url, HTTP_PROXY: gateway.url, NEXT_TELEMETRY_DISABLED: '1', REACH_WEBPACK: tools.webpack }
  const all = [...nextStacks('webpack'), ...nextStacks('turbopack'), edgeStack, ...stacks]
  const only = process.env.REACH_ONLY ? process.env.REACH_ONLY.split(',') : null
  const selected = all.filter((s) => !only || only.some((part) => s.name.includes(part)))
  const timings = []
  // Where bundles and standalone folders are copied to run alone: outside the tools folder, so
  // nothing resolves from the node_modules they were built next to.
  const shipped = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-reach-shipped-'))
  const contexts = {}
  for (const flavor of ['official', 'ours']) {
    contexts[flavor] = {
      flavor,
      root,
      packages,
      tools,
      env,
      timings,
      memo: {},
      shipped: path.join(shipped, flavor),
      app: (name, files) => {
        const dir = path.join(flavours[flavor], name)
        writeFiles(dir, files)
        return dir
      },
      // Ours only: an app whose node_modules also holds @coherentx/coherent-sandbox.
      appWithSandbox: flavor === 'ours'
        ? (name, files) => {
            const dir = path.join(flavours['ours-with-sandbox'], name)
            writeFiles(dir, files)
            return dir
          }
        : null,
    }
  }

  // Stacks run REACH_JOBS at a time (default 4: the Next.js builds wait on each other's CPU
  // anyway, while the quick stacks fill the gaps); lines are printed in order.
  const outcomes = selected.map(() => null)
  let failed = 0
  let passed = 0
  let printed = 0
  const printReady = () => {
    for (; printed < selected.length && outcomes[printed]; printed++) {
      const { official, ours, took } = outcomes[printed]
      const stack = selected[printed]
      // The designed failure: its message (in the detail or the full output) names the fix.
      if (!ours.ok && stack.oursFailsAs) ours.expected = stack.oursFailsAs.test(`${ours.detail}\n${ours.output || ''}`)
      const bad = !ours.ok && !ours.expected && (official.ok || stack.oursFailsAs)
      if (bad) failed++
      else passed++
      console.log(`${bad ? 'not ok' : 'ok'} - ${line(stack.name, official, ours)}\n    (${took})`)
      if (bad && ours.output && process.env.REACH_VERBOSE) console.log(ours.output)
    }
  }
  let next = 0
  const worker = async () => {
    for (let i = next++; i < selected.length; i = next++) {
      const stackStarted = Date.now()
      const attempt = (flavor) => selected[i].run(contexts[flavor]).catch((error) => ({ ok: false, detail: String(error.message).split('\n')[0] }))
      const [official, ours] = await Promise.all([attempt('official'), attempt('ours')])
      outcomes[i] = { official, ours, took: seconds(stackStarted) }
      printReady()
    }
  }
  try {
    await Promise.all(Array.from({ length: Number(process.env.REACH_JOBS) || 4 }, worker))
  } finally {
    gateway.close()
    fs.rmSync(shipped, { recursive: true, force: true })
  }
  for (const t of timings) console.log(`# reach: ${t}`)
  console.log(`# reach: ${selected.length} stacks in ${seconds(started)} (cache: ${CACHE})`)
  console.log(`${passed} passed, ${failed} failed`)
  process.exitCode = failed ? 1 : 0
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})

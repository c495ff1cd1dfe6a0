'use strict'
// The packages as npm would install them from the registry: `npm pack` of the checkout, then the
// published main package (the same files minus the binary, no `prepare` script) and this machine's
// platform package `@coherentx/coherent-<platform>` holding the binary; the same two for the
// sandbox package (packages/coherent-sandbox). Used by the consumer smoke
// test and by the reach suite (`npm run test:reach`).

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { platformName } = require('../../lib/platform.js')

const REPO = path.join(__dirname, '..', '..')
const IS_WINDOWS = process.platform === 'win32'
const PLATFORM = platformName()
const BINARY = `coherent.${PLATFORM}.node`
const SANDBOX_DIR = path.join(REPO, 'packages', 'coherent-sandbox')
const SANDBOX_BINARY = `coherent-sandbox.${PLATFORM}.node`

// The environment of child processes: none of the parent npm's per-run settings (this may itself
// run under `npm test`), and no loader overrides that would hide a packaging bug.
function childEnv(extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('NAPI_RS_')) continue
    if (key.startsWith('npm_') && key !== 'npm_config_cache' && key !== 'npm_config_userconfig') continue
    env[key] = value
  }
  return { ...env, ...extra }
}

// `shell` only on Windows (npm.cmd cannot be spawned directly there).
function npm(args, cwd) {
  const result = spawnSync(IS_WINDOWS ? 'npm.cmd' : 'npm', args, { cwd, env: childEnv(), encoding: 'utf8', shell: IS_WINDOWS })
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(' ')} (in ${cwd}) exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

// `npm pack` without lifecycle scripts: `prepare` would rebuild the release binary (a minute)
// although only what is already built is packed.
function pack(dir, destination, label) {
  fs.mkdirSync(destination, { recursive: true })
  const [info] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', destination], dir))
  return {
    label,
    file: path.join(destination, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f) => f.path.split(path.sep).join('/')),
  }
}

/** The published shape of the package in `dir`: its files minus binaries, no `prepare` script. */
function packWithoutBinary(dir, work, stageName, label) {
  const files = JSON.parse(npm(['pack', '--ignore-scripts', '--dry-run', '--json'], dir))[0].files.map((f) => f.path.split(path.sep).join('/'))
  const stage = path.join(work, stageName)
  for (const file of files) {
    if (file.endsWith('.node')) continue
    fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true })
    fs.copyFileSync(path.join(dir, file), path.join(stage, file))
  }
  // As the release workflow does before publishing: `prepare` builds from source in a checkout,
  // and a consumer's npm would list it as an unapproved install script.
  npm(['pkg', 'delete', 'scripts.prepare'], stage)
  return pack(stage, path.join(work, 'packed'), label)
}

/** The platform package in `npmDir/<platform>` (as committed) holding `binary` as `binaryName`. */
function packPlatform(npmDir, binary, binaryName, work, stageName, label) {
  const stage = path.join(work, stageName)
  fs.mkdirSync(stage)
  for (const file of fs.readdirSync(path.join(npmDir, PLATFORM))) {
    if (!file.endsWith('.node')) fs.copyFileSync(path.join(npmDir, PLATFORM, file), path.join(stage, file))
  }
  fs.copyFileSync(binary, path.join(stage, binaryName))
  return pack(stage, path.join(work, 'packed'), label)
}

/**
 * Packs the checkout into `work`: `sourceBuild` (binary inside; only its file list when
 * `sourceBuild: false`), `main` (published main package) and `platform`
 * (`@coherentx/coherent-<platform>` holding `binary`, by default the checkout's), and the same two
 * of the sandbox package: `sandbox` (@coherentx/coherent-sandbox) and `sandboxPlatform`
 * (`@coherentx/coherent-sandbox-<platform>` holding `sandboxBinary`).
 */
function packPublishedShape(work, { binary = path.join(REPO, BINARY), sandboxBinary = path.join(SANDBOX_DIR, SANDBOX_BINARY), sourceBuild: packSource = true } = {}) {
  for (const file of [path.join(REPO, BINARY), path.join(SANDBOX_DIR, SANDBOX_BINARY)]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(REPO, file)} is missing: run \`npm install\` or \`npm run build\` first`)
    }
  }
  // Without `sourceBuild`, only the file list (a dry run does not copy the binary).
  const sourceBuild = packSource
    ? pack(REPO, path.join(work, 'packed-source-build'), '@coherentx/coherent with the local binary (source build)')
    : { files: JSON.parse(npm(['pack', '--ignore-scripts', '--dry-run', '--json'], REPO))[0].files.map((f) => f.path.split(path.sep).join('/')) }
  const main = packWithoutBinary(REPO, work, 'stage-main', '@coherentx/coherent')
  const platform = packPlatform(path.join(REPO, 'npm'), binary, BINARY, work, 'stage-platform', `@coherentx/coherent-${PLATFORM} (${path.relative(REPO, binary)})`)
  const sandbox = packWithoutBinary(SANDBOX_DIR, work, 'stage-sandbox', '@coherentx/coherent-sandbox')
  const sandboxPlatform = packPlatform(path.join(SANDBOX_DIR, 'npm'), sandboxBinary, SANDBOX_BINARY, work, 'stage-sandbox-platform', `@coherentx/coherent-sandbox-${PLATFORM} (${path.relative(REPO, sandboxBinary)})`)
  return { sourceBuild, main, platform, sandbox, sandboxPlatform }
}

module.exports = { REPO, PLATFORM, BINARY, SANDBOX_DIR, SANDBOX_BINARY, IS_WINDOWS, childEnv, npm, pack, packPublishedShape }

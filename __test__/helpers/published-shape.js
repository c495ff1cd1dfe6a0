'use strict'
// The package as npm would install it from the registry: `npm pack` of the checkout, then the
// published main package (the same files minus the binary, no `prepare` script) and this machine's
// platform package `@coherentx/coherent-<platform>` holding the binary. Used by the consumer smoke
// test and by the reach suite (`npm run test:reach`).

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { platformName } = require('../../lib/platform.js')

const REPO = path.join(__dirname, '..', '..')
const IS_WINDOWS = process.platform === 'win32'
const PLATFORM = platformName()
const BINARY = `coherent.${PLATFORM}.node`

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

/**
 * Packs the checkout into `work`: `sourceBuild` (binary inside; only its file list when
 * `sourceBuild: false`), `main` (published main package) and `platform`
 * (`@coherentx/coherent-<platform>` holding `binary`, by default the checkout's).
 */
function packPublishedShape(work, { binary = path.join(REPO, BINARY), sourceBuild: packSource = true } = {}) {
  if (!fs.existsSync(path.join(REPO, BINARY))) {
    throw new Error(`${BINARY} is missing from the repository root: run \`npm install\` or \`npm run build\` first`)
  }
  // Without `sourceBuild`, only the file list (a dry run does not copy the binary).
  const sourceBuild = packSource
    ? pack(REPO, path.join(work, 'packed-source-build'), '@coherentx/coherent with the local binary (source build)')
    : { files: JSON.parse(npm(['pack', '--ignore-scripts', '--dry-run', '--json'], REPO))[0].files.map((f) => f.path.split(path.sep).join('/')) }

  const stageMain = path.join(work, 'stage-main')
  for (const file of sourceBuild.files) {
    if (file.endsWith('.node')) continue
    fs.mkdirSync(path.dirname(path.join(stageMain, file)), { recursive: true })
    fs.copyFileSync(path.join(REPO, file), path.join(stageMain, file))
  }
  // As the release workflow does before publishing: `prepare` builds from source in a checkout,
  // and a consumer's npm would list it as an unapproved install script.
  npm(['pkg', 'delete', 'scripts.prepare'], stageMain)
  const main = pack(stageMain, path.join(work, 'packed'), '@coherentx/coherent')

  const stagePlatform = path.join(work, 'stage-platform')
  fs.mkdirSync(stagePlatform)
  for (const file of fs.readdirSync(path.join(REPO, 'npm', PLATFORM))) {
    if (!file.endsWith('.node')) fs.copyFileSync(path.join(REPO, 'npm', PLATFORM, file), path.join(stagePlatform, file))
  }
  fs.copyFileSync(binary, path.join(stagePlatform, BINARY))
  const platform = pack(stagePlatform, path.join(work, 'packed'), `@coherentx/coherent-${PLATFORM} (${path.relative(REPO, binary)})`)
  return { sourceBuild, main, platform }
}

module.exports = { REPO, PLATFORM, BINARY, IS_WINDOWS, childEnv, npm, pack, packPublishedShape }

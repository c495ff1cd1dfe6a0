'use strict'
// Public entry of @coherentx/coherent-sandbox: the offline gateway's `Sandbox` class, from the
// native binary of this platform. Where it looks, in order:
//   1. coherent-sandbox.<platform>.node in this folder (a checkout built with `npm run build`);
//   2. the platform package @coherentx/coherent-sandbox-<platform> (the published shape, an
//      optional dependency npm installs only on a matching machine).

const PACKAGE = '@coherentx/coherent-sandbox'

function requirePlatformPackage(platform) {
  // Literal names, so tools that trace requires (Next.js output tracing, esbuild) can see them.
  switch (platform) {
    case 'linux-x64-gnu': return require('@coherentx/coherent-sandbox-linux-x64-gnu')
    case 'linux-x64-musl': return require('@coherentx/coherent-sandbox-linux-x64-musl')
    case 'linux-arm64-gnu': return require('@coherentx/coherent-sandbox-linux-arm64-gnu')
    case 'linux-arm64-musl': return require('@coherentx/coherent-sandbox-linux-arm64-musl')
    case 'darwin-arm64': return require('@coherentx/coherent-sandbox-darwin-arm64')
    case 'darwin-x64': return require('@coherentx/coherent-sandbox-darwin-x64')
    case 'win32-x64-msvc': return require('@coherentx/coherent-sandbox-win32-x64-msvc')
    case 'win32-arm64-msvc': return require('@coherentx/coherent-sandbox-win32-arm64-msvc')
    default: throw new Error(`no prebuilt ${PACKAGE} package for ${platform}`)
  }
}

function loadBinding() {
  const fs = require('node:fs')
  const path = require('node:path')
  const { platformName } = require('./lib/platform.js')
  const platform = platformName()
  const local = path.join(__dirname, `coherent-sandbox.${platform}.node`)
  const errors = []
  for (const load of [() => fs.existsSync(local) && require(local), () => requirePlatformPackage(platform)]) {
    try {
      const binding = load()
      if (binding) return binding
    } catch (error) {
      errors.push(error)
    }
  }
  const error = new Error(
    `${PACKAGE}: could not load a native binary for this platform (${platform}, Node ${process.version}). ` +
      `It ships in the optional dependency ${PACKAGE}-${platform}, which npm installs only on a matching machine: ` +
      `remove node_modules and package-lock.json and run npm install again on this machine, without ` +
      `--omit=optional. Beyond Node, the gateway also runs as a standalone executable (cargo install ` +
      `--path crates/sandbox). Load attempts: ${errors.map((e) => String(e && e.message).split('\n')[0]).join(' | ')}`,
  )
  error.code = 'ERR_COHERENT_SANDBOX_BINDING_NOT_FOUND'
  error.platform = platform
  error.cause = errors[errors.length - 1]
  throw error
}

const native = loadBinding()

// `await Sandbox.start({ port: 0 })`: see native.d.ts for every option and control method.
exports.Sandbox = native.Sandbox

'use strict'
// Loads the binding through the generated loader (`native.js`). When no binary matches this
// machine, the loader's error is generic; this rethrows it naming the platform, the package npm
// should have installed, and the ways out (the loader's error stays reachable as `cause`).

const { platformName } = require('./platform.js')

const PACKAGE = '@coherentx/coherent'

// The loader chains one error per place it looked (local file, platform package); their first
// lines tell "not installed" (Cannot find module) from "installed but unloadable" (e.g. a glibc
// too old for the binary).
function loadAttempts(cause) {
  const attempts = []
  for (let e = cause && cause.cause; e && attempts.length < 8; e = e.cause) {
    attempts.unshift(String(e.message).split('\n')[0])
  }
  return attempts
}

function missingBindingError(cause) {
  const platform = platformName()
  const attempts = loadAttempts(cause)
  const error = new Error(
    `${PACKAGE}: could not load a native binary for this platform (${platform}, Node ${process.version}). ` +
      `It ships in the optional dependency ${PACKAGE}-${platform}, which npm installs only on a matching ` +
      `machine. If that package exists for your platform, npm probably skipped it: a lockfile created ` +
      `on another OS or CPU, or --omit=optional / --no-optional, is the usual cause ` +
      `(npm bug https://github.com/npm/cli/issues/4828). Remove node_modules and package-lock.json, run ` +
      `npm install again on this machine, and don't omit optional dependencies. If no prebuilt binary ` +
      `exists for ${platform}, build it from source with Rust (see "Install" in the README).` +
      (attempts.length ? ` Load attempts: ${attempts.join(' | ')}` : ''),
  )
  error.code = 'ERR_COHERENT_NATIVE_BINDING_NOT_FOUND'
  error.platform = platform
  error.cause = cause
  return error
}

function loadNativeBinding() {
  try {
    return require('../native.js')
  } catch (error) {
    if (error && /native binding/i.test(String(error.message))) throw missingBindingError(error)
    throw error
  }
}

module.exports = loadNativeBinding()

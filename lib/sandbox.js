'use strict'
// `Sandbox` of the main package, kept so code written when the offline gateway shipped inside
// this package keeps working: the gateway is now its own package, @coherentx/coherent-sandbox (a
// development dependency), loaded here on first use only. A process that never touches `Sandbox`
// loads nothing more, and bundlers see no require of the sandbox package: the name is passed to
// a require they leave alone (webpack: `__non_webpack_require__`; Turbopack: the ignore comment;
// esbuild and Rollup: a require of a variable), so an app that never uses it builds, deploys and
// traces (Next.js standalone) without it.

const SANDBOX_PACKAGE = '@coherentx/coherent-sandbox'

const nodeRequire =
  typeof __webpack_require__ === 'function' // eslint-disable-line no-undef
    ? __non_webpack_require__ // eslint-disable-line no-undef
    : (id) => require(/* turbopackIgnore: true */ /* webpackIgnore: true */ id)

function notInstalledError(cause) {
  const error = new Error(
    `Sandbox is in its own package now: run \`npm install --save-dev ${SANDBOX_PACKAGE}\` ` +
      `(the offline gateway is a development dependency; production installs of @coherentx/coherent ` +
      `carry no server). Then \`Sandbox\` from @coherentx/coherent, or from ${SANDBOX_PACKAGE} itself, works as before.`,
  )
  error.name = 'CoherentSandboxNotInstalledError'
  error.code = 'ERR_COHERENT_SANDBOX_NOT_INSTALLED'
  error.cause = cause
  return error
}

let sandboxClass

/** The sandbox package's `Sandbox` class, required on the first call. */
function loadSandbox(id = SANDBOX_PACKAGE) {
  if (!sandboxClass) {
    try {
      sandboxClass = nodeRequire(id).Sandbox
    } catch (error) {
      // Not installed (as opposed to installed but failing, whose own error is clearer).
      const missing = error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(`'${id}'`)
      throw missing ? notInstalledError(error) : error
    }
  }
  return sandboxClass
}

/**
 * Stands in for the sandbox package's class: `Sandbox.start(options)` loads it and starts a
 * sandbox (rejecting with `ERR_COHERENT_SANDBOX_NOT_INSTALLED` when it is not installed); the
 * instances are the sandbox package's, and `instanceof` works with either class.
 */
class Sandbox {
  constructor() {
    throw new TypeError('Sandbox has no constructor: use `await Sandbox.start(options)`')
  }

  static start(options) {
    try {
      return loadSandbox().start(options)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  // The command line's entry points (used by `coherent-sandbox`), for the same typings.
  static startFromCommandLine(args) {
    try {
      return loadSandbox().startFromCommandLine(args)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  static commandLineHelp() {
    return loadSandbox().commandLineHelp()
  }

  static [Symbol.hasInstance](value) {
    return value instanceof loadSandbox()
  }
}

module.exports = { Sandbox, loadSandbox }

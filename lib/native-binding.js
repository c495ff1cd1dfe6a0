'use strict'
// Loads the native binary, written so bundlers leave it alone where they cannot handle it, and
// explains every failure in one message. Where it looks, in order:
//   1. NAPI_RS_NATIVE_LIBRARY_PATH, when set (a binary built elsewhere);
//   2. coherent.<platform>.node in the package root (a checkout built with `napi build --platform`);
//   3. the platform package @coherentx/coherent-<platform> (the published shape).
// How bundlers see it (measured by `npm run test:reach`):
// - Next.js (Turbopack and webpack) replaces `process.env.NEXT_RUNTIME` at build time and drops the
//   dead branch, so it never sees a `.node` require; the binary is loaded with a require it leaves
//   alone, and the `path.join(__dirname, ...)` probes below are what Turbopack's output file tracing
//   follows (Next's webpack tracing follows the literal specifiers in `requireOutsideWebpack`).
// - webpack rewrites `__non_webpack_require__` to the emitted bundle's own require: the binary stays
//   in node_modules and nothing warns.
// - esbuild, Rollup/Rolldown (Vite) and plain Node see one literal require per platform package (in a
//   `try`, so the packages npm did not install are not an error): esbuild's default build fails
//   early on the `.node`, and `--loader:.node=copy` copies it next to the bundle.

const PACKAGE = '@coherentx/coherent'

// Inside a webpack bundle? webpack (plain and Next's) folds this test at build time and drops the
// branch not taken, with the requires in it; elsewhere it is false at run time.
const inWebpack = () => typeof __webpack_require__ === 'function' // eslint-disable-line no-undef

// Node's own require, untouched by the bundler that may have inlined this file: webpack rewrites
// `__non_webpack_require__` to the emitted bundle's require, and Turbopack leaves a require marked
// turbopackIgnore alone.
const nodeRequire =
  typeof __webpack_require__ === 'function' // eslint-disable-line no-undef
    ? __non_webpack_require__ // eslint-disable-line no-undef
    : (id) => require(/* turbopackIgnore: true */ /* webpackIgnore: true */ id)

function unsupportedRuntimeError() {
  const inEdge = typeof process !== 'undefined' && Boolean(process.env) && process.env.NEXT_RUNTIME === 'edge'
  const error = new Error(
    `${PACKAGE} needs the Node.js runtime: it is a native addon, which ` +
      (inEdge
        ? 'the Edge runtime cannot load. Remove `export const runtime = \'edge\'` from the route or page that imports it (Node.js is the default runtime), or call it from a route that runs on Node.js.'
        : 'only runs in Node.js (also Bun and Deno), not in a browser or a worker runtime. Import it from server code only.'),
  )
  error.code = 'ERR_COHERENT_UNSUPPORTED_RUNTIME'
  return error
}

// The first line of each load attempt tells "not installed" (Cannot find module) from "installed
// but unloadable" (e.g. a glibc too old for the binary).
const firstLines = (errors) => errors.map((e) => String(e && e.message).split('\n')[0])

// How a bundle that left the binary behind is fixed, by bundler.
function bundleHint(bundler) {
  if (bundler === 'Next.js') {
    return `Next.js copies the binary into its output when it traces ${PACKAGE}; if your set-up defeats that, add this one line to next.config: serverExternalPackages: ['${PACKAGE}'].`
  }
  const keepExternal = `or keep the package external and ship node_modules with the bundle`
  if (bundler === 'webpack') {
    return `webpack leaves the binary in node_modules: ship node_modules/${PACKAGE}-<platform> beside the bundle (npm install --omit=dev in the deployed folder), ${keepExternal} (externals: { '${PACKAGE}': 'commonjs ${PACKAGE}' }).`
  }
  return `The bundle does not contain the binary: bundle with esbuild --loader:.node=copy (Vite: ssr.external: ['${PACKAGE}']), ${keepExternal}.`
}

function missingBindingError(platform, errors, bundler) {
  const attempts = firstLines(errors)
  const notInstalled = `It ships in the optional dependency ${PACKAGE}-${platform}, which npm installs only on a matching ` +
    `machine. If that package exists for your platform, npm probably skipped it: a lockfile created ` +
    `on another OS or CPU, or --omit=optional / --no-optional, is the usual cause ` +
    `(npm bug https://github.com/npm/cli/issues/4828). Remove node_modules and package-lock.json, run ` +
    `npm install again on this machine, and don't omit optional dependencies. If no prebuilt binary ` +
    `exists for ${platform}, build it from source with Rust (see "Install" in the README).`
  const error = new Error(
    `${PACKAGE}: could not load a native binary for this platform (${platform}, Node ${process.version}). ` +
      (bundler ? `This code was bundled by ${bundler}. ${bundleHint(bundler)} ` : '') +
      notInstalled +
      (attempts.length ? ` Load attempts: ${attempts.join(' | ')}` : ''),
  )
  error.code = 'ERR_COHERENT_NATIVE_BINDING_NOT_FOUND'
  error.platform = platform
  error.cause = errors[errors.length - 1]
  return error
}

// webpack (plain and Next's): the platform package's binary by literal name, loaded with Node's own
// require. webpack does not look inside `__non_webpack_require__(...)`, so nothing is bundled and
// nothing warns, while Next's output file tracing (standalone) follows these literal specifiers in
// the emitted server chunks.
function requireOutsideWebpack(platform) {
  /* eslint-disable no-undef */
  switch (platform) {
    case 'linux-x64-gnu': return __non_webpack_require__('@coherentx/coherent-linux-x64-gnu/coherent.linux-x64-gnu.node')
    case 'linux-x64-musl': return __non_webpack_require__('@coherentx/coherent-linux-x64-musl/coherent.linux-x64-musl.node')
    case 'linux-arm64-gnu': return __non_webpack_require__('@coherentx/coherent-linux-arm64-gnu/coherent.linux-arm64-gnu.node')
    case 'linux-arm64-musl': return __non_webpack_require__('@coherentx/coherent-linux-arm64-musl/coherent.linux-arm64-musl.node')
    case 'darwin-arm64': return __non_webpack_require__('@coherentx/coherent-darwin-arm64/coherent.darwin-arm64.node')
    case 'darwin-x64': return __non_webpack_require__('@coherentx/coherent-darwin-x64/coherent.darwin-x64.node')
    case 'win32-x64-msvc': return __non_webpack_require__('@coherentx/coherent-win32-x64-msvc/coherent.win32-x64-msvc.node')
    case 'win32-arm64-msvc': return __non_webpack_require__('@coherentx/coherent-win32-arm64-msvc/coherent.win32-arm64-msvc.node')
    default: throw new Error(`no prebuilt ${PACKAGE} package for ${platform}`)
  }
  /* eslint-enable no-undef */
}

function loadBinding() {
  const fs = require('fs')
  const path = require('path')
  const { platformName } = require('./platform.js')
  const platform = platformName()
  const errors = []
  const attempt = (load) => {
    try {
      return load()
    } catch (error) {
      errors.push(error)
      return undefined
    }
  }

  const override = process.env.NAPI_RS_NATIVE_LIBRARY_PATH
  if (override) {
    const binding = attempt(() => nodeRequire(override))
    if (binding) return binding
    throw missingBindingError(platform, errors, null)
  }

  // No __dirname / __filename when an ESM bundle inlined this file.
  const hasDir = typeof __dirname === 'string'
  // A checkout built with `napi build --platform`, or the source-build tarball.
  const local = hasDir && path.join(__dirname, '..', 'coherent.' + platform + '.node')
  // The platform package beside this one (npm's flat node_modules, and pnpm's sibling links).
  const sibling = hasDir && path.join(__dirname, '../../coherent-' + platform + '/coherent.' + platform + '.node')
  let binding = (local && fs.existsSync(local) && attempt(() => nodeRequire(local))) ||
    (sibling && fs.existsSync(sibling) && attempt(() => nodeRequire(sibling)))
  if (binding) return binding

  // The platform package as a bare specifier, resolved from where this code runs (the app's
  // node_modules, or those of a bundle's folder). The branches are chosen at build time where a
  // bundler can (Next.js replaces NEXT_RUNTIME, webpack knows `__webpack_require__`), so each
  // bundler sees only its own.
  let bundler = null
  if (process.env.NEXT_RUNTIME) {
    if (inWebpack()) binding = attempt(() => requireOutsideWebpack(platform))
    bundler = inWebpack() || !hasDir || !fs.existsSync(__filename) ? 'Next.js' : null
  } else if (typeof __webpack_require__ === 'function') { // eslint-disable-line no-undef
    binding = attempt(() => requireOutsideWebpack(platform))
    bundler = 'webpack'
  } else {
    // Literal names, for bundlers that copy binaries (esbuild --loader:.node=copy) and so that
    // esbuild's default build, or Vite inlining everything, fails early on the `.node` instead of
    // at run time. A bundler's error quotes the line, so the line itself names the fix. In a
    // `try`: the packages npm did not install (other platforms) are not a build error.
    try {
      switch (platform) {
        case 'linux-x64-gnu': binding = require('@coherentx/coherent-linux-x64-gnu'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        case 'linux-x64-musl': binding = require('@coherentx/coherent-linux-x64-musl'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        case 'linux-arm64-gnu': binding = require('@coherentx/coherent-linux-arm64-gnu'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        case 'linux-arm64-musl': binding = require('@coherentx/coherent-linux-arm64-musl'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        case 'darwin-arm64': binding = require('@coherentx/coherent-darwin-arm64'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        case 'darwin-x64': binding = require('@coherentx/coherent-darwin-x64'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        case 'win32-x64-msvc': binding = require('@coherentx/coherent-win32-x64-msvc'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        case 'win32-arm64-msvc': binding = require('@coherentx/coherent-win32-arm64-msvc'); break // bundled? esbuild: --loader:.node=copy, Vite: ssr.external: ['@coherentx/coherent']
        default: throw new Error(`no prebuilt ${PACKAGE} package for ${platform}`)
      }
    } catch (error) {
      errors.push(error)
    }
    if (!hasDir || !/native-binding\.js$/.test(__filename)) bundler = 'a bundler'
  }
  binding = binding || attempt(() => nodeRequire(`${PACKAGE}-${platform}/coherent.${platform}.node`))
  if (binding) return binding
  throw missingBindingError(platform, errors, bundler)
}

function isNodeLike() {
  return typeof process !== 'undefined' && Boolean(process.versions && process.versions.node)
}

if (!isNodeLike() || process.env.NEXT_RUNTIME === 'edge') {
  throw unsupportedRuntimeError()
} else {
  module.exports = loadBinding()
}

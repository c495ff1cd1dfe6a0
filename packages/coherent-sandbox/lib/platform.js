'use strict'
// The napi-rs platform name of this machine (`linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`, ...),
// the suffix of the platform package that carries the sandbox's native binary. The same file as
// @coherentx/coherent's lib/platform.js (the two packages share no code at run time; a test keeps
// them equal).

// musl or glibc: the text of ldd (musl's names itself) where readable, else the process report
// (glibc builds of Node record their glibc version there).
function libcFamily() {
  if (process.platform !== 'linux') return ''
  try {
    return require('fs').readFileSync('/usr/bin/ldd', 'utf8').includes('musl') ? 'musl' : 'gnu'
  } catch {
    // no readable ldd (distroless images): ask the process report
  }
  const report = process.report && typeof process.report.getReport === 'function' ? process.report.getReport() : null
  return report && report.header && report.header.glibcVersionRuntime ? 'gnu' : 'musl'
}

function platformName() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${libcFamily()}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

module.exports = { platformName }

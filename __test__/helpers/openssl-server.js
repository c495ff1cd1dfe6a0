'use strict'
// A real TLS server from Debian's openssl CLI (`openssl s_server -www`) for transport tests: the
// TLS versions, ciphers and certificates a misconfigured or outdated server really offers. One
// instance per call, on a free loopback port, stopped by `stop()`.
//
//   const server = await startOpensslServer({
//     cert: leaf.certPath, key: leaf.keyPath,
//     args: ['-no_tls1_2', '-no_tls1_3', '-cipher', 'DEFAULT@SECLEVEL=0'],   // TLS 1.0/1.1 only
//   })
//   server.url               // 'https://127.0.0.1:PORT'
//   server.log()             // what s_server printed (one error line per refused handshake)
//   await server.stop()

const fs = require('node:fs')
const { freePort, spawnServer } = require('./server-process')

const OPENSSL = '/usr/bin/openssl'

/**
 * Starts `openssl s_server -www` with `cert`/`key` (PEM paths) and extra `args`. Resolves once
 * the port accepts connections (that probe is not a TLS handshake, so it leaves no error line).
 * A missing openssl throws: tests that need it fail, never skip.
 */
async function startOpensslServer({ cert, key, args = [] }) {
  if (!fs.existsSync(OPENSSL)) {
    throw new Error(`${OPENSSL} not found: install Debian's openssl (apt-get install openssl)`)
  }
  const port = await freePort()
  const server = await spawnServer('openssl s_server', OPENSSL, ['s_server', '-accept',
    `127.0.0.1:${port}`, '-cert', cert, '-key', key, '-www', ...args], port)
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    /** Everything s_server printed so far (stdout and stderr). */
    log: server.output,
    stop: server.stop,
  }
}

module.exports = { startOpensslServer }

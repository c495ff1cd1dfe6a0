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

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const { freePort } = require('./nginx')

const OPENSSL = '/usr/bin/openssl'

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

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
  const child = spawn(OPENSSL, ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', cert,
    '-key', key, '-www', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => { output += d })
  child.stderr.on('data', (d) => { output += d })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let spawnError
  child.once('error', (e) => { spawnError = e })
  const deadline = Date.now() + 10_000
  for (;;) {
    const done = await Promise.race([exited, new Promise((r) => setTimeout(r, 25, null))])
    if (done || spawnError) {
      throw new Error(`openssl s_server did not start (${spawnError ? spawnError.message : `exit ${done.code}`}): ${output}`)
    }
    if (await canConnect(port)) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      await exited
      throw new Error(`openssl s_server did not listen on 127.0.0.1:${port} within 10 s: ${output}`)
    }
  }
  let stopped
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    /** Everything s_server printed so far (stdout and stderr). */
    log: () => output,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM')
          await exited
        }
      })()
      return stopped
    },
  }
}

module.exports = { startOpensslServer }

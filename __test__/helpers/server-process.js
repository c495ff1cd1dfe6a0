'use strict'
// Running a real server binary for a test: a free loopback port, the process spawned, ready once
// its port accepts connections (an exit before that rejects with its output), and a stop that
// ends it (SIGTERM, SIGKILL after 5 s). Shared by nginx.js, squid.js and openssl-server.js.

const { spawn } = require('node:child_process')
const net = require('node:net')

/** A loopback port free right now (the server binds it a moment later; a lost race is retried). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Spawns `binary` with `args` and resolves once 127.0.0.1:`port` accepts connections (a plain TCP
 * probe), within `timeoutMs`. Rejects with the process's output plus `diagnostics()` (e.g. its
 * log file) if it exits first or never listens. Resolves to `{ child, output(), stop() }`.
 */
async function spawnServer(name, binary, args, port, { diagnostics = () => '', timeoutMs = 10_000 } = {}) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => { output += d })
  child.stderr.on('data', (d) => { output += d })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let spawnError
  child.once('error', (e) => { spawnError = e })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const done = await Promise.race([exited, new Promise((r) => setTimeout(r, 25, null))])
    if (done || spawnError) {
      throw new Error(`${name} did not start (${spawnError ? spawnError.message : `exit ${done.code}`}): ` +
        `${output}${diagnostics()}`.trim())
    }
    if (await canConnect(port)) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      await exited
      throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms: ${output}${diagnostics()}`)
    }
  }
  let stopped
  return {
    child,
    /** Everything the process printed so far (stdout and stderr). */
    output: () => output,
    /** Ends the process: SIGTERM, SIGKILL after 5 s. */
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
          await exited
          clearTimeout(timer)
        }
      })()
      return stopped
    },
  }
}

module.exports = { freePort, canConnect, spawnServer }

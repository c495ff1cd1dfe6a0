'use strict'
// Plumbing of the reach suite: child processes, servers started and stopped by pid, free ports,
// the loopback gateway every app calls, and file writing.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const http = require('node:http')
const net = require('node:net')
const path = require('node:path')
const { childEnv } = require('../helpers/published-shape.js')

/** Runs a command to completion; resolves { code, output } (stdout and stderr interleaved). */
function run(command, args, { cwd, env = {}, timeout = 300_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => {
      output += `\n[reach: killed after ${timeout} ms]`
      killGroup(child)
    }, timeout)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: -1, output: output + String(error) })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** A free loopback port (never 3000: the kernel picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Starts a long-running server; resolves once `url` answers, with { get, post, output, stop }. */
async function startServer(command, args, { cwd, env = {}, url, timeout = 180_000 }) {
  const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  let exited = null
  child.on('exit', (code) => (exited = code))
  const server = { output: () => output, stop: () => killGroup(child) }
  const deadline = Date.now() + timeout
  for (;;) {
    if (exited !== null) throw new Error(`exited with ${exited} before answering:\n${output}`)
    try {
      await request('GET', url)
      return server
    } catch {
      if (Date.now() > deadline) {
        server.stop()
        throw new Error(`no answer from ${url} within ${timeout} ms:\n${output}`)
      }
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}

/** One HTTP request without proxies or redirects; resolves { status, headers, body }. */
function request(method, url, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }))
    })
    req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${url} timed out`)))
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * The gateway every app calls: GET .../transaction/tx-1 answers a paid transaction, anything else
 * a 404. It also answers proxy-form requests (absolute URLs), which is how the official client,
 * fixed to http://localhost:3000 in its LOCAL environment, reaches it: through HTTP_PROXY.
 */
function startGateway() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      if (req.method === 'GET' && new URL(req.url, 'http://x').pathname === '/api/v1/transaction/tx-1') {
        res.end(JSON.stringify({ uuid: 'tx-1', amount: 1000, status: 'paid', refunds: [] }))
      } else {
        res.statusCode = 404
        res.end(JSON.stringify({ message: 'not found' }))
      }
    })
    server.keepAliveTimeout = 1000
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`
      resolve({ url, close: () => server.close() })
    })
  })
}

/** Writes `files` ({ relative path: text }) under `dir`. */
function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  }
}

/** The last lines of a process's output that say something, for a one-line reason. */
function reason(output, pattern) {
  const lines = String(output).split('\n').map((l) => l.trim()).filter(Boolean)
  const hit = pattern && lines.find((l) => pattern.test(l))
  return (hit || lines.slice(-3).join(' / ') || 'no output').slice(0, 300)
}

module.exports = { run, freePort, startServer, request, startGateway, writeFiles, reason }

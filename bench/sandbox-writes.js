'use strict'
// `npm run bench:sandbox`: sustained API writes per second of `coherent-sandbox`, state in memory
// vs `--data FILE` (SQLite), on an empty store and on a large one. Prints a markdown table for
// BENCHMARKS.md on stdout, progress on stderr. Not part of `npm test`.
//
// Each measurement runs a fresh sandbox process (bin/coherent-sandbox.js, port 0, a new file for
// --data), fills it first for the large store (untimed), then POSTs /api/v1/transaction from
// this process over keep-alive connections: a short warm-up, then a timed window, at 1 and at 16
// requests in flight. Every answer is checked (status 200 and a uuid). Modes take turns within
// each round and figures are medians over rounds, so load on a shared machine hits all alike.
// Also reported: the sandbox process's CPU time per write (Linux /proc), and what one fsync costs
// on the data file's disk (what `synchronous = FULL` would add to each write).
//
// Environment: BENCH_ROUNDS (3), BENCH_WINDOW_MS (2000), BENCH_LARGE (10000 transactions),
// BENCH_DIR (folder for the data files; default the OS temp dir).
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')

const ROUNDS = Number(process.env.BENCH_ROUNDS || 3)
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS || 2000)
const WARMUP_MS = Math.max(500, Math.round(WINDOW_MS / 4))
const LARGE = Number(process.env.BENCH_LARGE || 10_000)
const CONCURRENCY = [1, 16]
const BIN = path.join(__dirname, '..', 'packages', 'coherent-sandbox', 'bin', 'coherent-sandbox.js')
const KEY = 'api-test-' + 'be'.repeat(16)
const BODY = JSON.stringify({ amount: 2500, name: 'Bench Patient', note: 'check-up', email: 'p@example.test' })
const DIR = fs.mkdtempSync(path.join(process.env.BENCH_DIR || os.tmpdir(), 'sandbox-writes-'))

const MODES = [
  { name: 'memory, empty', data: false, fill: 0 },
  { name: '--data, empty', data: true, fill: 0 },
  { name: `memory, ${LARGE} transactions`, data: false, fill: LARGE },
  { name: `--data, ${LARGE} transactions`, data: true, fill: LARGE },
]

const started = Date.now()
const log = (msg) => process.stderr.write(`[bench:sandbox ${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`)
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function startSandbox(args) {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)
      if (match && output.includes('Press Ctrl-C')) resolve({ child, port: Number(match[1]) })
    })
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)))
  })
}

async function stopSandbox(child) {
  const exited = new Promise((resolve) => child.on('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** User + system CPU of a process in ms (Linux), or NaN. */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime, stime in ticks of 1/100 s
  } catch {
    return NaN
  }
}

function createTransaction(agent, port) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      agent, port, host: '127.0.0.1', method: 'POST', path: '/api/v1/transaction',
      headers: { 'content-type': 'application/json', 'access-token': KEY, 'content-length': Buffer.byteLength(BODY) },
    }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { text += chunk })
      res.on('end', () => {
        if (res.statusCode !== 200 || !JSON.parse(text).uuid) reject(new Error(`answer ${res.statusCode}: ${text.slice(0, 200)}`))
        else resolve()
      })
    })
    req.on('error', reject)
    req.end(BODY)
  })
}

/** Writes for `ms` with `inFlight` requests at a time; returns how many were answered. */
async function drive(agent, port, inFlight, ms) {
  const until = Date.now() + ms
  let done = 0
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (Date.now() < until) {
      await createTransaction(agent, port)
      done++
    }
  }))
  return done
}

async function fill(agent, port, count) {
  let next = 0
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next++ < count) await createTransaction(agent, port)
  }))
}

async function measure(mode, round) {
  const file = path.join(DIR, `round${round}-${mode.data ? 'data' : 'memory'}-${mode.fill}.db`)
  const { child, port } = await startSandbox(mode.data ? ['--data', file] : [])
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  try {
    await fill(agent, port, mode.fill)
    const result = {}
    for (const inFlight of CONCURRENCY) {
      await drive(agent, port, inFlight, WARMUP_MS)
      const cpuBefore = cpuMs(child.pid)
      const t0 = process.hrtime.bigint()
      const writes = await drive(agent, port, inFlight, WINDOW_MS)
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9
      result[inFlight] = { perSecond: writes / seconds, cpuUs: ((cpuMs(child.pid) - cpuBefore) * 1000) / writes }
    }
    return result
  } finally {
    agent.destroy()
    await stopSandbox(child)
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  }
}

/** Median time of one 4 KiB write + fsync in the data folder, in ms. */
function fsyncMs() {
  const file = path.join(DIR, 'fsync-probe')
  const fd = fs.openSync(file, 'w')
  const block = Buffer.alloc(4096, 1)
  const times = []
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint()
    fs.writeSync(fd, block, 0, block.length, 0)
    fs.fsyncSync(fd)
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  fs.closeSync(fd)
  fs.rmSync(file)
  return median(times)
}

async function main() {
  const samples = new Map(MODES.map((m) => [m.name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < MODES.length; i++) {
      const mode = MODES[(i + round) % MODES.length]
      log(`round ${round + 1}/${ROUNDS}: ${mode.name}`)
      samples.get(mode.name).push(await measure(mode, round))
    }
  }
  const fsync = fsyncMs()
  fs.rmSync(DIR, { recursive: true, force: true })

  const cpus = os.cpus()
  const lines = [
    `_${cpus.length} cores, ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}; ` +
      `${ROUNDS} rounds × ${WINDOW_MS} ms windows, medians; POST /api/v1/transaction, ${Buffer.byteLength(BODY)}-byte body_`,
    '',
    '| state | writes/s, 1 in flight | writes/s, 16 in flight | sandbox CPU per write (1 / 16 in flight) |',
    '|---|---:|---:|---:|',
  ]
  for (const mode of MODES) {
    const runs = samples.get(mode.name)
    const at = (c, key) => median(runs.map((r) => r[c][key]))
    lines.push(`| ${mode.name} | ${at(1, 'perSecond').toFixed(0)} | ${at(16, 'perSecond').toFixed(0)} | ` +
      `${at(1, 'cpuUs').toFixed(0)} µs / ${at(16, 'cpuUs').toFixed(0)} µs |`)
  }
  lines.push('', `One 4 KiB write + fsync in the data folder: ${fsync.toFixed(2)} ms (median of 50), what ` +
    '`synchronous = FULL` would add to every write.')
  process.stdout.write(lines.join('\n') + '\n')
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`)
  process.exit(1)
})

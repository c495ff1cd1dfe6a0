'use strict'
// Single-call latency, the two ways it has been measured: p50/p99 of one call at a time.
//
//   node bench/latency.js [calls per turn] [rounds]
//   LATENCY_SETUPS=separate,inline,separate-tls LATENCY_CLIENTS=coherent,undici-agent,undici-pool
//
// Setups: `separate` is bench/run.js's (the gateway in its own process); `inline` puts the same
// server in this process, on the client's own event loop; `separate-tls` / `inline-tls` are the
// same over TLS with bench/tls-ca.js's private CA (this script then re-runs itself with
// NODE_EXTRA_CA_CERTS set, since Node and our core read it at start-up). `no-io` times only the
// hand-off of ours: a call rejected by validation still settles through the runtime (JS thread ->
// tokio thread -> thread-safe function -> JS thread), with no socket involved. Clients (all in this process, taking
// turns of `calls` sequential GETs, order rotating each round): ours, `undici.request` through
// undici's global Agent (as bench/clients.js), and through a `Pool` for the one origin. Every
// answer is parsed and the 12 keys picked, as in bench/clients.js. Prints one line per setup and
// client: median over rounds of each turn's p50 and p99, the process CPU per call, the CPU of the
// JS thread and of our runtime thread(s) (kernel schedstat), and how often each went to sleep
// per call (voluntary context switches: each is a wake-up the call waited for).
const { fork, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { performance } = require('node:perf_hooks')
const { make, uuidFor, GET_KEYS } = require('./clients')

const CALLS = Number(process.argv[2] || 2000)
const ROUNDS = Number(process.argv[3] || 5)
const SETUPS = (process.env.LATENCY_SETUPS || 'separate,inline').split(',')
const CLIENTS = (process.env.LATENCY_CLIENTS || 'coherent,undici-agent,undici-pool').split(',')
const TOKEN = 'bench-token-0123456789abcdef'

function poolClient(baseUrl) {
  const { Pool } = require('undici')
  const pool = new Pool(baseUrl)
  const headers = { accept: 'application/json, text/plain, */*', 'access-token': TOKEN }
  return {
    async get(uuid) {
      const res = await pool.request({ path: `/api/v1/transaction/${uuid}`, method: 'GET', headers })
      const data = JSON.parse(await res.body.text())
      const out = {}
      for (const key of GET_KEYS) out[key] = data[key]
      return out
    },
    close: () => pool.close(),
  }
}

function clientFor(name, baseUrl) {
  if (name === 'coherent') return make('coherent', baseUrl)
  if (name === 'undici-agent') return make('undici', baseUrl)
  if (name === 'undici-pool') return poolClient(baseUrl)
  throw new Error(`unknown client ${name}`)
}

async function startServer(setup) {
  const tls = setup.endsWith('-tls') ? { key: process.env.LATENCY_TLS_KEY, cert: process.env.LATENCY_TLS_CERT } : null
  if (setup.startsWith('inline')) {
    const server = require('./server').makeServer(tls)
    await new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve))
    return { port: server.address().port, stop: () => server.close() }
  }
  const args = tls ? ['--tls', tls.key, tls.cert] : []
  const child = fork(path.join(__dirname, 'server.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { port } = await new Promise((resolve) => child.once('message', resolve))
  return { port, stop: () => child.disconnect() }
}

/**
 * CPU time (ns, from the kernel's schedstat) and voluntary context switches (times it went to
 * sleep) of this process's JS thread and of our runtime threads (`coherent-io`), summed.
 */
function threadStats() {
  const out = { js: { ns: 0, sleeps: 0 }, io: { ns: 0, sleeps: 0 } }
  for (const tid of fs.readdirSync('/proc/self/task')) {
    let comm, ns, status
    try {
      comm = fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()
      ns = Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0])
      status = fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8')
    } catch {
      continue // the thread ended
    }
    const side = Number(tid) === process.pid ? out.js : comm.startsWith('coherent-io') ? out.io : null
    if (!side) continue
    side.ns += ns
    side.sleeps += Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)[1])
  }
  return out
}

let seq = 0
async function turn(client, calls) {
  const latencies = new Float64Array(calls)
  const threads0 = threadStats()
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < calls; i++) {
    const uuid = uuidFor(seq++)
    const start = performance.now()
    const t = await client.get(uuid)
    latencies[i] = performance.now() - start
    if (t.uuid !== uuid) throw new Error('wrong answer')
  }
  const cpu = process.cpuUsage(cpu0)
  const threads = threadStats()
  latencies.sort()
  return {
    p50: latencies[calls >> 1] * 1000,
    p99: latencies[Math.floor(calls * 0.99)] * 1000,
    cpu: (cpu.user + cpu.system) / calls,
    jsCpu: (threads.js.ns - threads0.js.ns) / 1000 / calls,
    ioCpu: (threads.io.ns - threads0.io.ns) / 1000 / calls,
    jsSleeps: (threads.js.sleeps - threads0.js.sleeps) / calls,
    ioSleeps: (threads.io.sleeps - threads0.io.sleeps) / calls,
  }
}

const median = (v) => v.slice().sort((a, b) => a - b)[v.length >> 1]

/** Ours' round trip through the runtime with no I/O: `transactions.get('')` rejects by validation. */
async function handOff() {
  const { Coherent } = require('..')
  const api = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: 'http://127.0.0.1:9' }).transactions
  const once = () => api.get('').then(() => { throw new Error('expected a validation error') }, (e) => {
    if (e.code !== 'ERR_INVALID_ARG_VALUE') throw e
  })
  const client = { get: async (uuid) => (await once(), { uuid }) }
  await turn(client, CALLS)
  const r = []
  for (let round = 0; round < ROUNDS; round++) r.push(await turn(client, CALLS * 5))
  const f = (key, digits = 0) => median(r.map((x) => x[key])).toFixed(digits)
  console.log(`no-io    coherent      p50 ${f('p50', 1)} µs  p99 ${f('p99', 1)} µs  CPU ${f('cpu', 1)} µs/call (JS thread ${f('jsCpu', 1)}, runtime ${f('ioCpu', 1)})`)
}

async function main() {
  if (SETUPS.some((s) => s.endsWith('-tls')) && !process.env.LATENCY_TLS_KEY) {
    const ca = require('./tls-ca').makeCa()
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: ca.caPath, LATENCY_TLS_KEY: ca.keyPath, LATENCY_TLS_CERT: ca.certPath }
    try {
      execFileSync(process.execPath, [__filename, ...process.argv.slice(2)], { env, stdio: 'inherit' })
    } finally {
      ca.cleanup()
    }
    return
  }
  for (const setup of SETUPS) {
    if (setup === 'no-io') {
      await handOff()
      continue
    }
    const server = await startServer(setup)
    const baseUrl = setup.endsWith('-tls') ? `https://localhost:${server.port}` : `http://127.0.0.1:${server.port}`
    const clients = Object.fromEntries(CLIENTS.map((name) => [name, clientFor(name, baseUrl)]))
    for (const name of CLIENTS) await turn(clients[name], Math.max(500, CALLS >> 2))
    const results = Object.fromEntries(CLIENTS.map((name) => [name, []]))
    for (let round = 0; round < ROUNDS; round++) {
      const order = CLIENTS.map((_, k) => CLIENTS[(k + round) % CLIENTS.length])
      for (const name of order) results[name].push(await turn(clients[name], CALLS))
    }
    for (const name of CLIENTS) {
      const r = results[name]
      const f = (key, digits = 0) => median(r.map((x) => x[key])).toFixed(digits)
      console.log(
        `${setup.padEnd(8)} ${name.padEnd(13)} p50 ${f('p50')} µs  p99 ${f('p99')} µs  CPU ${f('cpu')} µs/call ` +
          `(JS thread ${f('jsCpu', 1)}, runtime ${f('ioCpu', 1)}; sleeps per call: JS ${f('jsSleeps', 2)}, runtime ${f('ioSleeps', 2)})`,
      )
    }
    for (const c of Object.values(clients)) c.close?.()
    server.stop()
  }
  setTimeout(() => process.exit(0), 100).unref()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

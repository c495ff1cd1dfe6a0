'use strict'
// `npm run bench`: the side-by-side benchmark. Prints markdown tables for BENCHMARKS.md on stdout,
// progress on stderr, and every raw sample to bench/results/last-run.json.
//
// Shape: one gateway process (bench/server.js) on loopback; one long-lived process per client
// (bench/worker.js serve). The clients take turns on the same requests: for each round, each
// concurrency, each client (the order rotates every round), a short un-timed warm-up then a timed
// window. Figures are medians over the rounds, so ratios stay fair when the machine is noisy.
// RSS growth and the cold figures come from fresh processes, one client at a time.
//
// Environment: BENCH_QUICK=1 (about a minute, for a smoke run), BENCH_ROUNDS, BENCH_WINDOW_MS,
// BENCH_CLIENTS=coherent,undici (a subset), BENCH_DELAYS=0,1, BENCH_RSS_CALLS, BENCH_COLD_RUNS.
// BENCH_VARIANTS compares builds of ours in one run, e.g.
//   BENCH_VARIANTS='{"before":{"NAPI_RS_NATIVE_LIBRARY_PATH":"/tmp/a.node"},"after":{}}'
// adds clients `coherent:before` and `coherent:after`, each started with that extra environment
// (BENCH_COHERENT_CONFIG / BENCH_COHERENT_HOOKS there compare settings of one build: bench/clients.js).
//
// `--https` (`npm run bench:https`): the same run over TLS. The server gets a certificate from a
// private CA made with openssl at start (bench/tls-ca.js); every client process trusts it through
// NODE_EXTRA_CA_CERTS, and all four call https://localhost:PORT. The tables add the connections
// each client opened (the server counts completed handshakes). `--h2` (`npm run bench:https --
// --h2`): the server offers h2 and HTTP/1.1 through ALPN; ours and undici (allowH2) speak h2, the
// official client and fetch HTTP/1.1.
const { fork, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { CLIENTS, LABELS } = require('./clients')
const { makeCa } = require('./tls-ca')

const HTTPS = process.argv.includes('--https') || process.argv.includes('--h2')
const H2 = process.argv.includes('--h2')

const QUICK = process.env.BENCH_QUICK === '1'
const num = (name, full, quick) => Number(process.env[name] || (QUICK ? quick : full))
const ROUNDS = num('BENCH_ROUNDS', 5, 2)
const WINDOW_MS = num('BENCH_WINDOW_MS', 1000, 400)
const WARMUP_MS = Math.round(WINDOW_MS / 4)
const RSS_CALLS = num('BENCH_RSS_CALLS', 100_000, 20_000)
const COLD_RUNS = num('BENCH_COLD_RUNS', 7, 3)
const DELAYS = (process.env.BENCH_DELAYS || '0,1').split(',').map(Number)
const CONCURRENCY = [1, 10, 100]
const CREATE_CONCURRENCY = 10
const VARIANTS = process.env.BENCH_VARIANTS ? JSON.parse(process.env.BENCH_VARIANTS) : null
const clients = (process.env.BENCH_CLIENTS || CLIENTS.join(','))
  .split(',')
  .flatMap((c) => (c === 'coherent' && VARIANTS ? Object.keys(VARIANTS).map((v) => `coherent:${v}`) : [c]))
/** Every client process's environment (over HTTPS: the CA to trust). */
let clientEnv = process.env
/** The extra environment of a client's processes (a variant's build or settings). */
const envOf = (client) => {
  const variant = client.split(':')[1]
  return variant ? { ...clientEnv, ...VARIANTS[variant] } : clientEnv
}
const labelOf = (client) => LABELS[client] || `ours, ${client.split(':')[1]}`
/** The client the ratio columns and goals are about: ours, or the first variant of ours. */
const ours = clients.find((c) => c.startsWith('coherent'))
const WORKER = path.join(__dirname, 'worker.js')
const ROOT = path.join(__dirname, '..')

const started = Date.now()
const log = (msg) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`)

function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (v.length === 0) return NaN
  const mid = v.length >> 1
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

/** A forked process answering one IPC message per request, in order. */
function ipcProcess(script, args, env = process.env) {
  const child = fork(script, args, { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const waiting = []
  child.on('message', (m) => waiting.shift()?.resolve(m))
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${script} ${args.join(' ')} exited with ${code}`))
  })
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }))
  return {
    child,
    next,
    ask(message) {
      const reply = next()
      child.send(message)
      return reply
    },
  }
}

/** Runs `node [execArgv] worker.js args...` to completion and parses its JSON line. */
function runOnce(args, execArgv = [], env = process.env) {
  const out = execFileSync(process.execPath, [...execArgv, WORKER, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  })
  return JSON.parse(out.trim().split('\n').pop())
}

async function main() {
  const nativeFile = fs.readdirSync(ROOT).find((f) => f.endsWith('.node'))
  if (!nativeFile) throw new Error('no native addon found: run `npm run build` first')
  const nativeBytes = fs.statSync(path.join(ROOT, nativeFile)).size
  if (nativeBytes > 20 * 1024 * 1024) {
    log(`WARNING: ${nativeFile} is ${(nativeBytes / 1048576).toFixed(0)} MB, probably a debug build; run \`npm run build\``)
  }
  const { server, baseUrl, bodyBytes } = await startServer()
  const connections = async () => (await server.ask({ connections: true })).connections
  log(`server on ${baseUrl}, GET body ${bodyBytes} B; clients: ${clients.join(', ')}; ${ROUNDS} rounds of ${WINDOW_MS} ms windows`)

  const workers = await startWorkers(baseUrl)
  const startupConnections = await firstContact(workers, connections)
  const samples = await measureWindows(server, workers, connections)
  for (const w of Object.values(workers)) w.child.disconnect()
  await server.ask({ delayMs: 0 })
  const { rss, coldSamples } = freshProcesses(baseUrl)
  server.child.disconnect()

  const results = summarize(samples, rss, coldSamples, nativeFile, nativeBytes, bodyBytes)
  results.once.startupConnections = startupConnections
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true })
  fs.writeFileSync(
    path.join(__dirname, 'results', H2 ? 'last-run-h2.json' : HTTPS ? 'last-run-https.json' : 'last-run.json'),
    JSON.stringify({ machine: machine(), settings: settings(), results, samples, rss, coldSamples }, null, 1),
  )
  process.stdout.write(render(results))
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

/** The bench server in its own process; over TLS with a private CA the clients are told of. */
async function startServer() {
  const ca = HTTPS ? makeCa() : null
  if (ca) {
    process.on('exit', ca.cleanup) // also when a step fails
    clientEnv = { ...process.env, NODE_EXTRA_CA_CERTS: ca.caPath, ...(H2 ? { BENCH_H2: '1' } : {}) }
  }
  const server = ipcProcess(path.join(__dirname, 'server.js'), ca ? ['--tls', ca.keyPath, ca.certPath, ...(H2 ? ['--h2'] : [])] : [])
  const { port, bodyBytes } = await server.next()
  // Over TLS, a host name (as the gateway has), so the certificate's name is checked and sent (SNI).
  const baseUrl = HTTPS ? `https://localhost:${port}` : `http://127.0.0.1:${port}`
  return { server, baseUrl, bodyBytes }
}

async function startWorkers(baseUrl) {
  const workers = {}
  for (const name of clients) {
    workers[name] = ipcProcess(WORKER, ['serve', name.split(':')[0], baseUrl], envOf(name))
    const ready = await workers[name].next()
    if (!ready.ok) throw new Error(`${name}: ${ready.error}`)
  }
  return workers
}

/** First contact: JIT, connections, threads. Returns the connections each client opened. */
async function firstContact(workers, connections) {
  const opened = {}
  for (const name of clients) {
    const before = await connections()
    for (const op of ['get', 'create']) {
      const r = await workers[name].ask({ cmd: 'warmup', op, calls: 3000, concurrency: 50 })
      if (!r.ok || r.errors) throw new Error(`${name} warm-up ${op} failed: ${r.error || `${r.errors} errors`}`)
    }
    opened[name] = (await connections()) - before
  }
  return opened
}

function windowPlan() {
  const plan = []
  for (const delay of DELAYS) {
    for (let round = 0; round < ROUNDS; round++) {
      for (const concurrency of CONCURRENCY) plan.push({ delay, round, op: 'get', concurrency })
      if (delay === 0) plan.push({ delay, round, op: 'create', concurrency: CREATE_CONCURRENCY })
    }
  }
  return plan
}

/** Every window of the plan for every client: { delay, op, concurrency, client, round, ...result }. */
async function measureWindows(server, workers, connections) {
  const samples = []
  const plan = windowPlan()
  let currentDelay = null
  for (const [i, step] of plan.entries()) {
    if (step.delay !== currentDelay) {
      await server.ask({ delayMs: step.delay })
      currentDelay = step.delay
    }
    if (i % 4 === 0) log(`windows ${i + 1}/${plan.length} (delay ${step.delay} ms, round ${step.round + 1})`)
    // Rotate who goes first each round so drift in machine load hits every client alike.
    const order = clients.map((_, k) => clients[(k + step.round) % clients.length])
    for (const client of order) {
      const base = { op: step.op, concurrency: step.concurrency, latency: step.concurrency === 1 }
      const opened = await connections()
      await workers[client].ask({ cmd: 'window', ...base, ms: WARMUP_MS, latency: false })
      const r = await workers[client].ask({ cmd: 'window', ...base, ms: WINDOW_MS })
      if (!r.ok) throw new Error(`${client}: ${r.error}`)
      if (r.result.errors) log(`WARNING: ${client} had ${r.result.errors} errors: ${r.result.firstError}`)
      // Connections the client opened in its turn (warm-up and window): the others were idle.
      samples.push({ ...step, client, ...r.result, connections: (await connections()) - opened })
    }
  }
  return samples
}

/** RSS over many calls, then require() and first call: one fresh process per client each. */
function freshProcesses(baseUrl) {
  log(`RSS over ${RSS_CALLS} calls, one fresh process per client`)
  const rss = {}
  for (const client of clients) {
    rss[client] = runOnce(['rss', client.split(':')[0], baseUrl, String(RSS_CALLS)], ['--expose-gc'], envOf(client))
    if (rss[client].errors) log(`WARNING: ${client} had ${rss[client].errors} errors in the RSS run`)
  }
  log(`require() and first call, ${COLD_RUNS} fresh processes per client`)
  const coldSamples = Object.fromEntries(clients.map((c) => [c, []]))
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const client of clients) coldSamples[client].push(runOnce(['cold', client.split(':')[0], baseUrl], [], envOf(client)))
  }
  return { rss, coldSamples }
}

function settings() {
  return { HTTPS, ROUNDS, WINDOW_MS, WARMUP_MS, RSS_CALLS, COLD_RUNS, DELAYS, clients }
}

function machine() {
  const cpu = os.cpus()[0]?.model || 'unknown CPU'
  return { cpu, cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` }
}

function summarize(samples, rss, coldSamples, nativeFile, nativeBytes, bodyBytes) {
  const med = (filter, key) =>
    Object.fromEntries(
      clients.map((c) => [c, median(samples.filter((s) => s.client === c && filter(s)).map((s) => s[key]))]),
    )
  const byDelay = {}
  for (const delay of DELAYS) {
    const at = (op, concurrency) => (s) => s.delay === delay && s.op === op && s.concurrency === concurrency
    const rows = {}
    for (const c of CONCURRENCY) {
      rows[`rps${c}`] = med(at('get', c), 'reqPerSec')
      rows[`elu${c}`] = med(at('get', c), 'eluUsPerReq')
      rows[`cpu${c}`] = med(at('get', c), 'cpuUsPerReq')
    }
    rows.p50 = med(at('get', 1), 'p50Us')
    rows.p99 = med(at('get', 1), 'p99Us')
    if (delay === 0) {
      rows.createRps = med(at('create', CREATE_CONCURRENCY), 'reqPerSec')
      rows.createCpu = med(at('create', CREATE_CONCURRENCY), 'cpuUsPerReq')
    }
    rows.connections = Object.fromEntries(
      clients.map((c) => [c, samples.filter((s) => s.client === c && s.delay === delay).reduce((n, s) => n + s.connections, 0)]),
    )
    rows.errors = Object.fromEntries(
      clients.map((c) => [c, samples.filter((s) => s.client === c && s.delay === delay).reduce((n, s) => n + s.errors, 0)]),
    )
    byDelay[delay] = rows
  }
  const once = {
    requireMs: Object.fromEntries(clients.map((c) => [c, median(coldSamples[c].map((s) => s.requireMs))])),
    firstCallMs: Object.fromEntries(clients.map((c) => [c, median(coldSamples[c].map((s) => s.firstCallMs))])),
    rssAfterMB: Object.fromEntries(clients.map((c) => [c, rss[c].after / 1048576])),
    rssGrowthMB: Object.fromEntries(clients.map((c) => [c, (rss[c].after - rss[c].before) / 1048576])),
    // V8 grows its young generation (up to 2 × 16 MB) when a process allocates fast; that space
    // is reused, not leaked. RSS growth minus it is what the process's own memory did.
    heapReserveMB: Object.fromEntries(
      clients.map((c) => [c, (rss[c].heapTotalAfter - rss[c].heapTotalBefore) / 1048576]),
    ),
  }
  return { byDelay, once, nativeFile, nativeMB: nativeBytes / 1048576, bodyBytes }
}

// ---- rendering ----------------------------------------------------------------------------------

const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–')
const fmt1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–')
const fmtRatio = (x) => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×` : '–')

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i ? '---:' : '---')).join('|')}|`]
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`)
  return lines.join('\n') + '\n'
}

function render({ byDelay, once, nativeFile, nativeMB, bodyBytes }) {
  const has = (c) => clients.includes(c)
  // Ratio columns for ours (each variant, when comparing builds) against official and undici.
  const mine = clients.filter((c) => c.startsWith('coherent'))
  const ratios = mine.flatMap((c) =>
    ['official', 'undici'].filter(has).map((other) => ({ c, other, label: `${mine.length > 1 ? c.split(':')[1] : 'ours'} ÷ ${other}` })),
  )
  const header = ['', ...clients.map(labelOf), ...ratios.map((r) => r.label)]
  const row = (label, values, format) => [
    label,
    ...clients.map((c) => format(values[c])),
    ...ratios.map(({ c, other }) => fmtRatio(values[c] / values[other])),
  ]
  const m = machine()
  const over = HTTPS ? ` over TLS${H2 ? ' (server offers h2)' : ''} (https://localhost, private CA)` : ''
  let out = `\n_${m.cores} cores, ${m.cpu}, Node ${m.node}, ${m.platform}; ${ROUNDS} rounds × ${WINDOW_MS} ms windows, medians; GET body ${bodyBytes} B${over}_\n`
  for (const delay of DELAYS) {
    const d = byDelay[delay]
    out += `\n### GET /api/v1/transaction/{uuid}${HTTPS ? ' over TLS' : ''}, ${delay ? `server delay ${delay} ms` : 'no server delay'}\n\n`
    const rows = []
    for (const c of CONCURRENCY) rows.push(row(`throughput, ${c} in flight (req/s)`, d[`rps${c}`], fmtInt))
    rows.push(row('p50 latency, 1 in flight (µs)', d.p50, fmtInt))
    rows.push(row('p99 latency, 1 in flight (µs)', d.p99, fmtInt))
    for (const c of CONCURRENCY) rows.push(row(`event-loop busy per request, ${c} in flight (µs)`, d[`elu${c}`], fmt1))
    for (const c of CONCURRENCY) rows.push(row(`process CPU per request, ${c} in flight (µs)`, d[`cpu${c}`], fmt1))
    if (delay === 0) {
      rows.push(row(`POST create: throughput, ${CREATE_CONCURRENCY} in flight (req/s)`, d.createRps, fmtInt))
      rows.push(row(`POST create: CPU per request, ${CREATE_CONCURRENCY} in flight (µs)`, d.createCpu, fmt1))
    }
    rows.push(row(`connections opened in this table's turns, all rounds (${HTTPS ? 'TLS handshakes' : 'TCP'})`, d.connections, fmtInt))
    out += table(header, rows)
    const failed = clients.filter((c) => d.errors[c])
    if (failed.length) out += `\nErrors: ${failed.map((c) => `${c} ${d.errors[c]}`).join(', ')}\n`
  }
  out += `\n### Once per process\n\n`
  out += table(header, [
    row('`require()` (ms)', once.requireMs, fmt1),
    row(`first call, cold: construct + 1 GET incl. connect${HTTPS ? ' + TLS handshake' : ''} (ms)`, once.firstCallMs, fmt1),
    row('connections opened at start-up (3,000 GETs + 3,000 POSTs, 50 in flight)', once.startupConnections, fmtInt),
    row(`RSS after ${RSS_CALLS.toLocaleString('en-US')} calls (MB)`, once.rssAfterMB, fmt1),
    row(`RSS growth over ${RSS_CALLS.toLocaleString('en-US')} calls (MB)`, once.rssGrowthMB, fmt1),
    row('… of which V8 heap capacity, `heapTotal` (MB)', once.heapReserveMB, fmt1),
  ])
  out += `\nStripped release addon \`${nativeFile}\`: ${nativeMB.toFixed(2)} MB\n`
  if (ours) out += goals(byDelay, once, nativeMB)
  return out
}

function goals(byDelay, once, nativeMB) {
  const rows = []
  const verdict = (ok, measured, gap) => `${measured} — ${ok ? 'met' : `**missed** (${gap})`}`
  const cmp = (name, target, pick, want) => {
    const cells = DELAYS.map((delay) => {
      const d = byDelay[delay]
      const v = pick(d)
      if (!Number.isFinite(v)) return 'n/a'
      return want(v, d)
    })
    rows.push([name, target, ...cells])
  }
  const ratio = (a, b) => a / b
  if (clients.includes('official')) {
    cmp('throughput, 100 in flight', '≥ 3× official', (d) => ratio(d.rps100[ours], d.rps100.official), (v) =>
      verdict(v >= 3, fmtRatio(v), `needs ${fmtRatio(3 / v)} more`))
  }
  if (clients.includes('undici')) {
    cmp('throughput, 100 in flight', '≥ 0.9× undici', (d) => ratio(d.rps100[ours], d.rps100.undici), (v) =>
      verdict(v >= 0.9, fmtRatio(v), `needs ${fmtRatio(0.9 / v)} more`))
    cmp('p50 latency, 1 in flight', '≤ 1.1× undici', (d) => ratio(d.p50[ours], d.p50.undici), (v, d) =>
      verdict(v <= 1.1, fmtRatio(v), `${fmtInt(d.p50[ours] - 1.1 * d.p50.undici)} µs over`))
    cmp('event-loop busy per request, 100 in flight', '≤ 0.25× undici', (d) => ratio(d.elu100[ours], d.elu100.undici), (v, d) =>
      verdict(v <= 0.25, fmtRatio(v), `${fmt1(d.elu100[ours] - 0.25 * d.elu100.undici)} µs over`))
  }
  if (clients.includes('official')) {
    cmp('process CPU per request, 100 in flight', '≤ 0.33× official', (d) => ratio(d.cpu100[ours], d.cpu100.official), (v, d) =>
      verdict(v <= 1 / 3, fmtRatio(v), `${fmt1(d.cpu100[ours] - d.cpu100.official / 3)} µs over`))
  }
  if (clients.includes('undici')) {
    cmp('process CPU per request, 100 in flight', '≤ 1× undici', (d) => ratio(d.cpu100[ours], d.cpu100.undici), (v, d) =>
      verdict(v <= 1, fmtRatio(v), `${fmt1(d.cpu100[ours] - d.cpu100.undici)} µs over`))
  }
  const single = (name, target, ok, measured, gap) => rows.push([name, target, verdict(ok, measured, gap), ...DELAYS.slice(1).map(() => '')])
  const growth = once.rssGrowthMB[ours]
  const reserve = once.heapReserveMB[ours]
  single(`RSS growth over ${RSS_CALLS.toLocaleString('en-US')} calls`, '< 10 MB', growth < 10,
    `${fmt1(growth)} MB (V8 heap capacity: ${fmt1(reserve)} MB of it)`, `${fmt1(growth - 10)} MB over`)
  const req = once.requireMs[ours]
  single('`require()`', '< 30 ms', req < 30, `${fmt1(req)} ms`, `${fmt1(req - 30)} ms over`)
  single('stripped release `.node`', '< 6 MB', nativeMB < 6, `${nativeMB.toFixed(2)} MB`, `${(nativeMB - 6).toFixed(2)} MB over`)
  const header = ['goal', 'target', ...DELAYS.map((d) => (d ? `${d} ms delay` : 'no delay'))]
  return `\n### Goals (ratios from this run)\n\n${table(header, rows)}`
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

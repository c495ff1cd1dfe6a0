'use strict'
// One client in its own process, so its heap, JIT state, threads and CPU time are its own.
//
//   node bench/worker.js serve <client> <baseUrl>   measured windows on request over IPC
//   node --expose-gc bench/worker.js rss <client> <baseUrl> <calls>
//   node bench/worker.js cold <client> <baseUrl>    require() time and first-call time
//
// Results go back over IPC (serve) or as one JSON line on stdout (rss, cold).
const { performance } = require('node:perf_hooks')

const [mode, name, baseUrl, callsArg] = process.argv.slice(2)

async function main() {
  if (mode === 'cold') return cold()
  const { make } = require('./clients')
  const calls = callsOf(make(name, baseUrl))
  const count = (op, total, concurrency) => countCalls(calls[op], total, concurrency)
  if (mode === 'rss') return rss(count)
  process.on('message', async (m) => {
    try {
      if (m.cmd === 'window') process.send({ ok: true, result: await window(calls[m.op], m) })
      else if (m.cmd === 'warmup') process.send({ ok: true, errors: await count(m.op, m.calls, m.concurrency) })
    } catch (e) {
      process.send({ ok: false, error: String(e && e.stack) })
    }
  })
  process.on('disconnect', () => process.exit(0))
  process.send({ ok: true, ready: true })
}

/** The measured operations, each checking its answer: a wrong answer must not count as a fast one. */
function callsOf(client) {
  const { CREATE_REQUEST, uuidFor } = require('./clients')
  let seq = 0
  return {
    get: async () => {
      const uuid = uuidFor(seq++)
      const t = await client.get(uuid)
      if (t === null || t.uuid !== uuid || t.customer.lastName !== 'Whitfield-Agbaje') {
        throw new Error(`unexpected result for ${uuid}`)
      }
    },
    create: async () => {
      const t = await client.create(CREATE_REQUEST)
      if (t.status !== 'unpaid' || t.paymentMethod !== null) throw new Error('unexpected create result')
    },
  }
}

/** Keeps `concurrency` calls in flight for `ms`, then lets the last ones finish. */
async function window(call, { concurrency, ms, latency }) {
  const latencies = latency ? [] : null
  let stop = false
  let done = 0
  let errors = 0
  let firstError
  const timer = setTimeout(() => (stop = true), ms)
  const elu0 = performance.eventLoopUtilization()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  async function lane() {
    while (!stop) {
      const start = latencies ? performance.now() : 0
      try {
        await call()
      } catch (e) {
        errors++
        firstError ??= String(e && e.message)
      }
      if (latencies) latencies.push(performance.now() - start)
      done++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const elu = performance.eventLoopUtilization(elu0)
  clearTimeout(timer)
  const result = {
    done,
    errors,
    firstError,
    wallMs,
    reqPerSec: (done / wallMs) * 1000,
    eluUsPerReq: (elu.active * 1000) / done,
    cpuUsPerReq: (cpu.user + cpu.system) / done,
  }
  if (latencies) Object.assign(result, percentiles(latencies))
  return result
}

function percentiles(latencies) {
  latencies.sort((a, b) => a - b)
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  return { p50Us: at(0.5) * 1000, p99Us: at(0.99) * 1000 }
}

/** Runs exactly `total` calls with `concurrency` in flight; resolves to the number that failed. */
async function countCalls(call, total, concurrency) {
  let left = total
  let errors = 0
  async function lane() {
    while (left > 0) {
      left--
      try {
        await call()
      } catch {
        errors++
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  return errors
}

async function rss(count) {
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      global.gc()
      await new Promise((r) => setTimeout(r, 50))
    }
    return process.memoryUsage()
  }
  const calls = Number(callsArg)
  // Warm up first: connections, threads, JIT and lazily built state are start-up cost, not growth.
  let errors = await count('get', 2000, 100)
  const before = await settle()
  errors += await count('get', calls, 100)
  const after = await settle()
  // RSS is the figure; the heap split says whether growth is JS objects or native memory.
  console.log(
    JSON.stringify({
      before: before.rss,
      after: after.rss,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      heapTotalBefore: before.heapTotal,
      heapTotalAfter: after.heapTotal,
      errors,
      calls,
    }),
  )
}

async function cold() {
  const t0 = performance.now()
  const { load, make, uuidFor } = require('./clients')
  const faults0 = process.resourceUsage().minorPageFault
  const t1 = performance.now()
  const mod = load(name)
  const t2 = performance.now()
  // Counts that do not depend on the machine's load: pages touched by loading, and RSS after it.
  const requireFaults = process.resourceUsage().minorPageFault - faults0
  const rssAfterRequireMb = process.memoryUsage().rss / 1e6
  const client = make(name, baseUrl, mod)
  const t = await client.get(uuidFor(1))
  const t3 = performance.now()
  if (t.uuid !== uuidFor(1)) throw new Error('unexpected first result')
  console.log(JSON.stringify({ requireMs: t2 - t1, firstCallMs: t3 - t2, harnessMs: t1 - t0, requireFaults, rssAfterRequireMb }))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

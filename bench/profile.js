'use strict'
// One client, one concurrency, a fixed number of seconds: the target for profilers.
//
//   node bench/profile.js [client] [concurrency] [seconds] [delayMs]
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.js coherent 100 5
//   PROFILE_CALLS=5000 valgrind --tool=callgrind --separate-threads=yes node bench/profile.js coherent 100
//   perf record -e cpu-clock -g node --perf-basic-prof bench/profile.js coherent 100 5
//
// The gateway runs as a separate process, so the profile holds the client only. Prints the same
// per-request figures as the benchmark (throughput, event-loop busy, CPU, latency percentiles).
// PROFILE_CALLS=N runs exactly N calls instead (after N/10 warm-up calls): instruction counts
// from callgrind are then comparable between builds however busy the machine is.
const { fork } = require('node:child_process')
const path = require('node:path')
const { performance } = require('node:perf_hooks')
const { make, uuidFor } = require('./clients')

const [name = 'coherent', concurrencyArg = '100', secondsArg = '5', delayArg = '0'] = process.argv.slice(2)
const concurrency = Number(concurrencyArg)

async function main() {
  const server = fork(path.join(__dirname, 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { port } = await new Promise((resolve) => server.once('message', resolve))
  server.send({ delayMs: Number(delayArg) })
  await new Promise((resolve) => server.once('message', resolve))
  const client = make(name, `http://127.0.0.1:${port}`)
  let seq = 0
  const fixedCalls = Number(process.env.PROFILE_CALLS || 0)
  const run = async (ms, latencies, calls = 0) => {
    let stop = false
    let done = 0
    let left = calls
    const timer = calls ? null : setTimeout(() => (stop = true), ms)
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (calls ? left-- > 0 : !stop) {
          const uuid = uuidFor(seq++)
          const start = performance.now()
          const t = await client.get(uuid)
          if (latencies) latencies.push(performance.now() - start)
          if (t.uuid !== uuid) throw new Error('wrong answer')
          done++
        }
      }),
    )
    clearTimeout(timer)
    return done
  }
  await run(500, null, Math.ceil(fixedCalls / 10))
  const latencies = []
  const elu0 = performance.eventLoopUtilization()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const done = await run(Number(secondsArg) * 1000, latencies, fixedCalls)
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const elu = performance.eventLoopUtilization(elu0)
  latencies.sort((a, b) => a - b)
  const q = (p) => (latencies[Math.floor(p * (latencies.length - 1))] * 1000).toFixed(0)
  console.log(
    `${name} ×${concurrency}: ${((done / wall) * 1000).toFixed(0)} req/s, ` +
      `event loop ${((elu.active * 1000) / done).toFixed(1)} µs/req, ` +
      `CPU ${((cpu.user + cpu.system) / done).toFixed(1)} µs/req (user ${(cpu.user / done).toFixed(1)}, sys ${(cpu.system / done).toFixed(1)}), ` +
      `latency p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${q(1)} µs`,
  )
  server.disconnect()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

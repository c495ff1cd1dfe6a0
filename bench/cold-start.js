'use strict'
// `npm run bench:cold -- [other.node ...]`: cold `require('@coherentx/coherent')` and the first
// call (construct + one GET on loopback, connect included) in fresh processes, for this checkout's
// binary and for each other build named (e.g. main's, before a change), taking turns so a noisy
// machine weighs on each alike. Prints a markdown table (median and fastest of BENCH_COLD_RUNS,
// default 15) with each binary's size, and two counts that do not depend on the machine's load:
// the minor page faults of the require() (pages of the binary touched) and RSS after it. The other builds are loaded through
// NAPI_RS_NATIVE_LIBRARY_PATH by this checkout's JS, so only the binary differs.
const { execFileSync, fork } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { platformName } = require('../lib/platform.js')

const RUNS = Number(process.env.BENCH_COLD_RUNS || 15)
const WORKER = path.join(__dirname, 'worker.js')
const HERE = path.join(__dirname, '..', `coherent.${platformName()}.node`)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const builds = [{ label: `this checkout (${path.basename(HERE)})`, file: HERE, env: {} }]
  for (const file of process.argv.slice(2)) {
    builds.push({ label: file, file: path.resolve(file), env: { NAPI_RS_NATIVE_LIBRARY_PATH: path.resolve(file) } })
  }
  const server = fork(path.join(__dirname, 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { port } = await new Promise((resolve) => server.once('message', resolve))
  const baseUrl = `http://127.0.0.1:${port}`
  const samples = builds.map(() => [])
  for (let i = 0; i < RUNS; i++) {
    builds.forEach((build, b) => {
      const out = execFileSync(process.execPath, [WORKER, 'cold', 'coherent', baseUrl], {
        env: { ...process.env, ...build.env },
        encoding: 'utf8',
      })
      samples[b].push(JSON.parse(out.trim().split('\n').pop()))
    })
  }
  server.disconnect()
  server.kill()
  console.log(`${RUNS} fresh processes per build, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
  console.log('| build | .node size | require() median (fastest), ms | first call median (fastest), ms | page faults in require() (median) | RSS after require() (median), MB |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  builds.forEach((build, b) => {
    const req = samples[b].map((s) => s.requireMs)
    const first = samples[b].map((s) => s.firstCallMs)
    const size = (fs.statSync(build.file).size / 1e6).toFixed(2)
    const faults = median(samples[b].map((s) => s.requireFaults))
    const rss = median(samples[b].map((s) => s.rssAfterRequireMb))
    console.log(`| ${build.label} | ${size} MB | ${median(req).toFixed(1)} (${Math.min(...req).toFixed(1)}) | ${median(first).toFixed(1)} (${Math.min(...first).toFixed(1)}) | ${faults} | ${rss.toFixed(1)} |`)
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

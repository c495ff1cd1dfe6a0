'use strict'
// Load: 10 000 concurrent calls complete with none lost or duplicated, and 100 000 sequential
// calls (with hooks and an AbortSignal each) leave RSS within 10 MB of where it started. The gateway runs in a child process, so its
// sockets and memory are not counted against the client. Figures are printed (`load: ...`);
// only correctness and the RSS bound are asserted, not timings.

const test = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const v8 = require('node:v8')
const { getEventListeners } = require('node:events')
const vm = require('node:vm')
const { Coherent } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const CONCURRENT = 10_000
const SEQUENTIAL = 100_000
const MB = 1024 * 1024

// The gateway: echoes the providerReferenceId of each POST /customer and counts every id it saw.
const GATEWAY = `
const http = require('node:http')
const seen = new Map()
const server = http.createServer((req, res) => {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    let id = req.url
    try { id = JSON.parse(body).providerReferenceId } catch {}
    seen.set(id, (seen.get(id) || 0) + 1)
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ uuid: 'cu-' + id, providerReferenceId: id }))
  })
})
server.keepAliveTimeout = 60000
server.listen({ port: 0, host: '127.0.0.1', backlog: 65535 }, () => process.send({ port: server.address().port }))
process.on('message', (m) => {
  if (m === 'counts') {
    let total = 0, duplicated = 0
    for (const n of seen.values()) { total += n; if (n > 1) duplicated++ }
    process.send({ total, distinct: seen.size, duplicated })
    seen.clear()
  } else if (m === 'exit') process.exit(0)
})
`

async function startGateway() {
  const child = spawn(process.execPath, ['-e', GATEWAY], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const next = () => new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)))
  })
  const { port } = await next()
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => { const p = next(); child.send('counts'); return p },
    stop: () => { child.send('exit') },
  }
}

function collectGarbage() {
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc')
  gc()
  gc()
}

test('10 000 concurrent calls: none lost, none duplicated', { timeout: 120_000 }, async () => {
  const gw = await startGateway()
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: gw.url })
    const started = performance.now()
    const results = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, (_, i) => c.customers.create({ providerReferenceId: `P${i}` })),
    )
    const ms = performance.now() - started
    const failed = results.filter((r) => r.status === 'rejected')
    assert.deepEqual(failed.map((r) => String(r.reason)).slice(0, 5), [], `${failed.length} calls failed`)
    const mismatched = results.filter((r, i) => r.value.providerReferenceId !== `P${i}` || r.value.uuid !== `cu-P${i}`)
    assert.equal(mismatched.length, 0, 'every call got its own answer')
    const counts = await gw.counts()
    assert.deepEqual(counts, { total: CONCURRENT, distinct: CONCURRENT, duplicated: 0 })
    console.log(`load: ${CONCURRENT} concurrent calls in ${ms.toFixed(0)} ms (${(CONCURRENT / ms * 1000).toFixed(0)} calls/s), ` +
      `0 lost, 0 duplicated (server saw ${counts.total} requests for ${counts.distinct} ids)`)
  } finally {
    gw.stop()
  }
})

test('RSS after 100 000 sequential calls grows by less than 10 MB', { timeout: 180_000 }, async () => {
  const gw = await startGateway()
  try {
    // Hooks, and one AbortSignal (a "cancel everything on shutdown" controller) given to every
    // call: the per-call listeners and references must not accumulate either. (A fresh
    // AbortController per call would measure Node's own EventTarget heap growth instead.)
    const shutdown = new AbortController()
    let hooked = 0
    const c = new Coherent({
      environment: 'LOCAL', token: TOKEN, baseUrl: gw.url, onRequest: () => hooked++, onResponse: () => hooked++,
    })
    const call = (i) => c.customers.create({ providerReferenceId: `S${i % 1000}` }, { signal: shutdown.signal })
    // Warm up: connection pool, JIT, allocator arenas.
    for (let i = 0; i < 5_000; i++) await call(i)
    collectGarbage()
    const before = process.memoryUsage().rss
    const started = performance.now()
    for (let i = 0; i < SEQUENTIAL; i++) {
      const r = await call(i)
      if (r.providerReferenceId !== `S${i % 1000}`) assert.fail(`call ${i} got ${JSON.stringify(r)}`)
    }
    const ms = performance.now() - started
    collectGarbage()
    const after = process.memoryUsage().rss
    const counts = await gw.counts()
    assert.equal(counts.total, 5_000 + SEQUENTIAL)
    assert.equal(hooked, 2 * (5_000 + SEQUENTIAL))
    assert.equal(getEventListeners(shutdown.signal, 'abort').length, 0, 'every listener was removed')
    const growth = (after - before) / MB
    console.log(`load: ${SEQUENTIAL} sequential calls in ${(ms / 1000).toFixed(1)} s (${(ms * 1000 / SEQUENTIAL).toFixed(0)} us/call); ` +
      `RSS ${(before / MB).toFixed(1)} MB -> ${(after / MB).toFixed(1)} MB (growth ${growth.toFixed(2)} MB)`)
    assert.ok(growth < 10, `RSS grew by ${growth.toFixed(2)} MB`)
  } finally {
    gw.stop()
  }
})

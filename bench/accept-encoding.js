'use strict'
// Should the client advertise `Accept-Encoding` as the official one does? Measures, over TLS on
// loopback against a real nginx, with a 4 KB JSON body:
// - wire bytes per call (counted by a TCP relay between client and nginx, TLS records included),
//   for an identity body (a location without gzip), nginx compressing on the fly (`gzip on`,
//   comp_level 1, its default) and a precompressed `gzip -6` file (`gzip_static always`);
// - our client's CPU per call (process user+system time / calls) for each;
// - nginx's CPU per call compressing on the fly (comp_level 1 and 6), asked by Node's https client
//   with and without `Accept-Encoding: gzip`.
// Prints a markdown table. `node bench/accept-encoding.js` (BENCH_CALLS=3000, BENCH_ROUNDS=3).
// Uses whichever addon is built (a debug build says so: its CPU figures are higher than release;
// the decoders themselves are optimised in debug builds too, see Cargo.toml).

const fs = require('node:fs')
const https = require('node:https')
const net = require('node:net')
const path = require('node:path')
const zlib = require('node:zlib')
const { createCa } = require('../__test__/helpers/tls-ca')
const { startNginx } = require('../__test__/helpers/nginx')

const CALLS = Number(process.env.BENCH_CALLS || 3000)
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3)

const ca = createCa()
process.env.NODE_EXTRA_CA_CERTS = ca.certPath
const { Coherent } = require('..')

/** A 4 KB JSON array of transaction-like records (realistic repetition of keys and values). */
function body4k() {
  const items = []
  for (let i = 0; JSON.stringify(items).length < 4096 - 200; i++) {
    items.push({
      uuid: `6f1c${String(i).padStart(4, '0')}-8d3e-4b9a-9c1f-${(0x3a5b7c9d1e2f + i * 7919).toString(16)}`,
      amount: 1000 + ((i * 37) % 900), currency: 'GBP', status: i % 3 ? 'PAID' : 'PENDING',
      paymentMethod: i % 2 ? 'CARD' : 'OPEN_BANKING', createdTime: `2025-07-${String(1 + (i % 28)).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00.000Z`,
    })
  }
  return JSON.stringify(items)
}

/** A TCP relay to `port` counting the bytes of each direction. */
async function relay(port) {
  const counts = { up: 0, down: 0 }
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1')
    client.on('data', (d) => { counts.up += d.length; upstream.write(d) })
    upstream.on('data', (d) => { counts.down += d.length; client.write(d) })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('error', () => {})
    upstream.on('error', () => {})
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: server.address().port, counts, close: () => server.close() }
}

/** CPU seconds (user + system) of a process so far, from /proc. */
function procCpu(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // clock ticks: 100 per second
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// The three bodies, each asked of ours by one method whose path nginx serves differently.
const CALLS_BY_MODE = {
  'identity body (gzip off)': (c) => c.terminals.list(),
  'nginx gzip on the fly (level 1)': (c) => c.merchants.listMerchants(),
  'precompressed gzip -6 (gzip_static)': (c) => c.customers.get('gz'),
}

function startBenchNginx(json) {
  const leaf = ca.issue()
  return startNginx({
    listen: 'ssl',
    server: `ssl_certificate ${leaf.certPath}; ssl_certificate_key ${leaf.keyPath};
      default_type application/json;
      location = /api/v1/terminal { }
      location = /api/v1/customer/gz { gzip_static always; }
      location = /api/v1/merchant { gzip on; gzip_types application/json; gzip_min_length 0; gzip_comp_level 1; try_files /api/v1/terminal =404; }
      location = /api/v1/merchant/level6 { gzip on; gzip_types application/json; gzip_min_length 0; gzip_comp_level 6; try_files /api/v1/terminal =404; }`,
    files: {
      'api/v1/terminal': json,
      'api/v1/customer/gz': '"not this one"',
      'api/v1/customer/gz.gz': zlib.gzipSync(json, { level: 6 }),
    },
  })
}

const ours = (base) => new Coherent({ environment: 'LOCAL', token: 'bench-token', baseUrl: base })

/** Wire bytes: a fresh connection through the relay, 50 calls; the first includes the handshake. */
async function wireBytes(nginx, json) {
  const wire = {}
  for (const [mode, call] of Object.entries(CALLS_BY_MODE)) {
    const r = await relay(nginx.port)
    const c = ours(`https://127.0.0.1:${r.port}`)
    const check = await call(c)
    if (JSON.stringify(check) !== json) throw new Error(`${mode}: wrong body`)
    const first = { ...r.counts }
    for (let i = 0; i < 50; i++) await call(c)
    wire[mode] = {
      first: first.up + first.down,
      up: (r.counts.up - first.up) / 50,
      down: (r.counts.down - first.down) / 50,
    }
    r.close()
  }
  return wire
}

/** Our client's CPU and wall time per call, rounds alternating the modes. */
async function clientCpu(nginx) {
  const cpu = Object.fromEntries(Object.keys(CALLS_BY_MODE).map((mode) => [mode, []]))
  const c = ours(nginx.url)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [mode, call] of Object.entries(CALLS_BY_MODE)) {
      for (let i = 0; i < 200; i++) await call(c) // warm-up
      const t0 = process.cpuUsage()
      const w0 = process.hrtime.bigint()
      for (let i = 0; i < CALLS; i++) await call(c)
      const used = process.cpuUsage(t0)
      cpu[mode].push({ cpu: (used.user + used.system) / CALLS, wall: Number(process.hrtime.bigint() - w0) / 1e3 / CALLS })
    }
  }
  return cpu
}

/** nginx compressing on the fly: worker CPU per request, asked by Node's https client. */
async function serverCpu(nginx) {
  const master = Number(fs.readFileSync(path.join(nginx.dir, 'nginx.pid'), 'utf8'))
  const worker = Number(fs.readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(' ')[0])
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: ca.certPem })
  const get = (p, headers) => new Promise((resolve, reject) => {
    https.get(`${nginx.url}${p}`, { agent, headers }, (res) => {
      let n = 0
      res.on('data', (d) => { n += d.length })
      res.on('end', () => resolve({ n, encoding: res.headers['content-encoding'] }))
    }).on('error', reject)
  })
  const rows = []
  for (const [label, p, headers] of [
    ['no Accept-Encoding', '/api/v1/merchant', {}],
    ['gzip, comp_level 1 (nginx default)', '/api/v1/merchant', { 'accept-encoding': 'gzip' }],
    ['gzip, comp_level 6', '/api/v1/merchant/level6', { 'accept-encoding': 'gzip' }],
  ]) {
    const samples = []
    let size
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < 200; i++) await get(p, headers)
      const before = procCpu(worker)
      for (let i = 0; i < CALLS; i++) size = await get(p, headers)
      samples.push(((procCpu(worker) - before) * 1e6) / CALLS)
    }
    rows.push(`| nginx, ${label} | ${size.n} body bytes${size.encoding ? ` (${size.encoding})` : ''} | ${median(samples).toFixed(1)} |`)
  }
  agent.destroy()
  return rows
}

async function main() {
  const json = body4k()
  const nginx = await startBenchNginx(json)
  const addon = fs.statSync(path.join(__dirname, '..', 'coherent.linux-x64-gnu.node')).size
  const build = addon > 50e6 ? 'debug build' : 'release build'
  try {
    const wire = await wireBytes(nginx, json)
    const cpu = await clientCpu(nginx)
    const server = await serverCpu(nginx)
    console.log(`\nAccept-Encoding figures: 4 KB JSON (${json.length} bytes) over TLS 1.3 on loopback, ` +
      `nginx 1.22, ${CALLS} calls x ${ROUNDS} rounds (medians), our addon: ${build}\n`)
    console.log('| client, body | JSON bytes | wire bytes per call, up / down (keep-alive) | first call incl. TLS handshake | client CPU µs/call | wall µs/call |')
    console.log('| --- | --- | --- | --- | --- | --- |')
    for (const mode of Object.keys(CALLS_BY_MODE)) {
      console.log(`| ours, ${mode} | ${json.length} | ` +
        `${wire[mode].up.toFixed(0)} / ${wire[mode].down.toFixed(0)} | ${wire[mode].first} | ` +
        `${median(cpu[mode].map((s) => s.cpu)).toFixed(1)} | ${median(cpu[mode].map((s) => s.wall)).toFixed(1)} |`)
    }
    console.log('\n| server | response | nginx worker CPU µs/call |')
    console.log('| --- | --- | --- |')
    for (const row of server) console.log(row)
  } finally {
    await nginx.stop()
    ca.cleanup()
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})

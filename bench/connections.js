'use strict'
// `node bench/connections.js`: connections opened per scenario, counted by the servers (TLS
// handshakes completed), each client cold in a fresh process. Prints a markdown table for
// BENCHMARKS.md. Counts, not timings: they hold on a loaded machine.
//
// Scenarios (loopback, private CA made with openssl, trusted through NODE_EXTRA_CA_CERTS):
// - cold burst over HTTP/1.1 (Node `https` server): 100 GETs at 10 in flight, 500 at 50, 1,000
//   at 500;
// - cold burst with h2 offered (Debian's nginx, `http2`): 500 GETs at 50 in flight;
// - GOAWAY storm: nginx `keepalive_requests 100` ends each connection with a GOAWAY after 100
//   streams, 2,000 GETs at 50 in flight (20 connections needed);
// - nginx's default `keepalive_requests 1000`, 5,000 GETs all at once (5 needed): the burst of
//   `__test__/http2.test.js` that stormed in half the runs before the fix.
// HTTP/2 goes to nginx, not Node's http2 server, whose nghttp2 session corrupts its own heap
// under GOAWAY + REFUSED_STREAM + close traffic; nginx's handshakes are counted by stub_status.
// - keep-alive race: nginx `keepalive_timeout 1s` (no Keep-Alive header), 31 POSTs each sent
//   999-1001 ms after the last answer: failed calls (ours and the official client's).
//
// BENCH_VARIANTS='{"before":"/path/a.node","after":"/path/b.node"}' compares builds of ours
// (NAPI_RS_NATIVE_LIBRARY_PATH); by default the build in the repo root.
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const https = require('node:https')
const path = require('node:path')
const { createCa } = require('../__test__/helpers/tls-ca')
const { startNginx } = require('../__test__/helpers/nginx')

const TX = '{"uuid":"t1","status":"unpaid","amount":1000}'
const TOKEN = 'bench-token-0123456789abcdef'

// ---- child: one client, one scenario --------------------------------------------------------

async function child([client, url, mode, calls, inFlight]) {
  if (client === 'official') return officialProbe(url)
  const { Coherent } = require('..')
  const c = new Coherent({ token: TOKEN, baseUrl: url })
  const failed = []
  if (mode === 'probe') {
    for (let i = 0; i < Number(calls); i++) {
      await c.transactions.create({ amount: 1000, name: 'J' }).catch((e) => failed.push(e.code))
      await new Promise((resolve) => setTimeout(resolve, 999 + (i % 3)))
    }
  } else {
    let started = 0
    await Promise.all(Array.from({ length: Number(inFlight) }, async () => {
      while (started < Number(calls)) {
        started++
        await c.transactions.get('t1').catch((e) => failed.push(e.code))
      }
    }))
  }
  process.stdout.write(JSON.stringify({ failed: failed.length }) + '\n')
  process.exit(0)
}

/** The official client, pointed at `url` the way bench/clients.js does it (its namespace objects
 *  keep the base URL in a public property). */
async function officialProbe(url) {
  const { Coherent } = require('coherent-official')
  const api = new Coherent({ environment: 'LOCAL', token: TOKEN }).transactions
  api.baseUrl = url
  let failed = 0
  for (let i = 0; i < 31; i++) {
    await api.create({ amount: 1000, name: 'J' }).catch(() => failed++)
    await new Promise((resolve) => setTimeout(resolve, 999 + (i % 3)))
  }
  process.stdout.write(JSON.stringify({ failed }) + '\n')
  process.exit(0)
}

// ---- parent: servers, fresh client processes, the table -------------------------------------

function tls(leaf) {
  return { key: fs.readFileSync(leaf.keyPath), cert: fs.readFileSync(leaf.certPath) }
}

async function listen(server, counter) {
  server.on('secureConnection', () => counter.handshakes++)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `https://localhost:${server.address().port}`
}

function h1Server(leaf) {
  return https.createServer(tls(leaf), (req, res) => {
    req.resume()
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(TX) })
  })
}

/** nginx over TLS with h2, ending each connection after `keepalive_requests` streams. */
function h2Nginx(leaf, keepaliveRequests) {
  return startNginx({
    listen: 'ssl http2',
    server: `ssl_certificate ${leaf.certPath}; ssl_certificate_key ${leaf.keyPath};
      keepalive_requests ${keepaliveRequests};
      location = /status { stub_status; access_log off; }
      location /api/v1/transaction/ { default_type application/json; return 200 '${TX}'; }`,
  })
}

/** nginx's stub_status `accepts` (this query's own connection included). */
function nginxAccepts(nginx, ca) {
  return new Promise((resolve, reject) => {
    https.get(`${nginx.url}/status`, { ca: fs.readFileSync(ca.certPath), servername: 'localhost', agent: false }, (res) => {
      let text = ''
      res.on('data', (d) => { text += d })
      res.on('end', () => resolve(Number(/\n\s*(\d+)/.exec(text)[1])))
    }).on('error', reject)
  })
}

/** Runs one client in a fresh process (asynchronously: the servers live in this one). */
function runClient(env, args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [__filename, '--child', ...args], { env, encoding: 'utf8', timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`))
        resolve(JSON.parse(stdout.trim().split('\n').pop()))
      })
  })
}

async function main() {
  const ca = createCa({ subject: '/CN=Coherent bench CA' })
  const leaf = ca.issue({ names: ['localhost', '127.0.0.1'], days: 2 })
  process.on('exit', ca.cleanup)
  const base = { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath }
  const variants = process.env.BENCH_VARIANTS ? JSON.parse(process.env.BENCH_VARIANTS) : { ours: null }
  const envOf = (file) => (file ? { ...base, NAPI_RS_NATIVE_LIBRARY_PATH: path.resolve(file) } : base)
  const rows = []
  const scenario = async (label, makeServer, args) => {
    const cells = []
    for (const file of Object.values(variants)) {
      const counter = { handshakes: 0 }
      const server = makeServer(counter)
      const url = await listen(server, counter)
      const r = await runClient(envOf(file), ['coherent', url, ...args])
      server.close()
      cells.push(`${counter.handshakes}${r.failed ? ` (${r.failed} failed)` : ''}`)
    }
    rows.push([label, ...cells])
    process.stderr.write(`${label}: ${cells.join(' | ')}\n`)
  }
  for (const [calls, inFlight] of [[100, 10], [500, 50], [1000, 500]]) {
    await scenario(`cold burst, HTTP/1.1: ${calls} GETs, ${inFlight} in flight`, () => h1Server(leaf), ['burst', calls, inFlight])
  }
  const h2Scenario = async (label, keepaliveRequests, args) => {
    const cells = []
    for (const file of Object.values(variants)) {
      const nginx = await h2Nginx(leaf, keepaliveRequests)
      try {
        const before = await nginxAccepts(nginx, ca)
        const r = await runClient(envOf(file), ['coherent', nginx.url.replace('127.0.0.1', 'localhost'), ...args])
        const handshakes = (await nginxAccepts(nginx, ca)) - before - 1
        cells.push(`${handshakes}${r.failed ? ` (${r.failed} failed)` : ''}`)
      } finally {
        await nginx.stop()
      }
    }
    rows.push([label, ...cells])
    process.stderr.write(`${label}: ${cells.join(' | ')}\n`)
  }
  await h2Scenario('cold burst, h2 offered (nginx): 500 GETs, 50 in flight', 100000, ['burst', 500, 50])
  await h2Scenario('GOAWAY every 100 streams (nginx): 2,000 GETs, 50 in flight (20 needed)', 100, ['burst', 2000, 50])
  await h2Scenario('GOAWAY every 1,000 streams (nginx): 5,000 GETs at once (5 needed)', 1000, ['burst', 5000, 5000])

  const nginx = await startNginx({
    listen: 'ssl',
    http: 'keepalive_timeout 1s;',
    server: `ssl_certificate ${leaf.certPath}; ssl_certificate_key ${leaf.keyPath};
      location = /api/v1/transaction { default_type application/json; return 200 '${TX}'; }`,
  })
  try {
    const url = nginx.url.replace('127.0.0.1', 'localhost')
    const probe = []
    for (const file of Object.values(variants)) probe.push((await runClient(envOf(file), ['coherent', url, 'probe', 31])).failed)
    const official = (await runClient(base, ['official', url])).failed
    rows.push(['nginx keepalive_timeout 1s: POSTs failed of 31, sent 999-1001 ms after the last answer', ...probe.map(String)])
    rows.push(['… the official client 0.0.61, same probe', ...probe.map(() => String(official))])
  } finally {
    await nginx.stop()
  }
  const header = ['scenario (connections opened: TLS handshakes the server completed)', ...Object.keys(variants)]
  const lines = [`| ${header.join(' | ')} |`, `|---|${Object.keys(variants).map(() => '---:').join('|')}|`]
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`)
  process.stdout.write(lines.join('\n') + '\n')
}

if (process.argv[2] === '--child') {
  child(process.argv.slice(3)).catch((e) => { console.error(e); process.exit(1) })
} else {
  main().catch((e) => { console.error(e); process.exit(1) })
}

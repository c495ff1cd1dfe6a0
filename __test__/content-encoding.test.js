'use strict'
// Compressed response bodies. A real nginx with `gzip_static always` sends its precompressed
// `.gz` file with `Content-Encoding: gzip` whether or not the request asked for it (HTTP allows
// that; the official client decodes it). Ours asks with `Accept-Encoding: gzip, deflate, br` (as
// the official does, minus `compress`), and decodes by the response's header alone (the Rust unit
// tests of transport/response/decode.rs cover that). The 10 MB cap applies to the DECODED size: a
// zip bomb served by nginx is refused with a typed error without being inflated (peak memory is
// checked). br and deflate (zlib-wrapped and raw, both seen in the wild) come from an in-process
// server, as nginx-light has no brotli.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const zlib = require('node:zlib')
const { startNginx } = require('./helpers/nginx')
const { Coherent, CoherentApiError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
/** The peak resident memory of this process so far, in bytes (Linux). */
const peakRss = () => Number(/VmHWM:\s+(\d+) kB/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]) * 1024

const client = (baseUrl) => new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, timeout: 20_000 })

/** `mb` MB of zeros (a JSON array opener first), gzip-compressed without holding them all. */
function gzipBomb(mb) {
  const gzip = zlib.createGzip({ level: 9 })
  const out = []
  gzip.on('data', (d) => out.push(d))
  const done = new Promise((resolve) => gzip.on('end', resolve))
  const zeros = Buffer.alloc(1 << 20, 0x30)
  gzip.write('[')
  for (let i = 0; i < mb; i++) gzip.write(zeros)
  gzip.end(']')
  return done.then(() => Buffer.concat(out))
}

test('nginx gzip_static always: a precompressed gzip body is decoded; a zip bomb is refused at ' +
  '10 MB decoded, without inflating it', async () => {
  const bomb = await gzipBomb(1024) // 1 GB of digits, ~1 MB on the wire
  const nginx = await startNginx({
    server: 'location /api/v1/ { gzip_static always; default_type application/json; }',
    files: {
      // Both files exist: the answer proves nginx chose the .gz one and we decoded it.
      'api/v1/terminal': '[{"source":"plain file"}]',
      'api/v1/terminal.gz': zlib.gzipSync('[{"source":"gzip file","note":"décodé"}]'),
      'api/v1/customer/bomb': '{}',
      'api/v1/customer/bomb.gz': bomb,
    },
  })
  try {
    const c = client(nginx.url)
    assert.deepEqual(await c.terminals.list(), [{ source: 'gzip file', note: 'décodé' }])

    const before = peakRss()
    let err
    try {
      await c.customers.get('bomb')
    } catch (e) {
      err = e
    }
    const grew = peakRss() - before
    assert.ok(err instanceof CoherentApiError, String(err))
    assert.equal(err.status, 200)
    assert.equal(err.attempts, 1, 'a body refused for its size is not fetched again')
    assert.match(err.message, /exceeds 10485760 bytes \(10 MB\) once decoded from gzip and was refused/)
    assert.ok(grew < 200 * 1024 * 1024, `peak memory grew by ${(grew / 1048576).toFixed(0)} MB`)
    console.log(`zip bomb: ${bomb.length} bytes on the wire (1 GB decoded), refused; peak RSS grew by ` +
      `${(grew / 1048576).toFixed(1)} MB`)

    // nginx served the .gz file both times.
    const log = nginx.accessLog()
    assert.deepEqual(log.map((l) => `${l.status} ${l.uri}`), ['200 /api/v1/terminal', '200 /api/v1/customer/bomb'])
  } finally {
    await nginx.stop()
  }
})

test('br and deflate (zlib and raw) are decoded; a br bomb ' +
  'and an unknown coding are refused by name', async () => {
  const json = JSON.stringify([{ id: 'T1', label: 'x'.repeat(5000) }])
  const bodies = {
    '/api/v1/customer/br': ['br', zlib.brotliCompressSync(json)],
    '/api/v1/customer/zlib': ['deflate', zlib.deflateSync(json)],
    '/api/v1/customer/raw': ['deflate', zlib.deflateRawSync(json)],
    '/api/v1/customer/brbomb': ['br', zlib.brotliCompressSync(Buffer.alloc(64 << 20, 0x20))],
    '/api/v1/customer/zstd': ['zstd', Buffer.from('(not really zstd)')],
    '/api/v1/customer/bad': ['gzip', Buffer.from('{"plain":"json labelled gzip"}')],
  }
  const seen = []
  const server = http.createServer((req, res) => {
    seen.push(req.headers['accept-encoding'])
    const [coding, body] = bodies[req.url]
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding })
    res.end(body)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const c = client(`http://127.0.0.1:${server.address().port}`)
    for (const id of ['br', 'zlib', 'raw']) {
      assert.deepEqual(await c.customers.get(id), JSON.parse(json), id)
    }
    const refused = async (id) => {
      try {
        await c.customers.get(id)
      } catch (e) {
        assert.ok(e instanceof CoherentApiError, String(e))
        assert.equal(e.attempts, 1)
        return e.message
      }
      assert.fail(`${id} should be refused`)
    }
    assert.match(await refused('brbomb'), /exceeds 10485760 bytes \(10 MB\) once decoded from br/)
    assert.match(await refused('zstd'), /Content-Encoding 'zstd', which this client cannot decode/)
    assert.match(await refused('bad'), /not valid gzip/)
    assert.deepEqual(new Set(seen), new Set(['gzip, deflate, br']), 'every request advertises the codings decoded')
  } finally {
    server.close()
  }
})

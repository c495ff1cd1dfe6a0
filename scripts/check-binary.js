'use strict'
// Loads one built binary through the package's own entry (index.js) and makes a real call with
// it against a loopback server: `node scripts/check-binary.js <path/to/coherent.<platform>.node>`.
// build:targets runs it with the Node of the binary's platform (natively, or under qemu-user).

const assert = require('node:assert/strict')
const http = require('node:http')
const path = require('node:path')

const binary = process.argv[2]
if (!binary) {
  console.error('usage: node scripts/check-binary.js <path/to/coherent.<platform>.node>')
  process.exit(2)
}
// The generated loader's documented override: load exactly this file.
process.env.NAPI_RS_NATIVE_LIBRARY_PATH = path.resolve(binary)
const { Coherent, PaymentMethod, CoherentApiError } = require('..')

assert.equal(PaymentMethod.format('mc_applepay'), 'Mastercard (ApplePay)')

const server = http.createServer((req, res) => {
  if (req.url.endsWith('/missing')) {
    res.writeHead(404, { 'content-type': 'application/json' })
    return res.end('{"message":"not found"}')
  }
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ uuid: 'tx-1', amount: 1000, status: 'paid', refunds: [] }))
})
server.listen(0, '127.0.0.1', async () => {
  try {
    const coherent = new Coherent({ token: 'api-test-check', baseUrl: `http://127.0.0.1:${server.address().port}` })
    const tx = await coherent.transactions.get('tx-1')
    assert.equal(tx.uuid, 'tx-1')
    await assert.rejects(coherent.transactions.get('missing'), (e) => e instanceof CoherentApiError && e.response.status === 404)
    console.log(`ok: ${path.basename(binary)} loaded in Node ${process.version} (${process.platform}-${process.arch}), loopback call passed`)
  } catch (error) {
    console.error(error)
    process.exitCode = 1
  } finally {
    server.close()
  }
})

'use strict'
// Test helpers around the offline sandbox: its control routes, and a local webhook receiver.
const http = require('node:http')

/** A fresh `api-test-<32 hex>` key: each one is its own merchant in the sandbox. */
function testKey() {
  return `api-test-${require('node:crypto').randomBytes(16).toString('hex')}`
}

/**
 * Calls a sandbox control route (`/sandbox/...`, no token) and returns the parsed JSON body
 * (`null` when empty). Rejects with the status and body when the route answers non-2xx.
 */
async function control(sandbox, method, path, body) {
  const response = await fetch(`${sandbox.url}/sandbox/${path}`, {
    method,
    // Control routes take only JSON, an empty body included (see README, "Sandbox").
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} /sandbox/${path} answered ${response.status}: ${text}`)
  return text ? JSON.parse(text) : null
}

/**
 * A webhook receiver on 127.0.0.1:0. `respond(request)` returns the status to answer with
 * (default 204). Every request is recorded as `{ method, url, headers, body }` (body = raw text).
 * `waitFor(n)` resolves when `n` requests have arrived (rejects after `ms`).
 */
async function startReceiver(respond = () => 204) {
  const received = []
  const waiters = []
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const record = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(record)
      res.writeHead(respond(record, received.length))
      res.end()
      for (const w of waiters.splice(0)) w()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}`
  return {
    url,
    received,
    async waitFor(count, ms = 10000) {
      const deadline = Date.now() + ms
      while (received.length < count) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`webhook receiver: ${received.length} of ${count} deliveries after ${ms} ms`)
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left)
          waiters.push(() => { clearTimeout(timer); resolve() })
        })
      }
      return received
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }),
  }
}

module.exports = { testKey, control, startReceiver }

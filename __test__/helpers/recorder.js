'use strict'
// A recording HTTP server for tests: it records every request (method, path, headers, raw body)
// and answers from a programmable queue of responses, falling back to a handler function.

const http = require('node:http')
const dns = require('node:dns')

/**
 * A response the server sends: `{ status = 200, headers = {content-type json}, body = '' }`.
 * `body` is a string (sent as UTF-8) or a Buffer (sent as is). A 204/304 never carries a body.
 */
function normalizeResponse(r) {
  const res = r || {}
  return {
    status: res.status === undefined ? 200 : res.status,
    headers: res.headers === undefined ? { 'content-type': 'application/json; charset=utf-8' } : res.headers,
    body: res.body === undefined ? '' : Buffer.isBuffer(res.body) ? res.body : String(res.body),
  }
}

class Recorder {
  constructor() {
    /** Every request seen, oldest first. */
    this.requests = []
    /** Responses used one per request, before `handler` is consulted. */
    this.queue = []
    /** `(recordedRequest) => response`, used when the queue is empty. */
    this.handler = () => ({ status: 200, body: '{}' })
    this.servers = []
    this.port = undefined
  }

  /** Queue responses: each request takes the next one. */
  respond(...responses) {
    this.queue.push(...responses)
    return this
  }

  /** Answer every request (when the queue is empty) with `response` or `fn(request)`. */
  always(responseOrFn) {
    this.handler = typeof responseOrFn === 'function' ? responseOrFn : () => responseOrFn
    return this
  }

  /** Returns the requests recorded so far and forgets them. */
  take() {
    const out = this.requests
    this.requests = []
    return out
  }

  _onRequest(req, res) {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const record = {
        method: req.method,
        url: req.url,
        headers: { ...req.headers },
        rawHeaders: req.rawHeaders.slice(),
        bodyBytes: raw,
        // latin1 keeps one char per byte, so comparing these strings compares the raw bytes.
        rawBody: raw.toString('latin1'),
        body: raw.toString('utf8'),
      }
      this.requests.push(record)
      let reply
      try {
        reply = normalizeResponse(this.queue.length ? this.queue.shift() : this.handler(record))
      } catch (e) {
        reply = normalizeResponse({ status: 599, headers: { 'content-type': 'text/plain' }, body: `recorder handler threw: ${e.message}` })
      }
      const noBody = reply.status === 204 || reply.status === 304 || req.method === 'HEAD'
      const headers = { ...reply.headers }
      if (!noBody) headers['content-length'] = Buffer.byteLength(reply.body)
      res.writeHead(reply.status, headers)
      res.end(noBody ? undefined : reply.body)
    })
  }

  /**
   * Listens on `port` (0 = any free port) on `host`. With `host: 'localhost'` it listens on every
   * address `localhost` resolves to (e.g. 127.0.0.1 and ::1), all sharing this recorder.
   * Rejects with a clear message when the port is taken.
   */
  async listen({ port = 0, host = '127.0.0.1' } = {}) {
    let hosts = [host]
    if (host === 'localhost') {
      const addrs = await dns.promises.lookup('localhost', { all: true })
      hosts = [...new Set(addrs.map((a) => a.address))]
      if (hosts.length === 0) hosts = ['127.0.0.1']
    }
    for (const h of hosts) {
      const server = http.createServer({ keepAlive: true }, (req, res) => this._onRequest(req, res))
      await new Promise((resolve, reject) => {
        const onError = (err) => {
          if (err.code === 'EADDRINUSE') {
            reject(new Error(`recorder: port ${port} on ${h} is already in use; ` +
              'free it (the official client can only reach http://localhost:3000) and re-run the tests'))
          } else {
            reject(err)
          }
        }
        server.once('error', onError)
        // Later servers reuse the port the first one got, so all addresses share one port.
        server.listen(this.port !== undefined ? this.port : port, h, () => {
          server.off('error', onError)
          resolve()
        })
      })
      if (this.port === undefined) this.port = server.address().port
      this.servers.push(server)
    }
    return this
  }

  /** Stops listening and destroys every open (keep-alive) socket. Safe to call twice. */
  async close() {
    const servers = this.servers
    this.servers = []
    await Promise.all(servers.map((server) => new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })))
  }
}

module.exports = { Recorder, normalizeResponse }

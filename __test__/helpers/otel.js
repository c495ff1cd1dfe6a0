'use strict'
// Helpers for the OpenTelemetry tests: a scripted loopback gateway that records what it received
// (headers included, to read the `traceparent`), a metric reader to collect on demand, and a scan
// of everything an exporter would send, for secrets and patient data.

const http = require('node:http')
const { MetricReader } = require('@opentelemetry/sdk-metrics')

/**
 * A loopback HTTP server answering each request with the next scripted reply
 * (`{ status = 200, body = {}, headers = {}, delayMs = 0 }`), or `fallback` when the script is
 * empty. `requests` holds `{ method, url, headers }` of every request, oldest first.
 */
class ScriptedServer {
  constructor(fallback = { status: 200, body: {} }) {
    this.fallback = fallback
    this.script = []
    this.requests = []
    this.server = http.createServer((req, res) => {
      this.requests.push({ method: req.method, url: req.url, headers: { ...req.headers } })
      req.resume()
      req.on('end', () => {
        const reply = { status: 200, body: {}, headers: {}, delayMs: 0, ...(this.script.shift() || this.fallback) }
        const send = () => {
          if (res.destroyed) return
          const body = JSON.stringify(reply.body)
          res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...reply.headers })
          res.end(body)
        }
        if (reply.delayMs) setTimeout(send, reply.delayMs).unref()
        else send()
      })
    })
  }

  reply(...replies) {
    this.script.push(...replies)
    return this
  }

  async listen() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = this.server.address().port
    this.baseUrl = `http://127.0.0.1:${this.port}`
    return this
  }

  take() {
    const out = this.requests
    this.requests = []
    return out
  }

  close() {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(resolve))
  }
}

/** A metric reader the test collects from when it wants (no timer). */
class CollectingReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

/** The data points of histogram `name` in a collect() result. */
function histogramPoints(collected, name) {
  const points = []
  for (const scope of collected.resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name === name) points.push(...metric.dataPoints.map((p) => ({ ...p, descriptor: metric.descriptor })))
    }
  }
  return points
}

/**
 * Every string reachable from `value` (object keys included), walking own enumerable properties,
 * Maps and arrays: what an exporter could serialise of a span, a resource or a metric.
 */
function reachableStrings(value, out = [], seen = new Set()) {
  if (typeof value === 'string') {
    out.push(value)
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    out.push(String(value))
  } else if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value)
    if (value instanceof Map) {
      for (const [k, v] of value) {
        reachableStrings(k, out, seen)
        reachableStrings(v, out, seen)
      }
    } else {
      for (const key of Object.keys(value)) {
        out.push(key)
        reachableStrings(value[key], out, seen)
      }
    }
  }
  return out
}

/** `{ secret, where }` for each secret found in any string reachable from `things`. */
function findSecrets(things, secrets) {
  const found = []
  const strings = reachableStrings(things)
  for (const secret of secrets) {
    const hit = strings.find((s) => s.includes(secret))
    if (hit !== undefined) found.push({ secret, where: hit.slice(0, 200) })
  }
  return { found, scanned: strings.length }
}

/** The exported span as plain data (what the tests print and compare). */
function spanSummary(span) {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext ? span.parentSpanContext.spanId : undefined,
    status: span.status,
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    scope: span.instrumentationScope,
  }
}

module.exports = { ScriptedServer, CollectingReader, histogramPoints, findSecrets, spanSummary }

'use strict'
// The benchmark's gateway: a separate process on loopback, keep-alive, answering
// `GET /api/v1/transaction/{uuid}` with a realistic ~1.5 KB paid transaction (nested customer,
// invoice with line items, refunds, payment plan) and `POST /api/v1/transaction` with a new
// unpaid one. Bodies are pre-rendered around the uuid so the server spends as little CPU as
// possible: on a 2-core box it shares the machine with the client being measured.
//
// Started by bench/run.js with fork(); it reports { port } over IPC and takes { delayMs } to
// switch between the no-delay run and the 1 ms run (as in undici's published harness), and
// { connections: true } to report how many connections it has accepted (TLS: completed
// handshakes, `secureConnection`). `--tls <key> <cert>` serves HTTPS instead of HTTP.
const fs = require('node:fs')
const http = require('node:http')
const https = require('node:https')

const PAID_SAMPLE_UUID = '00000000-0000-4000-8000-000000000000'

/** The transaction the gateway returns for a paid, partly refunded, plan-generated payment. */
function paidTransaction(uuid) {
  return {
    uuid,
    amount: 12500,
    status: 'paid',
    paymentUrl: `https://pay.coherenthealthcare.com/t/${uuid}`,
    paymentMethod: 'visa',
    paymentMethodSummary: 'Visa •••• 4242',
    paymentMethodAuthCode: '084412',
    paymentPaidTime: '2026-11-24T14:03:27.512Z',
    customer: {
      uuid: 'c1b2d3e4-5f60-4a7b-8c9d-0e1f2a3b4c5d',
      active: true,
      firstName: 'Eleanor',
      lastName: 'Whitfield-Agbaje',
      shopperReference: 'CLINIC-00042-PAT-118734',
      email: 'eleanor.whitfield@example.co.uk',
      mobile: '+447700900123',
      providerReferenceId: 'CUS_4f8a2b9c1d3e5f70',
      createdTime: '2025-03-11T09:15:02.000Z',
      updatedTime: '2026-10-02T16:40:55.000Z',
    },
    invoice: {
      uuid: 'a9e8d7c6-b5a4-4321-9f8e-7d6c5b4a3f2e',
      lineItems: [
        { description: 'Initial consultation (45 min)', amount: 8500 },
        { description: 'Follow-up appointment', amount: 2500 },
        { description: 'Prescription handling fee', amount: 1500 },
      ],
    },
    refunds: [{ amount: 1500, status: 'completed', reason: 'Prescription fee waived' }],
    paymentPlan: {
      uuid: 'p7a6b5c4-d3e2-4f10-8a9b-c8d7e6f5a4b3',
      amount: 12500,
      email: 'eleanor.whitfield@example.co.uk',
      startDate: '2026-09-01T00:00:00.000Z',
      endDate: '2027-08-31T00:00:00.000Z',
      name: 'Eleanor Whitfield-Agbaje',
      note: 'Orthodontic treatment, 12 monthly instalments',
      paymentUrl: 'https://pay.coherenthealthcare.com/p/p7a6b5c4',
      phone: '+447700900123',
      status: 'authorised',
      transactionReference: 'PLAN-2026-09-118734-03',
      type: 'recurring',
      method: 'card',
    },
    // Fields the gateway sends that the client's result leaves out.
    merchantUuid: 'm0n1o2p3-q4r5-4s6t-8u7v-w8x9y0z1a2b3',
    createdTime: '2026-11-24T14:01:12.004Z',
  }
}

function unpaidTransaction(uuid) {
  return {
    uuid,
    amount: 1000,
    status: 'unpaid',
    paymentUrl: `https://pay.coherenthealthcare.com/t/${uuid}`,
    paymentMethod: null,
    paymentMethodSummary: null,
    paymentMethodAuthCode: null,
    paymentPaidTime: null,
    customer: null,
    invoice: null,
    refunds: [],
    merchantUuid: 'm0n1o2p3-q4r5-4s6t-8u7v-w8x9y0z1a2b3',
    createdTime: '2026-11-24T14:01:12.004Z',
  }
}

/** Splits the rendered JSON around the uuid so each answer is two concatenations. */
function template(render) {
  const marker = PAID_SAMPLE_UUID
  const parts = JSON.stringify(render(marker)).split(marker)
  return (uuid) => parts.join(uuid)
}

const paidBody = template(paidTransaction)
const CREATED_UUID = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a'
const createdBody = Buffer.from(template(unpaidTransaction)(CREATED_UUID))
const TRANSACTION_PREFIX = '/api/v1/transaction/'

let delayMs = 0

function answer(res, status, body) {
  const send = () => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    })
    res.end(body)
  }
  if (delayMs > 0) setTimeout(send, delayMs)
  else send()
}

function handle(req, res) {
  if (req.method === 'GET' && req.url.startsWith(TRANSACTION_PREFIX)) {
    const uuid = req.url.slice(TRANSACTION_PREFIX.length)
    req.resume()
    return answer(res, 200, paidBody(uuid))
  }
  if (req.method === 'POST' && req.url === '/api/v1/transaction') {
    let size = 0
    req.on('data', (chunk) => (size += chunk.length))
    req.on('end', () => answer(res, size > 0 ? 200 : 400, size > 0 ? createdBody : '{"message":"empty body"}'))
    return
  }
  req.resume()
  answer(res, 404, '{"message":"not found"}')
}

let connections = 0

/** The gateway over HTTP, or over HTTPS with `tls` = { key, cert } (PEM file paths). */
function makeServer(tls) {
  const server = tls
    ? https.createServer({ key: fs.readFileSync(tls.key), cert: fs.readFileSync(tls.cert) }, handle)
    : http.createServer(handle)
  server.on(tls ? 'secureConnection' : 'connection', () => connections++)
  // Clients are measured in turns: their idle connections must survive the others' turns.
  server.keepAliveTimeout = 120_000
  server.headersTimeout = 125_000
  server.requestTimeout = 0
  return server
}

if (require.main === module) {
  const at = process.argv.indexOf('--tls')
  const server = makeServer(at < 0 ? null : { key: process.argv[at + 1], cert: process.argv[at + 2] })
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
    const { port } = server.address()
    if (process.send) process.send({ port, bodyBytes: Buffer.byteLength(paidBody(PAID_SAMPLE_UUID)) })
    else console.log(`listening on http://127.0.0.1:${port}`)
  })
  process.on('message', (m) => {
    if (m && typeof m.delayMs === 'number') {
      delayMs = m.delayMs
      process.send({ delayMs })
    } else if (m && m.connections) {
      process.send({ connections })
    }
  })
  process.on('disconnect', () => process.exit(0))
}

module.exports = { paidTransaction, makeServer }

'use strict'
// The four clients under test, each behind the same two calls:
//   get(uuid)      -> the 12-key transaction `transactions.get` returns
//   create(request) -> the 11-key transaction `transactions.create` returns
// `load(name)` is what `require()` time measures: loading the client's code, nothing else.

const TOKEN = 'bench-token-0123456789abcdef'
const ACCEPT = 'application/json, text/plain, */*'

/** The keys `transactions.get` picks, in its order. */
const GET_KEYS = [
  'uuid', 'amount', 'customer', 'invoice', 'paymentMethod', 'paymentMethodSummary',
  'paymentMethodAuthCode', 'paymentPaidTime', 'paymentPlan', 'paymentUrl', 'refunds', 'status',
]
/** The body keys `transactions.create` sends. */
const CREATE_FIELDS = [
  'amount', 'email', 'emailNotify', 'name', 'note', 'patientNote', 'phone', 'smsNotify',
  'successUrl', 'failureUrl', 'customerUuid', 'invoiceUuid', 'isMoto', 'postcode',
]

const CLIENTS = ['coherent', 'official', 'undici', 'fetch']
const LABELS = {
  coherent: 'coherent (ours)',
  official: 'official 0.0.61 (axios)',
  undici: 'undici.request',
  fetch: 'fetch',
}

function load(name) {
  switch (name) {
    case 'coherent':
      return require('..')
    case 'official':
      return require('coherent-official')
    case 'undici':
      return require('undici')
    case 'fetch':
      // Built in; Node loads its undici copy on the first call, which the cold-call time shows.
      return globalThis.fetch
    default:
      throw new Error(`unknown client ${name}`)
  }
}

/** The same field picking the official `transactions.get` does. */
function pickTransaction(data) {
  if (!data) return null
  const out = {}
  for (const key of GET_KEYS) out[key] = data[key]
  return out
}

function pickCreated(data) {
  return {
    uuid: data.uuid,
    amount: data.amount,
    customer: data.customer,
    invoice: data.invoice,
    paymentMethod: null,
    paymentMethodSummary: null,
    paymentMethodAuthCode: null,
    paymentPaidTime: null,
    status: data.status,
    paymentUrl: data.paymentUrl,
    refunds: data.refunds,
  }
}

function createBody(request) {
  const body = {}
  for (const key of CREATE_FIELDS) body[key] = request[key]
  return JSON.stringify(body)
}

function httpError(status, text) {
  const e = new Error(`HTTP ${status}: ${text.slice(0, 80)}`)
  e.status = status
  return e
}

/**
 * Config keys added to ours, to compare settings (`BENCH_VARIANTS` sets them per variant):
 * `BENCH_COHERENT_CONFIG` (JSON, e.g. `{"asyncStackTraces":false}`) and `BENCH_COHERENT_HOOKS=1`
 * (no-op `onRequest` / `onResponse`).
 */
function extraConfig() {
  const config = JSON.parse(process.env.BENCH_COHERENT_CONFIG || '{}')
  if (process.env.BENCH_COHERENT_HOOKS === '1') Object.assign(config, { onRequest() {}, onResponse() {} })
  return config
}

/** Builds client `name` against `baseUrl` (e.g. `http://127.0.0.1:PORT`). */
function make(name, baseUrl, mod = load(name)) {
  switch (name) {
    case 'coherent': {
      const client = new mod.Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl, ...extraConfig() })
      const api = client.transactions
      return { get: (uuid) => api.get(uuid), create: (request) => api.create(request) }
    }
    case 'official': {
      // The official client only knows its three fixed URLs; its namespace objects keep the base
      // URL in a public property, which is how it is pointed at the bench server.
      const client = new mod.Coherent({ environment: 'LOCAL', token: TOKEN })
      const api = client.transactions
      api.baseUrl = baseUrl
      return { get: (uuid) => api.get(uuid), create: (request) => api.create(request) }
    }
    case 'undici': {
      const { request } = mod
      const headers = { accept: ACCEPT, 'access-token': TOKEN }
      const postHeaders = { ...headers, 'content-type': 'application/json' }
      return {
        async get(uuid) {
          const res = await request(`${baseUrl}/api/v1/transaction/${uuid}`, { headers })
          const text = await res.body.text()
          if (res.statusCode < 200 || res.statusCode > 299) throw httpError(res.statusCode, text)
          return pickTransaction(text ? JSON.parse(text) : null)
        },
        async create(req) {
          const res = await request(`${baseUrl}/api/v1/transaction`, {
            method: 'POST',
            headers: postHeaders,
            body: createBody(req),
          })
          const text = await res.body.text()
          if (res.statusCode < 200 || res.statusCode > 299) throw httpError(res.statusCode, text)
          return pickCreated(JSON.parse(text))
        },
      }
    }
    case 'fetch': {
      const headers = { accept: ACCEPT, 'access-token': TOKEN }
      const postHeaders = { ...headers, 'content-type': 'application/json' }
      return {
        async get(uuid) {
          const res = await fetch(`${baseUrl}/api/v1/transaction/${uuid}`, { headers })
          const text = await res.text()
          if (!res.ok) throw httpError(res.status, text)
          return pickTransaction(text ? JSON.parse(text) : null)
        },
        async create(req) {
          const res = await fetch(`${baseUrl}/api/v1/transaction`, {
            method: 'POST',
            headers: postHeaders,
            body: createBody(req),
          })
          const text = await res.text()
          if (!res.ok) throw httpError(res.status, text)
          return pickCreated(JSON.parse(text))
        },
      }
    }
    default:
      throw new Error(`unknown client ${name}`)
  }
}

/** A create request like a clinic sends: amount, patient, notes, notification. */
const CREATE_REQUEST = {
  amount: 1000,
  name: 'John Smith',
  note: 'Hygienist visit',
  email: 'john.smith@example.co.uk',
  emailNotify: true,
  patientNote: 'Thanks for your payment',
  successUrl: 'https://clinic.example.co.uk/paid',
}

/** Distinct, valid uuids so no client can cache anything. */
function uuidFor(i) {
  const hex = (i >>> 0).toString(16).padStart(12, '0')
  return `6f1c2d3e-4b5a-4c6d-9e8f-${hex}`
}

module.exports = { CLIENTS, LABELS, GET_KEYS, CREATE_REQUEST, load, make, uuidFor }

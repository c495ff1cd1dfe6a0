'use strict'
// A deliberately small in-memory stand-in for the Coherent gateway, enough for the demo to walk a
// clinic's day offline. It is not the sandbox (a full stateful gateway in Rust is its own piece
// of work); it answers the demo's endpoints with the documented JSON shapes and nothing more.
const http = require('node:http')
const { randomUUID } = require('node:crypto')

function startMiniGateway({ port = 0 } = {}) {
  const transactions = new Map()
  const plans = new Map()
  const terminals = new Map([['S1F2-000158', { id: 'S1F2-000158', name: 'Reception', active: true }]])

  const routes = [
    ['POST', /^\/api\/v1\/transaction$/, (body) => {
      const t = { uuid: randomUUID(), amount: body.amount, customer: null, invoice: null, paymentMethod: null,
        paymentMethodSummary: null, paymentMethodAuthCode: null, paymentPaidTime: null, status: 'unpaid', refunds: [] }
      t.paymentUrl = `${baseUrl}/pay/${t.uuid}`
      transactions.set(t.uuid, t)
      return [200, t]
    }],
    ['GET', /^\/api\/v1\/transaction\/([^/]+)$/, (_, [id]) => (transactions.has(id) ? [200, transactions.get(id)] : [404, { message: 'transaction not found' }])],
    ['POST', /^\/api\/v1\/transaction\/([^/]+)\/refund$/, (body, [id]) => {
      const t = transactions.get(id)
      if (!t) return [404, { message: 'transaction not found' }]
      const refunded = t.refunds.reduce((sum, r) => sum + r.amount, 0)
      if (t.status !== 'paid' || refunded + body.amount > t.amount) return [400, { message: 'amount exceeds the refundable amount' }]
      t.refunds.push({ amount: body.amount, status: 'completed', reason: body.reason })
      if (refunded + body.amount === t.amount) t.status = 'refunded'
      return [200, {}]
    }],
    ['PUT', /^\/api\/v1\/transaction\/([^/]+)\/status$/, (body, [id]) => {
      const t = transactions.get(id)
      if (!t) return [404, { message: 'transaction not found' }]
      if (t.status !== 'unpaid') return [400, { message: `cannot void a ${t.status} transaction` }]
      t.status = body.status
      return [200, {}]
    }],
    ['GET', /^\/api\/v1\/terminal$/, () => [200, [...terminals.values()]]],
    ['PUT', /^\/api\/v1\/terminal\/([^/]+)\/transaction$/, (body, [id]) => {
      const terminal = terminals.get(id)
      if (!terminal) return [404, { message: 'terminal not found' }]
      if (body === null) delete terminal.transaction
      else terminal.transaction = transactions.get(body.transactionUuid)
      return [200, {}]
    }],
    ['POST', /^\/api\/v1\/payment\/plan$/, (body) => {
      const plan = { ...body, uuid: randomUUID(), amount: Number(body.amount), status: 'sent', type: body.type || 'recurring', method: body.method || 'direct_debit' }
      plan.paymentUrl = `${baseUrl}/pay/plan/${plan.uuid}`
      plans.set(plan.uuid, plan)
      return [200, plan]
    }],
    ['GET', /^\/api\/v1\/payment\/plan\/([^/]+)$/, (_, [id]) => (plans.has(id) ? [200, plans.get(id)] : [404, { message: 'plan not found' }])],
    ['PUT', /^\/api\/v1\/payment\/plan\/([^/]+)\/status$/, (body, [id]) => {
      const plan = plans.get(id)
      if (!plan) return [404, { message: 'plan not found' }]
      plan.status = body.status === 'resumed' ? 'authorised' : body.status
      return [200, {}]
    }],
    // Demo control route: the patient pays a link.
    ['POST', /^\/_demo\/pay\/([^/]+)$/, (_, [id]) => {
      const t = transactions.get(id)
      if (!t) return [404, { message: 'transaction not found' }]
      Object.assign(t, { status: 'paid', paymentMethod: 'visa_applepay', paymentMethodSummary: '•••• 4242', paymentMethodAuthCode: '123456', paymentPaidTime: new Date().toISOString() })
      return [200, t]
    }],
  ]

  let baseUrl
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const reply = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (!req.url.startsWith('/_demo/') && !/^api-test-[0-9a-f]{32}$/.test(req.headers['access-token'] || '')) {
        return reply(401, { message: 'missing or invalid access-token' })
      }
      const route = routes.find(([method, re]) => method === req.method && re.test(req.url))
      if (!route) return reply(404, { message: `no route for ${req.method} ${req.url}` })
      let body
      try {
        body = raw ? JSON.parse(raw) : undefined
      } catch {
        return reply(400, { message: 'body is not JSON' })
      }
      const params = route[1].exec(req.url).slice(1).map(decodeURIComponent)
      reply(...route[2](body, params))
    })
  })
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      baseUrl = `http://127.0.0.1:${server.address().port}`
      resolve({ url: baseUrl, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r) }) })
    })
  })
}

module.exports = { startMiniGateway }

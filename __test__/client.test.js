'use strict'
// The Coherent object itself: config validation, secrecy of the token, error classes, path
// safety, ESM named imports.
const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const util = require('node:util')
const pkg = require('..')
const { Coherent, CustomerAPI, CoherentError, CoherentApiError, CoherentValidationError, CoherentConnectionError, CoherentTimeoutError } = pkg

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'

function startServer(handler) {
  const requests = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body })
      handler(req, res, body)
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const baseUrl = `http://127.0.0.1:${server.address().port}`
      resolve({
        baseUrl,
        requests,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(r) }),
      })
    })
  })
}

test('config: environment is validated case-insensitively, never silently production', () => {
  for (const environment of ['TEST', 'test', 'Production', 'LOCAL', pkg.Environment.Test]) {
    assert.ok(new Coherent({ environment, token: TOKEN }))
  }
  for (const environment of ['prod', 'staging', '', 'TEST ']) {
    assert.throws(() => new Coherent({ environment, token: TOKEN }), (e) => e instanceof CoherentValidationError && e.field === 'config.environment')
  }
  assert.throws(() => new Coherent({ token: TOKEN }), (e) => e instanceof CoherentValidationError && e.field === 'config.environment')
})

test('config: token is required and non-empty; unknown keys and wrong types are named', () => {
  const cases = [
    [{ environment: 'TEST' }, 'config.token'],
    [{ environment: 'TEST', token: '' }, 'config.token'],
    [{ environment: 'TEST', token: 42 }, 'config.token'],
    [{ environment: 'TEST', token: TOKEN, tiemout: 5 }, 'config.tiemout'],
    [{ environment: 'TEST', token: TOKEN, timeout: '5' }, 'config.timeout'],
    [{ environment: 'TEST', token: TOKEN, timeout: -1 }, 'config.timeout'],
    [{ environment: 'TEST', token: TOKEN, timeout: NaN }, 'config.timeout'],
    [{ environment: 'TEST', token: TOKEN, baseUrl: 'http://gateway.example.com' }, 'config.baseUrl'],
    [{ environment: 'TEST', token: TOKEN, baseUrl: 'not a url' }, 'config.baseUrl'],
    [{ environment: 'TEST', token: TOKEN, userAgent: 7 }, 'config.userAgent'],
  ]
  for (const [config, field] of cases) {
    assert.throws(() => new Coherent(config), (e) => e instanceof CoherentValidationError && e.field === field && !String(e.message).includes(TOKEN), JSON.stringify(config))
  }
  assert.throws(() => new Coherent(), (e) => e instanceof CoherentValidationError && e.field === 'config')
  assert.throws(() => new Coherent(null), (e) => e instanceof CoherentValidationError)
})

test('the token never shows in JSON.stringify, util.inspect, keys or errors', async () => {
  const srv = await startServer((req, res) => { res.statusCode = 500; res.end('{"error":"boom"}') })
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    const views = [JSON.stringify(c), util.inspect(c, { showHidden: true, depth: 5 }), JSON.stringify(Object.keys(c))]
    for (const ns of ['transactions', 'terminals', 'paymentPlans', 'customers', 'merchants', 'onboarding']) {
      views.push(JSON.stringify(c[ns]), util.inspect(c[ns], { showHidden: true, depth: 5 }))
    }
    const err = await c.transactions.get('t1').catch((e) => e)
    assert.ok(err instanceof CoherentApiError)
    views.push(JSON.stringify(err), util.inspect(err, { showHidden: true, depth: 10 }), String(err.stack), err.message)
    for (const v of views) assert.ok(!v.includes(TOKEN) && !v.includes('0123456789abcdef'), v)
    // ...but it was sent.
    assert.equal(srv.requests[0].headers['access-token'], TOKEN)
  } finally {
    await srv.close()
  }
})

test('namespaces are stable objects of the exported classes', () => {
  const c = new Coherent({ environment: 'TEST', token: TOKEN })
  assert.equal(c.transactions, c.transactions)
  assert.ok(c.customers instanceof CustomerAPI)
  assert.ok(c.transactions instanceof pkg.TransactionAPI)
  assert.ok(c.paymentPlans instanceof pkg.PaymentPlanAPI)
  for (const ns of ['transactions', 'terminals', 'paymentPlans', 'customers', 'merchants', 'onboarding']) {
    assert.equal(typeof c[ns], 'object', ns)
  }
})

test('API errors keep the axios shape and are CoherentApiError instances', async () => {
  const srv = await startServer((req, res) => {
    res.statusCode = req.url.endsWith('/gone') ? 404 : 503
    res.setHeader('x-request-id', 'req-42')
    res.end(req.url.endsWith('/gone') ? '{"message":"not found"}' : 'upstream down')
  })
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    const e404 = await c.transactions.get('gone').catch((e) => e)
    assert.ok(e404 instanceof CoherentApiError && e404 instanceof CoherentError && e404 instanceof Error)
    assert.equal(e404.name, 'CoherentApiError')
    assert.equal(e404.message, 'Request failed with status code 404')
    assert.equal(e404.status, 404)
    assert.equal(e404.code, 'ERR_BAD_REQUEST')
    assert.equal(e404.isAxiosError, true)
    assert.deepEqual(e404.response.data, { message: 'not found' })
    assert.equal(e404.response.status, 404)
    assert.equal(e404.response.headers['x-request-id'], 'req-42')
    assert.deepEqual(e404.config, { method: 'get', url: `${srv.baseUrl}/api/v1/transaction/gone` })
    const e503 = await c.terminals.list().catch((e) => e)
    assert.equal(e503.code, 'ERR_BAD_RESPONSE')
    assert.equal(e503.response.data, 'upstream down')
  } finally {
    await srv.close()
  }
})

test('connection failures and timeouts have their own classes', async () => {
  const srv = await startServer(() => {}) // never answers
  const closed = await startServer(() => {})
  const closedUrl = closed.baseUrl
  await closed.close()
  try {
    const slow = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl, timeout: 200 })
    const started = Date.now()
    const t = await slow.transactions.get('t1').catch((e) => e)
    assert.ok(t instanceof CoherentTimeoutError, String(t))
    assert.equal(t.code, 'ECONNABORTED')
    assert.equal(t.timeout, 200)
    assert.match(t.message, /200ms/)
    assert.ok(Date.now() - started < 2000)
    const refused = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: closedUrl })
    const r = await refused.terminals.list().catch((e) => e)
    assert.ok(r instanceof CoherentConnectionError, String(r))
    assert.equal(r.code, 'ECONNREFUSED')
    assert.equal(r.isAxiosError, true)
    assert.equal(r.response, undefined)
  } finally {
    await srv.close()
  }
})

test('bad input rejects with CoherentValidationError naming the field, and sends nothing', async () => {
  const srv = await startServer((req, res) => res.end('{}'))
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    const cases = [
      [() => c.transactions.get(undefined), 'uuid'],
      [() => c.transactions.get(''), 'uuid'],
      [() => c.transactions.get('..'), 'uuid'],
      [() => c.transactions.get(42), 'uuid'],
      [() => c.transactions.create({ amount: 10.5, name: 'J' }), 'amount'],
      [() => c.transactions.create({ amount: -1, name: 'J' }), 'amount'],
      [() => c.transactions.create({ amount: '1000', name: 'J' }), 'amount'],
      [() => c.transactions.create({ amount: NaN, name: 'J' }), 'amount'],
      [() => c.transactions.create({ amount: 1000 }), 'name'],
      [() => c.transactions.create({ amount: 1000, name: 'J', emailNotify: 'yes' }), 'emailNotify'],
      [() => c.transactions.create(null), 'request'],
      [() => c.transactions.refund({ transactionUuid: 't', amount: 0 }), 'amount'],
      [() => c.transactions.refund({ amount: 5 }), 'transactionUuid'],
      [() => c.transactions.updateStatus('t', 'paid'), 'status'],
      [() => c.paymentPlans.setStatus('p', 'authorised'), 'status'],
      [() => c.paymentPlans.create({ name: 'J', amount: 1000 }), 'startDate'],
      [() => c.paymentPlans.create({ name: 'J', amount: '12.50', type: 'on_demand' }), 'amount'],
      [() => c.paymentPlans.charge('p', { amount: 1.5 }), 'amount'],
      [() => c.customers.debitWallet('cu', { amount: 0 }), 'amount'],
      [() => c.customers.create({ firstName: 'A' }), 'providerReferenceId'],
      [() => c.terminals.rename({ terminalId: 'S1', name: 5 }), 'name'],
      [() => c.merchants.listAccounts('a/b/..'), null],
      [() => c.onboarding.startOnboarding({ name: 'C', email: 'e', webhookUrl: 'w', currency: 'USD' }), 'currency'],
      [() => c.paymentPlans.create({ name: 'J', amount: 5, type: 'on_demand', big: 10n }), 'request'],
    ]
    for (const [call, field] of cases) {
      const promise = call()
      assert.ok(promise instanceof Promise, 'methods return a Promise, never throw synchronously')
      if (field === null) {
        await promise // a/b/.. is a legitimate single encoded segment
        continue
      }
      const err = await promise.then(() => null, (e) => e)
      assert.ok(err instanceof CoherentValidationError, `${call}: ${err}`)
      assert.equal(err.field, field, String(call))
      assert.equal(err.code, 'ERR_INVALID_ARG_VALUE')
    }
    // Only the legitimate call went out: 'a/b/..' travels as one encoded segment.
    assert.deepEqual(srv.requests.map((r) => r.url), ['/api/v1/merchant/a%2Fb%2F../account'])
  } finally {
    await srv.close()
  }
})

test('hostile ids stay inside their path segment', async () => {
  const srv = await startServer((req, res) => res.end('{"uuid":"x"}'))
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    await c.transactions.get('../merchant?x=1#f')
    await c.customers.get('a b/ü')
    assert.deepEqual(srv.requests.map((r) => r.url), [
      '/api/v1/transaction/..%2Fmerchant%3Fx%3D1%23f',
      '/api/v1/customer/a%20b%2F%C3%BC',
    ])
  } finally {
    await srv.close()
  }
})

test('cross-origin redirects are not followed, so the token stays home', async () => {
  const other = await startServer((req, res) => res.end('[]'))
  const srv = await startServer((req, res) => {
    res.statusCode = 307
    res.setHeader('location', other.baseUrl.replace('127.0.0.1', 'localhost') + req.url)
    res.end()
  })
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    const err = await c.terminals.list().catch((e) => e)
    assert.ok(err instanceof CoherentApiError)
    assert.equal(err.status, 307)
    assert.equal(other.requests.length, 0)
  } finally {
    await srv.close()
    await other.close()
  }
})

test('CustomerAPI can be built stand-alone with (baseUrl, token)', async () => {
  const srv = await startServer((req, res) => res.end('{"uuid":"cu1","providerReferenceId":"P1"}'))
  try {
    const customers = new CustomerAPI(srv.baseUrl, TOKEN)
    assert.deepEqual(await customers.get('cu1'), { uuid: 'cu1', providerReferenceId: 'P1' })
    assert.equal(srv.requests[0].headers['access-token'], TOKEN)
    assert.throws(() => new CustomerAPI('http://example.com', TOKEN), CoherentValidationError)
  } finally {
    await srv.close()
  }
})

test('ESM named imports give the same objects as require', async () => {
  const esm = await import('../index.mjs')
  const names = Object.keys(pkg)
  assert.ok(names.length >= 21)
  for (const name of names) assert.equal(esm[name], pkg[name], name)
  assert.equal(esm.PaymentPlanStatus.Void, 'void')
  assert.equal(esm.CurrencyCode.GBP, 'GBP')
})

test('enum objects match the official ones', () => {
  const official = require('coherent-official')
  for (const name of ['Environment', 'LegalEntityType', 'TransactionStatus', 'RefundStatus']) {
    assert.deepEqual({ ...pkg[name] }, { ...official[name] }, name)
  }
  const deep = (p) => require(`coherent-official/dist/${p}`)
  assert.deepEqual({ ...pkg.PaymentPlanStatus }, { ...deep('payment-plan/PaymentPlan').PaymentPlanStatus })
  assert.deepEqual({ ...pkg.PaymentPlanType }, { ...deep('payment-plan/PaymentPlan').PaymentPlanType })
  assert.deepEqual({ ...pkg.PaymentPlanMethod }, { ...deep('payment-plan/PaymentPlan').PaymentPlanMethod })
  assert.deepEqual({ ...pkg.CurrencyCode }, { ...deep('merchant/Merchant').CurrencyCode })
})

test('every namespace class can be built stand-alone with (baseUrl, token), as the official ones', async () => {
  // A transaction is an object (a shaped method refuses anything else); the lists are arrays.
  const srv = await startServer((req, res) => res.end(req.url.startsWith('/api/v1/transaction/') ? '{}' : '[]'))
  try {
    const calls = [
      [pkg.TransactionAPI, (api) => api.get('t1'), '/api/v1/transaction/t1'],
      [pkg.TerminalAPI, (api) => api.list(), '/api/v1/terminal'],
      [pkg.PaymentPlanAPI, (api) => api.notify('p1'), '/api/v1/payment/plan/p1/notification'],
      [pkg.MerchantAPI, (api) => api.listMerchants(), '/api/v1/merchant'],
      [pkg.OnboardingAPI, (api) => api.startOnboarding({ name: 'C', email: 'e', webhookUrl: 'w' }), '/api/v1/onboarding'],
      [pkg.CustomerAPI, (api) => api.listWallets('cu1'), '/api/v1/customer/cu1/wallet'],
    ]
    for (const [Class, call] of calls) await call(new Class(srv.baseUrl, TOKEN))
    assert.deepEqual(srv.requests.map((r) => r.url), calls.map(([, , path]) => path))
    assert.ok(srv.requests.every((r) => r.headers['access-token'] === TOKEN))
    assert.throws(() => new pkg.TransactionAPI(srv.baseUrl, ''), (e) => e instanceof CoherentValidationError && e.field === 'token')
    assert.equal(new pkg.PaymentMethod() instanceof pkg.PaymentMethod, true)
  } finally {
    await srv.close()
  }
})

test('a 2xx body that is not JSON rejects on shaped methods, with the raw text and the request', async () => {
  const srv = await startServer((req, res) => res.end('<html>proxy error</html>'))
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    const err = await c.transactions.get('t1').catch((e) => e)
    assert.ok(err instanceof CoherentApiError, String(err))
    assert.equal(err.status, 200)
    assert.equal(err.response.data, '<html>proxy error</html>')
    assert.match(err.message, /not valid JSON/)
    assert.deepEqual(err.config, { method: 'get', url: `${srv.baseUrl}/api/v1/transaction/t1` })
    // Raw pass-through methods return the text, as the official client does.
    assert.equal(await c.terminals.list(), '<html>proxy error</html>')
  } finally {
    await srv.close()
  }
})

test('works inside a worker thread, with its own error classes', async () => {
  const { Worker } = require('node:worker_threads')
  const srv = await startServer((req, res) => { res.statusCode = 404; res.end('{"message":"nope"}') })
  try {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads')
      const { Coherent, CoherentApiError } = require(workerData.pkg)
      const c = new Coherent({ environment: 'LOCAL', token: workerData.token, baseUrl: workerData.baseUrl })
      c.transactions.get('t1').catch((e) => parentPort.postMessage({
        instance: e instanceof CoherentApiError, status: e.response && e.response.status, data: e.response && e.response.data,
      }))`
    const worker = new Worker(source, { eval: true, workerData: { pkg: require.resolve('..'), token: TOKEN, baseUrl: srv.baseUrl } })
    const message = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject) })
    await worker.terminate()
    assert.deepEqual(message, { instance: true, status: 404, data: { message: 'nope' } })
  } finally {
    await srv.close()
  }
})

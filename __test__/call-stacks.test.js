'use strict'
// Every rejection's `err.stack` shows the frames of the code that made the call (README
// "Errors"): API, connection, timeout and abort errors, from CommonJS and ESM, with V8's
// `at async` frames for async callers; never the token or patient data. Prints one stack.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { listenLocal } = require('./helpers/local-server')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFile } = require('node:child_process')
const { pathToFileURL } = require('node:url')
const { Coherent, CoherentApiError, CoherentConnectionError, CoherentTimeoutError, CoherentAbortError } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const PATIENT = { name: 'Zoë Patient-Secret', email: 'zoe.secret@example.com', phone: '+447700900123', note: 'allergy-note-secret' }

/** Answers 404 to GETs, 400 echoing the body to POSTs, and never answers `/silent/` paths. */
async function gateway() {
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (req.url.includes('silent')) return
      const status = req.method === 'POST' ? 400 : 404
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'no', echo: body }))
    })
  })
  return listenLocal(server)
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

// The "app": an async handler awaiting a helper that makes the call after an await of its own,
// so the helper's frame is a live one and the handler's is V8's `at async` frame.
async function chargePatientInvoice(coherent, uuid, options) {
  await tick()
  return coherent.transactions.get(uuid, options)
}

async function handlePaymentRequest(coherent, uuid, options) {
  const result = await chargePatientInvoice(coherent, uuid, options)
  return result
}

function framesOf(err) {
  return err.stack.split('\n').slice(1)
}

function assertCallerFrames(err, Class, message) {
  assert.ok(err instanceof Class, `${err.name}: ${err.message}`)
  const [head] = err.stack.split('\n')
  assert.equal(head, `${err.name}: ${err.message}`)
  if (message) assert.match(err.message, message)
  const frames = framesOf(err)
  assert.match(frames[0], /^ {4}at chargePatientInvoice \(.*call-stacks\.test\.js:\d+:\d+\)$/, err.stack)
  assert.match(frames[1], /^ {4}at async handlePaymentRequest \(.*call-stacks\.test\.js:\d+:\d+\)$/, err.stack)
  assert.ok(!err.stack.includes('lib/tracing.js'), err.stack)
}

test('API, connection, timeout and abort rejections show the caller\'s frames, `at async` included', async () => {
  const gw = await gateway()
  try {
    const c = new Coherent({ baseUrl: gw.url, token: TOKEN, maxNetworkRetries: 0 })
    const notFound = await handlePaymentRequest(c, 'missing').catch((e) => e)
    assertCallerFrames(notFound, CoherentApiError, /status code 404/)
    console.log(`call-site stack:\n${notFound.stack}`)

    const refused = new Coherent({ baseUrl: 'http://127.0.0.1:9', token: TOKEN, maxNetworkRetries: 0 })
    assertCallerFrames(await handlePaymentRequest(refused, 't1').catch((e) => e), CoherentConnectionError)

    const timedOut = await handlePaymentRequest(c, 'silent', { timeout: 100 }).catch((e) => e)
    assertCallerFrames(timedOut, CoherentTimeoutError, /timeout of 100ms/)

    const controller = new AbortController()
    const aborted = handlePaymentRequest(c, 'silent', { signal: controller.signal }).catch((e) => e)
    setTimeout(() => controller.abort(), 20)
    assertCallerFrames(await aborted, CoherentAbortError)
  } finally {
    await gw.close()
  }
})

test('the stack names no token and no patient data, and stays out of JSON', async () => {
  const gw = await gateway()
  try {
    const c = new Coherent({ baseUrl: gw.url, token: TOKEN })
    async function createPaymentLink() {
      await tick()
      return c.transactions.create({ amount: 1500, ...PATIENT })
    }
    const err = await createPaymentLink().catch((e) => e)
    assert.match(framesOf(err)[0], /^ {4}at createPaymentLink \(/, err.stack)
    assert.ok(JSON.stringify(err.response.data).includes(PATIENT.note), 'the server did echo the data')
    for (const secret of [TOKEN, ...Object.values(PATIENT)]) assert.ok(!err.stack.includes(secret), secret)
    assert.ok(!Object.keys(JSON.parse(JSON.stringify(err))).includes('stack'))
  } finally {
    await gw.close()
  }
})

test('a caller\'s Error.stackTraceLimit is honoured, and a synchronous caller shows its own frames', async () => {
  const gw = await gateway()
  const limit = Error.stackTraceLimit
  try {
    const c = new Coherent({ baseUrl: gw.url, token: TOKEN })
    Error.stackTraceLimit = 1
    const one = await handlePaymentRequest(c, 'missing').catch((e) => e)
    Error.stackTraceLimit = limit
    assert.equal(framesOf(one).length, 1, one.stack)
    assert.match(framesOf(one)[0], /at chargePatientInvoice /)

    function refundFromCron() {
      return c.transactions.refund('missing', { amount: 100 })
    }
    const refund = await refundFromCron().catch((e) => e)
    assert.match(framesOf(refund)[0], /^ {4}at refundFromCron \(.*call-stacks\.test\.js/, refund.stack)
  } finally {
    Error.stackTraceLimit = limit
    await gw.close()
  }
})

test('from an ES module, the stack shows the module\'s file URL and async frames', async () => {
  const gw = await gateway()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-stack-'))
  try {
    const file = path.join(dir, 'clinic-app.mjs')
    fs.writeFileSync(file, [
      `import { Coherent } from ${JSON.stringify(pathToFileURL(path.join(__dirname, '..', 'index.mjs')).href)}`,
      `const coherent = new Coherent({ baseUrl: ${JSON.stringify(gw.url)}, token: 'api-test-esm-token-0123456789' })`,
      'async function lookUpInvoice(uuid) {',
      '  await null',
      '  return coherent.transactions.get(uuid)',
      '}',
      'async function main() {',
      '  try { await lookUpInvoice("missing") } catch (e) { console.log(e.stack) }',
      '}',
      'await main()',
    ].join('\n'))
    const stack = await new Promise((resolve, reject) => {
      execFile(process.execPath, [file], (error, stdout) => (error ? reject(error) : resolve(stdout)))
    })
    const lines = stack.trim().split('\n')
    assert.equal(lines[0], 'CoherentApiError: Request failed with status code 404')
    assert.match(lines[1], /^ {4}at lookUpInvoice \(file:\/\/.*clinic-app\.mjs:5:\d+\)$/, stack)
    assert.match(lines[2], /^ {4}at async main \(file:\/\/.*clinic-app\.mjs:8:\d+\)$/, stack)
    assert.ok(!stack.includes('esm-token'))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
    await gw.close()
  }
})

test('a bad input still rejects with the stack of the call itself', async () => {
  const c = new Coherent({ baseUrl: 'http://127.0.0.1:9', token: TOKEN })
  async function createLink() {
    await tick()
    return c.transactions.create({ amount: -1 })
  }
  const err = await createLink().catch((e) => e)
  assert.equal(err.field, 'amount')
  assert.match(framesOf(err)[0], /^ {4}at createLink \(/, err.stack)
})

test('asyncStackTraces: false leaves a network rejection its message line; a bad value is refused', async () => {
  const gw = await gateway()
  try {
    const off = new Coherent({ baseUrl: gw.url, token: TOKEN, asyncStackTraces: false })
    const err = await handlePaymentRequest(off, 'missing').catch((e) => e)
    assert.ok(err instanceof CoherentApiError)
    assert.equal(err.stack, 'CoherentApiError: Request failed with status code 404')
    const on = new Coherent({ baseUrl: gw.url, token: TOKEN, asyncStackTraces: true })
    assertCallerFrames(await handlePaymentRequest(on, 'missing').catch((e) => e), CoherentApiError)
    assert.throws(() => new Coherent({ baseUrl: gw.url, token: TOKEN, asyncStackTraces: 'no' }), (e) => e.field === 'config.asyncStackTraces')
  } finally {
    await gw.close()
  }
})

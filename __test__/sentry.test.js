'use strict'
// Where a clinic looks: one rejection captured by a real error reporter, @sentry/node (pinned in
// devDependencies), with a transport that records envelopes in memory (no network). The event it
// would send must carry the app's frame where the call was made, marked in-app, and neither the
// token nor patient data. Prints the event's frames.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const Sentry = require('@sentry/node')
const { Coherent } = require('..')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const PATIENT = { name: 'Zoë Patient-Secret', email: 'zoe.secret@example.com', phone: '+447700900123' }

const envelopes = []
Sentry.init({
  // A syntactically valid DSN; the transport below never sends anything.
  dsn: 'https://0123456789abcdef@sentry.invalid/1',
  transport: (options) => Sentry.createTransport(options, async (request) => {
    envelopes.push(typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8'))
    return { statusCode: 200 }
  }),
})

/** The event items of the recorded envelopes (an envelope is newline-separated JSON). */
function recordedEvents() {
  const events = []
  for (const envelope of envelopes) {
    const lines = envelope.split('\n').filter(Boolean)
    for (let i = 1; i + 1 < lines.length; i += 2) {
      if (JSON.parse(lines[i]).type === 'event') events.push(JSON.parse(lines[i + 1]))
    }
  }
  return events
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

async function chargePatientInvoice(coherent, uuid) {
  await tick()
  return coherent.transactions.create({ amount: 1500, ...PATIENT, customerUuid: uuid })
}

async function handlePaymentRequest(coherent) {
  return await chargePatientInvoice(coherent, 'c-1')
}

test('a rejection captured by @sentry/node carries the in-app frame of the call', async () => {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(422, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'card declined' }))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const coherent = new Coherent({ baseUrl: `http://127.0.0.1:${server.address().port}`, token: TOKEN })
    const err = await handlePaymentRequest(coherent).catch((e) => e)
    assert.equal(err.name, 'CoherentApiError')
    Sentry.captureException(err)
    assert.ok(await Sentry.flush(5000), 'flushed')

    const [event] = recordedEvents()
    assert.ok(event, `an event was recorded (${envelopes.length} envelopes)`)
    const [exception] = event.exception.values
    assert.equal(exception.type, 'CoherentApiError')
    const frames = exception.stacktrace.frames
    console.log(`sentry frames (oldest first):\n  ${frames.map((f) => `${f.function} ${f.filename}:${f.lineno} in_app=${f.in_app}`).join('\n  ')}`)
    // Sentry lists frames oldest first: the last is where the rejection's stack starts.
    const top = frames[frames.length - 1]
    assert.equal(top.function, 'chargePatientInvoice')
    assert.equal(top.in_app, true)
    assert.equal(top.filename, __filename)
    assert.ok(frames.some((f) => f.function === 'handlePaymentRequest' && f.in_app), 'the async caller too')

    const sent = envelopes.join('\n')
    for (const secret of [TOKEN, ...Object.values(PATIENT)]) assert.ok(!sent.includes(secret), `${secret} in what Sentry would send`)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await Sentry.close(2000)
  }
})

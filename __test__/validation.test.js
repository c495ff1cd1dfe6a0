'use strict'
// The validation matrix: every method, every field, every bad value -> CoherentValidationError
// naming the field, and not one request reaches the (loopback) server. Optional fields still
// accept undefined and null, which are forwarded as the official client forwards them.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Coherent, CoherentValidationError } = require('..')
const { Recorder } = require('./helpers/recorder')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'

// Bad values per kind of field. `undefined` / `null` are added for required fields only.
const BAD = {
  amount: [NaN, Infinity, -Infinity, 10.5, -1, 0, -0, 2 ** 53, 2 ** 53 + 2, 1e21, '1000', '', '10.5', true, {}, []],
  amountOrDigits: [NaN, Infinity, 10.5, -1, 0, 2 ** 53, '12.50', '-1', '0', '', ' 1', '1e3', '9007199254740992', true, {}, []],
  text: [5, true, {}, [], NaN, Infinity],
  bool: ['yes', 'true', 1, 0, NaN, {}, []],
  date: [new Date(NaN), 'tomorrow', '2025-13-01', '2025-02-32', '01/02/2025', 5, true, NaN, {}],
  planType: ['weekly', 'RECURRING', '', 5, NaN, true],
  planMethod: ['cash', '', 5, NaN],
  planStatus: ['authorised', 'PAUSED', 'paid', '', 5, NaN],
  txStatus: ['paid', 'VOID', 'refunded', '', 5, NaN],
  currency: ['USD', 'gbp', '', 5, NaN],
  legalEntityType: ['Ltd', '', 5, NaN],
  id: [undefined, null, '', '.', '..', 5, NaN, true, {}, [], Symbol('s')],
  request: [null, undefined, 5, 'x', true, []],
  optionalRequest: [5, 'x', true, []],
}

const OPTIONS_BAD = [
  [5, 'options'],
  ['x', 'options'],
  [true, 'options'],
  [[], 'options'],
  [{ timout: 1 }, 'options.timout'],
  [{ retries: 1 }, 'options.retries'],
  [{ timeout: -1 }, 'options.timeout'],
  [{ timeout: 0 }, 'options.timeout'],
  [{ timeout: 0.5 }, 'options.timeout'],
  [{ timeout: 2 ** 31 }, 'options.timeout'],
  [{ timeout: NaN }, 'options.timeout'],
  [{ timeout: Infinity }, 'options.timeout'],
  [{ timeout: '5' }, 'options.timeout'],
  [{ timeout: null }, 'options.timeout'],
  [{ maxNetworkRetries: -1 }, 'options.maxNetworkRetries'],
  [{ maxNetworkRetries: 11 }, 'options.maxNetworkRetries'],
  [{ maxNetworkRetries: 1.5 }, 'options.maxNetworkRetries'],
  [{ maxNetworkRetries: '2' }, 'options.maxNetworkRetries'],
  [{ signal: {} }, 'options.signal'],
  [{ signal: 'x' }, 'options.signal'],
  [{ signal: null }, 'options.signal'],
  [{ signal: { aborted: false, addEventListener() {}, removeEventListener() {} } }, 'options.signal'],
]

// f(name, kind, where, required): `where` is [argIndex] or [argIndex, key].
const f = (name, kind, where, required = false) => ({ name, kind, where, required })

const METHODS = [
  {
    name: 'transactions.create',
    args: () => [{ amount: 1000, name: 'J', email: 'e@x', emailNotify: true, note: 'n', patientNote: 'p', phone: '+44', smsNotify: false, successUrl: 'https://s', failureUrl: 'https://f', isMoto: false, postcode: 'N1' }],
    fields: [
      f('request', 'request', [0]), f('amount', 'amount', [0, 'amount'], true), f('name', 'text', [0, 'name'], true),
      f('email', 'text', [0, 'email']), f('emailNotify', 'bool', [0, 'emailNotify']), f('note', 'text', [0, 'note']),
      f('patientNote', 'text', [0, 'patientNote']), f('phone', 'text', [0, 'phone']), f('smsNotify', 'bool', [0, 'smsNotify']),
      f('successUrl', 'text', [0, 'successUrl']), f('failureUrl', 'text', [0, 'failureUrl']), f('customerUuid', 'text', [0, 'customerUuid']),
      f('invoiceUuid', 'text', [0, 'invoiceUuid']), f('isMoto', 'bool', [0, 'isMoto']), f('postcode', 'text', [0, 'postcode']),
    ],
  },
  { name: 'transactions.get', args: () => ['t1'], fields: [f('uuid', 'id', [0])] },
  {
    name: 'transactions.refund',
    args: () => [{ transactionUuid: 't1', amount: 100, reason: 'r' }],
    fields: [f('request', 'request', [0]), f('transactionUuid', 'id', [0, 'transactionUuid']), f('amount', 'amount', [0, 'amount'], true), f('reason', 'text', [0, 'reason'])],
  },
  { name: 'transactions.updateStatus', args: () => ['t1', 'void'], fields: [f('transactionUuid', 'id', [0]), f('status', 'txStatus', [1], true)] },
  { name: 'terminals.list', args: () => [], fields: [] },
  {
    name: 'terminals.rename',
    args: () => [{ terminalId: 'S1F2-000158', name: 'Front desk' }],
    fields: [f('request', 'request', [0]), f('terminalId', 'id', [0, 'terminalId']), f('name', 'text', [0, 'name'], true)],
  },
  {
    name: 'terminals.setTransaction',
    args: () => [{ terminalId: 'S1F2-000158', transactionUuid: 't1' }],
    fields: [f('request', 'request', [0]), f('terminalId', 'id', [0, 'terminalId']), f('transactionUuid', 'text', [0, 'transactionUuid'], true)],
  },
  { name: 'terminals.clearTransaction', args: () => [{ terminalId: 'S1F2-000158' }], fields: [f('request', 'request', [0]), f('terminalId', 'id', [0, 'terminalId'])] },
  {
    name: 'paymentPlans.create',
    args: () => [{
      name: 'J', amount: 1000, note: 'n', startDate: new Date(Date.UTC(2025, 0, 1)), endDate: '2025-03-01', email: 'e', emailNotify: true, phone: 'p', smsNotify: false,
      transactionReference: 'INV-1', type: 'on_demand', method: 'card', chargeOnSubmission: false, successUrl: 's', failureUrl: 'f',
    }],
    fields: [
      f('request', 'request', [0]), f('name', 'text', [0, 'name'], true), f('amount', 'amountOrDigits', [0, 'amount'], true),
      f('note', 'text', [0, 'note']), f('startDate', 'date', [0, 'startDate']), f('endDate', 'date', [0, 'endDate']),
      f('email', 'text', [0, 'email']), f('emailNotify', 'bool', [0, 'emailNotify']), f('phone', 'text', [0, 'phone']),
      f('smsNotify', 'bool', [0, 'smsNotify']), f('transactionReference', 'text', [0, 'transactionReference']),
      f('type', 'planType', [0, 'type']), f('method', 'planMethod', [0, 'method']), f('customerUuid', 'text', [0, 'customerUuid']),
      f('invoiceUuid', 'text', [0, 'invoiceUuid']), f('chargeOnSubmission', 'bool', [0, 'chargeOnSubmission']),
      f('successUrl', 'text', [0, 'successUrl']), f('failureUrl', 'text', [0, 'failureUrl']),
    ],
  },
  { name: 'paymentPlans.get', args: () => ['pp1'], fields: [f('uuid', 'id', [0])] },
  { name: 'paymentPlans.setStatus', args: () => ['pp1', 'paused'], fields: [f('uuid', 'id', [0]), f('status', 'planStatus', [1], true)] },
  { name: 'paymentPlans.notify', args: () => ['pp1'], fields: [f('uuid', 'id', [0])] },
  ...['charge', 'execute'].map((m) => ({
    name: `paymentPlans.${m}`,
    args: () => ['pp1', { amount: 100, reference: 'r', invoiceUuid: 'i', testScenario: 's' }],
    fields: [
      f('uuid', 'id', [0]), f('request', 'optionalRequest', [1]), f('amount', 'amount', [1, 'amount']),
      f('reference', 'text', [1, 'reference']), f('invoiceUuid', 'text', [1, 'invoiceUuid']), f('testScenario', 'text', [1, 'testScenario']),
    ],
  })),
  {
    name: 'paymentPlans.resumeAndCharge',
    args: () => ['pp1', { testScenario: 's' }],
    fields: [f('uuid', 'id', [0]), f('request', 'optionalRequest', [1]), f('testScenario', 'text', [1, 'testScenario'])],
  },
  {
    name: 'customers.create',
    args: () => [{ providerReferenceId: 'P1', firstName: 'A', lastName: 'B', email: 'e', mobile: 'm', active: true }],
    fields: [
      f('request', 'request', [0]), f('providerReferenceId', 'text', [0, 'providerReferenceId'], true), f('firstName', 'text', [0, 'firstName']),
      f('lastName', 'text', [0, 'lastName']), f('email', 'text', [0, 'email']), f('mobile', 'text', [0, 'mobile']), f('active', 'bool', [0, 'active']),
    ],
  },
  { name: 'customers.get', args: () => ['cu1'], fields: [f('uuid', 'id', [0])] },
  { name: 'customers.listWallets', args: () => ['cu1'], fields: [f('uuid', 'id', [0])] },
  {
    name: 'customers.createWallet',
    args: () => ['cu1', { name: 'Card', email: 'e', phone: 'p', emailNotify: true, smsNotify: false }],
    fields: [
      f('uuid', 'id', [0]), f('request', 'request', [1]), f('name', 'text', [1, 'name'], true), f('email', 'text', [1, 'email']),
      f('phone', 'text', [1, 'phone']), f('emailNotify', 'bool', [1, 'emailNotify'], true), f('smsNotify', 'bool', [1, 'smsNotify'], true),
    ],
  },
  {
    name: 'customers.debitWallet',
    args: () => ['cu1', { amount: 500, walletUuid: 'w1' }],
    fields: [f('uuid', 'id', [0]), f('request', 'request', [1]), f('amount', 'amount', [1, 'amount'], true), f('walletUuid', 'text', [1, 'walletUuid'])],
  },
  { name: 'merchants.listMerchants', args: () => [], fields: [] },
  ...['listAccounts', 'createApiKey', 'listApiKeys', 'getWebhookUrl'].map((m) => ({
    name: `merchants.${m}`, args: () => ['m1'], fields: [f('merchantUuid', 'id', [0])],
  })),
  ...['createApiKeyForAccount', 'listApiKeysForAccount'].map((m) => ({
    name: `merchants.${m}`, args: () => ['m1', 'a1'], fields: [f('merchantUuid', 'id', [0]), f('accountUuid', 'id', [1])],
  })),
  {
    name: 'merchants.updateWebhookUrl',
    args: () => ['m1', 'https://clinic.example/hook'],
    fields: [f('merchantUuid', 'id', [0]), f('webhookUrl', 'text', [1], true)],
  },
  {
    name: 'onboarding.startOnboarding',
    args: () => [{
      name: 'Clinic', email: 'c@x', webhookUrl: 'https://w', currency: 'GBP', industryCode: '8011', legalEntityName: 'L', legalEntityRegistrationNumber: '1',
      legalEntityType: 'LimitedCompany', logoUrl: 'l', onboardingWebhookUrl: 'o', phone: 'p', storeLine1: 's', storeCity: 'c', storePostalCode: 'pc',
      storeCountry: 'GB', termsAndConditions: 't', websiteUrl: 'w',
    }],
    fields: [
      f('request', 'request', [0]), f('name', 'text', [0, 'name'], true), f('email', 'text', [0, 'email'], true),
      f('webhookUrl', 'text', [0, 'webhookUrl'], true), f('currency', 'currency', [0, 'currency']),
      f('legalEntityType', 'legalEntityType', [0, 'legalEntityType']),
      ...['industryCode', 'legalEntityName', 'legalEntityRegistrationNumber', 'logoUrl', 'onboardingWebhookUrl', 'phone', 'storeLine1',
        'storeCity', 'storePostalCode', 'storeCountry', 'termsAndConditions', 'websiteUrl'].map((k) => f(k, 'text', [0, k])),
    ],
  },
]

/** The method's arguments with `value` placed at `where`. */
function withValue(method, where, value) {
  const args = method.args()
  if (where.length === 1) args[where[0]] = value
  else args[where[0]] = { ...args[where[0]], [where[1]]: value }
  return args
}

function badValues(field) {
  const values = [...BAD[field.kind]]
  if (field.required && field.kind !== 'id') values.push(null, undefined)
  // An empty string is a missing required text; optional texts may be empty, as upstream.
  if (field.required && field.kind === 'text') values.push('')
  return values
}

function invoke(c, method, args) {
  const [ns, name] = method.name.split('.')
  return c[ns][name](...args)
}

function show(value) {
  if (typeof value === 'symbol') return value.toString()
  if (value instanceof Date) return `Date(${value.getTime()})`
  if (typeof value === 'number' || value === undefined) return String(value)
  return JSON.stringify(value)
}

let rec
let c
test.before(async () => {
  rec = await new Recorder().always({ status: 200, body: '{}' }).listen({ port: 0 })
  c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: `http://127.0.0.1:${rec.port}`, maxNetworkRetries: 0 })
})
test.after(() => rec.close())

test('the matrix covers every method of every namespace', () => {
  const covered = new Set(METHODS.map((m) => m.name))
  for (const ns of ['transactions', 'terminals', 'paymentPlans', 'customers', 'merchants', 'onboarding']) {
    const proto = Object.getPrototypeOf(c[ns])
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || typeof proto[name] !== 'function') continue
      assert.ok(covered.has(`${ns}.${name}`), `${ns}.${name} is missing from the validation matrix`)
    }
  }
  assert.equal(covered.size, 29)
})

test('every bad field value rejects with CoherentValidationError naming the field, and nothing is sent', async () => {
  rec.take()
  let checked = 0
  for (const method of METHODS) {
    for (const field of method.fields) {
      for (const value of badValues(field)) {
        const label = `${method.name}: ${field.name} = ${show(value)}`
        const promise = invoke(c, method, withValue(method, field.where, value))
        assert.ok(promise instanceof Promise, `${label}: returns a Promise`)
        const err = await promise.then(() => null, (e) => e)
        assert.ok(err instanceof CoherentValidationError, `${label}: got ${err && err.name}: ${err && err.message}`)
        assert.equal(err.field, field.name, `${label}: field (${err.message})`)
        assert.equal(err.code, 'ERR_INVALID_ARG_VALUE', label)
        assert.equal(err.attempts, 0, label)
        assert.ok(!err.message.includes(TOKEN), label)
        checked++
      }
    }
  }
  assert.equal(rec.take().length, 0, 'no request may reach the server')
  assert.ok(checked > 600, `checked ${checked} bad values`)
})

test('bad per-call options reject naming the option, on every method, and nothing is sent', async () => {
  rec.take()
  for (const method of METHODS) {
    const args = method.args()
    for (const [options, field] of OPTIONS_BAD) {
      const err = await invoke(c, method, [...args, options]).then(() => null, (e) => e)
      assert.ok(err instanceof CoherentValidationError, `${method.name} options ${show(options)}: ${err}`)
      assert.equal(err.field, field, `${method.name} options ${show(options)}`)
    }
  }
  assert.equal(rec.take().length, 0, 'no request may reach the server')
})

test('the valid calls go through, with and without (nullish) options', async () => {
  rec.take()
  for (const method of METHODS) {
    for (const options of [[], [undefined], [null], [{}], [{ timeout: 5000, maxNetworkRetries: 1, signal: new AbortController().signal }]]) {
      await invoke(c, method, [...method.args(), ...options])
    }
  }
  assert.equal(rec.take().length, METHODS.length * 5)
})

test('optional fields accept undefined and null, forwarded as JSON.stringify forwards them', async () => {
  rec.take()
  let sent = 0
  for (const method of METHODS) {
    for (const field of method.fields) {
      if (field.required || field.kind === 'id' || field.where.length !== 2) continue
      await invoke(c, method, withValue(method, field.where, null))
      const [withNull] = rec.take()
      assert.ok(withNull.body.includes(`"${field.name}":null`), `${method.name}: ${field.name}: null is forwarded: ${withNull.body}`)
      await invoke(c, method, withValue(method, field.where, undefined))
      const [withUndefined] = rec.take()
      assert.ok(!withUndefined.body.includes(`"${field.name}"`), `${method.name}: ${field.name}: undefined is dropped`)
      sent += 2
    }
  }
  assert.ok(sent > 80, `checked ${sent} optional values`)
})

test('optional request objects accept undefined and null (sent as {})', async () => {
  rec.take()
  await c.paymentPlans.charge('pp1', null)
  await c.paymentPlans.charge('pp1', undefined, { timeout: 1000 })
  await c.paymentPlans.resumeAndCharge('pp1', null)
  assert.deepEqual(rec.take().map((r) => r.body), ['{}', '{}', '{}'])
})

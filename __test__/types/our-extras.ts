// What this package's typings add over the official ones, and what they reject.
// Every `@ts-expect-error` below must be needed: tsc fails on an unused one (TS2578).

import * as pkg from '../..'
import {
  Coherent,
  CustomerAPI,
  TransactionAPI,
  TerminalAPI,
  PaymentPlanAPI,
  MerchantAPI,
  OnboardingAPI,
  WebhookAPI,
  PaymentMethod,
  Environment,
  LegalEntityType,
  TransactionStatus,
  RefundStatus,
  PaymentPlanStatus,
  PaymentPlanType,
  PaymentPlanMethod,
  CurrencyCode,
  CoherentError,
  CoherentValidationError,
  CoherentApiError,
  CoherentConnectionError,
  CoherentTimeoutError,
} from '../..'
import type {
  Config,
  Transaction,
  Refund,
  Customer,
  Invoice,
  LineItem,
  PaymentPlan,
  Terminal,
  CustomerWallet,
  WalletCreated,
  Merchant,
  MerchantAccount,
  ApiKeyCreated,
  ApiKeySummary,
  WebhookUrl,
  WebhookPayload,
  OnboardingResponse,
  CreateTransactionRequest,
  CreateRefundRequest,
  RenameTerminalRequest,
  SetTerminalTransactionRequest,
  ClearTerminalTransactionRequest,
  CreatePaymentPlanRequest,
  ChargePaymentPlanRequest,
  ResumeAndChargeRequest,
  OnboardingRequest,
  CreateCustomerRequest,
  CreateWalletRequest,
  DebitWalletRequest,
  CoherentErrorConfig,
  CoherentErrorResponse,
  CoherentErrorJSON,
} from '../..'
// CommonJS `require` of the package root sees the same typings.
import cjs = require('../..')

// ---- helpers ---------------------------------------------------------------------------------

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function assertType<T extends true>(): T | void {}
type Result<F extends (...args: any) => any> = Awaited<ReturnType<F>>

// ---- the root exports exactly these values (no __registerErrorClasses, no __napiBindingTarget)

assertType<
  Equals<
    keyof typeof pkg,
    | 'Coherent'
    | 'CustomerAPI'
    | 'TransactionAPI'
    | 'TerminalAPI'
    | 'PaymentPlanAPI'
    | 'MerchantAPI'
    | 'OnboardingAPI'
    | 'WebhookAPI'
    | 'PaymentMethod'
    | 'Sandbox'
    | 'Environment'
    | 'LegalEntityType'
    | 'TransactionStatus'
    | 'RefundStatus'
    | 'PaymentPlanStatus'
    | 'PaymentPlanType'
    | 'PaymentPlanMethod'
    | 'CurrencyCode'
    | 'CoherentError'
    | 'CoherentValidationError'
    | 'CoherentApiError'
    | 'CoherentConnectionError'
    | 'CoherentTimeoutError'
    | 'CoherentAbortError'
  >
>()
// @ts-expect-error internal hook of index.js, not part of the public API
pkg.__registerErrorClasses
assertType<Equals<typeof cjs.Coherent, typeof Coherent>>()
assertType<Equals<typeof cjs.PaymentPlanStatus, typeof PaymentPlanStatus>>()

// ---- enums: value + union type + member types --------------------------------------------------

assertType<Equals<Environment, 'LOCAL' | 'TEST' | 'PRODUCTION'>>()
assertType<Equals<Environment.Test, 'TEST'>>()
assertType<Equals<typeof Environment.Production, 'PRODUCTION'>>()
assertType<
  Equals<
    LegalEntityType,
    'LimitedCompany' | 'IncorporatedPartnership' | 'SoleProprietorship' | 'UnincorporatedPartnership' | 'NonProfit'
  >
>()
assertType<Equals<LegalEntityType.NonProfit, 'NonProfit'>>()
assertType<Equals<TransactionStatus, 'paid' | 'refunded' | 'rejected' | 'unpaid' | 'void'>>()
assertType<Equals<TransactionStatus.Void, 'void'>>()
assertType<Equals<RefundStatus, 'started' | 'completed' | 'failed'>>()
assertType<Equals<RefundStatus.Failed, 'failed'>>()
assertType<
  Equals<
    PaymentPlanStatus,
    'authorised' | 'authorising' | 'ended' | 'paused' | 'resumed' | 'sent' | 'void' | 'insufficient_funds' | 'error'
  >
>()
assertType<Equals<PaymentPlanStatus.InsufficientFunds, 'insufficient_funds'>>()
assertType<Equals<PaymentPlanStatus.Error, 'error'>>()
assertType<Equals<PaymentPlanType, 'recurring' | 'on_demand'>>()
assertType<Equals<PaymentPlanType.OnDemand, 'on_demand'>>()
assertType<Equals<PaymentPlanMethod, 'card' | 'direct_debit'>>()
assertType<Equals<PaymentPlanMethod.DirectDebit, 'direct_debit'>>()
assertType<Equals<CurrencyCode, 'EUR' | 'GBP'>>()
assertType<Equals<CurrencyCode.GBP, 'GBP'>>()

// Literal strings are accepted wherever an enum is expected.
const literalStatus: TransactionStatus = 'refunded'
const literalPlanStatus: PaymentPlanStatus = 'insufficient_funds'
const literalRefund: RefundStatus = 'completed'
const memberType: PaymentPlanStatus.Paused = 'paused'
// @ts-expect-error not a transaction status
const badStatus: TransactionStatus = 'pending'
// @ts-expect-error a member type holds only its own value
const wrongMember: PaymentPlanStatus.Paused = PaymentPlanStatus.Void
// @ts-expect-error the enum objects are read-only
TransactionStatus.Paid = 'void'

// ---- Config ----------------------------------------------------------------------------------

declare const token: string
declare const maybeToken: string | undefined

const configs: Config[] = [
  { environment: 'TEST', token },
  { environment: 'PRODUCTION', token, timeout: 10_000, userAgent: 'my-clinic-app/2.1' },
  { environment: Environment.Local, token },
  // environment may be left out when baseUrl is given
  { baseUrl: 'http://127.0.0.1:3000', token },
  { baseUrl: 'https://gateway.example.com', environment: 'TEST', token, timeout: 5000 },
]

// @ts-expect-error token is required
new Coherent({ environment: 'TEST' })
// @ts-expect-error token must be a string, so an unchecked environment variable is rejected
new Coherent({ environment: 'TEST', token: maybeToken })
// @ts-expect-error unknown config keys are rejected (the runtime throws on them too)
new Coherent({ environment: 'TEST', token, retries: 3 })
// @ts-expect-error not an environment
new Coherent({ environment: 'staging', token })
// @ts-expect-error timeout is a number of milliseconds
new Coherent({ environment: 'TEST', token, timeout: '30s' })

// ---- namespaces are not optional ---------------------------------------------------------------

const coherent = new Coherent(configs[0])
const transactions: TransactionAPI = coherent.transactions
const terminals: TerminalAPI = coherent.terminals
const paymentPlans: PaymentPlanAPI = coherent.paymentPlans
const customers: CustomerAPI = coherent.customers
const merchants: MerchantAPI = coherent.merchants
const onboarding: OnboardingAPI = coherent.onboarding

// ---- every method, with literal strings where enums are expected -------------------------------

async function everyMethod(): Promise<void> {
  const createRequest: CreateTransactionRequest = { amount: 1000, name: 'John Smith', isMoto: true, postcode: 'SW1A 1AA' }
  const created: Transaction = await coherent.transactions.create(createRequest)
  const fetched = await coherent.transactions.get(created.uuid)
  assertType<Equals<typeof fetched, Transaction>>()
  if (fetched.status === 'paid' || fetched.status === TransactionStatus.Refunded) {
    const refunds: Refund[] = fetched.refunds
    console.log(refunds.filter((r) => r.status === 'completed').length)
  }
  // @ts-expect-error comparing with a string that is not a status
  if (fetched.status === 'pending') console.log('never')
  await coherent.transactions.updateStatus(created.uuid, 'void')
  await coherent.transactions.updateStatus(created.uuid, TransactionStatus.Void)
  // @ts-expect-error only 'void' can be set
  await coherent.transactions.updateStatus(created.uuid, 'paid')
  const refund: CreateRefundRequest = { transactionUuid: created.uuid, amount: 250 }
  assertType<Equals<Result<TransactionAPI['refund']>, void>>()
  await transactions.refund(refund)
  // @ts-expect-error amount must be a number
  await coherent.transactions.create({ amount: true, name: 'John Smith' })
  // @ts-expect-error unknown request keys are rejected, as with the official typings
  await coherent.transactions.create({ amount: 1000, name: 'John Smith', currency: 'GBP' })
  // @ts-expect-error name is required by the typings, as in the official ones
  await coherent.transactions.create({ amount: 1000 })

  const list: Terminal[] = await terminals.list()
  const rename: RenameTerminalRequest = { terminalId: list[0].id, name: 'Front desk' }
  const set: SetTerminalTransactionRequest = { terminalId: list[0].id, transactionUuid: created.uuid }
  const clear: ClearTerminalTransactionRequest = { terminalId: list[0].id }
  await terminals.rename(rename)
  await terminals.setTransaction(set)
  await terminals.clearTransaction(clear)

  const plan: CreatePaymentPlanRequest = {
    name: 'John Smith',
    amount: 1000, // a number (the official typings said string)
    startDate: '2025-01-01', // a string date is sent unchanged
    endDate: new Date('2025-12-01'),
    type: 'recurring',
    method: 'direct_debit',
  }
  const hold: CreatePaymentPlanRequest = { name: 'John Smith', amount: '5000', type: 'on_demand', method: 'card' }
  const createdPlan: PaymentPlan = await paymentPlans.create(plan)
  await paymentPlans.create(hold)
  const gotPlan = await paymentPlans.get(createdPlan.uuid)
  assertType<Equals<typeof gotPlan, PaymentPlan>>()
  await paymentPlans.setStatus(createdPlan.uuid, 'paused')
  await paymentPlans.setStatus(createdPlan.uuid, 'resumed')
  await paymentPlans.setStatus(createdPlan.uuid, PaymentPlanStatus.Void)
  // @ts-expect-error only paused, resumed and void can be set
  await paymentPlans.setStatus(createdPlan.uuid, 'ended')
  // @ts-expect-error only paused, resumed and void can be set
  await paymentPlans.setStatus(createdPlan.uuid, PaymentPlanStatus.Authorised)
  // @ts-expect-error amount must be a number or a string of digits
  await paymentPlans.create({ name: 'John Smith', amount: true, type: 'on_demand' })
  // @ts-expect-error not a plan type
  await paymentPlans.create({ name: 'John Smith', amount: 1000, type: 'weekly' })
  await paymentPlans.notify(createdPlan.uuid)
  const charge: ChargePaymentPlanRequest = { amount: 2000, testScenario: 'declined' }
  await paymentPlans.charge(createdPlan.uuid, charge)
  await paymentPlans.charge(createdPlan.uuid, null)
  await paymentPlans.execute(createdPlan.uuid, { reference: 'INV-1' })
  const resume: ResumeAndChargeRequest = { testScenario: 'insufficient_funds' }
  const recovered = await paymentPlans.resumeAndCharge(createdPlan.uuid, resume)
  assertType<Equals<typeof recovered, { transactionUuid?: string }>>()

  const customerRequest: CreateCustomerRequest = { providerReferenceId: 'P-1', firstName: 'Ada' }
  const customer: Customer = await customers.create(customerRequest)
  const walletRequest: CreateWalletRequest = { name: 'Card on file', email: 'ada@example.com', emailNotify: true, smsNotify: false }
  const wallet: WalletCreated = await customers.createWallet(customer.uuid, walletRequest)
  const wallets: CustomerWallet[] = await customers.listWallets(customer.uuid)
  const authorised = wallets.filter((w) => w.status === 'authorised')
  const debit: DebitWalletRequest = { amount: 500, walletUuid: authorised[0]?.uuid ?? wallet.uuid }
  await customers.debitWallet(customer.uuid, debit)
  // @ts-expect-error emailNotify and smsNotify are required, as in the official typings
  await customers.createWallet(customer.uuid, { name: 'Card on file' })

  const onboardingRequest: OnboardingRequest = {
    name: 'Clinic',
    email: 'clinic@example.com',
    webhookUrl: 'https://example.com/webhook',
    currency: 'EUR',
    legalEntityType: 'SoleProprietorship',
  }
  const onboarded: OnboardingResponse = await onboarding.startOnboarding(onboardingRequest)
  // @ts-expect-error not a supported currency
  await onboarding.startOnboarding({ ...onboardingRequest, currency: 'USD' })

  const merchantList: Merchant[] = await merchants.listMerchants()
  const accounts: MerchantAccount[] = await merchants.listAccounts(merchantList[0].uuid)
  const key: ApiKeyCreated = await merchants.createApiKeyForAccount(merchantList[0].uuid, accounts[0].uuid)
  const keys: ApiKeySummary[] = await merchants.listApiKeysForAccount(merchantList[0].uuid, accounts[0].uuid)
  const webhook: WebhookUrl = await merchants.getWebhookUrl(merchantList[0].uuid)
  const webhookUrl: string | null = webhook.webhookUrl
  const updated: WebhookUrl = await merchants.updateWebhookUrl(merchantList[0].uuid, 'https://example.com/hook')
  assertType<Equals<Result<MerchantAPI['createApiKey']>, ApiKeyCreated>>()
  assertType<Equals<Result<MerchantAPI['listApiKeys']>, ApiKeySummary[]>>()
  console.log(onboarded.apiKey, key.apiKey, keys.length, webhookUrl, updated.webhookUrl)

  // Models
  const invoice: Invoice = created.invoice
  const line: LineItem = { description: 'Consultation', amount: 1000 }
  console.log(invoice.lineItems.concat(line))
}

// ---- webhooks.verify: raw or parsed bodies in, the API's Transaction out ----------------------

async function webhookReceiver(rawBody: Buffer): Promise<void> {
  const webhooks: WebhookAPI = coherent.webhooks
  const fromBytes: Transaction = await webhooks.verify(rawBody)
  const fromText: Transaction = await webhooks.verify(rawBody.toString('utf8'))
  const fromArrayBuffer: Transaction = await webhooks.verify(new ArrayBuffer(8))
  const payload: WebhookPayload = JSON.parse(rawBody.toString('utf8'))
  const fromPayload: Transaction = await webhooks.verify(payload)
  const fromAnyObject: Transaction = await webhooks.verify({ uuid: 'abc', extra: 1 })
  const standalone = new WebhookAPI('https://gateway.example.com', 'api-test-x')
  // @ts-expect-error a number is not a webhook body
  await webhooks.verify(42)
  // @ts-expect-error the payload must be given
  await webhooks.verify()
  console.log(fromBytes.status, fromText, fromArrayBuffer, fromPayload, fromAnyObject, standalone)
}
void webhookReceiver

// ---- PaymentMethod helpers accept what a transaction really holds (null before payment) --------

const formatted: string = PaymentMethod.format('mc_applepay')
const group: string = PaymentMethod.formatGroup(null)
const short: string = PaymentMethod.abbreviatePaymentMethod(undefined)
const detached = PaymentMethod.abbreviatePaymentMethod
console.log(formatted, group, short, detached('paybybank'))
// @ts-expect-error a number is not a payment method (the runtime throws TypeError)
PaymentMethod.format(123)

// ---- errors ------------------------------------------------------------------------------------

async function errorHandling(): Promise<void> {
  try {
    await coherent.transactions.get('tx-1')
  } catch (err) {
    if (err instanceof CoherentApiError) {
      const status: number = err.status
      const response: CoherentErrorResponse = err.response
      const contentType: string | undefined = response.headers['content-type']
      const code: 'ERR_BAD_REQUEST' | 'ERR_BAD_RESPONSE' = err.code
      const axiosLike: true = err.isAxiosError
      console.log(status, response.status, response.data, contentType, code, axiosLike)
      // @ts-expect-error only validation errors have `field`
      console.log(err.field)
    } else if (err instanceof CoherentValidationError) {
      const field: string = err.field
      const code: 'ERR_INVALID_ARG_VALUE' = err.code
      const axiosLike: false = err.isAxiosError
      console.log(field, code, axiosLike)
    } else if (err instanceof CoherentTimeoutError) {
      const limit: number = err.timeout
      const code: 'ECONNABORTED' = err.code
      console.log(limit, code)
    } else if (err instanceof CoherentConnectionError) {
      const code: string | undefined = err.code
      console.log(code, err.message)
    } else if (err instanceof CoherentError) {
      const json: CoherentErrorJSON = err.toJSON()
      const request: CoherentErrorConfig | undefined = err.config
      console.log(json.name, json.code, request?.method, request?.url, err.stack)
    }
    // Every error class is an Error.
    const asError: Error = new CoherentApiError('Request failed with status code 404', { status: 404 })
    console.log(asError instanceof CoherentError)
  }
}

export const extras = {
  literalStatus,
  literalPlanStatus,
  literalRefund,
  memberType,
  badStatus,
  wrongMember,
  everyMethod,
  errorHandling,
}

// ---- per-call options and hooks ----------------------------------------------------------------

async function perCallOptions(c: InstanceType<typeof Coherent>) {
  const controller = new AbortController()
  await c.transactions.get('t1', { timeout: 5000, signal: controller.signal, maxNetworkRetries: 0 })
  await c.terminals.list({ timeout: 1000 })
  await c.paymentPlans.charge('p1', undefined, { maxNetworkRetries: 1 })
  await c.merchants.updateWebhookUrl('m1', 'https://w', { signal: AbortSignal.timeout(100) })
  // @ts-expect-error unknown per-call option
  await c.transactions.get('t1', { timout: 5 })
  const options: cjs.CallOptions = { timeout: 1 }
  void options
  new Coherent({
    environment: 'TEST',
    token: 't',
    maxNetworkRetries: 3,
    onRequest: (e) => assertType<Equals<typeof e.attempt, number>>(),
    onResponse: (e) => assertType<Equals<typeof e.status, number | null>>(),
  })
  new Coherent({
    environment: 'TEST',
    token: 't',
    http2: false,
    onResponse: (e) => assertType<Equals<typeof e.httpVersion, string | null>>(),
  })
  // @ts-expect-error http2 is a boolean
  new Coherent({ environment: 'TEST', token: 't', http2: 'no' })
  new Coherent({ environment: 'TEST', token: 't', asyncStackTraces: false })
  // @ts-expect-error asyncStackTraces is a boolean
  new Coherent({ environment: 'TEST', token: 't', asyncStackTraces: 'no' })
  const err = new cjs.CoherentAbortError('m')
  assertType<Equals<typeof err.name, 'AbortError'>>()
  assertType<Equals<typeof err.attempts, number>>()
}
void perCallOptions

// diagnostics_channel contexts: a subscriber types its messages with them.
function tracingContexts(call: pkg.CallTraceContext, attempt: pkg.AttemptTraceContext) {
  call.headers.traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
  assertType<Equals<typeof call.operation, string>>()
  assertType<Equals<typeof call.status, number | undefined>>()
  assertType<Equals<typeof attempt.call, pkg.CallTraceContext>>()
  // @ts-expect-error headers are strings
  call.headers.tracestate = 1
}
void tracingContexts

// Error codes: the unions generated from crates/schema/src/error_codes.rs name every code, and
// `err.code` still takes a code they lack (a system code the list does not know) in comparisons.
function errorCodes(err: pkg.CoherentConnectionError) {
  const refused: pkg.ConnectionErrorCode = 'ECONNREFUSED'
  const parser: pkg.ConnectionErrorCode = 'HPE_INVALID_CHUNK_SIZE'
  const timeout: pkg.ErrorCode = 'ECONNABORTED'
  const classCode: pkg.ErrorClassCode = 'ERR_INVALID_ARG_VALUE'
  const loading: pkg.LoadingErrorCode = 'ERR_COHERENT_NATIVE_BINDING_NOT_FOUND'
  // @ts-expect-error not a code of the list
  const unknown: pkg.ConnectionErrorCode = 'ECONNREFUSD'
  // @ts-expect-error a class's code is not a connection code
  const notConnection: pkg.ConnectionErrorCode = 'ERR_BAD_REQUEST'
  const other: boolean = err.code === 'EAI_AGAIN'
  const asText: string | undefined = err.code
  console.log(refused, parser, timeout, classCode, loading, unknown, notConnection, other, asText)
}
void errorCodes

/*
 * Public types of @coherentx/coherent, written by hand.
 *
 * `native.d.ts` (generated from the Rust sources) declares the classes and imports the request
 * and result types from this file; `index.d.ts` re-exports both.
 *
 * Conventions:
 * - Amounts are integers in minor units: pennies or cents (£10.00 is `1000`).
 * - Enums are frozen objects of string constants. Wherever an enum type is expected, the enum
 *   member (`TransactionStatus.Paid`) and its string value (`'paid'`) are both accepted, and a
 *   member can be used as a type (`PaymentPlanStatus.Paused`).
 * - Results are the JSON the server sent: fields typed `Date` arrive as ISO-8601 strings, and a
 *   field the server leaves empty may be `null` even where the type does not say so. The types
 *   keep the shapes of the official 0.0.61 typings so code written against them still compiles;
 *   the JSDoc of each field says what really arrives.
 */

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/**
 * The Coherent environment a client talks to (`new Coherent({ environment, token })`).
 *
 * | member       | value          | base URL                                       |
 * | ------------ | -------------- | ---------------------------------------------- |
 * | `Local`      | `'LOCAL'`      | `http://localhost:3000` (a local gateway)      |
 * | `Test`       | `'TEST'`       | `https://service.test.coherenthealthcare.com`  |
 * | `Production` | `'PRODUCTION'` | `https://service.coherenthealthcare.com`       |
 */
export declare const Environment: {
  /** `'LOCAL'`: a gateway on `http://localhost:3000`, e.g. a sandbox during development. */
  readonly Local: 'LOCAL'
  /** `'TEST'`: the test service; use an `api-test-…` key. No real money moves. */
  readonly Test: 'TEST'
  /** `'PRODUCTION'`: the live service; use an `api-production-…` key. */
  readonly Production: 'PRODUCTION'
}
/**
 * One of `'LOCAL'`, `'TEST'`, `'PRODUCTION'` (the values of the {@link Environment} object).
 */
export type Environment = (typeof Environment)[keyof typeof Environment]
/** Each {@link Environment} member as a type of its own. */
export declare namespace Environment {
  /** `'LOCAL'`: a gateway on `http://localhost:3000`, e.g. a sandbox during development. */
  type Local = 'LOCAL'
  /** `'TEST'`: the test service; use an `api-test-…` key. No real money moves. */
  type Test = 'TEST'
  /** `'PRODUCTION'`: the live service; use an `api-production-…` key. */
  type Production = 'PRODUCTION'
}

/** The legal form of a clinic being onboarded ({@link OnboardingRequest.legalEntityType}). */
export declare const LegalEntityType: {
  /** A limited company (e.g. Ltd). */
  readonly LimitedCompany: 'LimitedCompany'
  /** A partnership with its own legal personality (e.g. an LLP). */
  readonly IncorporatedPartnership: 'IncorporatedPartnership'
  /** A sole trader. */
  readonly SoleProprietorship: 'SoleProprietorship'
  /** A partnership without its own legal personality. */
  readonly UnincorporatedPartnership: 'UnincorporatedPartnership'
  /** A charity or other non-profit organisation. */
  readonly NonProfit: 'NonProfit'
}
/** One of the {@link LegalEntityType} values; each value is spelled exactly like its key. */
export type LegalEntityType = (typeof LegalEntityType)[keyof typeof LegalEntityType]
/** Each {@link LegalEntityType} member as a type of its own. */
export declare namespace LegalEntityType {
  /** A limited company (e.g. Ltd). */
  type LimitedCompany = 'LimitedCompany'
  /** A partnership with its own legal personality (e.g. an LLP). */
  type IncorporatedPartnership = 'IncorporatedPartnership'
  /** A sole trader. */
  type SoleProprietorship = 'SoleProprietorship'
  /** A partnership without its own legal personality. */
  type UnincorporatedPartnership = 'UnincorporatedPartnership'
  /** A charity or other non-profit organisation. */
  type NonProfit = 'NonProfit'
}

/** Where a transaction (payment link) is in its life ({@link Transaction.status}). */
export declare const TransactionStatus: {
  /** `'paid'`: the patient has paid. */
  readonly Paid: 'paid'
  /** `'refunded'`: money was paid back; the individual refunds are in {@link Transaction.refunds}. */
  readonly Refunded: 'refunded'
  /** `'rejected'`: the payment attempt was declined. */
  readonly Rejected: 'rejected'
  /** `'unpaid'`: the link is waiting for the patient to pay. */
  readonly Unpaid: 'unpaid'
  /** `'void'`: cancelled with `transactions.updateStatus(uuid, 'void')`; it can no longer be paid. */
  readonly Void: 'void'
}
/** One of `'paid'`, `'refunded'`, `'rejected'`, `'unpaid'`, `'void'`. */
export type TransactionStatus = (typeof TransactionStatus)[keyof typeof TransactionStatus]
/** Each {@link TransactionStatus} member as a type of its own. */
export declare namespace TransactionStatus {
  /** `'paid'`: the patient has paid. */
  type Paid = 'paid'
  /** `'refunded'`: money was paid back; the individual refunds are in {@link Transaction.refunds}. */
  type Refunded = 'refunded'
  /** `'rejected'`: the payment attempt was declined. */
  type Rejected = 'rejected'
  /** `'unpaid'`: the link is waiting for the patient to pay. */
  type Unpaid = 'unpaid'
  /** `'void'`: cancelled with `transactions.updateStatus(uuid, 'void')`; it can no longer be paid. */
  type Void = 'void'
}

/** Progress of one refund ({@link Refund.status}). */
export declare const RefundStatus: {
  /** `'started'`: requested, money not yet returned. */
  readonly Started: 'started'
  /** `'completed'`: the money has been returned to the patient. */
  readonly Completed: 'completed'
  /** `'failed'`: the refund did not go through. */
  readonly Failed: 'failed'
}
/** One of `'started'`, `'completed'`, `'failed'`. */
export type RefundStatus = (typeof RefundStatus)[keyof typeof RefundStatus]
/** Each {@link RefundStatus} member as a type of its own. */
export declare namespace RefundStatus {
  /** `'started'`: requested, money not yet returned. */
  type Started = 'started'
  /** `'completed'`: the money has been returned to the patient. */
  type Completed = 'completed'
  /** `'failed'`: the refund did not go through. */
  type Failed = 'failed'
}

/**
 * Where a payment plan (or a wallet, which is a stored card) is in its life
 * ({@link PaymentPlan.status}, {@link CustomerWallet.status}).
 *
 * Only `Paused`, `Resumed` and `Void` can be set, with `paymentPlans.setStatus`.
 */
export declare const PaymentPlanStatus: {
  /** `'authorised'`: the patient's card or Direct Debit mandate is in place; the plan is active. */
  readonly Authorised: 'authorised'
  /** `'authorising'`: the patient submitted their details; authorisation (e.g. of a mandate) is pending. */
  readonly Authorising: 'authorising'
  /** `'ended'`: the schedule is complete. */
  readonly Ended: 'ended'
  /** `'paused'`: occurrences falling inside the pause are skipped for good. Settable. */
  readonly Paused: 'paused'
  /** `'resumed'`: back to the state before the pause or error. Settable. */
  readonly Resumed: 'resumed'
  /** `'sent'`: the link was sent; waiting for the patient. */
  readonly Sent: 'sent'
  /** `'void'`: the plan and its schedule are cancelled. Settable. */
  readonly Void: 'void'
  /** `'insufficient_funds'`: a Direct Debit collection failed; recover with `paymentPlans.resumeAndCharge`. */
  readonly InsufficientFunds: 'insufficient_funds'
  /** `'error'`: the plan stopped on an error; `Resumed` restores the previous state. */
  readonly Error: 'error'
}
/**
 * One of `'authorised'`, `'authorising'`, `'ended'`, `'paused'`, `'resumed'`, `'sent'`, `'void'`,
 * `'insufficient_funds'`, `'error'`.
 */
export type PaymentPlanStatus = (typeof PaymentPlanStatus)[keyof typeof PaymentPlanStatus]
/** Each {@link PaymentPlanStatus} member as a type of its own, e.g. `PaymentPlanStatus.Paused`. */
export declare namespace PaymentPlanStatus {
  /** `'authorised'`: the patient's card or Direct Debit mandate is in place; the plan is active. */
  type Authorised = 'authorised'
  /** `'authorising'`: the patient submitted their details; authorisation (e.g. of a mandate) is pending. */
  type Authorising = 'authorising'
  /** `'ended'`: the schedule is complete. */
  type Ended = 'ended'
  /** `'paused'`: occurrences falling inside the pause are skipped for good. Settable. */
  type Paused = 'paused'
  /** `'resumed'`: back to the state before the pause or error. Settable. */
  type Resumed = 'resumed'
  /** `'sent'`: the link was sent; waiting for the patient. */
  type Sent = 'sent'
  /** `'void'`: the plan and its schedule are cancelled. Settable. */
  type Void = 'void'
  /** `'insufficient_funds'`: a Direct Debit collection failed; recover with `paymentPlans.resumeAndCharge`. */
  type InsufficientFunds = 'insufficient_funds'
  /** `'error'`: the plan stopped on an error; `Resumed` restores the previous state. */
  type Error = 'error'
}

/** How a payment plan collects money ({@link CreatePaymentPlanRequest.type}). */
export declare const PaymentPlanType: {
  /** `'recurring'` (the default): one payment a month from `startDate`, up to `endDate`. */
  readonly Recurring: 'recurring'
  /** `'on_demand'`: a payment hold, charged whenever you call `paymentPlans.charge`. */
  readonly OnDemand: 'on_demand'
}
/** One of `'recurring'`, `'on_demand'`. */
export type PaymentPlanType = (typeof PaymentPlanType)[keyof typeof PaymentPlanType]
/** Each {@link PaymentPlanType} member as a type of its own. */
export declare namespace PaymentPlanType {
  /** `'recurring'` (the default): one payment a month from `startDate`, up to `endDate`. */
  type Recurring = 'recurring'
  /** `'on_demand'`: a payment hold, charged whenever you call `paymentPlans.charge`. */
  type OnDemand = 'on_demand'
}

/** What a payment plan charges ({@link CreatePaymentPlanRequest.method}). */
export declare const PaymentPlanMethod: {
  /** `'card'`: a stored card. */
  readonly Card: 'card'
  /** `'direct_debit'` (the default): a Direct Debit mandate on the patient's bank account. */
  readonly DirectDebit: 'direct_debit'
}
/** One of `'card'`, `'direct_debit'`. */
export type PaymentPlanMethod = (typeof PaymentPlanMethod)[keyof typeof PaymentPlanMethod]
/** Each {@link PaymentPlanMethod} member as a type of its own. */
export declare namespace PaymentPlanMethod {
  /** `'card'`: a stored card. */
  type Card = 'card'
  /** `'direct_debit'` (the default): a Direct Debit mandate on the patient's bank account. */
  type DirectDebit = 'direct_debit'
}

/** Settlement currency of a clinic being onboarded ({@link OnboardingRequest.currency}). */
export declare const CurrencyCode: {
  /** Euro. */
  readonly EUR: 'EUR'
  /** Pound sterling. */
  readonly GBP: 'GBP'
}
/** One of `'EUR'`, `'GBP'`. */
export type CurrencyCode = (typeof CurrencyCode)[keyof typeof CurrencyCode]
/** Each {@link CurrencyCode} member as a type of its own. */
export declare namespace CurrencyCode {
  /** Euro. */
  type EUR = 'EUR'
  /** Pound sterling. */
  type GBP = 'GBP'
}

// ---------------------------------------------------------------------------------------------
// Client configuration
// ---------------------------------------------------------------------------------------------

/**
 * Options of `new Coherent(config)`. Every problem (unknown key, wrong type, bad value) throws a
 * `CoherentValidationError` whose `field` names the key, e.g. `'config.token'`.
 *
 * @example
 * const coherent = new Coherent({ environment: 'TEST', token: process.env.COHERENT_TOKEN! })
 */
export type Config = {
  /**
   * Which Coherent service to call: `'LOCAL'`, `'TEST'` or `'PRODUCTION'`
   * (or `Environment.Local` / `.Test` / `.Production`).
   *
   * Matched case-insensitively at run time (`'test'` works). Any other value throws instead of
   * silently falling back to production, as the official client did. Required unless
   * {@link Config.baseUrl} is given.
   */
  environment?: Environment
  /**
   * Your Coherent API key (`api-test-…` or `api-production-…`), sent in the `access-token`
   * header. Required and non-empty. It is kept in native memory and never appears in logs,
   * `JSON.stringify(coherent)` or errors.
   */
  token: string
  /**
   * Overrides the environment's URL: the origin (plus an optional path prefix) that
   * `/api/v1/…` is appended to, e.g. `'https://gateway.example.com'`. Must be `https`; plain
   * `http` is accepted only for loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`), so the
   * token never crosses a network in clear text. No credentials, query or fragment.
   */
  baseUrl?: string
  /**
   * Time limit of each call in milliseconds (default `30000`): one budget for connecting,
   * sending, the whole response body, every retry and the waits between them. When it runs out
   * the call rejects with `CoherentTimeoutError`. Connecting alone is also limited to 10 s per
   * attempt. Override per call with {@link CallOptions.timeout}.
   */
  timeout?: number
  /**
   * Appended, after a space, to the client's own `User-Agent` (`coherent-node/<version>`),
   * e.g. `'my-clinic-app/2.1'`. Must not contain control characters.
   */
  userAgent?: string
  /**
   * Automatic retries after the first attempt, where retrying is safe (default `2`, an integer
   * from 0 to 10):
   * - GET and PUT: on connection errors, on timeouts before a response, and on 429, 502, 503,
   *   504 (honouring `Retry-After`, seconds or HTTP date, capped at 60 s);
   * - POST (payments, refunds, wallets...): only when the request provably never left this
   *   machine (connection refused, DNS failure, connect timeout, TLS handshake failure). A POST
   *   that may have reached the server is never replayed, so nothing is charged twice.
   *
   * Waits grow from 0.5 s, doubling, capped at 5 s, with jitter. Errors say how many attempts
   * were made (`err.attempts`). Override per call with {@link CallOptions.maxNetworkRetries}.
   */
  maxNetworkRetries?: number
  /**
   * Called once per HTTP attempt, before its {@link Config.onResponse}, with the method, the
   * encoded path and the attempt number (1-based). Never given bodies, headers or the token.
   * Hooks run on the JS thread when the call settles, in order; a hook that throws is ignored.
   */
  onRequest?: (event: RequestEvent) => void
  /**
   * Called once per HTTP attempt with its outcome: `status` (or `error`, a system code, when no
   * response arrived), `elapsedMs` and the `x-request-id` response header as `requestId`.
   * Never given bodies, headers or the token. Runs on the JS thread when the call settles.
   */
  onResponse?: (event: ResponseEvent) => void
}

/** What {@link Config.onRequest} receives for each attempt. */
export type RequestEvent = {
  /** `'GET'`, `'POST'` or `'PUT'`. */
  method: string
  /** The encoded path, e.g. `'/api/v1/transaction/3f0e…'` (no host, no query). */
  path: string
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number
}

/** What {@link Config.onResponse} receives for each attempt. */
export type ResponseEvent = RequestEvent & {
  /** The HTTP status, or `null` when no response arrived. */
  status: number | null
  /** Milliseconds from sending the attempt to its response body (or failure). */
  elapsedMs: number
  /** The `x-request-id` response header, or `null`. */
  requestId: string | null
  /** The failure code (e.g. `'ECONNREFUSED'`) when no usable response arrived. */
  error?: string
}

/**
 * Options of one call, the optional last argument of every method:
 * `await coherent.transactions.get(uuid, { timeout: 5000, signal })`. Unknown keys are refused
 * with a `CoherentValidationError` naming them (`'options.timout'`). Passing them never changes
 * the request that is sent.
 */
export type CallOptions = {
  /**
   * Time limit of this call in milliseconds, replacing {@link Config.timeout}: one budget for
   * every attempt, the waits between retries and the response body. A positive integer.
   */
  timeout?: number
  /**
   * Cancels the call when aborted: the request in flight is dropped, no retry follows, and the
   * Promise rejects with a {@link CoherentAbortError} (`name === 'AbortError'`). An already
   * aborted signal rejects at once, without any I/O. The listener is removed when the call ends.
   */
  signal?: AbortSignal
  /** Retries for this call (0 to 10), replacing {@link Config.maxNetworkRetries}. */
  maxNetworkRetries?: number
}

// ---------------------------------------------------------------------------------------------
// Results (models)
// ---------------------------------------------------------------------------------------------

/**
 * A transaction: a payment link for a patient, and what became of it.
 *
 * `transactions.create` returns the 11 keys below except `paymentPlan`, with the four
 * `paymentMethod*` / `paymentPaidTime` fields always `null`. `transactions.get` returns all 12
 * keys (any other field the server sends is dropped), or `null` when the server answers with
 * an empty body.
 */
export type Transaction = {
  /** The transaction's id. Pass it to `transactions.get`, `refund`, `updateStatus`, `terminals.setTransaction`. */
  uuid: string
  /** Amount in minor units (pennies/cents): `1000` is £10.00. */
  amount: number
  /**
   * The customer (patient record) the transaction is linked to, as the server sends it.
   * May be `null` at run time when no customer is linked.
   */
  customer: Customer
  /** The invoice the transaction is linked to. May be `null` at run time when there is none. */
  invoice: Invoice
  /**
   * The payment-method variant used, e.g. `'visa'`, `'mc_applepay'`, `'directdebit_GB'`,
   * `'paybybank'`; format it with `PaymentMethod.format`. **`null` at run time** in the result
   * of `transactions.create` and until the transaction is paid (typed `string` for
   * compatibility with the official typings).
   */
  paymentMethod: string
  /** A short description of the payment method (e.g. a masked card). `null` at run time until paid. */
  paymentMethodSummary: string
  /** The authorisation code of the payment. `null` at run time until paid. */
  paymentMethodAuthCode: string
  /** When the payment was made, as a timestamp string. `null` at run time until paid. */
  paymentPaidTime: string
  /**
   * The payment plan that generated this transaction, if any. Only `transactions.get` returns
   * it; match your records on `paymentPlan.transactionReference`.
   */
  paymentPlan?: PaymentPlan
  /** The payment link to send to, or open for, the patient. */
  paymentUrl: string
  /** The refunds made against this transaction, oldest first. */
  refunds: Refund[]
  /** Where the transaction is in its life. */
  status: TransactionStatus
}

/** One refund of a transaction ({@link Transaction.refunds}). */
export type Refund = {
  /** Amount refunded, in minor units. */
  amount: number
  /** Progress of the refund. */
  status: RefundStatus
  /** The reason given to `transactions.refund`, if any. */
  reason?: string
}

/** A customer (patient record), as `customers.create` / `customers.get` return it. */
export type Customer = {
  /** The customer's id. */
  uuid: string
  /** Whether the record is active. */
  active: boolean
  /** First name, if known. */
  firstName?: string
  /** Last name, if known. */
  lastName?: string
  /** The reference Coherent's payment processor uses for this customer's stored cards. */
  shopperReference: string
  /** Email address, if known. */
  email?: string
  /** Mobile phone number with country code, if known. */
  mobile?: string
  /** The patient's id in your own system, as given to `customers.create`. */
  providerReferenceId: string
  /**
   * When the record was created. Typed `Date` for compatibility with the official typings,
   * but it **arrives as an ISO-8601 string**: wrap it in `new Date(…)` before using Date methods.
   */
  createdTime: Date
  /** When the record last changed. Typed `Date`, **arrives as an ISO-8601 string**. */
  updatedTime: Date
}

/** An invoice a transaction or payment plan can be linked to (`invoiceUuid`). */
export type Invoice = {
  /** The invoice's id. */
  uuid: string
  /** What the invoice is for. */
  lineItems: LineItem[]
}

/** One line of an {@link Invoice}. */
export type LineItem = {
  /** What was sold or provided. */
  description: string
  /** Amount in minor units. */
  amount: number
}

/**
 * A payment plan: monthly recurring payments, or an on-demand payment hold.
 *
 * `paymentPlans.create` returns the 17 keys below; `paymentPlans.get` returns the same without
 * `customerUuid` and `invoiceUuid` (as the official client does), or `null` for an empty body.
 * Values are as the server sent them.
 */
export type PaymentPlan = {
  /** The plan's id. */
  uuid: string
  /** Amount of each occurrence (or of the hold), in minor units. */
  amount: number
  /** Email address the plan notifies, if any (may be `null` at run time). */
  email: string
  /**
   * Date of the last occurrence. Typed `Date` for compatibility with the official typings, but
   * it **arrives as an ISO-8601 string** (or `null` when not set).
   */
  endDate: Date
  /** The patient's name. */
  name: string
  /** Internal note, visible to all clinic users (may be `null` at run time). */
  note: string
  /** The link where the patient sets up the card or Direct Debit mandate. */
  paymentUrl: string
  /** Phone number the plan notifies, if any (may be `null` at run time). */
  phone: string
  /**
   * Date of the first occurrence. Typed `Date` for compatibility with the official typings, but
   * it **arrives as an ISO-8601 string** (`null` for on-demand plans).
   */
  startDate: Date
  /** Where the plan is in its life. */
  status: PaymentPlanStatus
  /** Your reference, copied onto every transaction the plan generates. */
  transactionReference: string
  /** Monthly (`'recurring'`) or on demand (`'on_demand'`). */
  type: PaymentPlanType
  /** Card (`'card'`) or Direct Debit (`'direct_debit'`). */
  method: PaymentPlanMethod
  /** The linked customer. Only in the result of `paymentPlans.create`. */
  customerUuid?: string
  /** The linked invoice. Only in the result of `paymentPlans.create`. */
  invoiceUuid?: string
  /** Where the patient is sent after a successful card payment. */
  successUrl?: string
  /** Where the patient is sent after a failed card payment. */
  failureUrl?: string
}

/** A card terminal of the clinic, as `terminals.list` returns it. */
export type Terminal = {
  /** The terminal's id: the device model, a hyphen and its serial number (e.g. `'S1F2-000158…'`). */
  id: string
  /** The friendly name set with `terminals.rename`, if any. */
  name?: string
  /** Whether the terminal is active. */
  active: boolean
  /** The transaction currently shown on the terminal, if any. */
  transaction?: Transaction
}

/** A stored payment method of a customer, as `customers.listWallets` returns it. */
export type CustomerWallet = {
  /** The wallet's id; pass it as `walletUuid` to `customers.debitWallet`. */
  uuid: string
  /** Only a wallet in `'authorised'` can be debited. */
  status: PaymentPlanStatus
}

/** The result of `customers.createWallet`: the saved-card request that was sent to the customer. */
export type WalletCreated = {
  /** The new wallet's id. */
  uuid: string
  /** Amount of the request, in minor units. */
  amount: number
  /** The processor's end-to-end reference for the request, if any. */
  endToEndId?: string
  /** Related links (e.g. the page where the customer saves their card), keyed by purpose. */
  links?: Record<string, string>
}

/** A clinic (merchant) of the partner, as `merchants.listMerchants` returns it. */
export type Merchant = {
  /** The merchant's id. */
  uuid: string
  /** The clinic's name. */
  name: string
  /** The clinic's email address. */
  email: string
  /** The clinic's phone number, if known. */
  phone?: string
  /** Whether the clinic has finished onboarding. */
  onboarded: boolean
}

/** A user account of a merchant, as `merchants.listAccounts` returns it. */
export type MerchantAccount = {
  /** The account's id; pass it to `createApiKeyForAccount` / `listApiKeysForAccount`. */
  uuid: string
  /** The account's email address. */
  email: string
  /** The account holder's name, if known. */
  name?: string
  /** The account's role within the merchant (values are defined by the server). */
  role: string
}

/** A newly created API key (`merchants.createApiKeyForAccount`, `merchants.createApiKey`). */
export type ApiKeyCreated = {
  /** The key's id. */
  uuid: string
  /** The secret key itself. It is returned only this once: store it securely. */
  apiKey: string
}

/** An existing API key as listed by `merchants.listApiKeysForAccount` / `listApiKeys` (never the secret). */
export type ApiKeySummary = {
  /** The key's id. */
  uuid: string
  /** When the key was created, as a timestamp string. */
  createdTime: string
}

/** A merchant's webhook registration (`merchants.getWebhookUrl`). */
export type WebhookUrl = {
  /** The merchant's id. */
  uuid: string
  /** The URL that receives the merchant's transaction status webhooks; `null` when none is set. */
  webhookUrl: string | null
}

/**
 * The body of a transaction-status webhook as the offline sandbox (`coherent-sandbox`) sends it.
 * The live gateway's format is not public; `webhooks.verify` reads only `uuid` from any body.
 *
 * **Never act on `status` here**: anyone can POST this to your webhook URL. Pass the body to
 * `coherent.webhooks.verify(body)` and use the transaction it resolves with.
 */
export type WebhookPayload = {
  /** The kind of event: `'transaction.status'`. */
  type: 'transaction.status' | (string & {})
  /** The transaction whose status changed. */
  uuid: string
  /** The status the sender claims. Untrusted: read the status from `webhooks.verify` instead. */
  status?: string
  /** The merchant the transaction belongs to. */
  merchantUuid?: string
  /** When the change happened (ISO-8601). */
  occurredAt?: string
}

/** The result of `onboarding.startOnboarding`. */
export type OnboardingResponse = {
  /** The new merchant's id. */
  uuid: string
  /** The merchant's first API key. It is returned only this once: store it securely. */
  apiKey: string
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/**
 * Argument of `transactions.create`. Each call creates a new payment link, so store the
 * returned `uuid` against your invoice rather than creating another link for it.
 *
 * Only the fields below (except `location`) are sent; any other key is dropped.
 */
export type CreateTransactionRequest = {
  /** Amount to collect, as a positive integer in minor units: `1000` is £10.00. */
  amount: number
  /** The patient's name. */
  name: string
  /** Internal note on what the payment is for, visible later to all clinic users. */
  note?: string | undefined
  /** Email address of the patient; the link is emailed there when `emailNotify` is `true`. */
  email?: string | undefined
  /** Send the payment request to `email`. */
  emailNotify?: boolean | undefined
  /** A note shown to the patient while paying. */
  patientNote?: string | undefined
  /** Mobile number with country code (only `+44…` numbers are supported for SMS). */
  phone?: string | undefined
  /** Send the payment request by SMS to `phone`. */
  smsNotify?: boolean | undefined
  /**
   * **Not sent.** Declared by the official typings, whose client silently drops it; this
   * client drops it too, so the request on the wire is the same.
   */
  location?: { uuid: string; name: string } | undefined
  /** Where the patient is redirected after a successful payment. */
  successUrl?: string | undefined
  /** Where the patient is redirected after a rejected payment. */
  failureUrl?: string | undefined
  /** Links the transaction to a customer (patient record). */
  customerUuid?: string | undefined
  /** Links the transaction to an invoice. */
  invoiceUuid?: string | undefined
  /** Mail order / telephone order: set when the patient reads the card details out over the phone. */
  isMoto?: boolean | undefined
  /** The patient's billing postcode, prefilled on the checkout (useful for MOTO). */
  postcode?: string | undefined
}

/** Argument of `transactions.refund`. Several partial refunds are allowed, up to the amount paid. */
export type CreateRefundRequest = {
  /** The transaction to refund. */
  transactionUuid: string
  /** Amount to refund, as a positive integer in minor units. */
  amount: number
  /** Why the money is refunded (free text). */
  reason?: string | undefined
}

/** Argument of `terminals.rename`. */
export type RenameTerminalRequest = {
  /** The terminal's id, from `terminals.list`. */
  terminalId: string
  /** The new friendly name. */
  name: string
}

/** Argument of `terminals.setTransaction`. */
export type SetTerminalTransactionRequest = {
  /** The terminal's id, from `terminals.list`. */
  terminalId: string
  /** The transaction to show on the terminal, from `transactions.create`. */
  transactionUuid: string
}

/** Argument of `terminals.clearTransaction`. */
export type ClearTerminalTransactionRequest = {
  /** The terminal's id, from `terminals.list`. */
  terminalId: string
}

/**
 * Argument of `paymentPlans.create`. The object is sent as given (a `Date` as its
 * `toISOString()`, in UTC); keys whose value is `undefined` are left out.
 */
export type CreatePaymentPlanRequest = {
  /** The patient's name. */
  name: string
  /**
   * Amount of each occurrence (or of the hold), in minor units: `1000` is £10.00. A number, or
   * a string of digits (the official typings declared a string; both are sent as given).
   */
  amount: number | string
  /** Internal note, visible to all clinic users and copied onto the generated transactions. */
  note?: string | undefined
  /**
   * Date of the first payment. Required for `'recurring'` plans, not used for `'on_demand'`.
   * A `Date` is sent as its UTC ISO string (so local midnight may become the previous day); a
   * `'YYYY-MM-DD'` string is sent unchanged.
   */
  startDate?: Date | string | undefined
  /** Date of the last payment occurrence; a `Date` or an ISO-8601 string, as `startDate`. */
  endDate?: Date | string | undefined
  /** Email address of the patient. */
  email?: string | undefined
  /** Send the payment-plan link to `email`. */
  emailNotify?: boolean | undefined
  /** Mobile number with country code (only `+44…` is supported). */
  phone?: string | undefined
  /** Send the payment-plan link by SMS to `phone`. */
  smsNotify?: boolean | undefined
  /**
   * Your reference, unique per clinic and recommended: every transaction the plan generates
   * carries it, so webhooks can be matched through `transaction.paymentPlan.transactionReference`.
   */
  transactionReference?: string | undefined
  /** `'recurring'` (monthly, the default) or `'on_demand'` (a hold charged with `paymentPlans.charge`). */
  type?: PaymentPlanType | undefined
  /** `'direct_debit'` (the default) or `'card'`. */
  method?: PaymentPlanMethod | undefined
  /** Links the plan to a customer (patient record). */
  customerUuid?: string | undefined
  /** Links the plan to an invoice. */
  invoiceUuid?: string | undefined
  /** Charge as soon as the patient submits their payment details (undocumented upstream). */
  chargeOnSubmission?: boolean | undefined
  /** Where the patient is sent after a successful payment (card plans only). */
  successUrl?: string | undefined
  /** Where the patient is sent after a failed payment (card plans only). */
  failureUrl?: string | undefined
}

/** Optional argument of `paymentPlans.charge` (on-demand plans). Omitted or `null` sends `{}`. */
export type ChargePaymentPlanRequest = {
  /** Amount to charge instead of the plan's amount, in minor units. */
  amount?: number | undefined
  /** Your reference, stored on the resulting transaction as `paymentPlanExecutionReference`. */
  reference?: string | undefined
  /** An invoice to link to the resulting transaction. */
  invoiceUuid?: string | undefined
  /**
   * Test and local environments only: forces an outcome, e.g. `'insufficient_funds'` or
   * `'declined'`. Ignored in production.
   */
  testScenario?: string | undefined
}

/** Optional argument of `paymentPlans.resumeAndCharge`. Omitted or `null` sends `{}`. */
export type ResumeAndChargeRequest = {
  /**
   * Test and local environments only: forces the outcome of the recovery charge, e.g.
   * `'insufficient_funds'` or `'declined'`. Ignored in production.
   */
  testScenario?: string | undefined
}

/** Argument of `onboarding.startOnboarding`: the clinic (merchant) to onboard. */
export type OnboardingRequest = {
  /** The clinic's name. */
  name: string
  /** Settlement currency, `'GBP'` or `'EUR'`. */
  currency?: CurrencyCode | undefined
  /** The clinic's email address; it receives the email to finish onboarding. */
  email: string
  /** Industry (merchant category) code of the clinic. */
  industryCode?: string | undefined
  /** Registered name of the legal entity. */
  legalEntityName?: string | undefined
  /** Company or charity registration number. */
  legalEntityRegistrationNumber?: string | undefined
  /** Legal form, e.g. `'LimitedCompany'` or `'SoleProprietorship'`. */
  legalEntityType?: LegalEntityType | undefined
  /** URL of the clinic's logo. */
  logoUrl?: string | undefined
  /** A URL notified about the onboarding's progress (undocumented upstream). */
  onboardingWebhookUrl?: string | undefined
  /** The clinic's phone number. */
  phone?: string | undefined
  /** First line of the clinic's address. */
  storeLine1?: string | undefined
  /** City of the clinic's address. */
  storeCity?: string | undefined
  /** Postal code of the clinic's address. */
  storePostalCode?: string | undefined
  /** Country of the clinic's address. */
  storeCountry?: string | undefined
  /** The clinic's terms and conditions (text or URL). */
  termsAndConditions?: string | undefined
  /** The clinic's website. */
  websiteUrl?: string | undefined
  /** Where the clinic's transaction status webhooks are sent (can be changed later with `merchants.updateWebhookUrl`). */
  webhookUrl: string
}

/** Argument of `customers.create`. */
export type CreateCustomerRequest = {
  /** The patient's id in your own system, used to reconcile Coherent records with yours. */
  providerReferenceId: string
  /** First name. */
  firstName?: string | undefined
  /** Last name. */
  lastName?: string | undefined
  /** Email address. */
  email?: string | undefined
  /** Mobile number with country code. */
  mobile?: string | undefined
  /** Whether the record is active (the server defaults to `true`). */
  active?: boolean | undefined
}

/** Argument of `customers.createWallet`: a request to the customer to save a card. */
export type CreateWalletRequest = {
  /** Label the patient sees on the saved-card request. */
  name: string
  /** Email address to send the link to. */
  email?: string | undefined
  /** Phone number (with country code) to send the link to. */
  phone?: string | undefined
  /** Send the link by email. */
  emailNotify: boolean
  /** Send the link by SMS. */
  smsNotify: boolean
}

/** Argument of `customers.debitWallet`. */
export type DebitWalletRequest = {
  /** Amount to charge, as a positive integer in minor units. */
  amount: number
  /** The wallet to charge; when omitted the customer's first authorised wallet is charged. */
  walletUuid?: string | undefined
}

// The error classes and their detail types are in lib/errors.d.ts, generated from lib/errors.js.

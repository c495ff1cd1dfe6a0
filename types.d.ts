/*
 * Public types of @coherentx/coherent that napi-rs cannot generate, written by hand: the enums
 * (a frozen object, a union type and a namespace each, as 0.0.61 declares them), the hook
 * events, the result models (0.0.61's shapes) and the error classes.
 *
 * `native.d.ts` (generated from the Rust sources) declares the classes, the request types and
 * the option sets (`Config`, `CallOptions`), and imports the rest from this file; `index.d.ts`
 * re-exports both.
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

/** The legal form of a clinic being onboarded (`OnboardingRequest.legalEntityType`). */
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

/** How a payment plan collects money (`CreatePaymentPlanRequest.type`). */
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

/** What a payment plan charges (`CreatePaymentPlanRequest.method`). */
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

/** Settlement currency of a clinic being onboarded (`OnboardingRequest.currency`). */
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
// Hook events (`Config.onRequest`, `Config.onResponse`)
// ---------------------------------------------------------------------------------------------

/** What `Config.onRequest` receives for each attempt. */
export type RequestEvent = {
  /** `'GET'`, `'POST'` or `'PUT'`. */
  method: string
  /** The encoded path, e.g. `'/api/v1/transaction/3f0e…'` (no host, no query). */
  path: string
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number
}

/** What `Config.onResponse` receives for each attempt. */
export type ResponseEvent = RequestEvent & {
  /** The HTTP status, or `null` when no response arrived. */
  status: number | null
  /** Milliseconds from sending the attempt to its response body (or failure). */
  elapsedMs: number
  /** The `x-request-id` response header, cleaned as `err.requestId` is, or `null`. */
  requestId: string | null
  /** The protocol the response came over: `'1.1'` or `'2'` (HTTP/2); `null` when none arrived. */
  httpVersion: string | null
  /** The failure code (e.g. `'ECONNREFUSED'`) when no usable response arrived. */
  error?: string
}

// ---------------------------------------------------------------------------------------------
// Tracing (diagnostics_channel `@coherentx/coherent:call` / `:attempt`; README "Observability")
// ---------------------------------------------------------------------------------------------

/** The context of `@coherentx/coherent:call`: one object through all events of one API call. */
export type CallTraceContext = {
  /** The method called, e.g. `'transactions.create'`. */
  operation: string
  namespace: string
  method: string
  /** `'GET'`, `'POST'` or `'PUT'`; undefined when the call failed before a request was built. */
  httpMethod?: string
  /** The path with ids as `{name}`, e.g. `'/api/v1/transaction/{uuid}'`. */
  pathTemplate?: string
  serverAddress: string
  serverPort?: number
  /** `scheme://host:port` of the base URL. */
  url: string
  /** Set `traceparent` / `tracestate` here in `start` to send them on every attempt. */
  headers: { traceparent?: string; tracestate?: string; [name: string]: unknown }
  /** Set when the call settles: HTTP attempts made (0 before any I/O). */
  attempts?: number
  status?: number
  requestId?: string
  /** `'1.1'` or `'2'`, once the transport reports it. */
  httpVersion?: string
  /** `err.code` of the rejection. */
  errorCode?: string
  /** The rejection itself. */
  error?: unknown
}

/** The context of `@coherentx/coherent:attempt`, published (start, end) when the call settles. */
export type AttemptTraceContext = {
  operation: string
  httpMethod: string
  pathTemplate: string
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number
  /** The gap since the previous attempt ended; 0 for the first. */
  retryDelayMs: number
  /** On the `performance.now()` clock: `performance.timeOrigin + startTime` is epoch ms. */
  startTime: number
  endTime: number
  elapsedMs: number
  status?: number
  /** When no answer came, e.g. `'ECONNREFUSED'`, `'ECONNABORTED'` (timeout), `'ABORT_ERR'`. */
  errorCode?: string
  requestId?: string
  httpVersion?: string
  /** The call's context object. */
  call: CallTraceContext
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

// The error classes and their detail types are in lib/errors.d.ts, generated from lib/errors.js.

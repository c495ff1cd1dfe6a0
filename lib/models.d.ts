/*
 * The result models: what each method resolves with, in the shapes of the official 0.0.61
 * typings (so code written against them still compiles), written by hand. Re-exported by
 * `types.d.ts`.
 *
 * Results are the JSON the server sent: fields typed `Date` arrive as ISO-8601 strings, and a
 * field the server leaves empty may be `null` even where the type does not say so; the JSDoc of
 * each field says what really arrives. Amounts are integers in minor units: pennies or cents
 * (£10.00 is `1000`).
 */
import type {
  PaymentPlanMethod,
  PaymentPlanStatus,
  PaymentPlanType,
  RefundStatus,
  TransactionStatus,
} from './enums'

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

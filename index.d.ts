/*
 * Typings of @coherentx/coherent, a drop-in replacement for the official Coherent Payments
 * client. Everything the official 0.0.61 package exports is exported here under the same
 * name, plus the enums, types and API classes it declared but forgot to export from the root
 * (PaymentPlanStatus, PaymentPlan, request types, ...) and the error classes.
 *
 * The classes come from `native.d.ts` (generated from the Rust sources); the enums, models and
 * requests from `types.d.ts` (written by hand); the error classes from `lib/errors.d.ts`
 * (generated from the JSDoc of `lib/errors.js`).
 */

export {
  Coherent,
  CustomerAPI,
  TransactionAPI,
  TerminalAPI,
  PaymentPlanAPI,
  MerchantAPI,
  OnboardingAPI,
  WebhookAPI,
  PaymentMethod,
  // The offline gateway for tests and demos (see README, "Sandbox").
  Sandbox,
} from './native'
export type { SandboxOptions, SandboxWebhookRetry, SandboxDelivery, SandboxAttempt, SandboxMessage, SandboxClinic, SandboxClock, SandboxUpcoming } from './native'

// Enums: each is a frozen object of string constants, a union type of its values, and a
// namespace of one type per member.
export {
  Environment,
  LegalEntityType,
  TransactionStatus,
  RefundStatus,
  PaymentPlanStatus,
  PaymentPlanType,
  PaymentPlanMethod,
  CurrencyCode,
} from './types'

// Error classes and their detail types (CoherentErrorConfig, CoherentErrorResponse,
// CoherentErrorJSON): lib/errors.d.ts, generated from the JSDoc of lib/errors.js.
export * from './lib/errors'

export type {
  // Configuration
  Config,
  CallOptions,
  RequestEvent,
  ResponseEvent,
  // Results
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
  // Requests
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
} from './types'

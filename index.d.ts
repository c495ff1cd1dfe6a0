/*
 * Typings of @coherentx/coherent, a drop-in replacement for the official Coherent Payments
 * client. Everything the official 0.0.61 package exports is exported here under the same
 * name, plus the enums, types and API classes it declared but forgot to export from the root
 * (PaymentPlanStatus, PaymentPlan, request types, ...) and the error classes.
 *
 * The classes, request types and option sets come from `native.d.ts` (generated from the Rust
 * sources); the enums, hook events and models from `types.d.ts` (which says where each is
 * written); the error classes from `lib/errors.d.ts` (generated from the JSDoc of
 * `lib/errors.js`) and the types of their codes from `lib/error-codes.d.ts` (generated).
 */
import type * as native from './native'

/**
 * napi-rs declares request types and option sets as interfaces; 0.0.61 declared them as type aliases, which (unlike
 * interfaces) are assignable to index-signature types such as `Record<string, unknown>`. This
 * mapped type keeps that, and every key, modifier and doc comment.
 */
type Plain<T> = { [K in keyof T]: T[K] }

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
} from './native'

// The offline gateway for tests and demos (see README, "Sandbox"), from the development
// dependency @coherentx/coherent-sandbox, loaded on first use. Typed where that package is
// installed (`any` elsewhere, where `Sandbox.start` rejects with ERR_COHERENT_SANDBOX_NOT_INSTALLED).
// @ts-ignore: resolves only where the development dependency is installed
export { Sandbox } from '@coherentx/coherent-sandbox'
// @ts-ignore: as above
export type { SandboxOptions, SandboxWebhookRetry, SandboxDelivery, SandboxAttempt, SandboxMessage, SandboxClinic, SandboxClock, SandboxUpcoming } from '@coherentx/coherent-sandbox'

// Enums: each is a frozen object of string constants, a union type of its values, and a
// namespace of one type per member (generated from crates/schema/src/enums.rs, as lib/enums.js).
export * from './lib/enums'

// Error classes, their detail types (CoherentErrorConfig, CoherentErrorResponse,
// CoherentErrorJSON) and code types (ErrorCode, ConnectionErrorCode, ErrorClassCode):
// lib/errors.d.ts, generated from the JSDoc of lib/errors.js.
export * from './lib/errors'
// The codes of what loading the package may throw (the others come with lib/errors).
export type { LoadingErrorCode } from './lib/error-codes'

export type {
  // Hook events
  RequestEvent,
  ResponseEvent,
  // diagnostics_channel contexts
  CallTraceContext,
  AttemptTraceContext,
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
} from './types'

// Option sets (generated from src/option_types.rs).
export type Config = Plain<native.Config>
export type CallOptions = Plain<native.CallOptions>
// The argument of `coherent.request` (generated from src/raw_request.rs).
export type RawRequestInit = Plain<native.RawRequestInit>

// Request types (generated from the tables of crates/schema, which also hold their rules).
export type CreateTransactionRequest = Plain<native.CreateTransactionRequest>
export type CreateRefundRequest = Plain<native.CreateRefundRequest>
export type RenameTerminalRequest = Plain<native.RenameTerminalRequest>
export type SetTerminalTransactionRequest = Plain<native.SetTerminalTransactionRequest>
export type ClearTerminalTransactionRequest = Plain<native.ClearTerminalTransactionRequest>
export type CreatePaymentPlanRequest = Plain<native.CreatePaymentPlanRequest>
export type ChargePaymentPlanRequest = Plain<native.ChargePaymentPlanRequest>
export type ResumeAndChargeRequest = Plain<native.ResumeAndChargeRequest>
export type OnboardingRequest = Plain<native.OnboardingRequest>
export type CreateCustomerRequest = Plain<native.CreateCustomerRequest>
export type CreateWalletRequest = Plain<native.CreateWalletRequest>
export type DebitWalletRequest = Plain<native.DebitWalletRequest>

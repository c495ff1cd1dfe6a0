// The request types and option sets are generated from Rust (napi-rs declares interfaces); they
// are re-exported as type aliases, as 0.0.61 declared them, so code that passes them where an
// index-signature type is expected (loggers, generic helpers) still compiles.

import type { CallOptions, Config, CreateTransactionRequest, CreateWalletRequest, OnboardingRequest } from '../..'

const transaction: CreateTransactionRequest = { amount: 1000, name: 'John Smith', emailNotify: true }
const config: Config = { environment: 'TEST', token: 'api-test-x' }
const options: CallOptions = { timeout: 5000 }
export const asRecords: Record<string, unknown>[] = [transaction, config, options]

// createWallet's emailNotify and smsNotify are required (as 0.0.61 and the API say).
export const wallet: CreateWalletRequest = { name: 'Card on file', emailNotify: false, smsNotify: false }
// @ts-expect-error emailNotify and smsNotify are missing
export const incompleteWallet: CreateWalletRequest = { name: 'Card on file' }

// Enum-typed fields take the enum's values.
export const onboarding: OnboardingRequest = { name: 'Clinic', email: 'c@x', webhookUrl: 'https://w', currency: 'GBP', legalEntityType: 'NonProfit' }
// @ts-expect-error 'USD' is not a CurrencyCode
export const badCurrency: OnboardingRequest = { name: 'Clinic', email: 'c@x', webhookUrl: 'https://w', currency: 'USD' }

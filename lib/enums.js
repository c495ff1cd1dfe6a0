'use strict'
// The enum objects of the official client (TypeScript string enums compile to these), frozen.
// PaymentPlanStatus, PaymentPlanType, PaymentPlanMethod and CurrencyCode are exported from the
// root here too: the official README uses them, but 0.0.61 forgot to export them.

const Environment = Object.freeze({ Local: 'LOCAL', Test: 'TEST', Production: 'PRODUCTION' })

const LegalEntityType = Object.freeze({
  LimitedCompany: 'LimitedCompany',
  IncorporatedPartnership: 'IncorporatedPartnership',
  SoleProprietorship: 'SoleProprietorship',
  UnincorporatedPartnership: 'UnincorporatedPartnership',
  NonProfit: 'NonProfit',
})

const TransactionStatus = Object.freeze({
  Paid: 'paid',
  Refunded: 'refunded',
  Rejected: 'rejected',
  Unpaid: 'unpaid',
  Void: 'void',
})

const RefundStatus = Object.freeze({ Started: 'started', Completed: 'completed', Failed: 'failed' })

const PaymentPlanStatus = Object.freeze({
  Authorised: 'authorised',
  Authorising: 'authorising',
  Ended: 'ended',
  Paused: 'paused',
  Resumed: 'resumed',
  Sent: 'sent',
  Void: 'void',
  InsufficientFunds: 'insufficient_funds',
  Error: 'error',
})

const PaymentPlanType = Object.freeze({ Recurring: 'recurring', OnDemand: 'on_demand' })

const PaymentPlanMethod = Object.freeze({ Card: 'card', DirectDebit: 'direct_debit' })

const CurrencyCode = Object.freeze({ EUR: 'EUR', GBP: 'GBP' })

module.exports = {
  Environment,
  LegalEntityType,
  TransactionStatus,
  RefundStatus,
  PaymentPlanStatus,
  PaymentPlanType,
  PaymentPlanMethod,
  CurrencyCode,
}

// ESM entry: the same objects as the CommonJS entry, exported by name.
import pkg from './index.js'

export const {
  Coherent,
  CustomerAPI,
  TransactionAPI,
  TerminalAPI,
  PaymentPlanAPI,
  MerchantAPI,
  OnboardingAPI,
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
} = pkg

export default pkg

'use strict'
// Public entry of @coherentx/coherent. lib/native-binding.js loads the native binary (and explains
// why, when it cannot); this file adds the JS-defined pieces (error classes, enum objects) and
// exports everything by name, so CommonJS `require` and ESM named imports see the same objects.

const native = require('./lib/native-binding.js')
const errors = require('./lib/errors.js')
const enums = require('./lib/enums.js')
const tracing = require('./lib/tracing.js')
const sandbox = require('./lib/sandbox.js')

native.__registerErrorClasses(errors)
native.__registerTracing(tracing)

exports.Coherent = native.Coherent
exports.CustomerAPI = native.CustomerAPI
exports.TransactionAPI = native.TransactionAPI
exports.TerminalAPI = native.TerminalAPI
exports.PaymentPlanAPI = native.PaymentPlanAPI
exports.MerchantAPI = native.MerchantAPI
exports.OnboardingAPI = native.OnboardingAPI
exports.WebhookAPI = native.WebhookAPI
exports.PaymentMethod = native.PaymentMethod
// The offline gateway, from the development dependency @coherentx/coherent-sandbox, loaded on
// first use: `await Sandbox.start({ port: 0 })`.
exports.Sandbox = sandbox.Sandbox

exports.Environment = enums.Environment
exports.LegalEntityType = enums.LegalEntityType
exports.TransactionStatus = enums.TransactionStatus
exports.RefundStatus = enums.RefundStatus
exports.PaymentPlanStatus = enums.PaymentPlanStatus
exports.PaymentPlanType = enums.PaymentPlanType
exports.PaymentPlanMethod = enums.PaymentPlanMethod
exports.CurrencyCode = enums.CurrencyCode

exports.CoherentError = errors.CoherentError
exports.CoherentValidationError = errors.CoherentValidationError
exports.CoherentApiError = errors.CoherentApiError
exports.CoherentConnectionError = errors.CoherentConnectionError
exports.CoherentTimeoutError = errors.CoherentTimeoutError
exports.CoherentAbortError = errors.CoherentAbortError

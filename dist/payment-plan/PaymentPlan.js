'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/payment-plan/PaymentPlan`: re-exports from the package root.
const root = require('../../index.js')
exports.PaymentPlanStatus = root.PaymentPlanStatus
exports.PaymentPlanType = root.PaymentPlanType
exports.PaymentPlanMethod = root.PaymentPlanMethod

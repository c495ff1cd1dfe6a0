'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/payment-plan/PaymentPlanAPI`: re-exports from the package root.
const root = require('../../index.js')
exports.PaymentPlanAPI = root.PaymentPlanAPI

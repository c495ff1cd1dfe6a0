'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/types/PaymentMethod`: re-exports from the package root.
const root = require('../../index.js')
exports.PaymentMethod = root.PaymentMethod

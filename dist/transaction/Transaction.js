'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/transaction/Transaction`: re-exports from the package root.
const root = require('../../index.js')
exports.TransactionStatus = root.TransactionStatus
exports.RefundStatus = root.RefundStatus

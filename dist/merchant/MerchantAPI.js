'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/merchant/MerchantAPI`: re-exports from the package root.
const root = require('../../index.js')
exports.MerchantAPI = root.MerchantAPI

'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/merchant/LegalEntityType`: re-exports from the package root.
const root = require('../../index.js')
exports.LegalEntityType = root.LegalEntityType

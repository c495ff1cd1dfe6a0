'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/Coherent`: re-exports from the package root.
const root = require('../index.js')
exports.Environment = root.Environment
exports.Coherent = root.Coherent

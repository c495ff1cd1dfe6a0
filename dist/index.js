'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/index`: re-exports from the package root.
module.exports = require('../index.js')

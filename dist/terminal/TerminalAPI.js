'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/terminal/TerminalAPI`: re-exports from the package root.
const root = require('../../index.js')
exports.TerminalAPI = root.TerminalAPI

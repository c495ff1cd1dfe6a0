'use strict'
// The request tables of crates/schema as JSON (`cargo run -p coherent-schema --example
// request_tables`): what the type test and the OpenAPI drift test compare against.
const { execFileSync } = require('node:child_process')
const path = require('node:path')

/** Every request table, as the schema crate prints it. */
function rustTables() {
  const out = execFileSync('cargo', ['run', '-q', '-p', 'coherent-schema', '--example', 'request_tables'], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out)
}

module.exports = { rustTables }

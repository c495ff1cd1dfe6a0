'use strict'
// The request typings cannot drift from the request tables: every request type the package
// exports (index.d.ts, read through the TypeScript compiler API) must have the keys, and the
// optionality, of its table in crates/schema (printed as JSON by
// `cargo run -p coherent-schema --example request_tables`), and every table must be exported.
//
// build.rs generates the declarations from those same tables, so this proves what ships (the
// committed native.d.ts, re-exported by index.d.ts) follows them; `.ci/run` proves it fresh.
// The option sets (`Config`, `CallOptions`, declared in src/option_types.rs) are held the same way to
// the key lists the binding checks at run time, which its "unknown key" errors list.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const ts = require('typescript')

const REPO = path.join(__dirname, '..')

const { rustTables } = require('./helpers/request-tables')

// { TypeName: { key: optional } } for every type exported by the package root.
function exportedTypes() {
  const entry = path.join(REPO, 'index.d.ts')
  const program = ts.createProgram([entry], { strict: true, noEmit: true, types: [], skipLibCheck: true })
  const checker = program.getTypeChecker()
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry))
  const types = {}
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    if (!(target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface))) continue
    const type = checker.getDeclaredTypeOfSymbol(target)
    const keys = {}
    for (const property of checker.getPropertiesOfType(type)) {
      keys[property.name] = (property.flags & ts.SymbolFlags.Optional) !== 0
    }
    types[symbol.name] = keys
  }
  return types
}

// The keys the binding accepts, as listed by the error for an unknown key: "... (allowed: a, b)".
function allowedKeys(provoke) {
  let message
  try {
    provoke()
  } catch (e) {
    message = e.message
  }
  const match = /\(allowed: ([^)]*)\)/.exec(message ?? '')
  assert.ok(match, `no list of allowed keys in: ${message}`)
  return match[1].split(', ').sort()
}

const tables = rustTables()
const exported = exportedTypes()

test('the core has a table for every request type (and the example prints them)', () => {
  assert.ok(Object.keys(tables).length >= 12, `only ${Object.keys(tables).length} tables`)
  const requestNames = Object.keys(exported).filter((name) => name.endsWith('Request')).sort()
  assert.deepEqual(Object.keys(tables).sort(), requestNames)
})

for (const [name, table] of Object.entries(tables)) {
  test(`${name}: typed keys and optionality are the table's`, () => {
    const typed = exported[name]
    assert.ok(typed, `${name} is not exported from index.d.ts`)
    const fromTable = Object.fromEntries(table.fields.map((f) => [f.name, f.optional]))
    assert.deepEqual(typed, fromTable)
  })
}

test('picked bodies list each field once; path ids are required', () => {
  for (const [name, table] of Object.entries(tables)) {
    const names = table.fields.map((f) => f.name)
    assert.equal(new Set(names).size, names.length, `${name} repeats a field`)
    for (const f of table.fields.filter((f) => f.place === 'path')) {
      assert.equal(f.optional, false, `${name}.${f.name}`)
    }
  }
})

test('Config and CallOptions declare exactly the keys the binding accepts', async () => {
  const { Coherent } = require('..')
  const config = allowedKeys(() => new Coherent({ environment: 'TEST', token: 'api-test-x', notAKey: 1 }))
  assert.deepEqual(Object.keys(exported.Config).sort(), config)
  const coherent = new Coherent({ environment: 'TEST', token: 'api-test-x' })
  const rejection = await coherent.transactions.get('tx', { notAKey: 1 }).catch((e) => e)
  const options = allowedKeys(() => {
    throw rejection
  })
  assert.deepEqual(Object.keys(exported.CallOptions).sort(), options)
  assert.equal(exported.Config.token, false, 'token is required')
  assert.ok(Object.values(exported.CallOptions).every(Boolean), 'every call option is optional')
})

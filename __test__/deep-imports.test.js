'use strict'
// Deep imports: every `dist/...` module of the official 0.0.61 package must keep working here,
// through the package name (so through our "exports" map), with the same exported names (runtime
// and types) and the same enum values. The list of modules is read from the official package
// itself, so a module we forgot fails the test.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { pathToFileURL } = require('node:url')
const ts = require('typescript')

const OFFICIAL_DIST = path.dirname(require.resolve('coherent-official/dist/index.js'))
const OUR_ROOT = path.join(__dirname, '..')

function officialModules() {
  const found = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.js')) found.push(path.relative(OFFICIAL_DIST, full).slice(0, -3).split(path.sep).join('/'))
    }
  }
  walk(OFFICIAL_DIST)
  return found.sort()
}

const MODULES = officialModules()
// The root re-export may add names (the enums and classes 0.0.61 forgot, the error classes);
// every other module must match exactly.
const SUPERSET_ALLOWED = new Set(['index'])

// Not export names of either package: interop keys (`__esModule`; `default`, and since Node 23
// `module.exports`, on the ESM namespace of a CommonJS module).
const INTEROP_KEYS = new Set(['__esModule', 'default', 'module.exports'])

function runtimeNames(moduleExports) {
  return Object.keys(moduleExports).filter((name) => !INTEROP_KEYS.has(name)).sort()
}

function assertNames(mod, ours, official) {
  if (SUPERSET_ALLOWED.has(mod)) {
    const missing = official.filter((name) => !ours.includes(name))
    assert.deepEqual(missing, [], `dist/${mod}: names missing from ours`)
  } else {
    assert.deepEqual(ours, official, `dist/${mod}: exported names`)
  }
}

test('the official package has the deep modules this test expects', () => {
  assert.ok(MODULES.length >= 17, `found ${MODULES.length} modules`)
  for (const mod of ['merchant/Merchant', 'payment-plan/PaymentPlan', 'index', 'types/PaymentMethod']) {
    assert.ok(MODULES.includes(mod), mod)
  }
})

test('require(): every 0.0.61 dist module, with and without .js, exports the same names and enum values', () => {
  for (const mod of MODULES) {
    const official = require(path.join(OFFICIAL_DIST, mod + '.js'))
    for (const specifier of [`@coherentx/coherent/dist/${mod}`, `@coherentx/coherent/dist/${mod}.js`]) {
      const ours = require(specifier)
      assertNames(mod, runtimeNames(ours), runtimeNames(official))
      for (const name of runtimeNames(official)) {
        const value = official[name]
        if (typeof value === 'object' && value !== null) {
          // TypeScript string enums compile to plain objects: same members, same wire values.
          assert.deepEqual({ ...ours[name] }, { ...value }, `dist/${mod}: enum ${name}`)
        } else {
          assert.equal(typeof ours[name], typeof value, `dist/${mod}: ${name} is a ${typeof value}`)
        }
        // One object per name: the deep path and the root hand out the same thing.
        assert.equal(ours[name], require('@coherentx/coherent')[name], `dist/${mod}: ${name} is the root's`)
      }
    }
  }
})

test('require("@coherentx/coherent/dist") resolves the index as it did (directory index)', () => {
  assert.equal(require('@coherentx/coherent/dist'), require('@coherentx/coherent'))
})

test('import(): every 0.0.61 dist module with .js (what ESM allowed in 0.0.61) and without', async () => {
  for (const mod of MODULES) {
    const official = await import(pathToFileURL(path.join(OFFICIAL_DIST, mod + '.js')).href)
    for (const specifier of [`@coherentx/coherent/dist/${mod}.js`, `@coherentx/coherent/dist/${mod}`]) {
      const ours = await import(specifier)
      assertNames(mod, runtimeNames(ours), runtimeNames(official))
      for (const name of runtimeNames(official)) {
        assert.equal(ours[name], require('@coherentx/coherent')[name], `${specifier}: ${name}`)
      }
    }
  }
  const { PaymentPlanStatus } = await import('@coherentx/coherent/dist/payment-plan/PaymentPlan.js')
  assert.equal(PaymentPlanStatus.Paused, 'paused')
  const { CurrencyCode } = await import('@coherentx/coherent/dist/merchant/Merchant')
  assert.equal(CurrencyCode.GBP, 'GBP')
})

// Type-level export names of each .d.ts, through the TypeScript checker (values and types alike).
function typeExports(files) {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  })
  const checker = program.getTypeChecker()
  const result = new Map()
  for (const file of files) {
    const source = program.getSourceFile(file)
    assert.ok(source, `TypeScript loaded ${file}`)
    const symbol = checker.getSymbolAtLocation(source)
    const names = symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : []
    result.set(file, names.filter((name) => name !== 'default').sort())
  }
  return result
}

test('.d.ts: every 0.0.61 dist module declares the same exported names (values and types)', () => {
  const pairs = MODULES.map((mod) => ({
    mod,
    official: path.join(OFFICIAL_DIST, mod + '.d.ts'),
    ours: path.join(OUR_ROOT, 'dist', mod + '.d.ts'),
  }))
  for (const { ours } of pairs) assert.ok(fs.existsSync(ours), `${ours} exists`)
  const names = typeExports(pairs.flatMap((p) => [p.official, p.ours]))
  for (const { mod, official, ours } of pairs) {
    assert.ok(names.get(official).length > 0, `dist/${mod}: official exports something`)
    assertNames(mod, names.get(ours), names.get(official))
  }
})

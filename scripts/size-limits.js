#!/usr/bin/env node
'use strict'
// "Files under 400 lines, functions under ~80" (CONTRIBUTING, House rules), checked over the
// whole tree: every hand-written source file git tracks, tests and generated files left out.
// A Rust file counts up to its `#[cfg(test)]` module; a function is a Rust `fn` or a JS
// `function` declaration, measured from its line to its closing brace.
//
//   node scripts/size-limits.js          prints every file and function over its limit
//
// Exits 1 when one is over its limit and not in EXEMPT, or when an EXEMPT entry is no longer
// over (so the list only shrinks).

const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..')
const MAX_FILE_LINES = 400
const MAX_FUNCTION_LINES = 80

const SOURCE = /\.(rs|js|mjs|cjs|ts|py|sh|css|html)$/
// Tests, fixtures and the issue mailboxes are not product source.
const NOT_PRODUCT = /^(__test__|wip)\/|(^|\/)tests\/|(^|\/)fixtures\//
// Written by tools, checked fresh by .ci/run.
const GENERATED = new Set([
  'native.d.ts',
  'packages/coherent-sandbox/native.d.ts',
  'lib/errors.d.ts',
  'lib/enums.js',
  'lib/enums.d.ts',
  'lib/error-codes.d.ts',
])

// Allowed over the limit, each with its reason (none today; an entry no longer over its limit
// fails the check, so the list only shrinks). `file` entries are files over 400 lines,
// `file name` entries functions over 80.
const EXEMPT = new Map([])

function trackedSources(root) {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0')
  return files.filter((f) => SOURCE.test(f) && !NOT_PRODUCT.test(f) && !GENERATED.has(f) && fs.existsSync(path.join(root, f)))
}

/** The lines that count: a Rust file's end at its test module is cut off. */
function productLines(file, text) {
  const lines = text.split('\n')
  if (text.endsWith('\n')) lines.pop()
  if (!file.endsWith('.rs')) return lines
  const at = lines.findIndex((l) => /^\s*#\[cfg\(test\)\]/.test(l))
  return at === -1 ? lines : lines.slice(0, at)
}

/** A line with string and char literals and line comments blanked, for brace counting. */
function code(line, js) {
  let out = line.replace(/"(\\.|[^"\\])*"/g, '""').replace(/'(\\.|[^'\\\n])'/g, "''")
  if (js) out = out.replace(/'(\\.|[^'\\])*'/g, "''").replace(/`(\\.|[^`\\])*`/g, '``').replace(/\/(\\.|[^/\\\n])+\/[gimsuy]*/g, '//x')
  const comment = out.indexOf('//')
  return comment === -1 ? out : out.slice(0, comment)
}

const RUST_FN = /^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+"[^"]*"\s+)?fn\s+(\w+)/
const JS_FN = /^\s*(export\s+)?(async\s+)?function\s*\*?\s*(\w+)/

/** Each function's name, first line (1-based) and length in lines. */
function functions(file, lines) {
  const js = !file.endsWith('.rs')
  const pattern = js ? JS_FN : RUST_FN
  const out = []
  for (let i = 0; i < lines.length; i++) {
    const m = pattern.exec(lines[i])
    if (!m) continue
    let depth = 0
    let opened = false
    let j = i
    for (; j < lines.length; j++) {
      const text = code(lines[j], js)
      for (const ch of text) {
        if (ch === '{') { depth++; opened = true } else if (ch === '}') depth--
      }
      if (opened && depth <= 0) break
      if (!opened && text.trimEnd().endsWith(';')) break // a declaration without a body
    }
    if (opened) out.push({ name: js ? m[3] : m[7], line: i + 1, length: j - i + 1 })
  }
  return out
}

/** Everything over its limit in the tree at `root`: `{ key, what }` rows. */
function overLimits(root = ROOT) {
  const rows = []
  for (const file of trackedSources(root)) {
    const lines = productLines(file, fs.readFileSync(path.join(root, file), 'utf8'))
    if (lines.length > MAX_FILE_LINES) rows.push({ key: file, what: `${file}: ${lines.length} lines (limit ${MAX_FILE_LINES})` })
    for (const f of functions(file, lines)) {
      if (f.length > MAX_FUNCTION_LINES) {
        rows.push({ key: `${file} ${f.name}`, what: `${file}:${f.line} ${f.name}: ${f.length} lines (limit ${MAX_FUNCTION_LINES})` })
      }
    }
  }
  return rows
}

module.exports = { overLimits, functions, productLines, EXEMPT, MAX_FILE_LINES, MAX_FUNCTION_LINES }

if (require.main === module) {
  const rows = overLimits(process.argv[2] ? path.resolve(process.argv[2]) : ROOT)
  let failed = false
  for (const row of rows) {
    const exempt = EXEMPT.get(row.key)
    if (!exempt) failed = true
    console.log(`${row.what}${exempt ? `  [exempt: ${exempt}]` : ''}`)
  }
  for (const key of EXEMPT.keys()) {
    if (!rows.some((r) => r.key === key)) {
      failed = true
      console.log(`${key}: exempt but no longer over its limit; remove it from EXEMPT`)
    }
  }
  console.log(`${rows.length} over the limits, ${EXEMPT.size} exempt`)
  process.exitCode = failed ? 1 : 0
}

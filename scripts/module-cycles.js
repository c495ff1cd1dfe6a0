#!/usr/bin/env node
'use strict'
// Lists the module dependency cycles of a Rust crate from its `crate::` paths (test modules
// left out), so "modules depend one way" (DESIGN.md) can be checked without extra tooling.
// A name re-exported by the crate root (`pub use m::X`) counts as a use of `m`, not of the root.
//
//   node scripts/module-cycles.js src crates/coherent/src crates/sandbox/src crates/sandbox-node/src
//
// Prints each crate's cycles and exits 1 when any crate has one.

const fs = require('node:fs')
const path = require('node:path')

function moduleFiles(srcDir) {
  const out = new Map() // module path ('' for the root) -> file
  const walk = (dir, prefix) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file, prefix.concat(entry.name))
      else if (entry.name.endsWith('.rs')) {
        const stem = entry.name.slice(0, -3)
        // A crate's main.rs beside its lib.rs is another crate (the executable), using the
        // library by name only.
        if (prefix.length === 0 && stem === 'main' && fs.existsSync(path.join(dir, 'lib.rs'))) continue
        const isRoot = prefix.length === 0 && (stem === 'lib' || stem === 'main')
        const mod = isRoot ? [] : stem === 'mod' ? prefix : prefix.concat(stem)
        out.set(mod.join('::'), file)
      }
    }
  }
  walk(srcDir, [])
  return out
}

/** The source without `#[cfg(test)]` items and comments. */
function productionSource(file) {
  let text = fs.readFileSync(file, 'utf8')
  text = text.replace(/\/\/[^\n]*/g, '')
  const at = text.search(/#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/)
  return at === -1 ? text : text.slice(0, at)
}

/** Every `crate::a::b` path, with `use crate::x::{a, b::c}` groups expanded (one level). */
function cratePaths(text) {
  const paths = []
  const group = /crate((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^}]*)\}/g
  let m
  while ((m = group.exec(text))) {
    const prefix = m[1].split('::').filter(Boolean)
    for (const part of m[2].split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0]
      if (name) paths.push(prefix.concat(name.split('::').filter((s) => s && s !== '{')))
    }
  }
  const plain = /crate((?:::[A-Za-z_][A-Za-z0-9_]*)+)/g
  while ((m = plain.exec(text))) paths.push(m[1].split('::').filter(Boolean))
  return paths
}

function rootReexports(text) {
  const out = new Map() // name -> module
  const re = /pub\s+use\s+([A-Za-z_][A-Za-z0-9_:]*)::(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g
  let m
  while ((m = re.exec(text))) {
    const names = m[2] ? m[2].split(',').map((s) => s.trim().split(/\s+as\s+/).pop()) : [m[3]]
    for (const n of names) if (n) out.set(n, m[1])
  }
  return out
}

function graph(srcDir) {
  const files = moduleFiles(srcDir)
  const reexports = rootReexports(productionSource(files.get('')))
  const resolve = (segments) => {
    let best = ''
    for (let i = 1; i <= segments.length; i++) {
      const candidate = segments.slice(0, i).join('::')
      if (files.has(candidate)) best = candidate
      else break
    }
    if (best === '' && reexports.has(segments[0])) return reexports.get(segments[0])
    return best
  }
  const edges = new Map()
  for (const [mod, file] of files) {
    const deps = new Set()
    let text = productionSource(file)
    // In the root, `use m::...` names a child module directly.
    if (mod === '') text = text.replace(/\buse\s+([a-z_][a-z0-9_]*)::/g, (all, m) => (files.has(m) ? `use crate::${m}::` : all))
    // `super::` is the parent module; `self::` this one.
    const parent = mod.split('::').slice(0, -1).join('::')
    text = text.replace(/\bsuper::/g, parent ? `crate::${parent}::` : 'crate::')
    if (mod) text = text.replace(/\bself::(?=[a-z_])/g, `crate::${mod}::`)
    for (const segments of cratePaths(text)) {
      const target = resolve(segments)
      if (target !== mod && !target.startsWith(mod === '' ? '\0' : mod + '::')) deps.add(target)
    }
    edges.set(mod, deps)
  }
  return edges
}

/** Elementary cycles (each reported once, from its smallest module name). */
function cycles(edges) {
  const names = [...edges.keys()].sort()
  const found = []
  for (const start of names) {
    const stack = [start]
    const visit = (node) => {
      for (const next of edges.get(node) || []) {
        if (next === start) found.push(stack.slice())
        else if (next > start && !stack.includes(next)) {
          stack.push(next)
          visit(next)
          stack.pop()
        }
      }
    }
    visit(start)
  }
  return found
}

let total = 0
for (const dir of process.argv.slice(2)) {
  const found = cycles(graph(dir))
  total += found.length
  console.log(`${dir}: ${found.length} cycle(s)`)
  for (const c of found) console.log('  ' + c.concat(c[0]).map((m) => m || '(root)').join(' -> '))
}
process.exitCode = total > 0 ? 1 : 0

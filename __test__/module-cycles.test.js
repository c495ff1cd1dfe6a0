'use strict'
// "Modules depend one way" (DESIGN.md), checked: the two bindings, the core, the schema and the
// sandbox have no module cycles.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..')

test('the bindings (and their readers), the core, the schema and the sandbox have no module cycles', () => {
  const crates = ['src', 'crates/coherent/src', 'crates/schema/src', 'crates/sandbox/src', 'crates/sandbox-node/src', 'crates/js-values/src']
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'module-cycles.js'), ...crates], { cwd: ROOT, encoding: 'utf8' })
  assert.equal(run.status, 0, run.stdout + run.stderr)
  for (const crate of crates) assert.match(run.stdout, new RegExp(`^${crate}: 0 cycle\\(s\\)$`, 'm'))
})

test('module-cycles.js finds a cycle when there is one', () => {
  const fs = require('node:fs')
  const os = require('node:os')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cycles-'))
  try {
    fs.writeFileSync(path.join(dir, 'lib.rs'), 'mod a;\nmod b;\npub use a::A;\n')
    fs.writeFileSync(path.join(dir, 'a.rs'), 'use crate::b::B;\npub struct A;\n')
    fs.writeFileSync(path.join(dir, 'b.rs'), 'pub struct B;\nfn f() -> crate::A { crate::A }\n#[cfg(test)]\nmod tests { use crate::a::A; }\n')
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'module-cycles.js'), dir], { encoding: 'utf8' })
    assert.equal(run.status, 1)
    assert.match(run.stdout, /1 cycle\(s\)\n {2}a -> b -> a/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
